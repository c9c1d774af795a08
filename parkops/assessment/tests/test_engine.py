"""The live self-assessment: statuses, evidence, vetoes, the gap plan, the assess command."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from parkops.assessment import engine, registry
from parkops.assessment.engine import Part, assess, gap_plan, score_row, summarise
from parkops.assessment.models import AssessmentRun, Incident, InnovationItem, Judgement
from parkops.assessment.registry import Evidence, Finding, Source, Status
from parkops.assessment.rubric import load_rubric
from parkops.assessment.services import delete_document, record_assessment, upload_document
from parkops.assessment.tasks import record_daily_assessments
from parkops.core.services import create_object, delete_object

AS_OF = dt.date(2026, 6, 30)
SCORING = {s.value for s in Status}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(world, kind: str, effective_on: dt.date, version: str = "V1", **extra):
    return upload_document(
        park=world.alpha, kind=kind, by=world.admin, title=f"{kind} 文件", version=version,
        effective_on=effective_on, approver="总经理", file=ContentFile(b"%PDF-1.4 test", name="f.pdf"), **extra,
    )  # fmt: skip


def assess_json(code: str, *args: str) -> dict:
    out = StringIO()
    call_command("assess", "--park", code, "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_assess_json_gives_every_scored_row_a_status_and_evidence_or_missing(world):
    data = assess_json("ALPHA", "--as-of", AS_OF.isoformat())
    assert list(data) == ["park", "as_of", "disqualified", "total", "star", "level1", "level2", "indicators"]
    assert (data["park"], data["as_of"], data["disqualified"]) == ("ALPHA", "2026-06-30", False)
    assert [i["row"] for i in data["indicators"]] == list(range(1, 64))
    for item in data["indicators"]:
        assert list(item) == ["row", "points", "score", "status", "evidence", "missing"]
        if item["points"] is not None:
            assert item["status"] in SCORING
            assert item["evidence"] or item["missing"], item
            if item["status"] == "met":
                assert item["evidence"], item
    assert data["indicators"][15] == {
        "row": 16, "points": None, "score": "0.00", "status": "no_indicator", "evidence": [], "missing": [],
    }  # fmt: skip
    scores = sum(Decimal(i["score"]) for i in data["indicators"] if i["points"] is not None)
    assert Decimal(data["total"]) == scores == sum(Decimal(v) for v in data["level1"].values())
    assert set(data["level1"]) == {"基础条件", "运营服务", "数智化", "绿色低碳", "评价与改进"}
    assert "运营服务/通用要求" in data["level2"] and "基础条件/通用要求" in data["level2"]


def test_assess_command_rejects_unknown_park_and_bad_date(world):
    with pytest.raises(CommandError) as unknown:
        call_command("assess", "--park", "NOPE", stdout=StringIO())
    assert unknown.value.returncode == 2 and "NOPE" in str(unknown.value)
    with pytest.raises(CommandError) as bad:
        call_command("assess", "--park", "ALPHA", "--as-of", "2026-02-30", stdout=StringIO())
    assert bad.value.returncode == 2 and "YYYY-MM-DD" in str(bad.value)


def test_readable_output_is_chinese_table(world):
    out = StringIO()
    call_command("assess", "--park", "ALPHA", "--as-of", AS_OF.isoformat(), stdout=out)
    text = out.getvalue()
    assert "自评总分" in text and "原表此行为空，无指标、无分值" in text and "升星差距计划" in text


def test_removing_the_innovation_item_lowers_row_17(world):
    item = create_object(
        model=InnovationItem,
        data={"park": world.alpha, "kind": "new_area", "title": "共享中试车间", "started_on": AS_OF - dt.timedelta(days=30),
              "description": "开放检测设备"},
        by=world.admin,
    )  # fmt: skip
    before = assess(world.alpha, AS_OF).row(17)
    assert (before.status, before.score) == ("met", Decimal("2.00"))
    assert before.evidence[0].url == item.get_absolute_url()
    delete_object(obj=item, by=world.admin)
    after = assess(world.alpha, AS_OF).row(17)
    assert (after.status, after.score) == ("unmet", Decimal("0.00"))
    assert after.missing


def test_deleting_the_current_document_lowers_the_row(world):
    doc = upload(world, "feasibility_plan", AS_OF - dt.timedelta(days=10))
    result = assess(world.alpha, AS_OF)
    assert (result.row(4).status, result.row(4).score) == ("met", Decimal("2.00"))
    delete_document(document=doc, by=world.admin)
    lowered = assess(world.alpha, AS_OF)
    assert (lowered.row(4).status, lowered.row(4).score) == ("needs_document", Decimal("0.00"))
    assert lowered.total == result.total - 2


def test_a_document_counts_only_from_its_effective_date_and_for_its_max_age(world):
    upload(world, "annual_operation_evaluation", dt.date(2025, 3, 1))
    assert assess(world.alpha, dt.date(2025, 2, 28)).row(15).status == "needs_document"
    assert assess(world.alpha, dt.date(2026, 2, 28)).row(15).status == "met"
    stale = assess(world.alpha, dt.date(2026, 3, 2)).row(15)
    assert stale.status == "needs_document" and "365" in stale.missing[0]


@pytest.mark.parametrize(
    ("category", "days_before", "vetoed"),
    [
        (Incident.Category.CRIMINAL, 30, (1,)),
        (Incident.Category.MEDIA_EXPOSURE, 729, (2,)),
        (Incident.Category.SAFETY_ACCIDENT, 731, ()),  # more than two years before
        (Incident.Category.NOTE, 5, ()),  # a recorded note never vetoes
    ],
)
def test_incidents_within_two_years_disqualify(world, category, days_before, vetoed):
    create_object(
        model=Incident,
        data={"park": world.alpha, "occurred_on": AS_OF - dt.timedelta(days=days_before), "category": category,
              "description": "事件经过", "source": "通报"},
        by=world.admin,
    )  # fmt: skip
    result = assess(world.alpha, AS_OF)
    data = result.as_json()
    assert result.vetoed_rows == vetoed
    assert data["disqualified"] is bool(vetoed)
    if vetoed:
        assert data["total"] is None and data["star"] is None
        assert data["indicators"][vetoed[0] - 1]["status"] == "unmet"
        assert gap_plan(result).items == []
    else:
        assert data["total"] is not None
    assert not assess(world.beta, AS_OF).disqualified  # another park's incident is not this park's


def test_judgement_sources_use_the_latest_judgement(world, monkeypatch):
    monkeypatch.setitem(
        registry._sources, 53, [Source(53, "test.judgement", "数据分析平台演示", "judgement", Decimal(1))]
    )
    assert assess(world.alpha, AS_OF).row(53).status == "needs_judgement"
    for fraction, day in (("1", 1), ("0.5", 20)):
        create_object(
            model=Judgement,
            data={"park": world.alpha, "row": 53, "fraction": Decimal(fraction), "judged_on": dt.date(2026, 6, day),
                  "note": "现场演示", "judged_by": "王专家"},
            by=world.admin,
        )  # fmt: skip
    row = assess(world.alpha, AS_OF).row(53)
    assert (row.status, row.score) == ("partial", Decimal("0.50"))
    assert assess(world.alpha, dt.date(2026, 6, 10)).row(53).status == "met"


def test_a_judgement_answers_exactly_the_share_no_source_covers(world, monkeypatch):
    # A record covers half of the row; the judgement recorded for the row answers the other
    # half and only that half.
    half = Source(
        53,
        "test.half",
        "平台记录",
        "auto",
        Decimal("0.5"),
        check=lambda park, as_of: Finding.met([Evidence("有")]),
    )
    monkeypatch.setitem(registry._sources, 53, [half])
    alone = assess(world.alpha, AS_OF).row(53)
    assert alone.score == alone.points * Decimal("0.5")
    create_object(
        model=Judgement,
        data={"park": world.alpha, "row": 53, "fraction": Decimal("0.5"), "judged_on": dt.date(2026, 6, 1),
              "note": "现场演示", "judged_by": "王专家"},
        by=world.admin,
    )  # fmt: skip
    row = assess(world.alpha, AS_OF).row(53)
    judged = [p for p in row.parts if p.kind == "judgement"]
    assert [p.share for p in judged] == [Decimal("0.5")]
    assert row.score == (row.points * Decimal("0.75")).quantize(Decimal("0.01"))


def test_a_check_reporting_met_without_evidence_counts_as_unmet(world, monkeypatch):
    src = Source(
        53,
        "test.empty",
        "空证据",
        "auto",
        Decimal(1),
        check=lambda park, as_of: Finding(Status.MET, Decimal(1)),
    )
    monkeypatch.setitem(registry._sources, 53, [src])
    row = assess(world.alpha, AS_OF).row(53)
    assert (row.status, row.score) == ("unmet", Decimal("0.00"))
    broken = Source(53, "test.broken", "出错", "auto", Decimal(1), check=lambda park, as_of: 1 / 0)
    monkeypatch.setitem(registry._sources, 53, [broken])
    assert assess(world.alpha, AS_OF).row(53).status == "unmet"


def test_core_row_7_names_professional_staff_missing_an_assessment(world):
    row = assess(world.alpha, AS_OF).row(7)
    assert row.status == "partial"
    assert any("张三" in m and "考核" in m for m in row.missing)


# --- The gap plan, on a synthetic result (no database) -----------------------------------


def synthetic(gaps: dict[int, int]):
    """Every scored row met, except ``gaps``: row → effort of its single missing source."""
    rubric = load_rubric()
    rows = []
    for row in rubric:
        if row.is_empty:
            rows.append(engine.RowResult(row, Decimal(0), engine.NO_INDICATOR))
        elif row.veto:
            rows.append(
                engine.veto_row(row, [Part("无事件", "auto", Decimal(1), Finding.met([Evidence("无")]))])
            )
        elif row.row in gaps:
            half = Finding.met([Evidence("有")])
            missing = Finding(Status.UNMET, Decimal(0), [], [f"第{row.row}行缺项"], effort=gaps[row.row])
            rows.append(
                score_row(
                    row,
                    [Part("甲", "auto", Decimal("0.5"), half), Part("乙", "auto", Decimal("0.5"), missing)],
                )
            )
        else:
            rows.append(score_row(row, [Part("全部", "auto", Decimal(1), Finding.met([Evidence("有")]))]))
    return summarise(None, AS_OF, rows)


def test_gap_plan_reaches_the_next_star_cheaply_and_applying_it_gets_there():
    # Half of rows 10 and 24 (3 points each) missing: 97 → already five stars, no next threshold.
    top = synthetic({10: 5, 24: 5})
    assert top.total == Decimal("97.00") and gap_plan(top).target is None
    # Half of these rows missing (28 points → 14): total 86 → target 90 (five stars).
    gaps = {3: 5, 4: 1, 6: 1, 7: 4, 8: 2, 10: 5, 11: 5, 13: 1, 14: 5, 15: 2, 17: 5, 19: 5, 22: 5}
    result = synthetic(gaps)
    assert result.total == Decimal("86.00")
    plan = gap_plan(result)
    assert (plan.target, plan.target_star) == (Decimal(90), 5)
    assert sorted(i.row for i in plan.items) == [4, 6, 8, 13]
    assert plan.reachable and result.total + plan.gain >= plan.target
    # Cheap items first: nothing of effort 5 is needed while effort 1–2 items suffice.
    assert all(item.effort <= 2 for item in plan.items)
    assert [i.gain / i.effort for i in plan.items] == sorted(
        (i.gain / i.effort for i in plan.items), reverse=True
    )
    # Applying the plan: those rows' missing parts met, re-summed, reach the target.
    fixed = synthetic({row: effort for row, effort in gaps.items() if row not in {i.row for i in plan.items}})
    assert fixed.total >= plan.target
    # Nothing in the plan is superfluous: dropping its least valuable item falls short.
    assert result.total + plan.gain - min(i.gain for i in plan.items) < plan.target


def test_gap_plan_says_when_the_next_star_is_out_of_reach(world):
    result = assess(world.alpha, AS_OF)
    plan = gap_plan(result)
    assert plan.target == Decimal(70) and plan.target_star == 3
    assert result.total + plan.gain >= plan.target
    assert all(item.missing for item in plan.items)


# --- History ------------------------------------------------------------------------------


def test_record_assessment_stores_the_run_with_its_gap_plan(world):
    run = record_assessment(park=world.alpha, as_of=AS_OF, by=world.admin)
    assert run.result == assess(world.alpha, AS_OF).as_json()
    assert run.gap_plan["target"] == "70.00" and run.gap_plan["items"]
    assert run.total == Decimal(run.result["total"]) and run.recorded_by == world.admin
    from parkops.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="assessment.assessmentrun", object_id=str(run.pk)).exists()


def test_assessor_and_other_parks_cannot_record(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record_assessment(park=world.alpha, as_of=AS_OF, by=world.assessor)
    with pytest.raises(PermissionDenied):
        record_assessment(park=world.beta, as_of=AS_OF, by=world.admin)
    assert not AssessmentRun.objects.exists()


def test_daily_job_records_one_run_per_park_per_day(world):
    assert record_daily_assessments() == 2
    assert record_daily_assessments() == 0
    assert sorted(AssessmentRun.objects.values_list("park__code", flat=True)) == ["ALPHA", "BETA"]
