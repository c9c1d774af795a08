"""Registers with expiry dates: special equipment (6.3.1.3), fire equipment, charging areas,
periodic checks, food licences and health certificates (6.3.1.2–6.3.1.5) and their reminders."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.services import create_object
from parkops.notifications.models import Notification
from parkops.safety import models as m
from parkops.safety import services
from parkops.safety.evidence import special_equipment as row24_special_equipment
from parkops.safety.tests.factories import equipment

TODAY = timezone.localdate


def test_equipment_past_its_date_is_not_to_be_used_and_row_24_loses_points(world, client):
    equipment(world, name="1 号客梯")
    lapsed = equipment(world, name="2 号客梯", next_due=TODAY() - dt.timedelta(days=1))
    assert lapsed.use_state == "停用：检验过期，不得使用"
    assert not lapsed.usable
    client.force_login(world.staff_safety)
    assert "停用：检验过期，不得使用" in client.get("/safety/special-equipment/").content.decode()
    assert (
        "停用：检验过期，不得使用" in client.get(f"/safety/special-equipment/{lapsed.pk}/").content.decode()
    )
    finding = row24_special_equipment(world.alpha, TODAY())
    assert finding.status == "partial"
    assert finding.fraction == pytest.approx(0.5)
    assert finding.missing == [
        f"电梯·2 号客梯：检验已于 {lapsed.next_due:%Y-%m-%d} 过期，停用：检验过期，不得使用"
    ]
    # A passing periodic inspection puts it back into use.
    services.record_equipment_inspection(
        equipment=lapsed,
        by=world.staff_safety,
        data={
            "kind": "periodic",
            "inspected_on": TODAY(),
            "inspector": "特检院",
            "result": "pass",
            "next_due": TODAY() + dt.timedelta(days=365),
        },
    )
    lapsed.refresh_from_db()
    assert lapsed.usable and lapsed.last_inspected_on == TODAY()
    assert row24_special_equipment(world.alpha, TODAY()).status == "met"


def test_equipment_registration_rules(world):
    with pytest.raises(ValidationError) as exc:
        equipment(world, registered_on=dt.date(2020, 3, 1), maintenance_licence_no="")
    errors = exc.value.message_dict
    assert errors["registered_on"] == ["特种设备应在投入使用前或投入使用后 30 日内办理使用登记"]
    assert "取得许可的单位" in errors["maintenance_licence_no"][0]
    assert not m.SpecialEquipment.objects.exists()
    # A pressure vessel needs no elevator maintenance licence.
    equipment(world, kind="pressure_vessel", name="储气罐")


def test_periodic_inspection_must_give_next_date(world):
    lift = equipment(world)
    with pytest.raises(ValidationError) as exc:
        services.record_equipment_inspection(
            equipment=lift,
            by=world.staff_safety,
            data={"kind": "periodic", "inspected_on": TODAY(), "inspector": "特检院", "result": "pass"},
        )
    assert "next_due" in exc.value.message_dict
    assert not m.SpecialEquipmentInspection.objects.exists()


def test_expiry_reminders_a_month_ahead_once(world):
    soon = equipment(world, name="3 号客梯", next_due=TODAY() + dt.timedelta(days=20))
    equipment(world, name="4 号客梯", next_due=TODAY() + dt.timedelta(days=90))
    merchant = create_object(
        model=m.FoodMerchant,
        data={
            "park": world.alpha,
            "name": "员工餐厅",
            "location": "D栋",
            "licence_no": "JY14403050012345",
            "licence_valid_until": TODAY() + dt.timedelta(days=10),
        },
        by=world.staff_safety,
    )
    create_object(
        model=m.StaffHealthCertificate,
        data={"merchant": merchant, "name": "陈丽", "valid_until": TODAY() - dt.timedelta(days=2)},
        by=world.staff_safety,
    )
    area = create_object(
        model=m.EBikeChargingArea,
        data={
            "park": world.alpha,
            "name": "充电棚",
            "location": "C栋",
            "capacity": 40,
            "fire_measures": "喷淋",
        },
        by=world.staff_safety,
    )
    services.record_register_inspection(
        by=world.staff_safety,
        data={
            "charging_area": area,
            "inspected_on": TODAY() - dt.timedelta(days=25),
            "inspector": "安全员",
            "result": "pass",
            "next_due": TODAY() + dt.timedelta(days=5),
        },
    )
    assert services.send_expiry_reminders(TODAY()) == 4
    subjects = set(
        Notification.objects.filter(kind="safety.expiry", recipient=world.staff_safety).values_list(
            "subject", flat=True
        )
    )
    assert subjects == {
        "定期检验到期提醒：电梯·3 号客梯",
        "食品经营许可证到期提醒：员工餐厅",
        "健康证明到期提醒：员工餐厅·陈丽",
        "检查到期提醒：充电棚",
    }
    assert Notification.objects.filter(kind="safety.expiry", recipient=world.admin).count() == 4
    # The same due dates are not reminded twice; a renewed date is.
    assert services.send_expiry_reminders(TODAY()) == 0
    soon.next_due = TODAY() + dt.timedelta(days=25)
    soon.save()
    assert services.send_expiry_reminders(TODAY()) == 1


def test_food_licence_number_and_expiry_flag(world):
    with pytest.raises(ValidationError) as exc:
        create_object(
            model=m.FoodMerchant,
            data={
                "park": world.alpha,
                "name": "奶茶店",
                "location": "A栋",
                "licence_no": "12345",
                "licence_valid_until": TODAY(),
            },
            by=world.staff_safety,
        )
    assert "JY" in exc.value.message_dict["licence_no"][0]
    expired = create_object(
        model=m.FoodMerchant,
        data={
            "park": world.alpha,
            "name": "奶茶店",
            "location": "A栋",
            "licence_no": "JY14403050099999",
            "licence_valid_until": TODAY() - dt.timedelta(days=1),
        },
        by=world.staff_safety,
    )
    assert not expired.licence_valid
