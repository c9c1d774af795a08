"""Veto row 1 as the engine reads it: the panel's answer is compared with the incident register
and with the park's standing changes of planned use (units and function spaces), however long
ago they began; the report prints the panel's specialities and the comparison."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from parkops.core import clock
from parkops.core import models as core
from parkops.core.services import create_object, update_object
from parkops.evaluation import reports, selectors, services
from parkops.evaluation.tests.test_panel_fidelity import _client, _scored_panel
from parkops.spaces.models import FunctionSpace


def _use_change(world, days_ago=3 * 365):
    return create_object(
        model=core.UseChange,
        data={
            "unit": core.Unit.objects.get(code="A-103"),
            "actual_use": "员工宿舍",
            "found_on": clock.localdate() - dt.timedelta(days=days_ago),
            "description": "办公用房改作宿舍",
        },
        by=world.admin,
    )


def test_an_old_unresolved_change_of_use_contradicts_a_not_found_answer(world):
    project, [lead, *_] = _scored_panel(world)
    change = _use_change(world)
    [row1, _row2] = selectors.veto_register(project, clock.localdate(), world.admin)
    assert row1.register_found and [c.pk for c in row1.use_changes] == [change.pk]
    assert row1.incidents == []
    with pytest.raises(ValidationError) as err:
        services.record_veto_findings(
            project=project, by=lead.user, illegal=False, accident=False, basis="现场核查"
        )
    message = err.value.message_dict["veto_illegal_reason"][0]
    assert "第 1 行" in message and "改变规划用途" in message
    # Restored: the answer "not found" agrees again.
    update_object(
        obj=change, data={"resolution": "restored", "resolved_on": clock.localdate()}, by=world.admin
    )
    services.record_veto_findings(
        project=project, by=lead.user, illegal=False, accident=False, basis="现场核查"
    )
    html = _client(world.admin).get(f"/evaluation/projects/{project.pk}/?tab=result").content.decode()
    section = html[html.index('id="veto-register"') :]
    assert "data-use-change" not in section


def test_a_function_space_used_other_than_planned_shows_beside_the_answer(world):
    project, [lead, *_] = _scored_panel(world)
    space = create_object(
        model=FunctionSpace,
        data={
            "park": world.alpha,
            "kind": "meeting_room",
            "name": "改作仓库的会议室",
            "planned_use": "配套办公用房",
            "actual_use": "仓库",
        },
        by=world.admin,
    )
    services.record_veto_findings(
        project=project,
        by=lead.user,
        illegal=False,
        accident=False,
        basis="现场核查",
        illegal_reason="仓库为临时堆放，已责令月底前恢复",
    )
    html = _client(world.admin).get(f"/evaluation/projects/{project.pk}/?tab=result").content.decode()
    section = html[html.index('id="veto-register"') :]
    assert "data-space-use" in section and space.name in section and "与登记不一致" in section

    # The report, as the lead sees the draft before publication.
    project.refresh_from_db()
    data = reports.evaluation_report_data(project, lead.user)
    [row1, row2] = data["veto_lines"]
    assert "改作仓库的会议室：配套办公用房→仓库" in row1[2]
    assert row1[3].startswith("与登记不一致") and "临时堆放" in row1[3]
    assert row2[2] == "无" and row2[3] == "与登记一致"
    assert all(p["specialities"] != "—" for p in data["panel"])
    from docx import Document

    document = Document(io.BytesIO(reports.evaluation_report_docx(data)))
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "专业领域" in cells and data["panel"][0]["specialities"] in cells
    assert row1[2] in cells and row1[3] in cells
