"""表A.1 in the database: the data migration loads the shipped table as the current edition."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from parkops.assessment.models import Indicator, RubricEdition
from parkops.assessment.rubric import load_rubric
from parkops.assessment.selectors import current_edition, edition_rubric
from parkops.assessment.tests.sheets import POINTS, SHIPPED_CSV

pytestmark = pytest.mark.django_db


def test_migration_loads_the_current_edition() -> None:
    edition = current_edition()
    assert edition.code == "appendix-a"
    assert "表A.1" in edition.title
    assert edition.source_sha256 == hashlib.sha256(SHIPPED_CSV.read_bytes()).hexdigest()
    indicators = list(edition.indicators.order_by("row"))
    assert [i.row for i in indicators] == list(range(1, 64))
    assert {i.row: i.points for i in indicators if i.points is not None} == {
        row: Decimal(p) for row, p in POINTS.items()
    }
    assert sum(i.points for i in indicators if i.points is not None) == Decimal(100)
    assert [i.row for i in indicators if i.veto] == [1, 2]
    assert len({(i.level1, i.level2) for i in indicators}) == 20


def test_stored_edition_equals_the_shipped_table() -> None:
    assert edition_rubric(current_edition()) == load_rubric()


def test_row_16_is_stored_empty() -> None:
    row = Indicator.objects.get(edition__is_current=True, row=16)
    assert row.points is None and not row.veto and row.nature == "" and row.level3 == ""
    assert row.is_empty
    assert row.display_criterion == "原表此行为空，无指标、无分值"
    assert not Indicator.objects.get(edition__is_current=True, row=3).is_empty


def test_only_one_current_edition() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricEdition.objects.create(code="another", title="另一版本", is_current=True)


def test_a_veto_item_cannot_carry_points() -> None:
    edition = RubricEdition.objects.create(code="draft", title="草稿")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            edition=edition,
            row=1,
            level1="否决项",
            level2="责任事故",
            nature="veto",
            veto=True,
            points=Decimal(1),
        )


def test_str() -> None:
    assert str(Indicator.objects.get(edition__is_current=True, row=62)) == "62. 评价与改进/内部评价/—"
    assert "appendix-a" in str(current_edition())
