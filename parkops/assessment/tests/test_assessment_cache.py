"""The live assessment is cached under the audit-chain heads: never stale, computed once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.assessment import engine
from parkops.assessment.engine import assess, assess_cached
from parkops.assessment.models import InnovationItem
from parkops.audit.selectors import write_mark
from parkops.core.models import IndustryCatalogue
from parkops.core.services import create_object, delete_object

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def calls(monkeypatch):
    """How many times the engine really ran."""
    made = []
    real = engine.assess

    def counting(*args, **kwargs):
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "assess", counting)
    return made


def innovation(world):
    return create_object(
        model=InnovationItem,
        data={"park": world.alpha, "kind": "new_area", "title": "共享中试车间", "started_on": AS_OF - dt.timedelta(days=30),
              "description": "开放检测设备"},
        by=world.admin,
    )  # fmt: skip


def test_a_cached_result_is_the_engine_result_and_is_computed_once(world, calls):
    first = assess_cached(world.alpha, AS_OF)
    again = assess_cached(world.alpha, AS_OF)
    assert len(calls) == 1
    assert again.as_json() == first.as_json() == assess(world.alpha, AS_OF).as_json()
    assert again.park is world.alpha


def test_a_write_to_the_park_is_seen_at_once(world, calls):
    assert assess_cached(world.alpha, AS_OF).row(17).score == Decimal("0.00")
    item = innovation(world)
    assert assess_cached(world.alpha, AS_OF).row(17).score == Decimal("2.00")
    delete_object(obj=item, by=world.admin)
    assert assess_cached(world.alpha, AS_OF).row(17).score == Decimal("0.00")
    assert len(calls) == 3


def test_another_parks_write_keeps_the_result_and_a_platform_write_does_not(world, calls):
    assess_cached(world.alpha, AS_OF)
    mark = write_mark(world.alpha.pk)
    create_object(model=InnovationItem, data={"park": world.beta, "kind": "new_area", "title": "贝塔创新",
                  "started_on": AS_OF, "description": "x"}, by=world.admin_beta)  # fmt: skip
    assert write_mark(world.alpha.pk) == mark
    assess_cached(world.alpha, AS_OF)
    assert len(calls) == 1
    create_object(model=IndustryCatalogue, data={"code": "test-2027", "title": "新目录", "published_on": AS_OF,
                  "source": "深圳市发展和改革委员会"}, by=world.platform)  # fmt: skip
    assert write_mark(world.alpha.pk) != mark
    assess_cached(world.alpha, AS_OF)
    assert len(calls) == 2


def test_each_day_and_language_is_its_own_result(world, calls):
    chinese = assess_cached(world.alpha, AS_OF, language="zh-hans")
    english = assess_cached(world.alpha, AS_OF, language="en")
    assess_cached(world.alpha, AS_OF - dt.timedelta(days=1), language="zh-hans")
    assert len(calls) == 3
    assert assess_cached(world.alpha, AS_OF, language="en").as_json() == english.as_json()
    assert len(calls) == 3
    said = [m for r in chinese.rows for p in r.parts for m in p.finding.missing]
    told = [m for r in english.rows for p in r.parts for m in p.finding.missing]
    assert said != told
