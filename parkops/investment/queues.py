"""Investment's work and figures for the home pages: leases ending within 90 days, 出租率."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from parkops.core.models import Unit
from parkops.core.queues import Figure, Queue, QueueItem, register, register_figure
from parkops.core.scope import DepartmentKind
from parkops.investment.models import Lease
from parkops.investment.selectors import occupancy

ENDING_WITHIN_DAYS = 90


def leases_ending(user, today):
    """Active leases ending within 90 days and not yet renewed, soonest first."""
    leases = (
        Lease.objects.restrict(user, "view")
        .filter(
            status=Lease.Status.ACTIVE,
            end__gte=today,
            end__lte=today + dt.timedelta(days=ENDING_WITHIN_DAYS),
            renewal__isnull=True,
        )
        .select_related("enterprise")
        .order_by("end", "number")
    )
    for lease in leases:
        yield QueueItem(
            title=f"{lease.number} · {lease.enterprise.name}",
            url=lease.get_absolute_url(),
            state=str(_("%(days)s 天后到期") % {"days": (lease.end - today).days})
            if lease.end > today
            else str(_("今天到期")),
            due=lease.end,
        )


def occupancy_rate(user, today):
    return occupancy(Unit.objects.restrict(user, "view")).rate


register(
    Queue(
        "investment.leases_ending",
        _("90 天内到期的合同"),
        leases_ending,
        departments=(DepartmentKind.INVESTMENT,),
        url_name="investment:lease_list",
        icon="bi-file-earmark-text",
        lookahead_days=ENDING_WITHIN_DAYS,
        order=50,
    )
)
register_figure(
    Figure(
        "investment.occupancy",
        _("出租率"),
        occupancy_rate,
        kind="percent",
        url_name="investment:occupancy",
        hint=_("已租与自用面积 ÷ 房源总面积"),
        order=10,
    )
)
