"""Excel imports: every error reported with row, column and reason; nothing or everything."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.imports import framework
from parkops.imports.models import ImportJob
from parkops.imports.tests.helpers import xlsx
from parkops.testing.world import credit_code

UNIT_HEADERS = ["楼栋编号", "楼层", "房号", "面积", "用途", "状态", "使用企业信用代码", "挂牌租金"]
TENANT_HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "所属产业",
    "法定代表人",
    "注册资本",
    "成立日期",
    "入驻日期",
    "在园人数",
    "联系人",
    "联系电话",
]


def units_importer():
    return framework.get_importer("units")


def tenants_importer():
    return framework.get_importer("tenants")


def tenant_row(i, code=None, **over):
    row = {
        "企业名称": f"导入测试企业{i}",
        "统一社会信用代码": code or credit_code(5000 + i),
        "所属产业": "",
        "法定代表人": "王五",
        "注册资本": "500",
        "成立日期": "2019-01-02",
        "入驻日期": "2023/4/5",
        "在园人数": 12,
        "联系人": "李四",
        "联系电话": "13800138000",
    }
    row.update(over)
    return [row[h] for h in TENANT_HEADERS]


def test_bad_check_digit_on_row_7_imports_nothing_and_names_row_column_and_reason(world):
    rows = [tenant_row(i) for i in range(10)]
    bad = credit_code(5005)
    bad = bad[:17] + ("0" if bad[17] != "0" else "1")
    rows[5][1] = bad  # the 6th data row is Excel row 7
    before = core.Enterprise.objects.count(), AuditEntry.objects.count()
    result = framework.import_file(
        tenants_importer(), xlsx(TENANT_HEADERS, rows), by=world.admin, park=world.alpha
    )
    assert result.created == 0
    assert [(e.row, e.column, e.value) for e in result.errors] == [(7, "统一社会信用代码", bad)]
    assert "校验位错误" in result.errors[0].reason
    assert (core.Enterprise.objects.count(), AuditEntry.objects.count()) == before


def test_every_kind_of_error_is_listed(world):
    industry = core.Industry.objects.filter(catalogue__is_current=True).first()
    rows = [
        tenant_row(1, 所属产业=industry.name),  # good
        tenant_row(2, 企业名称=""),  # required
        tenant_row(3, 注册资本="很多"),  # decimal
        tenant_row(4, 成立日期="2019-02-30"),  # no such day
        tenant_row(5, 所属产业="不存在的产业"),  # lookup
        tenant_row(6, code=credit_code(5001)),  # duplicate of row 2 within the file
        tenant_row(7, code=world.ent_a.credit_code),  # already in the park
        tenant_row(8, 联系电话="12345"),  # model validator (full_clean)
        tenant_row(9, 在园人数="3.5"),  # int
    ]
    result = framework.import_file(
        tenants_importer(), xlsx(TENANT_HEADERS, rows), by=world.admin, park=world.alpha
    )
    got = {(e.row, e.column) for e in result.errors}
    assert got == {
        (3, "企业名称"),
        (4, "注册资本"),
        (5, "成立日期"),
        (6, "所属产业"),
        (7, "统一社会信用代码"),
        (8, "统一社会信用代码"),
        (9, "联系电话"),
        (10, "在园人数"),
    }
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(3, "企业名称")] == "必填项不能为空"
    assert "与第 2 行重复" in reasons[(7, "统一社会信用代码")]
    assert "已有" in reasons[(8, "统一社会信用代码")]
    assert "找不到" in reasons[(6, "所属产业")]
    assert not core.Enterprise.objects.filter(name__startswith="导入测试企业").exists()


def test_missing_and_unknown_columns_are_reported(world):
    headers = [h for h in TENANT_HEADERS if h != "统一社会信用代码"] + ["备注"]
    result = framework.import_file(
        tenants_importer(), xlsx(headers, [["x"] * len(headers)]), by=world.admin, park=world.alpha
    )
    assert {(e.row, e.column, e.reason) for e in result.errors} == {
        (1, "统一社会信用代码", "缺少必填列"),
        (1, "备注", "无法识别的列：请使用平台提供的模板，不要修改表头"),
    }


def test_good_file_imports_every_row_with_an_audit_entry_each(world):
    rows = [tenant_row(i) for i in range(25)]
    before = AuditEntry.objects.filter(object_type="core.enterprise", action="create").count()
    result = framework.import_file(
        tenants_importer(), xlsx(TENANT_HEADERS, rows), by=world.admin, park=world.alpha
    )
    assert result.ok and result.created == 25
    created = core.Enterprise.objects.filter(name__startswith="导入测试企业")
    assert created.count() == 25
    sample = created.get(name="导入测试企业3")
    assert sample.park == world.alpha and sample.registered_capital == Decimal("500.00")
    assert str(sample.moved_in_on) == "2023-04-05"
    entries = AuditEntry.objects.filter(object_type="core.enterprise", action="create")
    assert entries.count() == before + 25
    assert entries.filter(
        object_id=str(sample.pk), actor_name="admin_alpha", chain=f"park:{world.alpha.pk}"
    ).exists()


def test_units_import_resolves_floor_and_enterprise_in_the_park(world):
    rows = [
        ["A", 1, "A-201", 88.5, "研发", "已租", world.ent_a.credit_code, 95],
        ["A", 1, 202, "120", "", "", "", ""],
    ]
    result = framework.import_file(
        units_importer(), xlsx(UNIT_HEADERS, rows), by=world.staff_invest, park=world.alpha
    )
    assert result.ok, result.errors
    leased = core.Unit.objects.get(code="A-201")
    assert (leased.enterprise, leased.use, leased.state, leased.area) == (
        world.ent_a,
        "rnd",
        "leased",
        Decimal("88.50"),
    )
    plain = core.Unit.objects.get(code="202")
    assert (plain.use, plain.state, plain.enterprise) == ("office", "vacant", None)


def test_units_lookups_cannot_reach_another_park(world):
    rows = [
        ["B", 1, "X-1", 50, "", "", "", ""],  # BETA's building
        ["A", 1, "X-2", 50, "", "已租", world.ent_c.credit_code, ""],  # BETA's enterprise
        ["A", 9, "X-3", 50, "", "", "", ""],  # no such floor
        ["A", 1, "A-101", 50, "", "", "", ""],  # already exists on that floor
        ["A", 1, "X-4", 50, "", "已租", "", ""],  # leased without enterprise (model clean)
    ]
    result = framework.import_file(
        units_importer(), xlsx(UNIT_HEADERS, rows), by=world.admin, park=world.alpha
    )
    got = {(e.row, e.column): e.reason for e in result.errors}
    assert set(got) == {
        (2, "楼栋编号"),
        (3, "使用企业信用代码"),
        (4, "楼层"),
        (5, "房号"),
        (6, "使用企业信用代码"),
    }
    assert "找不到" in got[(3, "使用企业信用代码")]
    assert got[(6, "使用企业信用代码")] == "已租房源必须指定使用企业"
    assert not core.Unit.objects.filter(code__startswith="X-").exists()


def test_tenant_and_assessor_cannot_import(world):
    rows = [["A", 1, "T-1", 50, "", "", "", ""]]
    for user in (world.tenant_a, world.assessor):
        assert not units_importer().allowed(user)
        result = framework.import_file(units_importer(), xlsx(UNIT_HEADERS, rows), by=user, park=world.alpha)
        assert result.created == 0 and "无权" in result.errors[0].reason
    # a department without unit rights
    assert not units_importer().allowed(world.staff_safety)
    # an admin of another park
    assert not units_importer().allowed(world.admin_beta, world.alpha)
    assert not core.Unit.objects.filter(code="T-1").exists()


def test_template_has_headers_instructions_and_choice_lists(world):
    wb = load_workbook(__import__("io").BytesIO(framework.template(units_importer())))
    data, help_sheet = wb["数据"], wb["填写说明"]
    assert [c.value for c in data[1]] == UNIT_HEADERS
    assert data.max_row == 1  # the example lives in the instructions, not the data sheet
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in data.data_validations.dataValidation}
    assert "办公" in lists["E"] and "已租" in lists["F"]
    text = " ".join(str(c.value) for row in help_sheet.iter_rows() for c in row if c.value)
    assert "必填" in text and "A-301" in text and "空置" in text


def test_error_workbook_marks_bad_rows(world):
    rows = [["A", 1, "E-1", 50, "", "", "", ""], ["A", 1, "E-2", "abc", "", "", "", ""]]
    upload = xlsx(UNIT_HEADERS, rows)
    result = framework.import_file(units_importer(), upload, by=world.admin, park=world.alpha)
    wb = load_workbook(
        __import__("io").BytesIO(framework.error_workbook(units_importer(), upload, result.errors))
    )
    sheet = wb["数据"]
    assert sheet.cell(1, 10).value == "错误说明"
    assert sheet.cell(2, 10).value in (None, "")
    assert sheet.cell(3, 1).value == 3 and "面积" in sheet.cell(3, 10).value
    assert wb["错误清单"].cell(2, 1).value == 3


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload_file(rows, headers=UNIT_HEADERS):
    return SimpleUploadedFile("房源.xlsx", xlsx(headers, rows).getvalue())


def test_pages_upload_report_and_done(client, world, media, django_capture_on_commit_callbacks):
    client.force_login(world.admin)
    assert client.get("/imports/").status_code == 200
    template = client.get("/imports/units/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/imports/units/",
            {
                "park": world.alpha.pk,
                "file": upload_file(
                    [["A", 1, "P-1", 50, "", "", "", ""], ["A", 1, "P-2", "x", "", "", "", ""]]
                ),
            },
        )
    job = ImportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/imports/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.FAILED and job.error_count == 1
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "没有导入任何数据" in page and "第 3 行" in page and "应为数字" in page
    assert client.get(f"/imports/jobs/{job.pk}/errors.xlsx").status_code == 200
    assert not core.Unit.objects.filter(code="P-1").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/imports/units/",
            {
                "park": world.alpha.pk,
                "file": upload_file(
                    [["A", 1, "P-1", 50, "", "", "", ""], ["A", 1, "P-2", 60, "", "", "", ""]]
                ),
            },
        )
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    status = client.get(f"/imports/jobs/{job.pk}/status/", HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"
    assert "导入完成" in client.get(f"/imports/jobs/{job.pk}/").content.decode()


def test_tenant_gets_no_import_pages_and_sees_no_jobs(client, world, media):
    client.force_login(world.tenant_a)
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/units/").status_code == 403
    assert (
        client.post("/imports/units/", {"park": world.alpha.pk, "file": upload_file([])}).status_code == 403
    )
    assert not ImportJob.objects.restrict(world.tenant_a).exists()


def test_upload_rejects_non_excel(client, world, media):
    client.force_login(world.admin)
    response = client.post(
        "/imports/units/", {"park": world.alpha.pk, "file": SimpleUploadedFile("units.csv", b"a,b")}
    )
    assert response.status_code == 200 and ".xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_progress_is_reported_outside_the_transaction(world):
    seen = []
    rows = [["A", 1, f"G-{i}", 50, "", "", "", ""] for i in range(120)]
    framework.import_file(
        units_importer(),
        xlsx(UNIT_HEADERS, rows),
        by=world.admin,
        park=world.alpha,
        progress=lambda phase, done, total: seen.append((phase, done, total)),
    )
    assert seen[0][0] == "validating" and seen[-1] == ("writing", 120, 120)
    framework.set_progress(99, "writing", 30, 60)
    assert framework.progress_of(99)["percent"] == 75


def test_template_examples_pass_their_own_checks():
    """A template's example row is what a user copies: a credit code or phone shown there must
    pass the validation the importer applies to it."""
    from django.core.exceptions import ValidationError

    from parkops.core.validators import validate_credit_code, validate_mainland_phone
    from parkops.imports.framework import all_importers

    checks = {"credit_code": validate_credit_code, "contact_phone": validate_mainland_phone}
    checked, wrong = 0, []
    for importer in all_importers():
        for column in importer.columns:
            key = column.lookup.field if column.lookup else column.field  # a lookup names its key
            check = checks.get(key)
            if check is None or not column.example:
                continue
            checked += 1
            try:
                check(str(column.example))
            except ValidationError as exc:
                wrong.append(f"{importer.key} {column.header} {column.example}: {exc.messages}")
    assert checked >= 5
    assert wrong == []
