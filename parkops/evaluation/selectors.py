"""Reads of a third-party evaluation that carry rules: what a user may see of the panel's
scores, the panel computation (by :mod:`parkops.assessment.panel`, never re-implemented)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from parkops.assessment.models import Indicator
from parkops.assessment.panel import (
    Aggregation,
    ExpertSheet,
    PanelError,
    PanelResult,
    PanelSubmission,
    score_panel,
    unrounded_total,
)
from parkops.assessment.selectors import edition_rubric
from parkops.core.scope import Role
from parkops.evaluation.models import (
    ClarificationRequest,
    EvaluationProject,
    EvaluationResult,
    Expert,
    ExpertScore,
    MaterialsSubmission,
)


def projects_for(user):
    return EvaluationProject.objects.restrict(user, "view").select_related("park", "edition")


def expert_of(project: EvaluationProject, user) -> Expert | None:
    """The user's seat on the project's panel, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.select_related("declaration").filter(project=project, user=user).first()


def may_see_panel_scores(project: EvaluationProject, user) -> bool:
    """Whether the user may see other experts' scores of this project (not only its own)."""
    if user.is_superuser:
        return True
    if project.status == EvaluationProject.Status.PUBLISHED:
        return user.role != Role.TENANT
    expert = expert_of(project, user)
    return bool(expert and expert.sheet_submitted_at)


def visible_scores(project: EvaluationProject, user):
    """The experts' scores of the project that ``user`` may read: an expert's own always; the
    others' only for a reader cleared for them (each expert's scores are 重要数据: a leak
    would expose the expert and the evaluation's fairness)."""
    from parkops.datagov.protection import Protection

    qs = (
        ExpertScore.objects.restrict(user, "view")
        .filter(expert__project=project)
        .select_related("expert__user", "indicator")
    )
    if not Protection(user).sees("evaluation.ExpertScore.score"):
        qs = qs.filter(expert__user_id=user.pk)
    return qs


def visible_result(project: EvaluationProject, user) -> EvaluationResult | None:
    return EvaluationResult.objects.restrict(user, "view").filter(project=project).first()


def materials(project: EvaluationProject, user) -> MaterialsSubmission | None:
    return MaterialsSubmission.objects.restrict(user, "view").filter(project=project).first()


def clarifications(project: EvaluationProject, user):
    return (
        ClarificationRequest.objects.restrict(user, "view")
        .filter(project=project)
        .select_related("indicator", "asked_by__user", "answered_by")
    )


def scored_indicators(project: EvaluationProject):
    return Indicator.objects.filter(edition=project.edition_id, points__isnull=False).order_by("row")


@dataclass
class PanelComputation:
    """A panel result and who it counted; ``result`` is None when nothing can be computed yet."""

    result: PanelResult | None
    counted: list[Expert] = field(default_factory=list)
    recused: list[Expert] = field(default_factory=list)
    veto_assumed: bool = False
    problems: list[str] = field(default_factory=list)
    unrounded: Fraction | None = None


