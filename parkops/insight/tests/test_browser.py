"""Browser: the dashboard and the wall screen at 1920×1080 show the demo park's live figures,
draw their charts from the static script under the Content-Security-Policy, colour the floor
plan by unit state, and refresh their tiles without a reload."""

import pytest

from parkops.testing.browser import _page, login, screenshot

pytestmark = pytest.mark.browser


def _problems(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_dashboard_and_wall_screen_at_full_hd(demo_server, browser):
    context, page = _page(browser, 1920, 1080)
    try:
        problems = _problems(page)
        login(page, demo_server, "admin")
        for path, name in (("/insight/", "insight-dashboard-1920"), ("/insight/wall/", "insight-wall-1920")):
            page.goto(demo_server + path)
            page.wait_for_load_state("networkidle")
            # Live figures from the demo park: occupancy and the provisional score are shown.
            occupancy = page.locator("[data-tile=occupancy] [data-figure='occupancy-1']").inner_text()
            assert occupancy.endswith("%") and occupancy != "—", occupancy
            assert page.locator("[data-tile=score] .po-figure").count() >= 2
            assert page.locator("[data-tile=occupancy] svg").count() == 1  # the chart was drawn
            assert page.locator("[data-unit-state]").count() > 10
            if "wall" in path:
                # The wall screen fills the display without scrolling.
                assert page.evaluate("document.documentElement.scrollWidth") <= 1920
                assert page.evaluate("document.documentElement.scrollHeight") <= 1080 + 2
            screenshot(page, name)
        # A refresh swaps the tiles in place and draws the charts again.
        with page.expect_response(lambda r: "/insight/tiles/" in r.url, timeout=45000):
            page.evaluate(
                "htmx.ajax('GET', document.querySelector('#dashboard-tiles').getAttribute('hx-get'), '#dashboard-tiles')"
            )
        page.wait_for_timeout(500)
        assert page.locator("[data-tile=occupancy] svg").count() == 1
        assert problems == []
    finally:
        context.close()


def test_energy_analysis_and_reports_fit_a_phone(demo_server, phone_page):
    """On a 390 px phone the energy analysis, the monthly energy report and the yearly report
    show their wide tables as cards (label–value pairs stay two columns that wrap) and nothing
    scrolls sideways."""
    from parkops.core.tests.test_phone_browser import PHONE_WIDTH, sideways

    login(phone_page, demo_server, "admin")
    for path in ("/insight/energy/", "/insight/energy/monthly/", "/insight/yearly/"):
        response = phone_page.goto(demo_server + path)
        phone_page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        result = sideways(phone_page)
        assert result["scrollWidth"] <= PHONE_WIDTH and not result["outside"], (path, result)
        assert (
            not phone_page.locator("main table.po-table:not(.po-table-pairs):visible")
            .filter(has_text="kWh")
            .count()
        ), path
        screenshot(phone_page, "phone-" + path.strip("/").replace("/", "-"))
