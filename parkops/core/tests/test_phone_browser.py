"""On a 390 px phone, against a real server with the demo park: lists are cards whose
amount, state and due date are on screen, nothing scrolls sideways, and a request's timeline
comes before its forms."""

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390

# A sample of list, detail and form pages per role (the first list row's page is added).
PAGES = {
    "tenant": [
        "/",
        "/fees/bills/",
        "/fees/payments/",
        "/service/tickets/",
        "/service/tickets/add/",
        "/engineering/work-orders/",
        "/engineering/work-orders/add/",
        "/spaces/bookings/",
        "/notifications/",
    ],
    "anquan": [
        "/",
        "/safety/",
        "/safety/hazards/",
        "/safety/hazards/add/",
        "/safety/patrol/",
        "/safety/special-equipment/",
        "/safety/fire-equipment/",
        "/safety/patrol/runs/",
    ],
    "admin": [
        "/",
        "/fees/bills/",
        "/investment/customers/",
        "/investment/leases/",
        "/park/units/",
        "/park/enterprises/",
        "/park/enterprises/add/",
        "/improvement/actions/",
        "/engineering/work-orders/",
        "/service/tickets/",
    ],
    "assessor": ["/", "/assessment/", "/improvement/actions/", "/safety/hazards/"],
}


def sideways(page) -> dict:
    """How far the page scrolls sideways, and which visible elements stick out past the
    screen's right edge (ignoring content a box clips, such as an ellipsis)."""
    return page.evaluate(
        """(width) => {
          const clipped = (el) => {
            for (let p = el.parentElement; p; p = p.parentElement) {
              const s = getComputedStyle(p);
              if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 0.5) return true;
            }
            return false;
          };
          const out = [...document.querySelectorAll('body *')].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > width + 0.5 && el.checkVisibility() && !clipped(el);
          }).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
          return {scrollWidth: document.documentElement.scrollWidth, outside: out};
        }""",
        PHONE_WIDTH,
    )


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH + 0.5


def test_tenant_sees_each_bills_amount_state_and_due_date_on_a_phone(demo_server, phone_page, page):
    login(phone_page, demo_server, "tenant")
    phone_page.goto(demo_server + "/fees/bills/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    cards = phone_page.locator("ul.po-cards > li.po-card")
    assert cards.count() > 0
    assert not phone_page.locator("table.po-table").is_visible()
    for i in range(cards.count()):
        card = cards.nth(i)
        card.scroll_into_view_if_needed()
        for label in ("应收合计（元）", "状态", "缴费截止日"):
            term = card.locator("dt", has_text=label)
            value = term.locator("xpath=following-sibling::dd")
            assert term.is_visible() and value.is_visible(), f"card {i}: {label} not shown"
            text = value.inner_text().strip()
            assert text and text != "—", f"card {i}: {label} is empty"
            assert in_view(phone_page, value), f"card {i}: {label} {text!r} is off the screen"
    screenshot(phone_page, "phone-tenant-bills")

    # The same list on a desktop keeps its table, with every column.
    login(page, demo_server, "tenant")
    page.goto(demo_server + "/fees/bills/")
    assert page.locator("table.po-table").is_visible()
    assert not page.locator("ul.po-cards").is_visible()
    assert "缴费截止日" in page.locator("table.po-table thead").inner_text()
    screenshot(page, "desktop-tenant-bills")


def test_hazard_list_shows_each_hazards_state_on_a_phone(demo_server, phone_page):
    login(phone_page, demo_server, "anquan")
    phone_page.goto(demo_server + "/safety/hazards/")
    assert sideways(phone_page)["scrollWidth"] <= PHONE_WIDTH
    cards = phone_page.locator("ul.po-cards > li.po-card")
    assert cards.count() > 0
    for i in range(cards.count()):
        card = cards.nth(i)
        card.scroll_into_view_if_needed()
        value = card.locator("dt", has_text="状态").locator("xpath=following-sibling::dd")
        assert value.is_visible(), f"hazard card {i} has no state"
        assert value.inner_text().strip() not in ("", "—")
        assert in_view(phone_page, value)
        assert card.locator(".po-card-title a").get_attribute("href").startswith("/safety/hazards/")
    screenshot(phone_page, "phone-hazards")


def test_sort_menu_on_a_phone_reorders_the_cards(demo_server, phone_page):
    login(phone_page, demo_server, "tenant")
    phone_page.goto(demo_server + "/fees/bills/")
    phone_page.get_by_role("button", name="排序").click()
    phone_page.locator(".dropdown-menu.show a", has_text="缴费截止日").click()
    phone_page.wait_for_url("**sort=due_on**")
    phone_page.wait_for_load_state("networkidle")
    due = [
        t.strip() for t in phone_page.locator("li.po-card dt:text-is('缴费截止日') + dd").all_inner_texts()
    ]
    assert len(due) > 1 and due == sorted(due)


def test_no_page_scrolls_sideways_on_a_phone(demo_server, browser):
    from parkops.testing.browser import _page

    problems = []
    for username, paths in PAGES.items():
        context, page = _page(browser, PHONE_WIDTH, 844, mobile=True)
        try:
            login(page, demo_server, username)
            for path in paths:
                response = page.goto(demo_server + path)
                page.wait_for_load_state("networkidle")
                assert response.status == 200, f"{username} {path}: {response.status}"
                result = sideways(page)
                if result["scrollWidth"] > PHONE_WIDTH or result["outside"]:
                    problems.append(f"{username} {path}: {result}")
                first = page.locator("ul.po-cards .po-card-title a").first
                if path.endswith("s/") and first.count():
                    first.click()
                    page.wait_for_load_state("networkidle")
                    result = sideways(page)
                    if result["scrollWidth"] > PHONE_WIDTH or result["outside"]:
                        problems.append(f"{username} {page.url}: {result}")
            screenshot(page, f"phone-{username}-last")
        finally:
            context.close()
    assert not problems, "pages wider than the phone:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("username", "list_path"),
    [
        ("tenant", "/engineering/work-orders/"),
        ("tenant", "/service/tickets/"),
        ("anquan", "/safety/hazards/"),
    ],
)
def test_a_requests_timeline_is_above_the_fold_on_a_phone(demo_server, phone_page, username, list_path):
    login(phone_page, demo_server, username)
    phone_page.goto(demo_server + list_path)
    phone_page.locator("ul.po-cards .po-card-title a").first.click()
    phone_page.wait_for_load_state("networkidle")
    timeline = phone_page.get_by_test_id("timeline")
    box = timeline.bounding_box()
    assert box is not None and box["y"] < 844, f"timeline starts at {box} on {phone_page.url}"
    forms = phone_page.locator("main form[method=post]")
    for i in range(forms.count()):
        form_box = forms.nth(i).bounding_box()
        if form_box:
            assert form_box["y"] > box["y"], "an action form comes before the timeline"
    screenshot(phone_page, f"phone-timeline-{list_path.strip('/').replace('/', '-')}")
