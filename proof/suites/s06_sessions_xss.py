"""Suite 6: sessions and stored XSS, over HTTP against the served park.

Sessions: the login lockout (django-axes, by account) holds when every wrong password claims
another address in X-Forwarded-For, and it ends the account's open session; a session past its
idle time or its absolute limit (moved there in the database: nobody waits 12 hours) is
refused; signing out and disabling the account end a session that was open.

XSS: probes (a script tag, an attribute break-out, a spreadsheet formula) are written through
the services into every text field of one object of each model (proof/inside.py ``xss``); then
each model's list page, its detail page, its Excel export and the API are read: a probe
unescaped in an HTML answer, or a formula in an exported cell, is counted. HTML and SVG files
planted on every file field must come back as attachments (never inline), and the upload
check must refuse them.
"""

from __future__ import annotations

import io
import random

import requests

from proof.web import XLSX, Pool, get, inside, login, password_of, second_park, text_of, try_login
from proof.web import plan as shared_plan

SUITE = "6 sessions and XSS"
LOGIN_LIMIT = 5  # PARKOPS_LOGIN_FAILURE_LIMIT's default
RAW = ('<script>alert("pxs")</script>', '<img src=x onerror=alert("pxi")>')


def signed_out(session: requests.Session, base: str) -> bool:
    answer = get(session, base + "/")
    return (
        answer is not None
        and answer.status_code in (301, 302)
        and "/login/" in answer.headers.get("Location", "")
    )


def sessions_part(proof, ctx) -> None:
    base = ctx.base
    # Lockout, each wrong password from a forged address.
    victim, password = "north_tenant", password_of(ctx, "north_tenant")
    open_session = login(base, victim, password)
    for i in range(LOGIN_LIMIT):
        attempt = requests.Session()
        attempt.headers["X-Forwarded-For"] = f"203.0.113.{i + 1}"
        try_login(attempt, base, victim, "not-the-password")
    late = requests.Session()
    late.headers["X-Forwarded-For"] = "198.51.100.77"
    answer = try_login(late, base, victim, password)
    accepted = answer.status_code == 302 and "/login/" not in answer.headers.get("Location", "")
    proof.figure(SUITE, "wrong passwords sent, each from a forged X-Forwarded-For", LOGIN_LIMIT)
    proof.figure(SUITE, "right password accepted after the lockout", int(accepted), must_be_zero=True)
    proof.figure(
        SUITE, "sessions still open after the lockout", int(not signed_out(open_session, base)), True
    )

    # Idle and absolute limits, sign-out and disabling.
    alive = {}
    idle = login(base, "zonghe", password_of(ctx, "zonghe"))
    answer = inside(ctx, "session", "expire", idle.cookies["sessionid"])
    proof.figure(
        SUITE, "idle limit set on a fresh session (minutes)", round(answer["idle_seconds_left"] / 60)
    )
    alive["past the idle limit"] = not signed_out(idle, base)
    aged = login(base, "huanjing", password_of(ctx, "huanjing"))
    assert get(aged, base + "/").status_code == 200
    inside(ctx, "session", "age", aged.cookies["sessionid"])
    alive["past the absolute limit"] = not signed_out(aged, base)
    leaving = login(base, "pinpai", password_of(ctx, "pinpai"))
    copy = requests.Session()
    copy.cookies.update(leaving.cookies)
    get(leaving, base + "/")
    leaving.post(
        base + "/logout/",
        data={"csrfmiddlewaretoken": leaving.cookies.get("csrftoken", "")},
        headers={"Referer": base + "/"},
        allow_redirects=False,
        timeout=60,
    )
    alive["after signing out (the old cookie replayed)"] = not signed_out(copy, base)
    disabled = login(base, "north_staff", password_of(ctx, "north_staff"))
    inside(ctx, "disable", "north_staff")
    alive["after the account was disabled"] = not signed_out(disabled, base)
    for what, still in alive.items():
        proof.figure(SUITE, f"sessions still open {what}", int(still), must_be_zero=True)


def formulas(content: bytes) -> int:
    """Cells an exported workbook hands to Excel as formulas."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.data_type == "f")


def xss_part(proof, ctx) -> None:
    written = inside(ctx, "xss")
    plan = shared_plan(ctx)
    models = sorted({f.rsplit(".", 1)[0] for f in written["fields"]})
    admin = login(ctx.base, "platform", password_of(ctx, "platform"))
    own = plan["users"]["platform"]["scopes"]["own"]
    urls = ["/", "/search/?q=alert"]
    for route in plan["routes"]:
        if route["model"] not in models:
            continue
        if not route["kwargs"] and route["name"] in plan["lists"]:
            url = plan["lists"][route["name"]]
            urls.append(url)
            if not route["api"]:
                urls.append(url + "?export=xlsx")
        elif route["name"].endswith(("_detail", "-detail")):
            url = plan["urls"].get(f"{route['name']}|{own.get(route['model'])}")
            if url:
                urls.append(url)
    if not ctx.full:
        urls = urls[:2] + random.Random("xss").sample(urls[2:], min(150, len(urls) - 2))  # noqa: S311

    def read(session, url):
        answer = get(session, ctx.base + url)
        return answer

    pool = Pool()
    raw, exported_formulas, probes_seen, read_count = [], [], 0, 0
    for url, answer in zip(urls, pool.map(read, [(admin, u) for u in urls]), strict=True):
        if answer is None or answer.status_code != 200:
            continue
        read_count += 1
        kind = answer.headers.get("Content-Type", "")
        if kind.startswith(XLSX):
            found = formulas(answer.content)
            if found:
                exported_formulas.append(f"{url}: {found}")
            probes_seen += any(mark in text_of(answer) for mark in ("pxs", "pxi", "pxf"))
            continue
        body = answer.text
        probes_seen += any(mark in body for mark in ("pxs", "pxi", "pxf"))
        if "html" in kind and any(probe in body for probe in RAW):
            raw.append(url)
        if "json" not in kind and "html" not in kind and any(probe in body for probe in RAW):
            raw.append(f"{url} ({kind})")
    planted = inside(ctx, "files")
    inline = []
    for url, answer in zip(
        planted["planted"], pool.map(read, [(admin, u) for u in planted["planted"]]), strict=True
    ):
        if answer is None:
            continue
        disposition = answer.headers.get("Content-Disposition", "")
        if answer.status_code == 200 and not disposition.startswith("attachment"):
            inline.append(f"{url}: {answer.headers.get('Content-Type')} {disposition}")
    pool.close()
    for line in (raw + exported_formulas + inline)[:20]:
        print(f"  {SUITE}: {line}", flush=True)
    proof.figure(SUITE, "text fields holding a probe (written through services)", written["written"])
    proof.figure(SUITE, "pages, exports and API answers read", read_count)
    proof.figure(SUITE, "answers showing a probe (escaped or not)", probes_seen)
    proof.figure(SUITE, "probes unescaped in a page", len(raw), must_be_zero=True)
    proof.figure(SUITE, "formulas in Excel exports", len(exported_formulas), must_be_zero=True)
    proof.figure(SUITE, "HTML/SVG uploads accepted by the upload check", planted["uploads_accepted"], True)
    proof.figure(SUITE, "HTML/SVG files planted and fetched", len(planted["planted"]))
    proof.figure(SUITE, "HTML/SVG files served inline", len(inline), must_be_zero=True)


def run(proof, ctx) -> None:
    second_park(ctx)
    sessions_part(proof, ctx)
    xss_part(proof, ctx)