def compute_panel(project: EvaluationProject, *, provisional: bool = False) -> PanelComputation:
    """The panel's result from the submitted sheets of the experts who were not recused, and
    the veto findings, by the rules of :mod:`parkops.assessment.panel`.

    ``provisional``: what the sheets submitted so far give, with the veto items taken as not
    found until the lead records them (``veto_assumed``); PanelError is then caught and told.
    Whoever calls this must have checked that the user may see the panel's scores.
    """
    experts = list(project.experts.select_related("user", "declaration").order_by("id"))
    recused = [e for e in experts if e.recused]
    counted = [e for e in experts if e.may_score and e.sheet_submitted_at]
    rubric = edition_rubric(project.edition)
    veto_rows = [r.row for r in rubric.veto_rows]
    findings = [project.veto_illegal, project.veto_accident]
    assumed = any(f is None for f in findings)
    veto = {row: bool(found) for row, found in zip(veto_rows, findings, strict=False)}
    scores: dict[int, dict[int, Decimal]] = {e.pk: {} for e in counted}
    for score in ExpertScore.objects.filter(expert__in=counted).select_related("indicator"):
        scores[score.expert_id][score.indicator.row] = Decimal(score.score)
    sheets = tuple(ExpertSheet(expert=f"{e.user.name}#{e.pk}", scores=scores[e.pk]) for e in counted)
    computation = PanelComputation(None, counted, recused, assumed)
    if not sheets:
        computation.problems.append(_("尚无已提交的评分表"))
        return computation
    submission = PanelSubmission(experts=sheets, veto=veto, aggregation=Aggregation(project.aggregation))
    if not provisional:
        computation.result = score_panel(rubric, submission)
        computation.unrounded = unrounded_total(rubric, submission)
        return computation
    try:
        computation.result = score_panel(rubric, submission)
        computation.unrounded = unrounded_total(rubric, submission)
    except PanelError as exc:
        computation.problems.extend(exc.problems)
    return computation


UNROUNDED_PLACES = Decimal("0.000001")


def unrounded_decimal(value: Fraction | None) -> Decimal | None:
    """An exact unrounded total as a Decimal of six places (half up), as it is stored."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(UNROUNDED_PLACES, ROUND_HALF_UP)


def unrounded_text(value: Decimal | None) -> str:
    """The unrounded total as shown: four decimals at most, trailing zeros dropped down to two
    (70.004, 70.0033, 69.90)."""
    if value is None:
        return ""
    shown = Decimal(value).quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize()
    if -shown.as_tuple().exponent < 2:
        shown = shown.quantize(Decimal("0.01"))
    return f"{shown:f}"


# --- the panel as the organiser set it -----------------------------------------------------


@dataclass
class PanelCheck:
    """Whether the scoring panel is big and broad enough to publish."""

    minimum: int
    counted: int
    areas: list[str]
    uncovered: list[str]

    @property
    def ok(self) -> bool:
        return self.counted >= self.minimum and not self.uncovered

    def problems(self) -> list[str]:
        out = []
        if self.counted < self.minimum:
            out.append(
                _(
                    "计分专家（未回避且已提交评分表）只有 %(counted)s 位，少于本项目规定的专家组最少人数 "
                    "%(minimum)s 位；组长一人不能发布评估结果"
                )
                % {"counted": self.counted, "minimum": self.minimum}
            )
        if self.uncovered:
            out.append(
                _("以下一级指标没有相应专业的计分专家：%(areas)s") % {"areas": _("、").join(self.uncovered)}
            )
        return out


def panel_check(project: EvaluationProject, *, submitted_only: bool = True) -> PanelCheck:
    """The panel against the project's minimum size and the rubric's first-level areas: the
    experts who count are those not recused (and, by default, who submitted their sheet)."""
    experts = [
        e
        for e in project.experts.select_related("declaration")
        if not e.recused and (e.sheet_submitted_at or not submitted_only)
    ]
    areas = project.speciality_areas()
    covered = {s for e in experts for s in e.specialities}
    return PanelCheck(
        minimum=project.min_experts,
        counted=len(experts),
        areas=areas,
        uncovered=[a for a in areas if a not in covered],
    )


# --- the veto answers against the park's incident register ---------------------------------


VETO_ROWS = ((1, "veto_illegal", "veto_illegal_reason"), (2, "veto_accident", "veto_accident_reason"))


@dataclass
class VetoLine:
    """One veto row: the panel's answer, what the register holds, whether they disagree."""

    row: int
    label: str
    answer: bool | None
    reason: str
    register_found: bool
    incidents: list = field(default_factory=list)
    since: dt.date | None = None
    as_of: dt.date | None = None
    # Row 1 only: changes of planned use not restored or approved by ``as_of`` — a condition
    # that vetoes however long ago it began (units' use-change register, function spaces).
    use_changes: list = field(default_factory=list)
    spaces: list = field(default_factory=list)

    @property
    def contradicts(self) -> bool:
        return self.answer is not None and self.answer != self.register_found


