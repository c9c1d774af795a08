"""The sidebar: the standard's areas → one group per domain → entries, a 常用 group from the
user's own visits, and only entries whose page opens for the user."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from parkops.core.models import PageVisit
from parkops.core.navigation import AREAS, menu_for, registered, visible


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def names(menu: dict) -> set[str]:
    return {e["name"] for a in menu["areas"] for g in a["groups"] for e in g["items"]}


def sidebar(html: str) -> str:
    return re.search(r'<nav class="po-nav".*?</nav>', html, flags=re.S).group(0)


def test_imports_entry_only_for_who_may_import(world):
    """The imports page refuses staff whose department has no importer; the menu agrees."""
    for user in (world.staff_safety, world.staff_invest, world.admin, world.assessor, world.tenant_a):
        page = client_for(user).get(reverse("imports:index"))
        shown = "imports:index" in names(menu_for(user))
        assert page.status_code in (200, 403), user.username
        assert shown == (page.status_code == 200), (user.username, page.status_code)
    # Both sides of the rule are exercised: someone is refused and someone may import.
    assert "imports:index" not in names(menu_for(world.staff_safety))
    assert "imports:index" in names(menu_for(world.staff_invest))


def test_imports_link_not_rendered_for_safety_staff(world):
    html = client_for(world.staff_safety).get("/").content.decode()
    nav = sidebar(html)
    assert reverse("imports:index") not in nav
    assert "数据导入" not in nav
    assert reverse("safety:hazard_list") in nav


@pytest.mark.parametrize("username", ["tenant_a", "staff_safety", "assessor", "staff_invest"])
def test_every_entry_shown_opens(world, username):
    user = world.users[username]
    client = client_for(user)
    menu = menu_for(user)
    assert names(menu)
    for area in menu["areas"]:
        for group in area["groups"]:
            for entry in group["items"]:
                if entry["url"].startswith("/api/"):
                    continue  # the API documentation: the API tests cover it
                response = client.get(entry["url"], follow=True)
                final = response.redirect_chain[-1][0] if response.redirect_chain else entry["url"]
                assert response.status_code == 200, (username, entry["url"], response.status_code)
                assert "/login/" not in final, (username, entry["url"], final)


def test_tenant_menu_has_only_its_own_pages(world):
    menu = names(menu_for(world.tenant_a))
    # Staff registers, people and the platform's administration are not a tenant's.
    for name in (
        "core:staff_list",
        "core:department_list",
        "accounts:user_list",
        "audit:entry_list",
        "imports:index",
        "accounts:api_keys",
    ):
        assert name not in menu, name
    # Every model entry shown is one whose rows the tenant owns or the park shows its tenants.
    from django.apps import apps

    for item in registered():
        if item.url_name in menu and item.model:
            model = apps.get_model(item.model)
            assert model.enterprise_path or getattr(model, "tenant_visible", False), item.url_name
    assert "notifications:mine" in menu
    # Staff see the registers the tenant does not.
    assert "core:staff_list" in names(menu_for(world.staff_admin))


def test_entries_grouped_by_area_then_app(world):
    menu = menu_for(world.admin)
    area_keys = [a["key"] for a in menu["areas"]]
    assert area_keys == [key for key, _label in AREAS if key in area_keys]
    operations = next(a for a in menu["areas"] if a["key"] == "operations")
    groups = {g["key"]: g for g in operations["groups"]}
    assert groups["safety"]["label"] == "安全管理"
    assert "safety:hazard_list" in {e["name"] for e in groups["safety"]["items"]}
    for area in menu["areas"]:
        for group in area["groups"]:
            for entry in group["items"]:
                item = next(i for i in registered() if i.url_name == entry["name"])
                assert item.app_label == group["key"] and item.area == area["key"]


def test_current_page_group_is_open_and_others_closed(world):
    html = client_for(world.staff_safety).get(reverse("safety:hazard_list")).content.decode()
    nav = sidebar(html)
    assert re.search(r'class="collapse show" id="po-nav-operations-safety"', nav)
    assert re.search(r'aria-current="page">隐患台账<', nav)
    closed = re.findall(r'class="collapse" id="(po-nav-[^"]+)"', nav)
    assert closed and "po-nav-operations-safety" not in closed
    # Each group's toggle names the panel it opens.
    for panel in re.findall(r'class="collapse[^"]*" id="(po-nav-[^"]+)"', nav):
        assert f'data-bs-target="#{panel}"' in nav


def test_most_used_first(world):
    user = world.staff_safety
    client = client_for(user)
    for url, times in (
        (reverse("safety:drill_list"), 1),
        (reverse("safety:hazard_list"), 3),
        (reverse("safety:patrolrun_list"), 2),
    ):
        for _ in range(times):
            assert client.get(url).status_code == 200
    # An htmx fragment (a filtered table) is not a visit.
    client.get(reverse("safety:drill_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table")
    assert PageVisit.objects.get(user=user, url_name="safety:drill_list").count == 1

    frequent = [e["name"] for e in menu_for(user)["frequent"]]
    assert frequent[:3] == ["safety:hazard_list", "safety:patrolrun_list", "safety:drill_list"]
    html = client.get("/").content.decode()
    nav = sidebar(html)
    top = nav.index("常用")
    assert top < nav.index("基础条件")
    frequent_block = nav[top : nav.index("基础条件")]
    assert frequent_block.index(reverse("safety:hazard_list")) < frequent_block.index(
        reverse("safety:patrolrun_list")
    )
    # Another user's visits are not this user's.
    assert menu_for(world.staff_invest)["frequent"] == []


def test_visit_to_a_record_counts_for_its_list(world):
    from parkops.core.models import Building

    building = Building.objects.filter(park=world.alpha).first()
    client_for(world.admin).get(building.get_absolute_url())
    assert PageVisit.objects.get(user=world.admin, url_name="core:building_list").count == 1


def test_frequent_shows_only_entries_still_open_to_the_user(world):
    PageVisit.objects.create(user=world.tenant_a, url_name="core:staff_list", count=50)
    assert "core:staff_list" not in [e["name"] for e in menu_for(world.tenant_a)["frequent"]]


def test_menu_in_english_on_an_english_request(world):
    from parkops.core.tests.test_i18n import compiled_catalogue  # noqa: F401  (fixture import)

    client = client_for(world.staff_safety)
    client.get(reverse("safety:hazard_list"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    nav = sidebar(client.get(reverse("safety:hazard_list")).content.decode())
    assert "Most used" in nav and "常用" not in nav
    assert "Operation services" in nav
    assert "Hazard register" in nav
    cjk = re.compile(r"[\u4e00-\u9fff]")
    visible_text = " ".join(re.sub(r"<[^>]+>", " ", nav).split())
    assert not cjk.search(visible_text), visible_text
    # Labels follow each request, not the first one the process served.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    nav = sidebar(client.get(reverse("safety:hazard_list")).content.decode())
    assert "常用" in nav and "安全管理" in nav


def test_can_tag_agrees_with_the_rules(world):
    from parkops.safety.models import Hazard

    template = Template('{% load permissions %}{% can user "add" "safety.Hazard" as ok %}{{ ok }}')
    render = lambda user: template.render(Context({"user": user}))  # noqa: E731
    assert render(world.staff_safety) == "True"
    assert render(world.assessor) == "False"
    assert render(world.staff_invest) == ("True" if "investment" in Hazard.write_departments else "False")
    hazard_add = client_for(world.assessor).get(reverse("safety:hazard_add"))
    assert hazard_add.status_code == 403


def test_visible_needs_a_signed_in_user(world):
    from django.contrib.auth.models import AnonymousUser

    assert not any(visible(item, AnonymousUser()) for item in registered())
    assert menu_for(AnonymousUser()) == {"frequent": [], "areas": []}


@pytest.mark.browser
def test_phone_menu_groups_open_and_close(demo_server, phone_page):
    from parkops.testing.browser import login, screenshot

    page = phone_page
    login(page, demo_server, "anquan")
    page.goto(demo_server + reverse("safety:hazard_list"))
    page.click("button[aria-controls=po-sidebar]")
    sidebar = page.locator("#po-sidebar")
    sidebar.wait_for(state="visible")
    # The current page's group is open; another domain's group is closed until tapped.
    assert page.locator("#po-nav-operations-safety").is_visible()
    current = page.locator("#po-nav-operations-safety a[aria-current=page]")
    assert current.inner_text().strip() == "隐患台账"
    assert current.is_visible()
    other = page.locator("#po-nav-basics-core")
    assert not other.is_visible()
    toggle = page.locator("button[aria-controls=po-nav-basics-core]")
    assert toggle.get_attribute("aria-expanded") == "false"
    screenshot(page, "nav-phone-anquan")
    toggle.click()
    other.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.locator("[data-nav-chevron]").get_attribute("class").count("bi-chevron-down") == 1
    assert sidebar.get_by_text("数据导入").count() == 0
    screenshot(page, "nav-phone-anquan-open")
    # The sidebar fits the phone: nothing wider than the screen.
    assert page.evaluate("document.querySelector('#po-sidebar').scrollWidth") <= 390
