"""A tenant signs up for an event from the park's calendar on a phone."""

import pytest
from playwright.sync_api import expect

from parkops.testing.browser import login, screenshot, submit

pytestmark = pytest.mark.browser

TITLE = "园区企业篮球友谊赛"  # the demo's upcoming group activity, open for sign-up


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_tenant_signs_up_for_an_event_from_the_calendar_on_a_phone(demo_server, phone_page):
    page = phone_page
    login(page, demo_server, "tenant2")
    page.goto(demo_server + "/events/")
    page.locator("#kind").select_option("group")  # the select submits its form
    page.wait_for_url("**kind=group**")
    agenda = page.get_by_test_id("month-agenda")
    event_link = agenda.get_by_role("link", name=TITLE)
    for _ in range(2):  # the event is twelve days ahead: this month or the next
        if event_link.count():
            break
        page.get_by_role("link", name="下月").click()
        page.wait_for_load_state("networkidle")
    expect(event_link).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, "events-phone-calendar")
    event_link.click()
    page.wait_for_url("**/events/events/*/")
    page.fill("input[name=people]", "8")
    page.fill("input[name=contact]", "篮球队 8 人，联系人 王磊")
    submit(page, page.get_by_role("button", name="报名参加"), "**/events/events/*/")
    expect(page.get_by_test_id("signed-up")).to_contain_text("本企业已报名 8 人")
    _no_sideways_scroll(page)
    screenshot(page, "events-phone-signed-up")
    # Back on the calendar the event shows as signed up.
    page.goto(page.url.split("/events/")[0] + "/events/?kind=group")
    for _ in range(2):
        if page.get_by_test_id("month-agenda").get_by_role("link", name=TITLE).count():
            break
        page.get_by_role("link", name="下月").click()
        page.wait_for_load_state("networkidle")
    line = page.get_by_test_id("month-agenda").get_by_role("link", name=TITLE)
    expect(line).to_contain_text("已报名")
