"""In headless Chromium against the demo park: a tenant raises a finance need, the
enterprise-service team matches it to a bank partner and resolves it, the tenant rates it and
the demand closes, and row 36 of the scorecard counts the new successful case."""

import re

import pytest

from parkops.testing.browser import form_errors, login, screenshot, submit

pytestmark = pytest.mark.browser

BANK = "招商银行深圳南山科技园支行"


def _session(browser, demo_server, username):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(30000)
    page = context.new_page()
    login(page, demo_server, username)
    return context, page


def _row_36_cases(page, demo_server) -> int:
    page.goto(demo_server + "/assessment/")
    text = page.locator("#row-36").inner_text()
    found = re.search(r"金融成功服务案例 (\d+) 个", text)
    return int(found.group(1)) if found else 0


def _step(page, name):
    return page.locator(f"[data-testid=step-{name}]")


def _take(page, step) -> None:
    """Submit a step's form and wait for the page it leads to. The demand's page comes back at
    the same address (with the steps open now), so wait for the navigation itself, then fail
    with any error the page shows."""
    with page.expect_navigation():
        step.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    errors = form_errors(page)
    if errors:
        pytest.fail(f"the step was refused at {page.url}: {errors}", pytrace=False)


def test_finance_need_from_tenant_to_rating_counts_for_row_36(demo_server, browser):
    admin_ctx, admin = _session(browser, demo_server, "admin")
    before = _row_36_cases(admin, demo_server)

    tenant_ctx, tenant = _session(browser, demo_server, "tenant")
    tenant.goto(demo_server + "/enterprise/demands/add/")
    tenant.select_option("select[name=category]", "finance")
    tenant.fill("input[name=title]", "研发中心装修贷款 200 万元")
    tenant.fill("textarea[name=description]", "研发中心装修及设备采购，需要 200 万元贷款，期限两年。")
    submit(
        tenant, tenant.locator("form.po-form button[type=submit]"), re.compile(r".*/enterprise/demands/\d+/$")
    )
    demand_url = tenant.url
    assert tenant.locator("[data-testid=state]").inner_text() == "待分派"

    staff_ctx, staff = _session(browser, demo_server, "qiye")
    staff.goto(demand_url)
    assign = _step(staff, "assign")
    assign.locator("select[name=assignee]").select_option(index=1)
    _take(staff, assign)
    match = _step(staff, "match")
    match.locator("select[name=partner]").select_option(label=BANK)
    match.locator("textarea[name=note]").fill("金融驿站客户经理上门对接")
    _take(staff, match)
    assert staff.locator("[data-testid=state]").inner_text() == "已对接"
    resolve = _step(staff, "resolve")
    resolve.locator("select[name=outcome]").select_option("met")
    resolve.locator("textarea[name=note]").fill("获批科技企业信用贷 200 万元")
    resolve.locator("input[name=loan_amount]").fill("200")
    _take(staff, resolve)
    assert staff.locator("[data-testid=state]").inner_text() == "待企业评价"
    assert staff.locator("[data-testid=case]").is_visible()

    tenant.goto(demand_url)
    rate = _step(tenant, "rate")
    rate.locator("input[name=rating][value='5']").check()
    rate.locator("textarea[name=comment]").fill("对接及时，放款很快")
    _take(tenant, rate)
    assert tenant.locator("[data-testid=state]").inner_text() == "已关闭"
    timeline = tenant.locator("[data-testid=timeline]").inner_text()
    assert BANK in timeline and "评分 5 分" in timeline
    screenshot(tenant, "enterprise-demand-closed")

    assert _row_36_cases(admin, demo_server) == before + 1
    screenshot(admin, "enterprise-row-36")
    for ctx in (admin_ctx, tenant_ctx, staff_ctx):
        ctx.close()
