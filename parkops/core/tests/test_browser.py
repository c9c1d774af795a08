"""In headless Chromium, against a real server with the demo park: every demo account signs
in and sees its own home page; a tenant cannot open a neighbour's unit."""

import re

import pytest

from parkops.testing.browser import login, screenshot

pytestmark = pytest.mark.browser

# account -> what its home page shows (heading), and the role label in the top bar
ACCOUNTS = {
    "admin": ("工作台", "运营机构管理员"),
    "zhaoshang": ("工作台", "运营人员"),
    "qiye": ("工作台", "运营人员"),
    "anquan": ("工作台", "运营人员"),
    "gongcheng": ("工作台", "运营人员"),
    "kefu": ("工作台", "运营人员"),
    "huanjing": ("工作台", "运营人员"),
    "pinpai": ("工作台", "运营人员"),
    "shuzi": ("工作台", "运营人员"),
    "zonghe": ("工作台", "运营人员"),
    "tenant": (None, "入驻企业用户"),
    "tenant2": (None, "入驻企业用户"),
    "assessor": ("评估工作台", "评估专家"),
    "api": ("接口客户端", "接口客户端"),
    "platform": ("工作台", "平台管理员"),
}


def sign_out(page):
    page.evaluate("document.querySelector('form[action=\"/logout/\"]').submit()")
    page.wait_for_url(re.compile(r".*/login/.*"))


def test_login_page_is_served_in_chinese(demo_server, page):
    page.goto(demo_server + "/")
    assert "/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("input[name=username]").is_visible()
    screenshot(page, "login")


def test_every_demo_account_signs_in_and_sees_its_home(demo_server, page):
    for username, (heading, role) in ACCOUNTS.items():
        login(page, demo_server, username)
        assert page.url == demo_server + "/", f"{username} landed on {page.url}"
        h1 = page.locator("main h1").first.inner_text()
        if heading is None:
            assert h1.endswith("有限公司"), f"{username}'s home should name its enterprise, got {h1!r}"
        else:
            assert h1 == heading, f"{username}: {h1!r}"
        assert role in page.content()
        if username in ("admin", "tenant", "assessor"):
            screenshot(page, f"home-{username}")
        sign_out(page)


def test_wrong_password_shows_a_chinese_error(demo_server, page):
    login(page, demo_server, "kefu", "not-the-password")
    assert "/login/" in page.url
    assert "用户名" in page.content() and "密码" in page.content()


def test_tenant_cannot_open_another_tenants_unit(demo_server, page):
    login(page, demo_server, "tenant")
    enterprise = page.locator("main h1").first.inner_text()
    page.goto(demo_server + "/park/units/")
    rows = page.locator("#object-table tbody tr")
    own = rows.count()
    assert own >= 1
    link = rows.first.locator("a").first.get_attribute("href")
    own_pk = int(re.search(r"/units/(\d+)/", link).group(1))
    # Walk neighbouring ids: every unit that is not the tenant's answers 404.
    seen_forbidden = 0
    for pk in range(max(1, own_pk - 5), own_pk + 6):
        response = page.goto(f"{demo_server}/park/units/{pk}/")
        if response.status == 200:
            assert enterprise in page.content(), f"unit {pk} is not {enterprise}'s but was shown"
        else:
            assert response.status == 404
            seen_forbidden += 1
    assert seen_forbidden >= 5


def test_phone_layout_has_a_menu_button(demo_server, phone_page):
    login(phone_page, demo_server, "admin")
    assert phone_page.url == demo_server + "/"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the home page is {width}px wide on a 390px phone"
    screenshot(phone_page, "home-admin-phone")
