"""Suite 2: writes that would create or move objects into another park or another tenant
enterprise, over HTTP against the served park, and a check afterwards in the database that
none persisted.

- Forms (POST with the form's CSRF token): every add form, filled as the form offers itself,
  with each park, building, floor, unit, enterprise or department choice pointed at the second
  operator's park; every edit form of the login's own object, moved the same way; every edit
  and delete form of the other park's objects.
- API (the operator administrator's session with its CSRF token, and a read-write key of the
  demo park): each object read back and posted as a new one into the other park, patched to
  move there (one by one and in bulk), and the other park's objects replaced, patched and
  deleted.
- Imports: every importer's upload naming the other park, and its template filled with the
  other park's building and unit codes.
- A tenant doing the same towards the other tenant enterprise of its park.
Persisted: rows of the second park, or of the other tenant's enterprise, that are new, changed
or gone afterwards (proof/inside.py ``digest``).
"""

from __future__ import annotations

import io
import random
import re
from collections import Counter
from html import unescape

import requests

from proof.web import Pool, apikey, inside, login, password_of, second_park
from proof.web import plan as shared_plan

SUITE = "2 cross-tenant writes"
FOREIGN_KEYS = {
    "park": "core.Park",
    "building": "core.Building",
    "floor": "core.Floor",
    "unit": "core.Unit",
    "enterprise": "core.Enterprise",
    "department": "core.Department",
    "staff": "core.Staff",
}
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
OPTION = re.compile(r'<option[^>]*value="([^"]*)"', re.I)
MARK = "跨租户写入探针"


def form_fields(html: str) -> tuple[dict, str, bool]:
    """(name → value of every field of the page's main form, its CSRF token, has a file input)."""
    # The page's own form: the post form with most fields (not the language switch or sign-out).
    forms = [
        body
        for attrs, body in re.findall(r"<form([^>]*)>(.*?)</form>", html, re.S | re.I)
        if 'method="post"' in attrs.lower() and "/logout/" not in attrs and "/i18n/" not in attrs
    ]
    body = max(forms, key=lambda f: len(INPUT.findall(f)) + len(SELECT.findall(f)), default=html)
    data, files = {}, False
    for attrs in INPUT.findall(body):
        a = dict(ATTR.findall(attrs))
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name or kind in ("submit", "button"):
            continue
        if kind == "file":
            files = True
        elif kind == "checkbox":
            if "checked" in attrs:
                data[name] = a.get("value", "on")
        else:
            value = unescape(a.get("value", ""))
            data[name] = value or (MARK if kind == "text" else "1" if kind == "number" else value)
    for attrs, inner in SELECT.findall(body):
        name = dict(ATTR.findall(attrs)).get("name")
        if name:
            options = [o for o in OPTION.findall(inner) if o]
            selected = re.search(r'<option[^>]*value="([^"]+)"[^>]*selected', inner)
            data[name] = selected[1] if selected else (options[0] if options else "")
    for attrs, inner in TEXTAREA.findall(body):
        name = dict(ATTR.findall(attrs)).get("name")
        if name:
            data[name] = unescape(inner) or MARK
    return data, data.pop("csrfmiddlewaretoken", ""), files


def point_at(data: dict, foreign: dict) -> bool:
    """Point every park/enterprise-like field at the foreign objects; whether any was."""
    moved = False
    for name in list(data):
        base = name.rsplit("-", 1)[-1]
        if base in FOREIGN_KEYS and FOREIGN_KEYS[base] in foreign:
            data[name] = str(foreign[FOREIGN_KEYS[base]])
            moved = True
    return moved


