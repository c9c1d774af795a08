"""Fixtures of the data-governance tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.core import models as core
from parkops.core.services import create_object


@pytest.fixture
def personal_world(world):
    """Records holding personal and important data in ALPHA."""
    from parkops.fees.models import Bill
    from parkops.investment.models import Customer, EnterpriseContact

    create_object(
        model=EnterpriseContact,
        data={
            "enterprise": world.ent_a,
            "name": "赵六",
            "role": "行政",
            "phone": "13911112222",
            "email": "zl@a.cn",
        },
        by=world.admin,
    )
    Customer.objects.create(park=world.alpha, name="丁公司", contact_name="钱七", contact_phone="13733334444")
    Bill.objects.create(
        park=world.alpha,
        enterprise=world.ent_a,
        number="ZD-P1",
        period=dt.date(2026, 11, 1),
        total=Decimal("99.00"),
    )
    core.Enterprise.objects.filter(pk=world.ent_a.pk).update(contact_name="孙八", contact_phone="13655556666")
    return world
