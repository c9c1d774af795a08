"""Bills built through the fee services (a line, then issued), as the platform makes them."""

import datetime as dt
from decimal import Decimal

from parkops.core.services import create_object


def bill(
    world, enterprise, period: dt.date, amount: str, number: str, *, due_on: dt.date | None = None, paid=False
):
    """A bill of ``amount`` yuan for ``period``; issued with ``due_on`` (else a draft); paid in
    full on its due date if ``paid``."""
    from parkops.fees import services
    from parkops.fees.models import Bill, FeeKind, FeeStandard

    standard = FeeStandard.objects.filter(
        park=enterprise.park, kind=FeeKind.PROPERTY
    ).first() or create_object(
        model=FeeStandard,
        data={
            "park": enterprise.park,
            "kind": FeeKind.PROPERTY,
            "name": "物业服务费（按月包干）",
            "unit": "yuan_month",
            "price": Decimal("999999"),
            "effective_from": dt.date(2020, 1, 1),
            "published_at": "园区服务中心公示栏",
        },
        by=world.admin,
    )
    draft = create_object(
        model=Bill,
        data={"park": enterprise.park, "enterprise": enterprise, "number": number, "period": period},
        by=world.admin,
    )
    services.add_line(
        bill=draft,
        kind=FeeKind.PROPERTY,
        quantity=Decimal(1),
        unit_price=Decimal(amount),
        standard=standard,
        by=world.admin,
    )
    if due_on is None:
        return Bill.objects.get(pk=draft.pk)
    issued = services.issue_bill(
        bill=draft, by=world.admin, issued_on=period, due_days=(due_on - period).days
    )
    if paid:
        services.record_payment(
            bill=issued, amount=issued.total, paid_on=due_on, method="transfer", by=world.admin
        )
    return Bill.objects.get(pk=draft.pk)
