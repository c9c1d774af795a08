"""The scorecard as people use it, in Chromium against the demo park."""

from __future__ import annotations

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_admin_opens_the_scorecard_and_sees_the_table(demo_server, page):
    login(page, demo_server, "admin")
    page.goto(demo_server + "/assessment/")
    rows = page.locator("#scorecard-table tbody tr")
    assert rows.count() == 63
    assert "原表此行为空，无指标、无分值" in page.locator("#row-16").inner_text()
    assert page.locator("#row-15 .badge").inner_text() == "缺少文件"  # the demo leaves it missing
    assert page.locator("#gap-plan li").count() >= 1
    page.locator("#score-history canvas").wait_for()  # the ECharts history line drew
    screenshot(page, "assessment-scorecard")


def test_tenant_is_refused_and_assessor_reads_only(demo_server, browser):
    for username, status in (("tenant", 403), ("assessor", 200)):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        login(page, demo_server, username)
        response = page.goto(demo_server + "/assessment/")
        assert response.status == status
        if status == 200:
            assert page.locator("form[action='/assessment/record/']").count() == 0
            assert page.locator("#scorecard-table tbody tr").count() == 63
        context.close()
