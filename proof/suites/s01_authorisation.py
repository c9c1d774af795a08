"""Suite 1: every page and API route × every login of the demo park (and of a second operator's
park made for the run) × scope, over HTTP against the served park, signed in through /login/.

Routes come from the URL resolver (parkops.testing.routes, as the isolation tests use), ids
from objects of each scope (proof/inside.py ``plan``):
- own: an object the login may see (tried; the answer is the role's business);
- another enterprise of the same park, another park: an object it may not see — anything but
  401/403/404/405 or the login page is an unexpected allow;
- anonymous: every route with any object — only the public routes below may answer;
- the demo's read-only API key: the API routes on another park's objects.
Lists (pages, ``?export=xlsx``, ``?q=``, ``?format=json``), the search page, and file downloads
are read for the names and codes of rows the login may not see (charts' data is part of
the pages that draw them). ``ci`` samples the routes; ``full`` takes all.
"""

from __future__ import annotations

import random
from collections import Counter

from proof.web import Pool, apikey, get, leaks, login, password_of, refused, second_park, text_of
from proof.web import plan as shared_plan

SUITE = "1 authorisation matrix"

# Answer anonymous readers on purpose, and why.
PUBLIC = {
    "login": "the sign-in page",
    "set_language": "the language switch (POST; a GET is sent back)",
    "investment:public": "the park's public vacancy page, by its published code",
    "fees:public": "a bill's public payment page, by its unguessable token",
    "service:survey_answer": "a survey's answer form, by its unguessable token",
    "safety:scan": "a checkpoint's QR landing, which sends the patrol to sign in",
    "schema": "the API's OpenAPI description (no data)",
    "api-docs": "the API's documentation page (no data)",
    "api-root": "the API's index of routes (no data)",
}


CI_LOGINS = (
    "platform",
    "admin",
    "zhaoshang",
    "anquan",
    "tenant",
    "tenant2",
    "assessor",
    "north_admin",
    "north_tenant",
)


def sample(items: list, size: int | None, seed: str) -> list:
    if size is None or len(items) <= size:
        return items
    return random.Random(seed).sample(items, size)  # noqa: S311 (a reproducible sample, not a secret)


