"""Browser journey: the investment officer signs a lease and the customer becomes a resident."""

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_officer_moves_an_intent_customer_to_resident_by_signing(demo_server, page):
    login(page, demo_server, "zhaoshang")
    page.goto(demo_server + "/investment/customers/?stage=intent")
    link = page.locator("#object-table tbody a").first
    name = link.inner_text()
    link.click()
    assert page.get_by_test_id("stage").inner_text() == "意向客户"
    page.get_by_role("link", name="签约入驻").click()
    page.wait_for_load_state("networkidle")
    units = page.locator("select[name=units] option")
    assert units.count() > 0
    vacant = units.filter(has_text="空置").first
    unit_label = vacant.inner_text().split(" · ")[0]
    page.select_option("select[name=units]", value=vacant.get_attribute("value"))
    page.fill("input[name=rent_per_m2]", "96")
    page.fill("input[name=escalation_pct]", "3")
    page.fill("input[name=deposit]", "50000")
    screenshot(page, "investment-sign-lease-form")
    page.get_by_role("button", name="确认签约").click()
    page.wait_for_load_state("networkidle")
    assert "租赁合同" in page.title()
    body = page.locator("main").inner_text()
    assert "已转为入驻客户" in body and unit_label in body and "履行中" in body
    screenshot(page, "investment-lease-signed")
    page.get_by_role("link", name=name).last.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("stage").inner_text() == "入驻客户"
    assert "意向客户 → 入驻客户" in page.locator("main").inner_text()
    screenshot(page, "investment-customer-resident")
