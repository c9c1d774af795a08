"""Row 6 from structured experience and cases, and veto row 1 for a change of planned use:
a condition that vetoes until resolved, however long ago it was found."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command

from parkops.core import clock, evidence
from parkops.core import models as core
from parkops.core.services import create_object, update_object


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_row6_free_text_experience_earns_nothing_structured_entries_and_documented_cases_do(world):
    as_of = clock.localdate()
    lead = core.Staff.objects.get(park=world.alpha, employee_no="A001")
    update_object(obj=lead, data={"is_team_lead": True, "experience": "有"}, by=world.admin)
    operator = world.alpha.operator
    update_object(obj=operator, data={"experience": "有"}, by=world.admin)
    finding = evidence.experience(world.alpha, as_of)
    assert finding.status == "unmet" and finding.fraction == 0  # "有" is not experience

    start = as_of - dt.timedelta(days=3000)
    for area in ("planning", "investment"):
        create_object(
            model=core.LeadExperience,
            data={"staff": lead, "area": area, "role": "副总经理", "place_kind": "park", "place": "南山智园",
                  "started_on": start, "ended_on": start + dt.timedelta(days=1000), "work": "园区规划与招商"},
            by=world.admin,
        )  # fmt: skip
    finding = evidence.experience(world.alpha, as_of)
    assert finding.status == "partial" and finding.fraction == Decimal("0.3333")
    assert any("运营管理" in m for m in finding.missing)
    create_object(
        model=core.LeadExperience,
        data={"staff": lead, "area": "operation", "role": "总经理", "place_kind": "incubator",
              "place": "前海孵化器", "started_on": start, "work": "孵化空间运营管理"},
        by=world.admin,
    )  # fmt: skip
    assert evidence.experience(world.alpha, as_of).fraction == Decimal("0.5")

    case = create_object(
        model=core.ProjectCase,
        data={"operator": operator, "name": "龙华数字园", "place_kind": "park", "started_on": start,
              "work": "受托运营五年"},
        by=world.admin,
    )  # fmt: skip
    finding = evidence.experience(world.alpha, as_of)
    assert finding.fraction == Decimal("0.5") and finding.missing == ["运营机构的同类项目案例缺少证明文件"]
    update_object(
        obj=core.ProjectCase.objects.get(pk=case.pk),
        data={"document": ContentFile(b"%PDF-1.4 case", name="case.pdf")},
        by=world.admin,
    )
    finding = evidence.experience(world.alpha, as_of)
    assert finding.status == "met"
    assert any("龙华数字园" in e.label for e in finding.evidence)


def assess_json(code: str, as_of: dt.date) -> dict:
    out = StringIO()
    call_command("assess", "--park", code, "--json", "--as-of", as_of.isoformat(), stdout=out)
    return json.loads(out.getvalue())


def test_change_of_planned_use_found_three_years_ago_vetoes_until_restored(world):
    today = clock.localdate()
    unit = core.Unit.objects.get(code="A-103")
    found_on = today - dt.timedelta(days=3 * 365 + 1)
    change = create_object(
        model=core.UseChange,
        data={
            "unit": unit,
            "actual_use": "员工宿舍",
            "found_on": found_on,
            "description": "办公用房改作宿舍",
        },
        by=world.admin,
    )
    assert change.planned_use == unit.use  # taken from the unit when not given
    data = assess_json("ALPHA", today)
    assert data["disqualified"] is True and data["total"] is None and data["star"] is None
    assert data["indicators"][0]["status"] == "unmet"
    assert "员工宿舍" in data["indicators"][0]["missing"][0]
    assert [c.pk for c in unit.open_use_changes(today)] == [change.pk]

    with pytest.raises(ValidationError) as err:  # approval needs the planning authority's document
        update_object(
            obj=core.UseChange.objects.get(pk=change.pk),
            data={"resolution": "approved", "resolved_on": today},
            by=world.admin,
        )
    assert "approval" in err.value.message_dict
    update_object(
        obj=core.UseChange.objects.get(pk=change.pk),
        data={"resolution": "restored", "resolved_on": today, "resolution_note": "已恢复办公用途"},
        by=world.admin,
    )
    data = assess_json("ALPHA", today)
    assert data["disqualified"] is False and data["total"] is not None
    assert data["indicators"][0]["status"] == "met"
    # Assessed as of a day before it was restored, the park was vetoed then.
    assert assess_json("ALPHA", today - dt.timedelta(days=1))["disqualified"] is True
    assert list(unit.open_use_changes(today)) == []


def test_a_change_of_planned_use_is_resolved_on_or_after_the_day_it_is_found(world, clock_at):
    clock_at(dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC))
    found_on = dt.date(2026, 11, 16)
    data = {
        "unit": core.Unit.objects.get(code="A-103"),
        "actual_use": "员工宿舍",
        "found_on": found_on,
        "description": "办公用房改作宿舍",
        "resolution": "restored",
        "resolution_note": "已恢复办公用途",
    }
    with pytest.raises(ValidationError) as err:
        create_object(
            model=core.UseChange,
            data={**data, "resolved_on": found_on - dt.timedelta(days=1)},
            by=world.admin,
        )
    assert err.value.message_dict == {"resolved_on": ["处理完成日期不能早于发现日期"]}
    change = create_object(model=core.UseChange, data={**data, "resolved_on": found_on}, by=world.admin)
    assert change.resolved_on == change.found_on
    later = found_on + dt.timedelta(days=3)
    change = update_object(obj=change, data={"resolved_on": later}, by=world.admin)
    assert core.UseChange.objects.get(pk=change.pk).resolved_on == later
