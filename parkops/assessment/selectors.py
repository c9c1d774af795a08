"""Reads of the stored scoring table (Appendix A, 表A.1)."""

from __future__ import annotations

from parkops.assessment.models import Indicator, RubricEdition
from parkops.assessment.rubric import Rubric


def current_edition() -> RubricEdition:
    """The edition of 表A.1 parks are scored against now (raises DoesNotExist if none)."""
    return RubricEdition.objects.get(is_current=True)


def edition_rubric(edition: RubricEdition) -> Rubric:
    """A stored edition as the database-free :class:`~parkops.assessment.rubric.Rubric`."""
    indicators = Indicator.objects.filter(edition=edition).order_by("row")
    return Rubric(tuple(indicator.as_rubric_row() for indicator in indicators))
