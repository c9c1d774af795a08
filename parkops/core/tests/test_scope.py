"""Who sees what: the base queryset narrows every read by park, role and enterprise."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.core.services import create_object, delete_object, update_object


def codes(qs):
    return sorted(str(o.code) for o in qs)


def test_operator_admin_sees_only_own_parks(world):
    assert codes(core.Park.objects.restrict(world.admin)) == ["ALPHA"]
    assert codes(core.Park.objects.restrict(world.admin_beta)) == ["BETA"]
    assert codes(core.Park.objects.restrict(world.platform)) == ["ALPHA", "BETA"]


def test_tenant_sees_own_enterprise_rows_only(world):
    assert [e.name for e in core.Enterprise.objects.restrict(world.tenant_a)] == ["甲企业"]
    assert codes(core.Unit.objects.restrict(world.tenant_a)) == ["A-101"]
    assert codes(core.Unit.objects.restrict(world.tenant_b)) == ["A-102"]
    # Buildings are public to the park's tenants, not to other parks' tenants.
    assert codes(core.Building.objects.restrict(world.tenant_a)) == ["A"]
    assert codes(core.Building.objects.restrict(world.tenant_c)) == ["B"]
    # Staff records are not for tenants at all.
    assert not core.Staff.objects.restrict(world.tenant_a).exists()
    assert not core.Department.objects.restrict(world.tenant_a).exists()


def test_assessor_reads_assigned_park_only_and_cannot_write(world):
    assert codes(core.Park.objects.restrict(world.assessor)) == ["ALPHA"]
    assert core.Staff.objects.restrict(world.assessor).count() == 1
    assert not core.Unit.objects.restrict(world.assessor, "change").exists()
    unit = core.Unit.objects.get(code="A-103")
    with pytest.raises(PermissionDenied):
        update_object(obj=unit, data={"listed_rent": 100}, by=world.assessor)


def test_staff_write_rights_follow_department(world):
    unit = core.Unit.objects.get(code="A-103")
    assert core.Unit.objects.restrict(world.staff_invest, "change").filter(pk=unit.pk).exists()
    assert not core.Unit.objects.restrict(world.staff_safety, "change").exists()
    with pytest.raises(PermissionDenied):
        update_object(obj=unit, data={"listed_rent": 100}, by=world.staff_safety)
    update_object(obj=unit, data={"listed_rent": 120}, by=world.staff_invest)
    unit.refresh_from_db()
    assert unit.listed_rent == 120


def test_cannot_write_into_another_park(world):
    beta_building = core.Building.objects.get(code="B")
    with pytest.raises(PermissionDenied):
        create_object(
            model=core.Floor, data={"building": beta_building, "number": 2, "area": 100}, by=world.admin
        )
    assert not core.Floor.objects.filter(building=beta_building, number=2).exists()


def test_failed_write_leaves_no_row_and_no_audit_entry(world):
    floor = core.Floor.objects.get(building__code="A", number=1)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create_object(
            model=core.Unit,
            data={"floor": floor, "code": "A-999", "area": 100, "state": "leased"},
            by=world.admin,
        )
    assert "enterprise" in excinfo.value.message_dict
    assert not core.Unit.objects.filter(code="A-999").exists()
    assert AuditEntry.objects.count() == before


def test_write_is_audited_with_before_and_after(world):
    unit = core.Unit.objects.get(code="A-103")
    update_object(obj=unit, data={"listed_rent": 95}, by=world.admin)
    entry = AuditEntry.objects.filter(object_type="core.unit", object_id=str(unit.pk)).latest("seq")
    assert entry.action == "update"
    assert entry.actor_name == "admin_alpha"
    assert entry.chain == f"park:{world.alpha.pk}"
    assert entry.before == {"listed_rent": None}
    assert entry.after == {"listed_rent": "95.00"}


def test_delete_protected_by_relations_reports_why(world):
    enterprise = world.ent_a
    with pytest.raises(ValidationError):
        delete_object(obj=enterprise.park, by=world.platform)
    assert core.Park.objects.filter(pk=enterprise.park_id).exists()


def test_delete_is_undone_when_its_audit_entry_cannot_be_written(world, monkeypatch):
    # The row and its audit entry go together: a delete whose entry fails leaves the row.
    def audit_fails(**kwargs):
        raise RuntimeError("audit chain unavailable")

    monkeypatch.setattr("parkops.audit.services.record", audit_fails)
    unit = core.Unit.objects.get(code="A-103")
    pk, before = unit.pk, AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        delete_object(obj=unit, by=world.admin)
    assert core.Unit.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.count() == before
