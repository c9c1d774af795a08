"""Suite 3: personal data (the fields datagov flags personal and masks) reaches nobody whole who
is not entitled to it, over HTTP against the served park: list pages, their Excel exports,
detail pages of the models holding personal fields and the API lists, read by every login and
by a read-only API key, each once as is and once asking to unmask with a reason. Only an
operator or platform administrator who asks, with a reason, may see a value whole; anybody
else — and they too when they do not ask — gets the masked form. The stored values come from
the database (proof/inside.py ``personal``)."""

from __future__ import annotations

import random

import requests

from proof.web import Pool, apikey, get, inside, login, password_of, second_park, text_of
from proof.web import plan as shared_plan

SUITE = "3 personal data"
CI_LOGINS = ("admin", "zhaoshang", "kefu", "tenant", "assessor", "north_admin", "north_tenant")
UNMASK = "unmask=1&reason=%E6%A0%B8%E5%AF%B9"  # 核对


def entitled(info: dict) -> bool:
    return info["superuser"] or info["role"] == "operator_admin"


def run(proof, ctx) -> None:
    second_park(ctx)
    plan = shared_plan(ctx)
    stored = inside(ctx, "personal")
    values = [v for v in stored["values"] if len(v) >= 5]
    users = plan["users"]
    if not ctx.full:  # one login of each kind
        users = {name: users[name] for name in CI_LOGINS if name in users}
    rng = random.Random("personal")  # noqa: S311 (a reproducible sample)
    lists = sorted(plan["lists"].items())
    if not ctx.full:
        lists = rng.sample(lists, min(15, len(lists)))
    detail_routes = [
        r
        for r in plan["routes"]
        if r["model"] in stored["models"] and r["name"].endswith(("_detail", "-detail"))
    ]
    sessions = {name: login(ctx.base, name, password_of(ctx, name)) for name in users}
    _prefix, key = apikey(ctx, "--park", "DEMO", "--name", "个人信息测试（只读）")
    keyed = requests.Session()
    keyed.headers["Authorization"] = f"Api-Key {key}"
    readers = {name: (sessions[name], entitled(info), info["scopes"]["own"]) for name, info in users.items()}
    readers["api key"] = (keyed, False, users["admin"]["scopes"]["own"])

    tasks, meta = [], []
    for name, (session, may, own) in readers.items():
        urls = []
        for _route, url in lists:
            api = url.startswith("/api/")
            if name == "api key" and not api:
                continue
            urls.append(url + ("?limit=50" if api else ""))
            if not api:
                urls.append(url + "?export=xlsx")
        for route in detail_routes:
            url = plan["urls"].get(f"{route['name']}|{own.get(route['model'])}")
            if url and (name != "api key" or url.startswith("/api/")):
                urls.append(url)
        for url in urls:
            for ask in (False, True):
                full_url = url + (("&" if "?" in url else "?") + UNMASK if ask else "")
                tasks.append((session, full_url))
                meta.append((name, may, ask, full_url))

    def read(session, url):
        answer = get(session, ctx.base + url)
        return (answer.status_code, text_of(answer)) if answer is not None else (None, "")

    pool = Pool()
    checked = 0
    not_entitled, unasked = [], []
    for (name, may, ask, url), (status, body) in zip(meta, pool.map(read, tasks), strict=True):
        if status != 200:
            continue
        checked += 1
        whole = [v for v in values if v in body]
        if not whole:
            continue
        if not may:
            not_entitled.append(f"{name} {url}: {len(whole)} values whole, e.g. {whole[0][:3]}…")
        elif not ask:
            unasked.append(f"{name} {url}: {len(whole)} values whole")
    pool.close()
    for line in (not_entitled + unasked)[:20]:
        print(f"  {SUITE}: {line}", flush=True)
    proof.figure(SUITE, "personal values stored (masked fields)", len(values))
    proof.figure(SUITE, "responses checked (pages, exports, API)", checked)
    proof.figure(SUITE, "responses with a value whole to a role not entitled", len(not_entitled), True)
    proof.figure(SUITE, "responses with a value whole, not asked for", len(unasked), True)
