"""Protection outside the API (clause 7.2.4): pages, Excel exports and the API alike leave out
a field above the reader's clearance and mask personal data unless a reader who may unmask
asks, with a reason — and that reading is recorded. Every export of the platform is
enumerated: the generic list exports from the URL patterns, the others from the modules that
write workbooks (a new one fails here until it is listed)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from rest_framework.test import APIClient

from parkops.core.scope import VIEW
from parkops.core.views import ObjectListView
from parkops.datagov import protection, registry
from parkops.datagov.models import PersonalDataAccess
from parkops.datagov.registry import RANK, Level
from parkops.datagov.tests.api_routes import list_routes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def generic_lists():
    """(url name, model) of every generic list page (and so every generic Excel export)."""
    out = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view is None or not issubclass(view, ObjectListView) or pattern.pattern.converters:
                    continue
                model = getattr(pattern.callback, "view_initkwargs", {}).get("model") or view.model
                if model is not None and pattern.name:
                    out.append((f"{namespace}{pattern.name}", model))

    walk(get_resolver().url_patterns, "")
    return out


# Exports written by their own views (not the generic list export): module → how to reach it.
# ``None``: the module writes workbooks that are no data export (the classification itself).
OTHER_EXPORTS = {
    "parkops/energy/views.py": lambda world: ["/energy/?export=xlsx"],
    "parkops/evaluation/reports.py": lambda world: [
        f"/evaluation/projects/{pk}/ledger.xlsx" for pk in _evaluation_projects(world)
    ],
    "parkops/insight/reports.py": lambda world: ["/insight/monthly/?format=xlsx"],
    "parkops/insight/explore.py": lambda world: _explore_exports(),
    "parkops/audit/views.py": lambda world: ["/audit/?export=xlsx"],
    "parkops/datagov/documents.py": None,
    "parkops/core/views.py": None,  # the generic export, enumerated from the URL patterns
    "parkops/imports/": None,  # import templates: headers only, no records
}


def _evaluation_projects(world):
    from parkops.evaluation.models import EvaluationProject

    return list(EvaluationProject.objects.restrict(world.admin, VIEW).values_list("pk", flat=True)[:3])


def _explore_exports():
    from parkops.insight.explore import DATASETS

    return [f"/insight/explore/?dataset={code}&export=xlsx" for code in DATASETS]


def test_every_module_that_writes_a_workbook_is_enumerated():
    writers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "parkops").rglob("*.py")
        if "tests" not in path.parts and "Workbook(" in path.read_text(encoding="utf-8")
    )
    unlisted = [w for w in writers if not any(w.startswith(known) for known in OTHER_EXPORTS)]
    assert writers and not unlisted, f"exports not checked by this file: {unlisted}"


def raw_personal_values() -> set[str]:
    """Every masked personal value stored in the database (as it would leak)."""
    values = set()
    for model in registry.platform_models():
        for name, cls in registry.personal_fields(model).items():
            if not cls.mask or model._meta.get_field(name).many_to_many:
                continue
            for value in model._default_manager.exclude(**{name: ""}).values_list(name, flat=True):
                if isinstance(value, str) and len(value) >= 5:
                    values.add(value)
    return values


def above(model, clearance: str) -> set[str]:
    """Labels of the model's fields above ``clearance`` that no field within it shares."""
    hidden, shown = set(), set()
    for field in registry.model_fields(model):
        cls = registry.classify(model, field.name) or registry.FieldClass(Level.CORE)
        (hidden if cls.rank > RANK[Level(clearance)] else shown).add(str(field.verbose_name))
    return hidden - shown


