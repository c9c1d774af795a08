"""Browser journey: a tenant sees its own bill and cannot open its neighbour's."""

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_tenant_sees_own_bill_and_not_tenant2s(demo_server, browser, page):
    # tenant2's first bill address, as tenant2 sees it.
    other_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    other = other_context.new_page()
    login(other, demo_server, "tenant2")
    other.goto(demo_server + "/fees/bills/")
    other_url = other.locator("#object-table tbody a").first.get_attribute("href")
    other_company = other.locator("#object-table tbody tr").first.locator("td").nth(1).inner_text()
    other_context.close()

    login(page, demo_server, "tenant")
    page.goto(demo_server + "/fees/bills/")
    rows = page.locator("#object-table tbody tr")
    assert rows.count() >= 12
    companies = {rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())}
    assert len(companies) == 1 and other_company not in companies
    screenshot(page, "fees-tenant-bills")
    page.locator("#object-table tbody a").first.click()
    page.wait_for_load_state("networkidle")
    assert "收费标准《" in page.locator("main").inner_text()
    screenshot(page, "fees-tenant-bill")
    response = page.goto(demo_server + other_url)
    assert response.status == 404
