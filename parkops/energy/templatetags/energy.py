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
