"""Lists of choices (a list page's filters, a form's selects) cost the same number of queries
whatever the number of objects offered: each model joins what its ``__str__`` reads
(``label_related``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.core import models as core
from parkops.core.models import for_labels


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/park/use-changes/", "/park/use-changes/add/"])
def test_a_page_offering_units_costs_the_same_with_more_units(client, world, url):
    client.force_login(world.admin)
    floor = core.Floor.objects.filter(building__park=world.alpha).first()
    queries_for(client, url)  # caches warmed
    before = queries_for(client, url)
    core.Unit.objects.bulk_create(
        core.Unit(floor=floor, code=f"X-{n}", area=Decimal("50")) for n in range(30)
    )
    assert queries_for(client, url) == before


def test_every_declared_label_path_exists():
    """A misspelt path fails here rather than on the first page that lists the model."""
    declared = [m for m in apps.get_models() if getattr(m, "label_related", ())]
    assert len(declared) >= 20
    for model in declared:
        str(for_labels(model.objects.all()).query)  # FieldError on a path that does not exist


def test_units_listed_for_a_choice_need_no_query_each(world):
    units = list(for_labels(core.Unit.objects.all()))
    assert len(units) >= 4
    with CaptureQueriesContext(connection) as captured:
        labels = [str(unit) for unit in units]
    assert captured.captured_queries == []
    assert any(label.endswith(" A-101") for label in labels)
