"""Energy work on the home pages: meters whose verification (检定/校准) runs out within 30
days or has run out (GB 17167 asks for verified meters), and a missing emission factor for
the current year (carbon would otherwise go uncounted)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.queues import Queue, QueueItem, register
from parkops.energy.models import ENERGY, EmissionFactor, EnergyCategory, Meter

CALIBRATION_NOTICE_DAYS = 30


def calibrations_due(user, today: dt.date):
    meters = (
        Meter.objects.restrict(user, "view")
        .filter(
            active=True,
            virtual=False,
            calibrated_until__lte=today + dt.timedelta(days=CALIBRATION_NOTICE_DAYS),
        )
        .order_by("calibrated_until", "code")
    )
    for meter in meters:
        yield QueueItem(
            title=str(meter),
            url=meter.get_absolute_url(),
            state=gettext("检定/校准有效期至 %(date)s") % {"date": f"{meter.calibrated_until:%Y-%m-%d}"},
            due=meter.calibrated_until,
            overdue=meter.calibrated_until < today,
        )


def missing_factors(user, today: dt.date):
    from django.urls import reverse

    parks = {
        m.park_id: m.park
        for m in Meter.objects.restrict(user, "view")
        .filter(active=True, category__startswith="01")
        .select_related("park")
    }
    have = set(
        EmissionFactor.objects.restrict(user, "view")
        .filter(energy=EnergyCategory.ELECTRICITY, year=today.year)
        .values_list("park_id", flat=True)
    )
    for park_id, park in sorted(parks.items()):
        if park_id not in have:
            yield QueueItem(
                title=gettext("%(park)s：缺少 %(year)s 年电网排放因子")
                % {"park": park.name, "year": today.year},
                url=reverse("energy:emissionfactor_add"),
                state=gettext("本年用电的碳排放无法计算"),
                due=today,
            )


register(
    Queue(
        "energy.calibration",
        _("计量表检定到期"),
        calibrations_due,
        departments=ENERGY,
        url_name="energy:meter_list",
        icon="bi-speedometer2",
        order=80,
    )
)
register(
    Queue(
        "energy.factors",
        _("排放因子待补"),
        missing_factors,
        departments=ENERGY,
        url_name="energy:emissionfactor_list",
        icon="bi-cloud-haze2",
        order=81,
    )
)
