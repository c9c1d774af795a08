"""The demo assessor's journey through this year's evaluation of the demo park."""

import re

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser


def test_assessor_declares_scores_submits_and_downloads_the_report(demo_server, page):
    login(page, demo_server, "assessor")
    page.goto(demo_server + "/evaluation/projects/")
    page.get_by_role("link", name="2026 年度运营水平第三方评估").first.click()
    page.get_by_role("button", name="提交声明").click()
    assert "已提交利益冲突声明" in page.content()
    page.goto(page.url.split("?")[0] + "?tab=scoring")
    assert page.locator("#panel-scores").count() == 0  # nothing of the others before submitting
    for field in page.locator("#score-sheet input[name^=score_]").all():
        field.fill(field.get_attribute("data-max"))
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-sheet").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#sheet-submitted").is_visible()
    assert page.locator("#panel-scores").is_visible()
    page.goto(page.url.split("?")[0] + "?tab=result")
    assert page.locator("#provisional-result").is_visible()
    screenshot(page, "evaluation-assessor-result")
    with page.expect_download() as info:
        page.locator("#download-report-pdf").click()
    download = info.value
    assert download.suggested_filename.endswith("-draft.pdf")
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_last_years_result_on_a_phone_shows_both_totals_the_rule_and_the_veto_register(
    demo_server, phone_page
):
    page = phone_page
    login(page, demo_server, "admin")
    page.goto(demo_server + "/evaluation/projects/")
    page.get_by_role("link", name=re.compile(r"\d{4} 年度运营水平第三方评估")).first.click()
    assert page.locator("#add-expert input[name=specialities]").count() == 5
    screenshot(page, "evaluation-panel-open-phone")
    page.goto(demo_server + "/evaluation/projects/")
    # Listed newest first: last year's published evaluation is the second.
    page.get_by_role("link", name=re.compile(r"\d{4} 年度运营水平第三方评估")).last.click()
    panel_url = page.url.split("?")[0]
    page.goto(panel_url + "?tab=panel")
    assert page.locator("#panel-requirement").is_visible()
    assert page.locator("#add-expert").count() == 0  # published: the panel is closed
    screenshot(page, "evaluation-panel-phone")
    page.goto(panel_url + "?tab=result")
    figures = page.locator("#result-figures")
    assert figures.is_visible()
    assert "各行不取舍直接相加的总分" in figures.inner_text()
    assert page.locator("#rounding-rule").is_visible()
    register = page.locator("#veto-register")
    assert register.is_visible() and "无此类事件" in register.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, width
    screenshot(page, "evaluation-result-phone")
