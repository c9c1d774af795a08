"""Engineering's work for the home pages: open repair orders, and a tenant's repairs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkops.core.queues import OPEN, WAITING, Queue, QueueItem, register
from parkops.core.scope import DepartmentKind, Role
from parkops.engineering.models import WorkOrder


def _title(order: WorkOrder) -> str:
    return f"{order.number} · {order.get_category_display()} · {order.place}"


def open_orders(user, today):
    """报修工单 still to answer or finish: the engineer's own, overdue, or due now."""
    orders = (
        WorkOrder.objects.restrict(user, "view")
        .filter(state__in=WorkOrder.OPEN_STATES)
        .select_related("unit__floor__building", "building")
        .order_by("complete_due_at", "pk")
    )
    for order in orders:
        unanswered = order.state in WorkOrder.UNANSWERED_STATES
        yield QueueItem(
            title=_title(order),
            url=order.get_absolute_url(),
            state=order.get_state_display(),
            due=(order.respond_due_at if unanswered and order.respond_due_at else order.complete_due_at),
            overdue=order.overdue,
            mine=order.assignee_id == user.pk,
        )


def tenant_open(user, today):
    """The tenant's repairs in progress."""
    for order in (
        WorkOrder.objects.restrict(user, "view")
        .filter(state__in=WorkOrder.OPEN_STATES)
        .select_related("unit__floor__building", "building")
        .order_by("-reported_at")
    ):
        yield QueueItem(title=_title(order), url=order.get_absolute_url(), state=order.get_state_display())


def tenant_to_confirm(user, today):
    """Finished repairs that wait for the tenant to accept them."""
    for order in (
        WorkOrder.objects.restrict(user, "view")
        .filter(state=WorkOrder.State.DONE)
        .select_related("unit__floor__building", "building")
        .order_by("completed_at")
    ):
        yield QueueItem(
            title=_title(order),
            url=order.get_absolute_url(),
            state=str(_("维修已完成，请确认")),
            detail=order.work_done,
        )


register(
    Queue(
        "engineering.work_orders",
        _("报修工单"),
        open_orders,
        departments=(DepartmentKind.ENGINEERING,),
        url_name="engineering:workorder_list",
        icon="bi-tools",
        order=20,
    )
)
register(
    Queue(
        "engineering.tenant_open",
        _("我的报修"),
        tenant_open,
        roles=(Role.TENANT,),
        admin=False,
        group=OPEN,
        url_name="engineering:workorder_list",
        icon="bi-tools",
        order=20,
    )
)
register(
    Queue(
        "engineering.tenant_confirm",
        _("待确认的维修"),
        tenant_to_confirm,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="engineering:workorder_list",
        icon="bi-check2-circle",
        order=20,
    )
)
