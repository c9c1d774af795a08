"""Reads that carry rules: the stored scoring table (Appendix A, 表A.1), the current document
of a kind, the veto window, the latest judgement."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from parkops.assessment.models import Document, Incident, Indicator, Judgement, RubricEdition, ServiceOffering
from parkops.assessment.registry import document_kinds
from parkops.assessment.rubric import Rubric


def current_edition() -> RubricEdition:
    """The edition of 表A.1 parks are scored against now (raises DoesNotExist if none)."""
    return RubricEdition.objects.get(is_current=True)


def edition_rubric(edition: RubricEdition) -> Rubric:
    """A stored edition as the database-free :class:`~parkops.assessment.rubric.Rubric`."""
    indicators = Indicator.objects.filter(edition=edition).order_by("row")
    return Rubric(tuple(indicator.as_rubric_row() for indicator in indicators))


# --- The document library and the park's records -----------------------------------------

VETO_YEARS = 2


def two_years_before(as_of: dt.date) -> dt.date:
    """The first day of the veto window: the same date two years earlier (29 Feb → 28 Feb)."""
    try:
        return as_of.replace(year=as_of.year - VETO_YEARS)
    except ValueError:
        return as_of.replace(year=as_of.year - VETO_YEARS, day=28)


def documents_current_on(park, kind: str, on: dt.date) -> QuerySet[Document]:
    """Versions of ``kind`` in force on ``on``, newest first (the first is the current one)."""
    qs = Document.objects.filter(park=park, kind=kind, effective_on__lte=on).filter(
        Q(superseded_on__isnull=True) | Q(superseded_on__gt=on),
        Q(expires_on__isnull=True) | Q(expires_on__gte=on),
    )
    spec = document_kinds().get(kind)
    if spec is not None and spec.max_age_days is not None:
        qs = qs.filter(effective_on__gte=on - dt.timedelta(days=spec.max_age_days))
    return qs.order_by("-effective_on", "-pk")


def current_document(park, kind: str, on: dt.date) -> Document | None:
    """The document of ``kind`` in force for ``park`` on date ``on``, or None."""
    return documents_current_on(park, kind, on).first()


def veto_incidents(park, as_of: dt.date, categories) -> QuerySet[Incident]:
    """Incidents of the given veto categories within two years before ``as_of`` (inclusive)."""
    return Incident.objects.filter(
        park=park,
        category__in=list(categories),
        occurred_on__gte=two_years_before(as_of),
        occurred_on__lte=as_of,
    ).order_by("-occurred_on", "-pk")


def latest_judgement(park, row: int, as_of: dt.date) -> Judgement | None:
    """The latest judgement recorded for ``park`` and ``row`` on or before ``as_of``."""
    return (
        Judgement.objects.filter(park=park, row=row, judged_on__lte=as_of)
        .order_by("-judged_on", "-pk")
        .first()
    )


def offering_fields(user, names) -> list[str]:
    """The fields of a service-catalogue entry ``user`` may read, of ``names``: tenants do
    not see the staff-only ones (the supplier). Pages, exports and the API all ask here."""
    from parkops.core.scope import Role

    if getattr(user, "role", None) == Role.TENANT and not user.is_superuser:
        return [n for n in names if n not in ServiceOffering.staff_only_fields]
    return list(names)
