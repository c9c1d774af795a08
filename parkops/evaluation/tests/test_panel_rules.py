"""Recusal, the aggregation rule, and the published result against panel.py by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parkops.assessment.panel import Aggregation, ExpertSheet, PanelSubmission, score_panel
from parkops.assessment.selectors import edition_rubric
from parkops.audit.models import AuditEntry
from parkops.core.services import update_object
from parkops.evaluation import services
from parkops.evaluation.models import ExpertScore
from parkops.evaluation.tests.helpers import (
    declare_clear,
    full_sheet,
    make_project,
    panel,
    score_and_submit,
    to_scoring,
)


def years_ago(n: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - n) + dt.timedelta(days=days)


def test_adding_an_expert_grants_read_access_to_the_park_and_is_audited(world):
    project = make_project(world)
    [lead, second] = panel(world, project, 2)
    assert second.user.parks.filter(pk=world.alpha.pk).exists()
    assert AuditEntry.objects.filter(event="evaluation_panel_access", object_id=str(second.user.pk)).exists()
    with pytest.raises(ValidationError):
        services.add_expert(project=project, user=world.staff_admin, by=world.admin)  # not an assessor


@pytest.mark.parametrize(
    ("kwargs", "recused"),
    [
        ({"has_conflict": True, "conflict_detail": "配偶在该园区入驻企业任职"}, True),
        ({"has_conflict": False, "worked_for_operator": True, "employment_ended_on": None}, True),
        ({"has_conflict": False, "worked_for_operator": True, "employment_ended_on": "recent"}, True),
        ({"has_conflict": False, "worked_for_operator": True, "employment_ended_on": "long_ago"}, False),
        ({"has_conflict": False}, False),
    ],
)
def test_recusal_rules(world, kwargs, recused):
    project = make_project(world)
    [expert] = panel(world, project, 1)
    ended = kwargs.get("employment_ended_on")
    if ended == "recent":
        kwargs["employment_ended_on"] = years_ago(3, days=1)  # within the three years
    elif ended == "long_ago":
        kwargs["employment_ended_on"] = years_ago(3)  # exactly three years before: no longer recused
    declaration = services.declare_conflict(expert=expert, by=expert.user, **kwargs)
    assert declaration.recused is recused


def test_conflict_needs_detail_and_declaration_is_made_once(world):
    project = make_project(world)
    [expert] = panel(world, project, 1)
    with pytest.raises(ValidationError) as err:
        services.declare_conflict(expert=expert, by=expert.user, has_conflict=True)
    assert "conflict_detail" in err.value.message_dict
    services.declare_conflict(expert=expert, by=expert.user, has_conflict=False)
    with pytest.raises(ValidationError):
        services.declare_conflict(expert=expert, by=expert.user, has_conflict=True, conflict_detail="改口")


def test_recused_or_undeclared_expert_cannot_score_and_is_left_out_of_the_result(world):
    project = make_project(world)
    lead, a, b, recused = panel(world, project, 4)
    declare_clear([lead, a, b])
    project = to_scoring(world, project)
    with pytest.raises(ValidationError, match="利益冲突声明"):
        services.save_scores(expert=recused, by=recused.user, scores=full_sheet(project))
    services.declare_conflict(
        expert=recused,
        by=recused.user,
        worked_for_operator=True,
        employment_ended_on=years_ago(1),
        has_conflict=False,
    )
    recused.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.save_scores(expert=recused, by=recused.user, scores=full_sheet(project))
    assert not ExpertScore.objects.filter(expert=recused).exists()
    for e in (lead, a, b):
        score_and_submit(e, project)
    services.record_veto_findings(
        project=project, by=lead.user, illegal=False, accident=False, basis="信用中国查询无记录"
    )
    result = services.publish_result(project=project, by=lead.user)
    assert result.experts_recused == [recused.user.name]
    assert recused.user.name not in result.experts_counted
    assert len(result.experts_counted) == 3


def test_trimmed_mean_refused_with_fewer_than_five_active_experts(world):
    project = make_project(world)
    experts = panel(world, project, 5)
    declare_clear(experts[:4])
    with pytest.raises(ValidationError) as err:
        update_object(obj=project, data={"aggregation": "trimmed_mean"}, by=world.admin)
    assert "至少 5 位" in err.value.message_dict["aggregation"][0]
    # The fifth expert recuses: still four active.
    services.declare_conflict(
        expert=experts[4], by=experts[4].user, has_conflict=True, conflict_detail="曾参与园区规划"
    )
    project.refresh_from_db()
    with pytest.raises(ValidationError):
        update_object(obj=project, data={"aggregation": "trimmed_mean"}, by=world.admin)
    project.refresh_from_db()
    assert project.aggregation == "mean"


def test_trimmed_mean_accepted_with_five_active_experts(world):
    project = make_project(world)
    experts = panel(world, project, 5)
    declare_clear(experts)
    project = update_object(obj=project, data={"aggregation": "trimmed_mean"}, by=world.admin)
    assert project.aggregation == "trimmed_mean"


def test_score_sheet_checks_every_row_and_writes_nothing_on_error(world):
    project = make_project(world)
    [lead] = panel(world, project, 1)
    declare_clear([lead])
    project = to_scoring(world, project)
    sheet = full_sheet(project, {3: "2.5", 4: "abc", 5: "-1"})
    with pytest.raises(ValidationError) as err:
        services.save_scores(expert=lead, by=lead.user, scores=sheet)
    assert set(err.value.message_dict) == {"row_3", "row_4", "row_5"}
    assert "0 到 2" in err.value.message_dict["row_3"][0]
    assert not ExpertScore.objects.filter(expert=lead).exists()
    services.save_scores(expert=lead, by=lead.user, scores={3: ("2", "")})
    with pytest.raises(ValidationError, match="未评分"):
        services.submit_sheet(expert=lead, by=lead.user)


def test_published_result_equals_panel_computation_by_hand(world):
    project = make_project(world)
    lead, a, b, recused = panel(world, project, 4)
    declare_clear([lead, a, b])
    services.declare_conflict(
        expert=recused, by=recused.user, has_conflict=True, conflict_detail="近亲属任园区副总"
    )
    project = to_scoring(world, project)
    # Row 3 (2 points): 2, 2, 1 → 5/3 = 1.666… → 1.67. Row 4 (2 points): 2, 1.5, 1.25 → 4.75/3 = 1.5833… → 1.58.
    # Row 62 (2 points): 2, 2, 1.5 → 1.83. Every other row full marks.
    score_and_submit(lead, project)
    score_and_submit(a, project, {4: "1.5"})
    score_and_submit(b, project, {3: "1", 4: "1.25", 62: "1.5"})
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    result = services.publish_result(project=project, by=lead.user)

    assert result.indicators["3"] == "1.67"
    assert result.indicators["4"] == "1.58"
    assert result.indicators["62"] == "1.83"
    # 100 − (2 − 1.67) − (2 − 1.58) − (2 − 1.83) = 99.08
    assert result.total == Decimal("99.08")
    assert result.star == 5
    assert result.level1["基础条件"] == "20.25"  # 21 − 0.33 − 0.42
    assert result.level1["评价与改进"] == "3.83"
    assert result.level2["评价与改进/内部评价"] == "1.83"

    # The same sheets through panel.py directly give the same result.
    rubric = edition_rubric(project.edition)
    sheets = []
    for name, overrides in (("l", {}), ("a", {4: "1.5"}), ("b", {3: "1", 4: "1.25", 62: "1.5"})):
        scores = {row: Decimal(v) for row, (v, _) in full_sheet(project, overrides).items()}
        sheets.append(ExpertSheet(name, scores))
    expected = score_panel(rubric, PanelSubmission(tuple(sheets), {1: False, 2: False}, Aggregation.MEAN))
    assert result.total == expected.total
    assert result.indicators == expected.as_json()["indicators"]
    project.refresh_from_db()
    assert project.status == "published"


def test_veto_finding_disqualifies(world):
    project = make_project(world)
    experts = panel(world, project, 3)
    lead = experts[0]
    declare_clear(experts)
    project = to_scoring(world, project)
    for e in experts:
        score_and_submit(e, project)
    with pytest.raises(ValidationError, match="否决项"):
        services.publish_result(project=project, by=lead.user)
    services.record_veto_findings(
        project=project,
        by=lead.user,
        illegal=True,
        accident=False,
        basis="2025 年园区发生改变规划用途情形，区规划部门通报",
        illegal_reason="区规划部门通报，园区尚未登记该事件",
    )
    result = services.publish_result(project=project, by=lead.user)
    assert result.disqualified and result.total is None and result.star is None
    assert result.vetoed_rows == [1]


def test_only_the_lead_publishes(world):
    project = make_project(world)
    lead, member = panel(world, project, 2)
    declare_clear([lead, member])
    project = to_scoring(world, project)
    with pytest.raises(PermissionDenied):
        services.publish_result(project=project, by=member.user)
    with pytest.raises(PermissionDenied):
        services.publish_result(project=project, by=world.admin)