def run(proof, ctx) -> None:
    second_park(ctx)
    plan = shared_plan(ctx)
    before = inside(ctx, "digest")["rows"]
    users = plan["users"]
    north = users["north_admin"]["scopes"]["own"]
    other_enterprise = users["tenant2"]["scopes"]["own"]
    attackers = {
        "admin": north,
        "zhaoshang": north,
        "tenant": {"core.Enterprise": other_enterprise.get("core.Enterprise")},
    }
    full = ctx.full
    sessions = {name: login(ctx.base, name, password_of(ctx, name)) for name in attackers}
    pool = Pool()
    tries: list[str] = []
    statuses: Counter = Counter()
    server_errors: list[str] = []

    page_routes = [r for r in plan["routes"] if not r["api"]]
    adds = [r for r in page_routes if r["name"].endswith("_add")]
    edits = [r for r in page_routes if r["name"].endswith(("_edit", "_delete")) and r["model"]]
    if not full:
        rng = random.Random("forms")  # noqa: S311 (a reproducible sample)
        adds = rng.sample(adds, min(25, len(adds)))
        edits = rng.sample(edits, min(40, len(edits)))

    def submit(session, url, foreign, move):
        try:
            page = session.get(ctx.base + url, timeout=120, allow_redirects=False)
        except requests.RequestException:
            return url, None
        if page.status_code != 200:
            # A form the login may not open cannot be submitted through: post to it blind.
            data, token, files = (
                {"name": MARK, "park": foreign.get("core.Park", "")},
                session.cookies.get("csrftoken", ""),
                False,
            )
        else:
            data, token, files = form_fields(page.text)
            if move and not point_at(data, foreign):
                return url, "nothing to move"
        data["csrfmiddlewaretoken"] = token or session.cookies.get("csrftoken", "")
        try:
            answer = session.post(
                ctx.base + url,
                data=data,
                files={"_": ("x.txt", b"")} if files else None,
                headers={"Referer": ctx.base + url},
                allow_redirects=False,
                timeout=120,
            )
        except requests.RequestException:
            return url, None
        return url, answer.status_code

    tasks = []
    for name, foreign in attackers.items():
        own = users[name]["scopes"]["own"]
        for route in adds:
            url = plan["lists"].get(route["name"])
            if url:
                tasks.append((sessions[name], url, foreign, True))
        for route in edits:
            mine = plan["urls"].get(f"{route['name']}|{own.get(route['model'])}")
            if mine and route["name"].endswith("_edit"):
                tasks.append((sessions[name], mine, foreign, True))
            theirs_pk = (north if name != "tenant" else other_enterprise).get(route["model"])
            theirs = plan["urls"].get(f"{route['name']}|{theirs_pk}")
            if theirs and theirs_pk:
                tasks.append((sessions[name], theirs, foreign, False))
    for url, status in pool.map(submit, tasks):
        if status == "nothing to move":
            continue
        tries.append(f"form {url}")
        statuses[f"form {status}"] += 1
        if status is None or status >= 500:
            server_errors.append(f"form {url} -> {status}")

    # API: the operator administrator's session, then a read-write key of the demo park.
    _prefix, key = apikey(ctx, "--park", "DEMO", "--name", "跨租户写入测试", "--write")
    keyed = requests.Session()
    keyed.headers["Authorization"] = f"Api-Key {key}"
    admin = sessions["admin"]
    admin.get(ctx.base + "/", timeout=60)
    admin.headers["X-CSRFToken"] = admin.cookies.get("csrftoken", "")
    admin.headers["Referer"] = ctx.base + "/"
    api_details = [r for r in plan["routes"] if r["api"] and r["name"].endswith("-detail") and r["model"]]
    if not full:
        api_details = random.Random("api").sample(api_details, min(40, len(api_details)))  # noqa: S311
    admin_own = users["admin"]["scopes"]["own"]

    def api_attack(session, route):
        out = []
        own_url = plan["urls"].get(f"{route['name']}|{admin_own.get(route['model'])}")
        list_url = plan["lists"].get(route["name"].replace("-detail", "-list"))
        if own_url:
            try:
                current = session.get(ctx.base + own_url, timeout=120).json()
            except (requests.RequestException, ValueError):
                current = None
            if isinstance(current, dict):
                moved = {
                    k: v for k, v in current.items() if k not in ("id", "url", "created_at", "updated_at")
                }
                if point_at(moved, north):
                    body = {k: v for k, v in moved.items() if k.rsplit("-", 1)[-1] in FOREIGN_KEYS}
                    out.append(("patch", own_url, body))
                    out.append(("put", own_url, moved))
                    if list_url:
                        out.append(("post", list_url, moved))
                        out.append(("post", list_url, [moved, moved]))
                        out.append(("patch", list_url, [{"id": current.get("id"), **body}]))
        theirs = plan["urls"].get(f"{route['name']}|{north.get(route['model'])}")
        if theirs:
            out += [
                ("patch", theirs, {"name": MARK}),
                ("put", theirs, {"name": MARK}),
                ("delete", theirs, None),
            ]
        answers = []
        for method, url, body in out:
            try:
                status = session.request(
                    method, ctx.base + url, json=body, timeout=120, allow_redirects=False
                ).status_code
            except requests.RequestException:
                status = None
            answers.append((f"api {method.upper()} {url}", status))
        return answers

    pool.close()
    pool = Pool()  # the session now carries its CSRF header: fresh clones
    for session in (admin, keyed):
        for answers in pool.map(api_attack, [(session, r) for r in api_details]):
            for what, status in answers:
                tries.append(what)
                statuses[f"api {status}"] += 1
                if status is None or status >= 500:
                    server_errors.append(f"{what} -> {status}")

    # Imports: naming the other park, and the demo park's template filled with its codes.
    import_keys = sorted(
        {
            m
            for m in re.findall(
                r'href="/imports/([\w-]+)/"', admin.get(ctx.base + "/imports/", timeout=60).text
            )
        }
    )
    for key_name in import_keys:
        url = f"/imports/{key_name}/"
        page = admin.get(ctx.base + url, timeout=60)
        template = admin.get(ctx.base + f"/imports/{key_name}/template.xlsx", timeout=120)
        workbook = filled_template(template.content, plan, north) if template.status_code == 200 else b""
        demo_park = users["admin"]["scopes"]["own"].get("core.Park")
        for park in (north.get("core.Park"), demo_park):
            answer = admin.post(
                ctx.base + url,
                data={"park": park, "csrfmiddlewaretoken": csrf_from(page.text)},
                files={"file": ("导入.xlsx", workbook, "application/octet-stream")},
                headers={"Referer": ctx.base + url},
                allow_redirects=False,
                timeout=300,
            )
            tries.append(f"import {key_name} into park {park}")
            statuses[f"import {answer.status_code}"] += 1
            if answer.status_code >= 500:
                server_errors.append(f"import {key_name} -> {answer.status_code}")
    pool.close()

    after = inside(ctx, "digest")["rows"]
    persisted = sorted(
        [f"new {k}" for k in after.keys() - before.keys()]
        + [f"gone {k}" for k in before.keys() - after.keys()]
        + [f"changed {k}" for k in before.keys() & after.keys() if before[k] != after[k]]
    )
    for line in (persisted + server_errors)[:30]:
        print(f"  {SUITE}: {line}", flush=True)
    proof.figure(SUITE, "rows watched (second park, other tenant)", len(before))
    proof.figure(SUITE, "attempts", len(tries))
    proof.figure(
        SUITE,
        "attempts through forms / API / imports",
        "{} / {} / {}".format(
            sum(t.startswith("form") for t in tries),
            sum(t.startswith("api") for t in tries),
            sum(t.startswith("import") for t in tries),
        ),
    )
    proof.figure(SUITE, "answers by status", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    proof.figure(SUITE, "persisted", len(persisted), must_be_zero=True)
    proof.figure(SUITE, "server errors", len(server_errors), must_be_zero=True)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"', html)
    return match[1] if match else ""


def filled_template(content: bytes, plan: dict, north: dict) -> bytes:
    """The importer's template with one row whose codes name the other park's objects."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content))
    except Exception:  # noqa: BLE001
        return content
    ws = wb.worksheets[0]
    headers = [str(c.value or "") for c in ws[1]]
    row = []
    for header in headers:
        if "楼" in header:
            row.append("N")
        elif "房" in header or "单元" in header:
            row.append("N-1001")
        elif "信用代码" in header:
            row.append("91440300MA7000902" + "X")
        elif "企业" in header or "名称" in header:
            row.append("北岸星河示例科技有限公司")
        elif "面积" in header or "人数" in header or "层" in header:
            row.append(100)
        else:
            row.append(MARK)
    ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
