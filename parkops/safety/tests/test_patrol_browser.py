"""A guard's patrol on a phone: open a run, visit the checkpoints' scan URLs (what the phone's
camera opens from the printed QR codes), mark items, finish."""

import re

import pytest

from parkops.testing.browser import login, screenshot, submit

pytestmark = pytest.mark.browser
ROUTE = "C栋 厂房及仓库巡查"


def test_guard_patrols_on_a_phone(demo_server, phone_page):
    page = phone_page
    login(page, demo_server, "anquan")
    # The printed sheet of the route's QR codes gives the scan URLs.
    page.goto(demo_server + "/safety/routes/")
    page.get_by_role("link", name=ROUTE).click()
    route_id = re.search(r"/routes/(\d+)/", page.url).group(1)
    page.goto(f"{demo_server}/safety/routes/{route_id}/qr/")
    scan_paths = page.locator(".tag").evaluate_all("els => els.map(e => e.dataset.scanUrl)")
    assert len(scan_paths) == 3

    page.goto(demo_server + "/safety/patrol/")
    page.locator(".list-group-item", has_text=ROUTE).get_by_role("button", name="开始巡查").click()
    page.wait_for_url(re.compile(r"/safety/patrol/runs/\d+/$"))
    run_url = page.url
    assert page.locator("[data-run-status=running]").is_visible()
    assert page.locator("[data-checkpoint]").count() == 3

    # First checkpoint: scanned, every item passes.
    page.goto(demo_server + scan_paths[0])
    page.wait_for_url(re.compile(r"/safety/patrol/visits/\d+/$"))
    assert "已打卡" in page.content()
    for item in page.locator("[data-item]").all():
        item.locator("label", has_text="合格").first.click()
    screenshot(page, "safety-patrol-phone-checkpoint")
    submit(page, page.locator("#submit-items"), run_url)

    # Second checkpoint: one item fails, with a note; a hazard is opened.
    page.goto(demo_server + scan_paths[1])
    page.wait_for_url(re.compile(r"/safety/patrol/visits/\d+/$"))
    first, second = page.locator("[data-item]").all()
    first.locator("label", has_text="不合格").click()
    first.locator("input[type=text]").fill("危化品仓库储存量超过核定量")
    second.locator("label", has_text="合格").first.click()
    submit(page, page.locator("#submit-items"), run_url)
    assert "已自动登记隐患" in page.content()

    # The third checkpoint is skipped: finishing the run shows it as missed.
    page.click("#finish-run")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-run-status=finished]").is_visible()
    assert "漏检 1 个：C栋 屋面" in page.content()
    assert page.locator(".card", has_text="本次巡查登记的隐患").is_visible()
    screenshot(page, "safety-patrol-phone-finished")
