"""Home journeys: the tenant's home on a phone, the administrator's score and its first gap item."""

from __future__ import annotations

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_tenant_home_on_a_phone_offers_repair_and_shows_the_repair_to_confirm(demo_server, phone_page):
    page = phone_page
    login(page, demo_server, "tenant")
    page.goto(demo_server + "/")
    repair = page.locator(".po-actions a", has_text="报修")
    assert repair.is_visible()
    box = repair.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    waiting = page.locator("#queue-engineeringtenant_confirm")
    assert waiting.is_visible()
    assert waiting.get_by_text("维修已完成，请确认").first.is_visible()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-tenant-phone")
    waiting.locator("a.po-queue-title").first.click()
    page.wait_for_url("**/engineering/work-orders/*/")
    assert page.get_by_role("button", name="确认完成").first.is_visible()
    repair_page = demo_server + "/"
    page.goto(repair_page)
    page.locator(".po-actions a", has_text="报修").click()
    page.wait_for_url("**/engineering/work-orders/add/")


def test_admin_home_shows_the_score_and_opens_the_page_to_fix_the_top_gap(demo_server, page):
    login(page, demo_server, "admin")
    page.goto(demo_server + "/")
    score = page.locator("#home-score")
    assert score.is_visible()
    assert "暂定评分" in score.inner_text()
    total = score.locator(".po-score-total").inner_text()
    assert total != "—" and float(total.replace(",", "")) > 0
    first = page.locator("#gap-items li a").first
    assert first.is_visible()
    href = first.get_attribute("href")
    screenshot(page, "home-admin")
    if ".docx" in href:  # a report the platform drafts: the link downloads it
        with page.expect_download() as download:
            first.click()
        assert download.value.suggested_filename.endswith(".docx")
        return
    first.click()
    page.wait_for_load_state()
    assert page.url.endswith(href) or href.split("#")[0] in page.url
    assert page.locator("h1").first.is_visible()
    screenshot(page, "home-admin-gap-target")
