"""In headless Chromium against the demo park: the demo tenant reports a leak, the engineering
head assigns, accepts and finishes it, and the tenant confirms the repair and rates it."""

import re

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def sign_out(page):
    page.evaluate("document.querySelector('form[action=\"/logout/\"]').submit()")
    page.wait_for_url(re.compile(r".*/login/.*"))


def test_tenant_reports_a_leak_engineering_fixes_it_tenant_confirms(demo_server, page):
    login(page, demo_server, "tenant")
    page.goto(demo_server + "/engineering/work-orders/add/")
    page.select_option("select[name=category]", "utilities")
    page.select_option("select[name=unit]", index=1)
    page.fill("input[name=location]", "12F 茶水间")
    page.fill("textarea[name=description]", "茶水间洗手盆下水管漏水，地面有积水")
    screenshot(page, "engineering-tenant-report")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=state]").inner_text() == "报修"
    order_url = page.url
    assert re.search(r"/engineering/work-orders/\d+/$", order_url)
    sign_out(page)

    login(page, demo_server, "gongcheng")
    page.goto(order_url)
    page.locator("#action-assign select[name=assignee]").select_option(index=1)
    page.locator("#action-assign button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=state]").inner_text() == "已派单"
    page.locator("#action-accept button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.fill("#action-complete textarea[name=work_done]", "更换下水管及密封圈，清理积水")
    page.fill("#action-complete textarea[name=materials]", "PVC 下水管 1 根")
    page.locator("#action-complete button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=state]").inner_text() == "处理完成"
    sign_out(page)

    login(page, demo_server, "tenant")
    page.goto(order_url)
    screenshot(page, "engineering-tenant-confirm")
    page.locator("#action-confirm button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=state]").inner_text() == "已确认"
    page.locator("#action-rate label", has_text="★★★★★").click()
    page.fill("#action-rate textarea[name=comment]", "响应很快")
    page.locator("#action-rate button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=state]").inner_text() == "已评价"
    assert "★★★★★ 响应很快" in page.content()
    screenshot(page, "engineering-tenant-rated")

    # The neighbour cannot open it.
    sign_out(page)
    login(page, demo_server, "tenant2")
    response = page.goto(order_url)
    assert response.status == 404
