"""Browser: the revenue ledger draws its billed-vs-collected chart from the static script under
the Content-Security-Policy, with readable money, on a desktop and a 390 px phone."""

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def _problems(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_revenue_chart_and_months_on_desktop_and_phone(demo_server, page, phone_page):
    for view, name in ((page, "fees-revenue-desktop"), (phone_page, "fees-revenue-phone")):
        problems = _problems(view)
        login(view, demo_server, "admin")
        view.goto(demo_server + "/fees/revenue/")
        view.wait_for_load_state("networkidle")
        screenshot(view, name)
        assert view.locator("#revenue-chart svg").count() == 1
        # The legend and the y axis speak the page's words.
        svg_text = view.locator("#revenue-chart svg").text_content()
        assert "应收金额" in svg_text and "实收金额" in svg_text and "元" in svg_text, svg_text
        months = view.locator("[data-testid=revenue-months] tbody tr")
        assert months.count() == 12
        assert "元" in months.first.inner_text()
        assert problems == []
    # Nothing on the phone page is wider than the screen (the wide ledger table scrolls itself).
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
