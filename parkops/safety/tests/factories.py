"""Small builders for safety tests, writing through the services like the pages do."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parkops.core.services import create_object
from parkops.safety import models as m


def route(
    world,
    name="夜间巡查",
    points=(("东门", ("门岗值守到位",)), ("配电房", ("无异味", "无私拉电线")), ("车库", ("消防通道畅通",))),
):
    r = create_object(model=m.PatrolRoute, data={"park": world.alpha, "name": name}, by=world.admin)
    for order, (cp_name, items) in enumerate(points, start=1):
        cp = create_object(
            model=m.Checkpoint, data={"route": r, "order": order, "name": cp_name}, by=world.admin
        )
        for i, text in enumerate(items, start=1):
            create_object(
                model=m.CheckItem,
                data={"checkpoint": cp, "order": i, "text": text, "hazard_category": "electrical"},
                by=world.admin,
            )
    return r


def equipment(world, *, name="1 号客梯", next_due=None, kind="elevator", **extra):
    today = timezone.localdate()
    data = {
        "park": world.alpha,
        "kind": kind,
        "name": name,
        "location": "A栋",
        "registration_no": "梯11粤B12345(19)",
        "put_into_use_on": dt.date(2020, 1, 1),
        "registered_on": dt.date(2020, 1, 20),
        "maintenance_unit": "安达电梯",
        "maintenance_licence_no": "TS3144123-2027" if kind == "elevator" else "",
        "next_due": next_due if next_due is not None else today + dt.timedelta(days=200),
        **extra,
    }
    return create_object(model=m.SpecialEquipment, data=data, by=world.admin)
