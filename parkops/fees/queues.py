"""Fees' work and figures for the home pages: arrears for staff, bills to pay for a tenant."""

from __future__ import annotations

from django.db.models import F, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.queues import WAITING, Figure, Queue, QueueItem, register, register_figure
from parkops.core.scope import Role
from parkops.core.templatetags.numbers import money
from parkops.fees.models import BILLING, Bill
from parkops.fees.selectors import arrears

UNPAID = (Bill.Status.ISSUED, Bill.Status.PARTIAL, Bill.Status.OVERDUE)


def _item(bill: Bill, today) -> QueueItem:
    return QueueItem(
        title=f"{bill.number} · {bill.enterprise.name} · {bill.period:%Y-%m}",
        url=bill.get_absolute_url(),
        state=gettext("欠缴 %(amount)s") % {"amount": money(bill.outstanding)},
        due=bill.due_on,
        overdue=bool(bill.due_on and bill.due_on < today),
    )


def overdue_bills(user, today):
    for bill in arrears(Bill.objects.restrict(user, "view").select_related("enterprise")):
        yield _item(bill, today)


def bills_to_pay(user, today):
    bills = (
        Bill.objects.restrict(user, "view")
        .filter(status__in=UNPAID, total__gt=F("paid"))
        .select_related("enterprise")
        .order_by("due_on", "pk")
    )
    for bill in bills:
        yield _item(bill, today)


def arrears_total(user, today):
    owed = arrears(Bill.objects.restrict(user, "view")).aggregate(owed=Sum(F("total") - F("paid")))["owed"]
    return owed or 0


register(
    Queue(
        "fees.arrears",
        _("欠费"),
        overdue_bills,
        departments=BILLING,
        url_name="fees:arrears",
        icon="bi-cash-coin",
        order=60,
    )
)
register(
    Queue(
        "fees.tenant_bills",
        _("待缴账单"),
        bills_to_pay,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="fees:bill_list",
        icon="bi-receipt",
        order=40,
    )
)
register_figure(
    Figure("fees.arrears", _("欠费合计"), arrears_total, kind="money", url_name="fees:arrears", order=20)
)
