"""In headless Chromium against the demo park: the demo tenant answers the open survey."""

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_tenant_answers_the_open_survey(demo_server, page):
    login(page, demo_server, "tenant")
    page.goto(demo_server + "/service/my-surveys/")
    pending = page.locator("a.list-group-item", has_text="待填写")
    assert pending.count() == 1
    pending.click()
    page.wait_for_load_state("networkidle")
    assert "匿名问卷" in page.content()
    # Submitting empty shows the required questions in Chinese.
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "这个字段是必填项" in page.content() or "必填" in page.content()
    for fieldset in page.locator("fieldset").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count():
            radios.nth(radios.count() - 2).check()  # 4 of 5, 9 of 10, the second-last channel
    page.locator("fieldset textarea").fill("电梯高峰等候明显改善")
    screenshot(page, "service-survey-answer")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=survey-done]").is_visible()
    screenshot(page, "service-survey-done")
    page.goto(demo_server + "/service/my-surveys/")
    assert page.locator("a.list-group-item", has_text="待填写").count() == 0


def test_staff_see_results_trend_and_complaint_ledger(demo_server, page):
    login(page, demo_server, "kefu")
    page.goto(demo_server + "/service/surveys/")
    page.locator("a:visible", has_text="（匿名）").first.click()  # the table's, not a phone card's
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=nps]").inner_text() != "—"
    assert page.locator("#trend-chart canvas").count() == 1
    screenshot(page, "service-survey-results")
    page.goto(demo_server + "/service/complaints/")
    assert "按时响应率" in page.content()
    screenshot(page, "service-complaint-ledger")
