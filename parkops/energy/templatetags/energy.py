"""Figures a detail page shows beside the record: a meter's last 12 months, a measure's
measured saving, a facility's generation (all from rollups through the selectors)."""

from __future__ import annotations

import datetime as dt

from django import template

from parkops.core import clock
from parkops.energy import selectors

register = template.Library()


@register.simple_tag
def meter_months(meter):
    months = selectors.last_months(clock.localdate(), 12)
    values = selectors.monthly_by_meter([meter], months).get(meter.pk, {})
    return [(month, values.get(month, selectors.ZERO)) for month in months]


@register.simple_tag
def measure_saving(measure):
    return selectors.measured_saving(measure)


@register.simple_tag
def facility_generation(facility):
    today = clock.localdate()
    return selectors.generation(facility, today - dt.timedelta(days=364), today)


@register.simple_tag
def meter_cost(meter):
    """Last full month's use and its cost at the park's time-of-use prices (None: no tariff)."""
    first = selectors.add_months(selectors.month_start(clock.localdate()), -1)
    last = selectors.month_start(clock.localdate()) - dt.timedelta(days=1)
    result = selectors.tou_cost(meter, first, last)
    return None if result is None else {"month": first, "use": result[0], "cost": result[1]}


@register.filter
def negative_months(months):
    """The months a virtual meter came out below zero: the main meter read less than the
    meters subtracted from it (a master–submeter imbalance to check on site)."""
    return [month for month, value in months if value < 0]
