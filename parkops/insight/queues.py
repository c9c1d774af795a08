"""Insight's work for the home pages: residents at risk of leaving (tenant health below the
threshold), due by their lease's end, for the enterprise-service and investment departments."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import Park
from parkops.core.queues import Queue, QueueItem, register
from parkops.core.scope import VIEW, DepartmentKind
from parkops.insight.analysis import tenant_health_cached


def at_risk(user, today):
    today = today or clock.localdate()
    for park in Park.objects.restrict(user, VIEW).order_by("code"):
        for health in tenant_health_cached(user, park, today):
            if not health.at_risk:
                continue
            yield QueueItem(
                title=f"{health.enterprise.name} · {park.name}",
                url=reverse("insight:health") + f"?park={park.pk}",
                state=gettext("健康度 %(score)s：%(drivers)s")
                % {"score": health.score, "drivers": "、".join(str(f.label) for f in health.drivers)},
                due=health.lease_end,
                overdue=False,
            )


register(
    Queue(
        "insight.at_risk",
        _("流失风险企业"),
        at_risk,
        departments=(DepartmentKind.ENTERPRISE, DepartmentKind.INVESTMENT),
        url_name="insight:health",
        icon="bi-heart-pulse",
        lookahead_days=180,
        order=120,
    )
)