def run(proof, ctx) -> None:
    north = second_park(ctx)
    plan = shared_plan(ctx)
    routes = {r["name"]: r for r in plan["routes"]}
    object_routes = [
        r for r in plan["routes"] if "pk" in r["kwargs"] and r["model"] and not r["unclassified"]
    ]
    list_routes = sorted(plan["lists"].items())
    object_routes = sample(object_routes, None if ctx.full else 60, "objects")
    list_routes = sample(list_routes, None if ctx.full else 20, "lists")
    users = plan["users"]
    if not ctx.full:  # one login of each kind
        users = {name: users[name] for name in CI_LOGINS if name in users}
    sessions = {name: login(ctx.base, name, password_of(ctx, name)) for name in users}
    _prefix, key = apikey(ctx, "--park", "DEMO", "--name", "授权矩阵（只读）")
    pool = Pool()
    cells = Counter()
    allows: list[str] = []
    server_errors: list[str] = []
    foreign: list[str] = []

    def probe(session, url):
        return get(session, ctx.base + url)

    # Objects of each scope.
    tasks, meta = [], []
    for username, info in users.items():
        for scope in ("own", "same_park", "other_park"):
            for route in object_routes:
                pk = info["scopes"][scope].get(route["model"])
                url = plan["urls"].get(f"{route['name']}|{pk}") if pk else None
                if url:
                    tasks.append((sessions[username], url))
                    meta.append((username, scope, route["name"], url))
    for (username, scope, _name, url), answer in zip(meta, pool.map(probe, tasks), strict=True):
        cells[scope] += 1
        if answer is None or answer.status_code >= 500:
            server_errors.append(f"{username} {url} -> {answer.status_code if answer else 'no answer'}")
        elif scope != "own" and not refused(answer):
            allows.append(f"{username} ({scope}) GET {url} -> {answer.status_code}")

    # Anonymous: every route, ids from what the platform administrator sees.
    platform_own = next(info for info in users.values() if info["superuser"])["scopes"]["own"]
    tasks, meta = [], []
    for route in object_routes:
        url = plan["urls"].get(f"{route['name']}|{platform_own.get(route['model'])}")
        if url:
            tasks.append((None, url))
            meta.append((route["name"], url))
    for name, url in list_routes:
        tasks.append((None, url))
        meta.append((name, url))
    for (name, url), answer in zip(meta, pool.map(probe, tasks), strict=True):
        cells["anonymous"] += 1
        if answer is None or answer.status_code >= 500:
            server_errors.append(f"anonymous {url} -> {answer.status_code if answer else 'no answer'}")
        elif name not in PUBLIC and not refused(answer):
            allows.append(f"anonymous GET {url} -> {answer.status_code}")

    # The demo's read-only API key on the second park's objects.
    keyed = __import__("requests").Session()
    keyed.headers["Authorization"] = f"Api-Key {key}"
    north_objects = users["north_admin"]["scopes"]["own"]
    tasks, meta = [], []
    for route in object_routes:
        if route["api"] and route["model"] in north_objects:
            url = plan["urls"].get(f"{route['name']}|{north_objects[route['model']]}")
            if url:
                tasks.append((keyed, url))
                meta.append(url)
    for url, answer in zip(meta, pool.map(probe, tasks), strict=True):
        cells["api key, another park"] += 1
        if answer is not None and answer.status_code < 500 and not refused(answer):
            allows.append(f"api key GET {url} -> {answer.status_code}")

    # Lists, exports, search and charts: rows the login may not see, by their names and codes.
    tasks, meta = [], []
    for username, info in users.items():
        markers = info["markers"]
        if not markers:
            continue
        for name, url in list_routes:
            suffixes = ["", "?format=json"] if routes[name]["api"] else ["", "?q=企业", "?export=xlsx"]
            for suffix in suffixes:
                tasks.append((sessions[username], url + suffix))
                meta.append((username, url + suffix))
        for marker in sample(markers, 12 if ctx.full else 3, username):
            tasks.append((sessions[username], f"/search/?q={marker}"))
            meta.append((username, f"/search/?q={marker}"))
    lists_read = 0

    def read(session, url):
        answer = get(session, ctx.base + url)
        if answer is None or answer.status_code != 200:
            return answer, ""
        return answer, text_of(answer)

    by_user_markers = {u: info["markers"] for u, info in users.items()}
    for (username, url), (answer, body) in zip(meta, pool.map(read, tasks), strict=True):
        cells["lists, exports, search"] += 1
        if answer is None or answer.status_code >= 500:
            server_errors.append(f"{username} {url} -> {answer.status_code if answer else 'no answer'}")
            continue
        if body:
            lists_read += 1
            found = leaks(body, by_user_markers[username])
            if url.startswith("/search/"):
                found = [m for m in found if m != url.split("q=", 1)[1]]  # the query echoed back
            foreign.extend(f"{username} {url}: {m}" for m in found)

    # File downloads of objects the login may not see.
    tasks, meta = [], []
    for username, info in users.items():
        for url in sample(info["hidden_files"], None if ctx.full else 10, username):
            tasks.append((sessions[username], url))
            meta.append((username, url))
    for (username, url), answer in zip(meta, pool.map(probe, tasks), strict=True):
        cells["file downloads"] += 1
        if answer is not None and answer.status_code < 500 and not refused(answer):
            foreign.append(f"{username} {url}: file served ({answer.status_code})")
    pool.close()

    for line in (allows + foreign + server_errors)[:30]:
        print(f"  {SUITE}: {line}", flush=True)
    proof.figure(SUITE, "logins (demo park and a second operator's)", len(users))
    proof.figure(SUITE, "routes (object / list) in this run", f"{len(object_routes)} / {len(list_routes)}")
    for scope, count in sorted(cells.items()):
        proof.figure(SUITE, f"cells tried: {scope}", count)
    proof.figure(SUITE, "cells tried", sum(cells.values()))
    proof.figure(SUITE, "lists, exports and searches read", lists_read)
    proof.figure(SUITE, "unexpected allows", len(allows), must_be_zero=True)
    proof.figure(SUITE, "foreign rows in lists, exports, search, charts, file downloads", len(foreign), True)
    proof.figure(SUITE, "server errors", len(server_errors), must_be_zero=True)
    assert north["park"], "the second park was not made"
