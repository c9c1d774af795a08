"""Every field carries a level (a new field without one fails here, naming it); every API
route keeps fields above a client's clearance out and masks personal data unless an allowed
reader asks, with a reason, and is recorded."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from parkops.accounts.services import issue_api_key
from parkops.core import models as core
from parkops.datagov import registry
from parkops.datagov.models import PersonalDataAccess
from parkops.datagov.open_data import DATASETS
from parkops.datagov.protection import mask_value
from parkops.datagov.registry import RANK, Level
from parkops.datagov.tests.api_routes import list_routes, routes


def test_every_field_of_every_app_has_a_level():
    missing = registry.unclassified_fields()
    assert missing == [], (
        "字段未定级（在 parkops/datagov/data/fields.csv 中登记，建议行如下，复核后填写）：\n"
        + "\n".join(registry.suggested_row(name) for name in missing)
    )


def test_a_field_missing_from_the_file_is_reported_whatever_its_app(monkeypatch):
    entries = dict(registry._file())
    for key in (("core.Staff", "phone"), ("telemetry.Reading", "value"), ("brand.Campaign", "budget")):
        entries.pop(key)
    monkeypatch.setattr(registry, "_file", lambda: entries)
    missing = registry.unclassified_fields()
    assert {"core.Staff.phone", "telemetry.Reading.value", "brand.Campaign.budget"} <= set(missing)
    # An unlisted field has no level: it is not taken for general data.
    from parkops.telemetry.models import Reading

    assert registry.classify(Reading, "value") is None
    assert registry.suggested_row("core.Staff.phone") == "core.Staff,phone,general,1,0,phone,"


def test_the_classification_of_the_newer_apps_is_explicit():
    from django.apps import apps

    client = apps.get_model("datagov", "ExternalClient")
    assert registry.classify(client, "contact_phone").mask == registry.Mask.PHONE
    assert registry.classify(client, "contact_email").personal
    assert registry.classify(client, "organisation").level == Level.GENERAL
    key = apps.get_model("datagov", "OpenDataKey")
    assert registry.classify(key, "hashed_key").level == Level.CORE
    assert registry.model_level(key) == Level.CORE  # 就高从严
    profile = apps.get_model("enterprise", "EnterpriseProfile")
    assert registry.classify(profile, "revenue").level == Level.IMPORTANT
    signup = apps.get_model("events", "EventSignup")
    assert not registry.classify(signup, "people").personal  # a head count, not people
    # Every line of the file was reviewed: none keeps the appended default's note.
    assert all(cls.note != "默认（待复核）" for cls in registry._file().values())


def test_a_record_takes_the_highest_level_of_its_fields():
    from parkops.fees.models import Bill

    assert registry.classify(Bill, "number").level == Level.GENERAL
    assert registry.model_level(Bill) == Level.IMPORTANT
    assert registry.model_level(core.Building) == Level.GENERAL


def test_open_datasets_publish_only_general_non_personal_fields():
    from django.apps import apps

    for dataset in DATASETS.values():
        for column in dataset.columns:
            cls = registry.classify(apps.get_model(column.model), column.field)
            assert cls is not None and cls.level == Level.GENERAL and not cls.personal, (dataset.code, column)


def test_masks_keep_the_first_three_and_last_four():
    assert mask_value("13800138000", registry.Mask.PHONE) == "138****8000"
    assert mask_value("440301199001011234", registry.Mask.ID) == "440***********1234"
    assert mask_value("王小明", registry.Mask.NAME) == "王**"


def general_key(world) -> APIClient:
    _key, raw = issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="一般数据",
        park_ids=[world.alpha.pk],
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def _model_of(path):
    for route_path, method, cls, action in routes():
        if route_path == path and method == "get" and action == "list":
            return cls.queryset.model
    return None


def test_every_route_keeps_important_core_and_unmasked_personal_data_from_a_general_client(personal_world):
    world = personal_world
    client = general_key(world)
    checked_rows = withheld = masked = 0
    for path in list_routes():
        model = _model_of(path)
        if model is None or path.startswith("/api/open/"):
            continue
        response = client.get(path, {"limit": 20})
        if response.status_code != 200:
            continue
        data = response.json()
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        above = {
            f.name
            for f in registry.model_fields(model)
            if (registry.classify(model, f.name) or registry.FieldClass(Level.CORE)).rank
            > RANK[Level.GENERAL]
        }
        personal = {name: cls for name, cls in registry.personal_fields(model).items() if cls.mask}
        for row in rows if isinstance(rows, list) else []:
            checked_rows += 1
            leaked = above & set(row)
            assert not leaked, (path, leaked)
            withheld += bool(above)
            obj = model._default_manager.filter(pk=row.get("id")).first()
            for name, _cls in personal.items():
                raw = getattr(obj, name, None) if obj is not None else None
                if isinstance(raw, str) and len(raw) > 2 and name in row:
                    assert row[name] != raw, (path, name)
                    masked += 1
    assert checked_rows > 10 and withheld and masked >= 3


def test_bill_totals_reach_only_cleared_clients(personal_world):
    from parkops.datagov.services import set_key_clearance

    world = personal_world
    client = general_key(world)
    bill = client.get("/api/fees/bills/").json()["results"][0]
    assert "total" not in bill and bill["number"] == "ZD-P1"
    key = world.api_user.api_keys.get(name="一般数据")
    set_key_clearance(api_key=key, level=Level.IMPORTANT, by=world.admin)
    assert client.get("/api/fees/bills/").json()["results"][0]["total"] == "99.00"


def test_unmasking_needs_the_permission_and_a_reason_and_is_recorded(personal_world):
    world = personal_world
    staff = APIClient()
    staff.force_login(world.staff_invest)
    rows = staff.get("/api/investment/contacts/").json()["results"]
    assert rows[0]["phone"] == "139****2222"
    assert staff.get("/api/investment/contacts/", {"unmask": 1, "reason": "回访"}).status_code == 403
    admin = APIClient()
    admin.force_login(world.admin)
    assert admin.get("/api/investment/contacts/", {"unmask": 1}).status_code == 400
    assert not PersonalDataAccess.objects.exists()
    rows = admin.get("/api/investment/contacts/", {"unmask": 1, "reason": "核对联系人"}).json()["results"]
    assert rows[0]["phone"] == "13911112222"
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.reason, access.object_type) == (
        world.admin,
        "核对联系人",
        "investment.enterprisecontact",
    )
    assert "phone" in access.fields
    from parkops.audit.models import AuditEntry

    assert AuditEntry.objects.filter(event="unmask_personal", actor_id=world.admin.pk).exists()
