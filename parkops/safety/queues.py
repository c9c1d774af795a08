"""Safety's work for the home pages: hazards to rectify, and inspections and licences expiring."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.queues import Queue, QueueItem, register
from parkops.core.scope import DepartmentKind
from parkops.safety.models import (
    REMIND_DAYS,
    EBikeChargingArea,
    FireEquipment,
    FoodMerchant,
    Hazard,
    SpecialEquipment,
)


def open_hazards(user, today):
    """隐患 not closed: one without a deadline still waits for its rectification notice."""
    hazards = (
        Hazard.objects.restrict(user, "view").exclude(status=Hazard.Status.CLOSED).order_by("deadline", "pk")
    )
    for hazard in hazards:
        yield QueueItem(
            title=f"{hazard.get_grade_display()} · {hazard.title}",
            url=hazard.get_absolute_url(),
            state=hazard.get_status_display(),
            due=hazard.deadline,
            overdue=hazard.overdue,
            mine=hazard.status == Hazard.Status.REPORTED and hazard.found_by_id == user.pk,
        )


def expiring_registers(user, today):
    """特种设备、消防设施、充电场所 whose inspection falls due within a month, and food licences."""
    until = today + dt.timedelta(days=REMIND_DAYS)
    for model in (SpecialEquipment, FireEquipment, EBikeChargingArea):
        for entry in model.objects.restrict(user, "view").filter(next_due__lte=until).order_by("next_due"):
            yield QueueItem(
                title=f"{model._meta.verbose_name} · {entry}",
                url=entry.get_absolute_url(),
                state=entry.due_state,
                due=entry.next_due,
                overdue=entry.overdue,
            )
    for merchant in (
        FoodMerchant.objects.restrict(user, "view")
        .filter(licence_valid_until__lte=until)
        .order_by("licence_valid_until")
    ):
        yield QueueItem(
            title=f"{gettext('食品经营许可证')} · {merchant.name}",
            url=merchant.get_absolute_url(),
            state=merchant.licence_state,
            due=merchant.licence_valid_until,
            overdue=merchant.licence_valid_until < today,
        )


register(
    Queue(
        "safety.hazards",
        _("安全隐患整改"),
        open_hazards,
        departments=(DepartmentKind.SAFETY,),
        url_name="safety:hazard_list",
        icon="bi-exclamation-triangle",
        order=10,
    )
)
register(
    Queue(
        "safety.expiring",
        _("检验与许可到期"),
        expiring_registers,
        departments=(DepartmentKind.SAFETY,),
        url_name="safety:dashboard",
        icon="bi-calendar-x",
        lookahead_days=REMIND_DAYS,
        order=15,
    )
)
