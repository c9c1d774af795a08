"""On a 390 px phone against the demo park: the rating summary, the property-services page and
the waste-facility register fit the screen and show the demo's records."""

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_phone_pages_of_ratings_property_and_waste_facilities(demo_server, phone_page):
    page = phone_page
    login(page, demo_server, "kefu")
    page.goto(demo_server + "/service/ratings/summary/")
    assert page.locator("tbody tr", has_text="咨询投诉").count() >= 1
    assert page.locator("a.list-group-item", has_text="★").count() >= 1  # low ratings to follow up
    assert _fits(page)
    screenshot(page, "service-rating-summary-phone")
    page.goto(demo_server + "/service/property/")
    assert "DB4403/T 303" in page.content()
    assert page.locator("a.list-group-item", has_text="符合").count() == 2
    assert _fits(page)
    screenshot(page, "service-property-phone")
    page.locator("a.list-group-item", has_text="符合").first.click()
    page.wait_for_load_state("networkidle")
    assert "项不符合" in page.content()
    screenshot(page, "service-property-run-phone")
    page.context.clear_cookies()
    login(page, demo_server, "huanjing")
    page.goto(demo_server + "/environment/waste-facilities/")
    assert "B栋北侧投放点" in page.content()
    assert _fits(page)
    screenshot(page, "environment-waste-facilities-phone")
