"""Reads of a third-party evaluation that carry rules: what a user may see of the panel's
scores, the panel computation (by :mod:`parkops.assessment.panel`, never re-implemented)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from parkops.assessment.models import Indicator
from parkops.assessment.panel import (
    Aggregation,
    ExpertSheet,
    PanelError,
    PanelResult,
    PanelSubmission,
    score_panel,
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
    return (
        ExpertScore.objects.restrict(user, "view")
        .filter(expert__project=project)
        .select_related("expert__user", "indicator")
    )


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
        return computation
    try:
        computation.result = score_panel(rubric, submission)
    except PanelError as exc:
        computation.problems.extend(exc.problems)
    return computation


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
