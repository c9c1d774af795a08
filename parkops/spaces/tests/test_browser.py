"""The demo tenant books a meeting room on the calendar, on a desktop and on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from parkops.testing.browser import login, screenshot, submit

pytestmark = pytest.mark.browser


def _book_free_slot(page, base, purpose, *, last=False):
    page.goto(base + "/spaces/")
    page.get_by_role("link", name="A301 会议室", exact=True).wait_for()
    card = page.locator(".card", has=page.get_by_role("link", name="A301 会议室", exact=True))
    card.get_by_role("link", name="预约").click()
    page.wait_for_url("**/calendar/**")
    page.get_by_role("link", name="下一周").first.click()  # htmx swaps the week in place
    page.wait_for_url("**week=**")
    page.wait_for_load_state("networkidle")  # the URL changes before the swap is done
    # One element, read and clicked: a locator would be resolved again after a swap. The
    # desktop journey takes the week's first free slot and the phone one its last, so the two
    # never reach for the same slot on a shared server.
    cells = page.locator("td[data-state=free]")
    cell = (cells.last if last else cells.first).element_handle()
    slot = cell.get_attribute("data-slot")  # ISO date-time, Asia/Shanghai
    start = slot[11:16]
    cell.query_selector("button").click()
    # Wait for the form htmx fills from that slot: the first form on the page may already show
    # the same start time (08:00, and tomorrow's date on a Sunday), and filling it in before the
    # swap loses what was typed.
    form = page.locator(f'#booking-form[data-slot="{slot}"]')
    expect(form).to_be_visible()
    expect(form.locator("select[name=start]")).to_have_value(start)
    expect(form.locator("input[name=date]")).to_have_value(slot[:10])
    end = (dt.datetime.strptime(start, "%H:%M") + dt.timedelta(minutes=30)).strftime("%H:%M")
    form.locator("select[name=end]").select_option(end)
    form.locator("input[name=purpose]").fill(purpose)
    submit(page, form.get_by_role("button", name="确认预约"), "**/spaces/bookings/*/")
    return start


def test_tenant_books_a_meeting_room_on_the_calendar(demo_server, page):
    login(page, demo_server, "tenant")
    start = _book_free_slot(page, demo_server, "产品评审会")
    assert page.locator("#booking-status").inner_text() == "已确认"
    assert "产品评审会" in page.content() and start in page.content()
    screenshot(page, "spaces-tenant-booking-confirmed")
    # the slot now shows as the tenant's own on the calendar
    page.get_by_role("link", name="查看该周日历").click()
    assert page.locator("td[data-state=mine]").count() >= 1
    screenshot(page, "spaces-calendar-after-booking")


def test_tenant_books_on_a_phone(demo_server, phone_page):
    login(phone_page, demo_server, "tenant2")
    _book_free_slot(phone_page, demo_server, "手机预约洽谈", last=True)
    assert phone_page.locator("#booking-status").inner_text() == "已确认"
    screenshot(phone_page, "spaces-phone-booking-confirmed")
