"""The audit log page and endpoint: who may open them, whose chains they show, their filters,
export and cursor, and the classification of the values they show."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.core.navigation import menu_for
from parkops.core.services import update_object

pytestmark = pytest.mark.django_db


def names(menu) -> set[str]:
    return {e["name"] for area in menu["areas"] for g in area["groups"] for e in g["items"]}


def page(user, **params):
    client = Client()
    client.force_login(user)
    return client.get("/audit/", params)


def grant_audit_log(user):
    user.user_permissions.add(
        Permission.objects.get(codename="view_auditentry", content_type__app_label="audit")
    )
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


def test_who_may_open_the_log_and_see_it_in_the_menu(world):
    for user in (world.admin, world.assessor, world.platform):
        assert page(user).status_code == 200, user
        assert "audit:entry_list" in names(menu_for(user)), user
    for user in (world.staff_invest, world.tenant_a):
        assert page(user).status_code == 403, user
        assert "audit:entry_list" not in names(menu_for(user)), user
    officer = grant_audit_log(world.staff_safety)
    assert page(officer).status_code == 200
    assert "audit:entry_list" in names(menu_for(officer))
    # The permission does not open a park's whole chain to a tenant.
    assert page(grant_audit_log(world.tenant_a)).status_code == 403


def test_a_parks_readers_see_only_their_parks_chains(world):
    officer = grant_audit_log(world.staff_safety)
    beta_staff = core.Staff.objects.get(park=world.beta)
    update_object(obj=beta_staff, data={"experience": "贝塔园的履历"}, by=world.admin_beta)
    alpha_staff = core.Staff.objects.get(park=world.alpha)
    update_object(obj=alpha_staff, data={"experience": "阿尔法园的履历"}, by=world.admin)
    for user in (officer, world.admin):
        html = page(user).content.decode()
        assert "阿尔法园的履历" in html and "贝塔园的履历" not in html, user
        rows = page(user, export="xlsx")
        assert "贝塔园的履历" not in _cells(rows)
    assert "贝塔园的履历" in page(world.platform).content.decode()
    # The API endpoint reads through the same selector.
    client = APIClient()
    client.force_login(officer)
    listed = client.get("/api/audit/entries/", {"limit": 1000}).json()["results"]
    assert listed and {e["park_id"] for e in listed} == {world.alpha.pk}
    beta_entry = AuditEntry.objects.filter(park_id=world.beta.pk).first()
    assert client.get(f"/api/audit/entries/{beta_entry.pk}/").status_code == 404
    staff = APIClient()
    staff.force_login(world.staff_invest)
    assert staff.get("/api/audit/entries/").status_code == 403


def test_filters_by_park_person_object_and_date(world):
    alpha_staff = core.Staff.objects.get(park=world.alpha)
    update_object(obj=alpha_staff, data={"experience": "管理员的修改"}, by=world.admin)
    update_object(obj=alpha_staff, data={"experience": "平台的修改"}, by=world.platform)
    html = page(
        world.platform, park=world.alpha.pk, actor=world.admin.pk, object_type="core.staff"
    ).content.decode()
    assert "管理员的修改" in html and "平台的修改" not in html
    assert "管理员的修改" not in page(world.platform, park=world.beta.pk).content.decode()
    assert "管理员的修改" not in page(world.platform, object_type="core.building").content.decode()
    # Dates are the entries' own (written at the real time, in Beijing time).
    day = timezone.localdate(AuditEntry.objects.order_by("-id").first().at)
    before = (day - dt.timedelta(days=1)).isoformat()
    assert "平台的修改" in page(world.platform, since=day.isoformat(), until=day.isoformat()).content.decode()
    assert "平台的修改" not in page(world.platform, until=before).content.decode()
    client = APIClient()
    client.force_login(world.platform)
    found = client.get("/api/audit/entries/", {"object_type": "core.staff", "actor": world.admin.pk}).json()
    assert [e["after"]["experience"] for e in found["results"]][:1] == ["管理员的修改"]
    assert (
        client.get("/api/audit/entries/", {"since": day.isoformat(), "until": before}).json()["results"] == []
    )
    assert client.get("/api/audit/entries/", {"ordering": "at"}).status_code == 400


def test_values_before_and_after_follow_the_records_classification(world):
    alpha_staff = core.Staff.objects.get(park=world.alpha)
    update_object(obj=alpha_staff, data={"phone": "13600001111"}, by=world.admin)
    officer = grant_audit_log(world.staff_safety)
    html = page(officer, object_type="core.staff").content.decode()
    assert "136****1111" in html and "13600001111" not in html and "13912345678" not in html
    assert "13600001111" not in _cells(page(officer, object_type="core.staff", export="xlsx"))
    export = AuditEntry.objects.filter(event="export", actor_id=officer.pk).get()
    assert (
        export.after == {"model": "audit.auditentry", "rows": export.after["rows"]}
        and export.after["rows"] >= 1
    )
    # The endpoint: masked for every reader, and an API key cleared for general data only
    # receives neither the values nor who wrote them.
    client = APIClient()
    client.force_login(world.admin)
    entry = client.get("/api/audit/entries/", {"object_type": "core.staff", "limit": 1}).json()["results"][0]
    assert entry["after"]["phone"] == "136****1111" and entry["actor_name"] == "admin_alpha"
    from parkops.accounts.services import issue_api_key

    _key, raw = issue_api_key(
        by=world.admin,
        owner=world.admin,
        name="审计读取",
        park_ids=[world.alpha.pk],
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    keyed = APIClient()
    keyed.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    row = keyed.get("/api/audit/entries/", {"object_type": "core.staff", "limit": 1}).json()["results"][0]
    assert not {"before", "after", "actor_name", "ip", "object_repr"} & set(row)
    refused = keyed.get("/api/audit/entries/", {"actor_name": "admin"})
    assert refused.status_code == 400 and "超出可接收的数据级别" in refused.json()["actor_name"][0]


def test_the_endpoint_pages_by_cursor_newest_first(world):
    client = APIClient()
    client.force_login(world.platform)
    total = AuditEntry.objects.count()
    assert total > 6
    first = client.get("/api/audit/entries/", {"limit": 3}).json()
    assert first["previous"] is None and "cursor=" in first["next"] and "count" not in first
    ids = [e["id"] for e in first["results"]]
    # A write between pages goes to the top and shifts nothing.
    update_object(
        obj=core.Staff.objects.get(park=world.alpha), data={"experience": "翻页期间"}, by=world.admin
    )
    second = client.get(first["next"]).json()
    ids += [e["id"] for e in second["results"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 6
    assert [e["id"] for e in client.get(second["previous"]).json()["results"]] == ids[:3]
    assert client.get("/api/audit/entries/", {"cursor": "not-a-cursor"}).status_code == 400


def test_the_page_reads_in_english_and_as_cards_on_a_phone(world):
    client = Client()
    client.force_login(world.admin)
    update_object(obj=core.Staff.objects.get(park=world.alpha), data={"experience": "卡片"}, by=world.admin)
    zh = client.get("/audit/").content.decode()
    assert "审计日志" in zh and "po-audit-cards" in zh and "导出 Excel" in zh
    client.cookies["django_language"] = "en"
    en = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Audit log" in en and "Export" in en and "导出" not in en


def _cells(response) -> str:
    from openpyxl import load_workbook

    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(str(c) for row in wb.active.iter_rows(values_only=True) for c in row if c is not None)
