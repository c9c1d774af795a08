"""Clause 6.1.2: each service is evaluated by the enterprises served; a closed demand's rating
joins the per-service summary beside work orders, tickets, bookings and meetings."""

from __future__ import annotations

import datetime as dt

from parkops.enterprise import services
from parkops.enterprise.tests.test_demands import _bank, _raise
from parkops.service.ratings import summary


def test_a_closed_demands_rating_is_summarised_per_category(es):
    demand = _raise(es)
    demand = services.assign_demand(demand=demand, by=es.qiye, assignee=es.qiye)
    demand = services.match_demand(demand=demand, by=es.qiye, partner=_bank(es), note="约银行")
    demand = services.resolve_demand(demand=demand, by=es.qiye, outcome="partly", note="只批了一半额度")
    services.rate_demand(demand=demand, by=es.tenant_a, rating=2, comment="额度不够")
    open_one = _raise(es, title="招聘 10 名工程师", category="talent")

    result = summary(es.admin, es.alpha, as_of=dt.date(2026, 11, 16))
    lines = {(line.group, line.service): line for line in result.lines}
    finance = lines[("企业服务需求", demand.get_category_display())]
    assert (finance.closed, finance.ratings) == (1, [2])
    assert ("企业服务需求", open_one.get_category_display()) not in lines  # still open: not yet served
    assert [(low.enterprise, low.rating, low.comment) for low in result.low] == [("甲企业", 2, "额度不够")]
    # The neighbour sees nothing of it.
    assert not any(line.group == "企业服务需求" for line in summary(es.tenant_b, es.alpha).lines)