def workbook_cells(content: bytes) -> tuple[list[list[str]], list[str]]:
    """(header row of each sheet, every cell's text) of an xlsx answer."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    headers, cells = [], []
    for ws in wb.worksheets:
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            texts = ["" if v is None else str(v) for v in row]
            if i == 0:
                headers.append(texts)
            cells.extend(texts)
    return headers, cells


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_generic_exports_and_pages_leave_out_fields_above_a_general_reader(personal_world, monkeypatch):
    """A reader cleared for 一般数据 (as an API key is) receives no 重要/核心 field from any
    generic list page, its Excel export, or a detail page."""
    from parkops.safety.models import MonitoredArea, MonitoringArea

    world = personal_world
    area = MonitoredArea.objects.create(park=world.alpha, area=MonitoringArea.values[0], name="东门机要区")
    monkeypatch.setattr(protection, "clearance_of", lambda user: Level.GENERAL)
    client = signed_in(world.admin)
    lists = generic_lists()
    assert len(lists) > 80
    checked_exports = withheld = 0
    details = []
    from django.urls import reverse

    for name, model in lists:
        labels = above(model, Level.GENERAL)
        response = client.get(reverse(name), {"export": "xlsx"})
        if response.status_code != 200 or response["Content-Type"] != XLSX:
            continue
        checked_exports += 1
        headers, _cells = workbook_cells(response.content)
        leaked = labels & set(headers[0])
        assert not leaked, (name, leaked)
        withheld += bool(labels)
        obj = model.objects.restrict(world.admin, VIEW).first()
        if obj is None or not labels or not hasattr(obj, "get_absolute_url"):
            continue
        try:
            url = obj.get_absolute_url()
        except Exception:  # noqa: BLE001 - a model without a detail page
            continue
        page = client.get(url)
        terms = set(re.findall(r"<dt>(.*?)</dt>", page.content.decode()))
        if page.status_code == 200 and terms:
            assert not labels & terms, (url, labels & terms)
            details.append((url, labels))
    assert checked_exports > 80 and withheld >= 5 and len(details) >= 2
    # A record whose name is itself 重要数据 is named by its kind and id, on its page and in the API.
    page = client.get(area.get_absolute_url()).content.decode()
    assert "东门机要区" not in page and f"#{area.pk}" in page
    assert "东门机要区" not in client.get(reverse("safety:monitoredarea_list")).content.decode()
    # The same pages show those fields to a reader cleared for them: the check above can fail.
    monkeypatch.setattr(protection, "clearance_of", lambda user: Level.CORE)
    assert any(
        labels & set(re.findall(r"<dt>(.*?)</dt>", client.get(url).content.decode()))
        for url, labels in details
    )


def test_no_export_page_or_api_answer_carries_personal_data_unmasked(personal_world):
    world = personal_world
    raw = raw_personal_values()
    assert {"13911112222", "13733334444", "13655556666", "zl@a.cn"} <= raw

    def leaks(text: str) -> set[str]:
        return {value for value in raw if value in text}

    from django.urls import reverse

    client = signed_in(world.admin)
    exports = pages = 0
    for name, model in generic_lists():
        page = client.get(reverse(name))
        if page.status_code == 200:
            pages += 1
            assert not leaks(page.content.decode()), (name, leaks(page.content.decode()))
        response = client.get(reverse(name), {"export": "xlsx"})
        if response.status_code == 200 and response["Content-Type"] == XLSX:
            exports += 1
            _headers, cells = workbook_cells(response.content)
            assert not leaks("\n".join(cells)), (name, leaks("\n".join(cells)))
        for obj in model.objects.restrict(world.admin, VIEW)[:3]:
            if registry.personal_fields(model) and hasattr(obj, "get_absolute_url"):
                detail = client.get(obj.get_absolute_url())
                if detail.status_code == 200:
                    assert not leaks(detail.content.decode()), (obj, leaks(detail.content.decode()))
    for urls in OTHER_EXPORTS.values():
        for url in urls(world) if urls else ():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response["Content-Type"] == XLSX:
                exports += 1
                _headers, cells = workbook_cells(response.content)
                assert not leaks("\n".join(cells)), (url, leaks("\n".join(cells)))
    api = APIClient()
    api.force_login(world.admin)
    answers = 0
    for path in list_routes():
        if path.startswith("/api/open/"):
            continue
        response = api.get(path, {"limit": 50})
        if response.status_code == 200:
            answers += 1
            text = json.dumps(response.json(), ensure_ascii=False)
            assert not leaks(text), (path, leaks(text))
    assert pages > 80 and exports > 80 and answers > 80
    assert not PersonalDataAccess.objects.exists()


def _contact_urls(world):
    from django.urls import reverse

    from parkops.investment.models import EnterpriseContact

    contact = EnterpriseContact.objects.get(name="赵六")
    return contact, reverse("investment:enterprisecontact_list"), contact.get_absolute_url()


def test_pages_and_exports_mask_and_unmask_only_with_the_permission_and_a_reason(personal_world):
    from parkops.audit.models import AuditEntry

    world = personal_world
    contact, list_url, detail_url = _contact_urls(world)
    staff = signed_in(world.staff_invest)
    for url in (list_url, detail_url):
        text = staff.get(url).content.decode()
        assert "139****2222" in text and "13911112222" not in text, url
    assert "显示完整个人信息" not in staff.get(detail_url).content.decode()  # the button needs the right
    assert staff.get(detail_url, {"unmask": 1, "reason": "回访"}).status_code == 403
    assert staff.get(list_url, {"export": "xlsx", "unmask": 1, "reason": "回访"}).status_code == 403
    admin = signed_in(world.admin)
    text = admin.get(detail_url).content.decode()
    assert "139****2222" in text and "显示完整个人信息" in text
    text = admin.get(detail_url, {"unmask": 1}).content.decode()  # no reason: still masked
    assert "13911112222" not in text and "须说明理由" in text
    assert not PersonalDataAccess.objects.exists()
    text = admin.get(detail_url, {"unmask": 1, "reason": "核对联系人"}).content.decode()
    assert "13911112222" in text
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.reason, access.channel, access.object_id) == (
        world.admin,
        "核对联系人",
        "page",
        str(contact.pk),
    )
    assert "phone" in access.fields
    response = admin.get(list_url, {"export": "xlsx", "unmask": 1, "reason": "导出核对"})
    _headers, cells = workbook_cells(response.content)
    assert "13911112222" in cells
    exported = PersonalDataAccess.objects.filter(channel="export")
    assert exported.count() >= 1 and {a.reason for a in exported} == {"导出核对"}
    assert AuditEntry.objects.filter(event="unmask_personal", actor_id=world.admin.pk).count() == (
        PersonalDataAccess.objects.count()
    )
    _headers, cells = workbook_cells(admin.get(list_url, {"export": "xlsx"}).content)
    assert "139****2222" in cells and "13911112222" not in cells


def test_the_history_on_a_detail_page_masks_personal_values_too(personal_world):
    from parkops.core.services import update_object

    world = personal_world
    contact, _list_url, detail_url = _contact_urls(world)
    update_object(obj=contact, data={"phone": "13922223333"}, by=world.admin)
    text = signed_in(world.staff_invest).get(detail_url).content.decode()
    assert "139****3333" in text and "139****2222" in text
    assert "13922223333" not in text and "13911112222" not in text


def test_histories_on_pages_of_their_own_mask_personal_values(personal_world):
    """Pages that build their history themselves (a customer, a lease, a hazard, a corrective
    action) mask it like the generic detail page: the customer's creation recorded the
    contact's phone whole, and the history must not repeat it (found by `make proof`)."""
    from parkops.investment.models import Customer
    from parkops.investment.services import create_customer

    world = personal_world
    customer = create_customer(
        data={"park": world.alpha, "name": "戊公司", "contact_name": "孙八", "contact_phone": "13544445555"},
        by=world.admin,
    )
    customer = Customer.objects.get(pk=customer.pk)
    for user in (world.staff_invest, world.admin):
        text = signed_in(user).get(f"/investment/customers/{customer.pk}/").content.decode()
        assert "135****5555" in text, user
        assert "13544445555" not in text, user
