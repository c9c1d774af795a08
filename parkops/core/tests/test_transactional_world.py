"""A test that commits leaves the world (and the migrations' data) for the tests after it."""

import threading

import pytest
from django.db import connection

from parkops.assessment.models import Indicator
from parkops.core import models as core
from parkops.core.services import update_object


def read_in_another_connection(fn):
    out = []

    def run():
        try:
            out.append(fn())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return out[0]


def test_commits_are_real(tworld):
    unit = core.Unit.objects.get(code="A-103")
    update_object(obj=unit, data={"listed_rent": 77}, by=tworld.admin)
    seen = read_in_another_connection(lambda: core.Unit.objects.get(code="A-103").listed_rent)
    assert seen == 77


@pytest.mark.parametrize("attempt", [1, 2])
def test_world_and_reference_data_survive(world, attempt):
    assert core.Unit.objects.get(code="A-103").listed_rent is None
    assert core.Industry.objects.filter(catalogue__is_current=True).count() > 20
    assert Indicator.objects.count() == 63
