"""Reads of the internal evaluation that carry rules: plan coverage, the 12-month window of
indicators 62 and 63, overdue actions, and the year's summary for the yearly operation
evaluation report."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from parkops.core import clock
from parkops.improvement.models import (
    ALL_AREAS,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    ServiceArea,
)
from parkops.improvement.models import ROW_62_KINDS as REQUIRED_KINDS


def twelve_months_before(as_of: dt.date) -> dt.date:
    """The first day of the 12 months ending on ``as_of`` (inclusive)."""
    try:
        return as_of.replace(year=as_of.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - 1, day=28) + dt.timedelta(days=1)


def covered_areas(areas) -> set[str]:
    areas = set(areas)
    return set(ServiceArea.values) if ALL_AREAS in areas else areas & set(ServiceArea.values)


def plan_coverage(plan: InspectionPlan) -> dict:
    """Which service areas the plan covers and which it leaves out (clause 9.3)."""
    covered = covered_areas(plan.items.values_list("area", flat=True))
    return {
        "covered": [a for a in ServiceArea if a.value in covered],
        "uncovered": [a for a in ServiceArea if a.value not in covered],
        "complete": len(covered) == len(ServiceArea),
    }


def inspections_within(park, as_of: dt.date):
    return Inspection.objects.filter(park=park, held_on__gte=twelve_months_before(as_of), held_on__lte=as_of)


def actions_within(park, as_of: dt.date):
    """Corrective actions on findings of the inspections of the 12 months before ``as_of``."""
    return CorrectiveAction.objects.filter(
        finding__inspection__park=park,
        finding__inspection__held_on__gte=twelve_months_before(as_of),
        finding__inspection__held_on__lte=as_of,
    ).select_related("finding__inspection", "owner")


def survey_in_window(inspection: Inspection, as_of: dt.date) -> bool:
    """Whether a satisfaction-survey record counts for row 62 on ``as_of``: it names a survey
    of the platform, and that survey ended within the 12 months up to ``as_of``."""
    survey = inspection.survey if inspection.survey_id else None
    return (
        survey is not None
        and survey.closed_on is not None
        and twelve_months_before(as_of) <= survey.closed_on <= as_of
    )


def is_due(action: CorrectiveAction, as_of: dt.date) -> bool:
    """Row 63 judges an action once its deadline has passed (or once it is verified): an action
    still within its deadline, the deadline day included, is shown, not counted."""
    return action.deadline < as_of or is_verified(action, as_of)


def is_verified(action: CorrectiveAction, as_of: dt.date) -> bool:
    return (
        action.state == CorrectiveAction.State.CLOSED
        and action.verified_on is not None
        and action.verified_on <= as_of
    )


def overdue_actions(park, today: dt.date):
    return (
        CorrectiveAction.objects.filter(finding__inspection__park=park, deadline__lt=today)
        .exclude(state=CorrectiveAction.State.CLOSED)
        .select_related("owner", "finding")
    )


def year_summary(park, year: int) -> dict:
    """The year's internal evaluation and improvement in figures, for the yearly operation
    evaluation report (indicator 15): plan coverage, inspections by form, findings by area,
    corrective actions by state, verified and overdue ones."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    plan = InspectionPlan.objects.filter(park=park, year=year).first()
    inspections = Inspection.objects.filter(park=park, held_on__range=(start, end))
    findings = Finding.objects.filter(inspection__in=inspections)
    actions = CorrectiveAction.objects.filter(finding__in=findings)
    by_kind = Counter(inspections.values_list("kind", flat=True))
    by_area = Counter(findings.values_list("area", flat=True))
    by_state = Counter(actions.values_list("state", flat=True))
    total = sum(by_state.values())
    closed = by_state.get(CorrectiveAction.State.CLOSED, 0)
    today = min(end, clock.localdate())
    return {
        "park": park.code,
        "year": year,
        "plan": plan.title if plan else None,
        "coverage": (
            {k: [a.label for a in v] if isinstance(v, list) else v for k, v in plan_coverage(plan).items()}
            if plan
            else None
        ),
        "inspected_areas": sorted(
            ServiceArea(a).label for a in covered_areas(inspections.values_list("area", flat=True))
        ),
        "inspections": {InspectionKind(k).label: by_kind.get(k, 0) for k in InspectionKind.values},
        "missing_kinds": [k.label for k in REQUIRED_KINDS if not by_kind.get(k.value)],
        "findings": sum(by_area.values()),
        "findings_by_area": {ServiceArea(k).label: n for k, n in sorted(by_area.items())},
        "actions": total,
        "actions_by_state": {
            CorrectiveAction.State(k).label: by_state.get(k, 0) for k in CorrectiveAction.State.values
        },
        "verified_rate": None if not total else round(100 * closed / total, 1),
        "overdue": actions.filter(deadline__lt=today).exclude(state=CorrectiveAction.State.CLOSED).count(),
    }
