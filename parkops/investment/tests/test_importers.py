"""Customer and lease imports: every bad row named, nothing half-written, and good rows go
through the same services as the pages (stage history, unit states, audit)."""

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.imports import framework
from parkops.imports.tests.helpers import xlsx
from parkops.investment.models import Customer, Lease, Stage, StageChange
from parkops.testing.world import credit_code

CUSTOMER_HEADERS = ["客户名称", "统一社会信用代码", "所属产业", "客户阶段", "招商负责人账号", "需求面积"]
LEASE_HEADERS = ["合同编号", "承租企业信用代码", "房号", "起租日", "到期日", "月租金单价", "年递增率", "押金"]


def test_customer_import_records_stage_history(world):
    rows = [
        ["导入客户甲", credit_code(3001), "", "意向客户", "staff_invest", "300"],
        ["导入客户乙", "", "", "", "", ""],
    ]
    result = framework.import_file(
        framework.get_importer("investment.customers"),
        xlsx(CUSTOMER_HEADERS, rows),
        by=world.staff_invest,
        park=world.alpha,
    )
    assert result.errors == [] and result.created == 2
    first = Customer.objects.get(name="导入客户甲")
    assert first.stage == Stage.INTENT and first.owner == world.staff_invest
    assert StageChange.objects.filter(customer__name__startswith="导入客户").count() == 2


def test_customer_import_refuses_resident_stage_and_unknown_owner(world):
    rows = [["客户丙", "", "", "入驻客户", "", ""], ["客户丁", "", "", "目标客户", "nobody", ""]]
    result = framework.import_file(
        framework.get_importer("investment.customers"),
        xlsx(CUSTOMER_HEADERS, rows),
        by=world.staff_invest,
        park=world.alpha,
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "客户阶段"), (3, "招商负责人账号")]
    assert not Customer.objects.filter(name__in=["客户丙", "客户丁"]).exists()


def test_lease_import_signs_through_the_service(world):
    rows = [["ZL-IMP-1", world.ent_a.credit_code, "A-101", "2026-01-01", "2028-12-31", "90", "3", "36000"]]
    result = framework.import_file(
        framework.get_importer("investment.leases"),
        xlsx(LEASE_HEADERS, rows),
        by=world.staff_invest,
        park=world.alpha,
    )
    assert result.errors == [] and result.created == 1
    lease = Lease.objects.get(number="ZL-IMP-1")
    assert lease.enterprise == world.ent_a and list(lease.units.values_list("code", flat=True)) == ["A-101"]
    assert lease.customer.enterprise == world.ent_a and lease.customer.stage == Stage.RESIDENT
    assert AuditEntry.objects.filter(object_type="investment.lease", object_id=str(lease.pk)).exists()


def test_lease_import_reports_overlaps_and_writes_nothing(world):
    rows = [
        ["ZL-IMP-2", world.ent_a.credit_code, "A-103", "2026-01-01", "2026-12-31", "90", "", ""],
        ["ZL-IMP-3", world.ent_b.credit_code, "A-103", "2026-06-01", "2027-05-31", "90", "", ""],
        ["ZL-IMP-4", world.ent_b.credit_code, "A-101", "2026-01-01", "2026-12-31", "90", "", ""],
        ["ZL-IMP-5", world.ent_c.credit_code, "B-101", "2026-01-01", "2026-12-31", "90", "", ""],
    ]
    before = Lease.objects.count(), AuditEntry.objects.count()
    result = framework.import_file(
        framework.get_importer("investment.leases"),
        xlsx(LEASE_HEADERS, rows),
        by=world.staff_invest,
        park=world.alpha,
    )
    by_row = {e.row: e.reason for e in result.errors}
    assert "本文件中的合同 ZL-IMP-2" in by_row[3]
    assert "甲企业" in by_row[4]  # A-101 is let to 甲企业
    assert 5 in by_row  # BETA's enterprise and unit are out of reach
    assert result.created == 0 and (Lease.objects.count(), AuditEntry.objects.count()) == before
    assert core.Unit.objects.get(code="A-103").state == core.Unit.State.VACANT