def register_date(project: EvaluationProject) -> dt.date:
    """The day the register is read for: today until the result is published, then the day
    of publication (Asia/Shanghai)."""
    from django.utils import timezone

    from parkops.core import clock

    if project.published_at:
        return timezone.localdate(project.published_at)
    return clock.localdate()


def veto_register(project: EvaluationProject, as_of: dt.date, user=None, answers=None) -> list[VetoLine]:
    """Rows 1 and 2: the panel's answers (or ``answers`` ``{row: bool}`` about to be recorded)
    beside the park's incident register entries of that row within two years before
    ``as_of`` (the register's own rule, :func:`parkops.assessment.selectors.veto_incidents`).
    ``user``: narrow the listed entries to those the user may see (pages); whether the
    register holds an entry is always judged on the whole register."""
    from parkops.assessment.models import Incident
    from parkops.assessment.selectors import two_years_before, veto_incidents
    from parkops.core.models import UseChange
    from parkops.spaces.models import FunctionSpace
    from parkops.spaces.selectors import use_mismatches

    lines = []
    for row, answer_field, reason_field in VETO_ROWS:
        categories = Incident.ROW_1 if row == 1 else Incident.ROW_2
        register = veto_incidents(project.park, as_of, categories)
        found = register.exists()
        incidents = register
        if user is not None:
            incidents = register.filter(pk__in=Incident.objects.restrict(user, "view").values("pk"))
        use_changes, spaces = [], []
        if row == 1:
            use_changes = list(UseChange.open_in(project.park, as_of))
            spaces = use_mismatches(project.park, as_of)
            found = found or bool(use_changes) or bool(spaces)
            if user is not None:
                may_see = set(UseChange.objects.restrict(user, "view").values_list("pk", flat=True))
                use_changes = [c for c in use_changes if c.pk in may_see]
                may_see = set(FunctionSpace.objects.restrict(user, "view").values_list("pk", flat=True))
                spaces = [s for s in spaces if s.pk in may_see]
        answer = answers[row] if answers is not None else getattr(project, answer_field)
        lines.append(
            VetoLine(
                row=row,
                label=str(project._meta.get_field(answer_field).verbose_name),
                answer=answer,
                reason=getattr(project, reason_field),
                register_found=found,
                incidents=list(incidents),
                since=two_years_before(as_of),
                as_of=as_of,
                use_changes=use_changes,
                spaces=spaces,
            )
        )
    return lines


def score_matrix(project: EvaluationProject, user) -> tuple[list[Expert], list[dict]]:
    """Rows of 表A.1 against the experts whose scores the user may see: ``(experts, rows)``,
    each row ``{"indicator", "cells": [score or None per expert]}``."""
    scores = list(visible_scores(project, user))
    expert_ids = sorted({s.expert_id for s in scores})
    experts = list(Expert.objects.filter(pk__in=expert_ids).select_related("user").order_by("id"))
    by_key = {(s.expert_id, s.indicator_id): s for s in scores}
    rows = []
    for indicator in scored_indicators(project):
        rows.append({"indicator": indicator, "cells": [by_key.get((e.pk, indicator.pk)) for e in experts]})
    return experts, rows


def current_documents(park, as_of: dt.date) -> list:
    """The park's documents in force on ``as_of``: the current version of each kind in the
    document library (by the library's own rule)."""
    from parkops.assessment.models import Document
    from parkops.assessment.selectors import current_document

    kinds = Document.objects.filter(park=park).values_list("kind", flat=True).distinct().order_by("kind")
    found = (current_document(park, kind, as_of) for kind in kinds)
    return [doc for doc in found if doc is not None]
