"""Every safety page opens for the safety department and, read-only, for the assessor."""

import pytest
from django.urls import reverse

from parkops.safety.forms import PatrolScheduleForm
from parkops.safety.tests.factories import equipment, route

LISTS = [
    "safetyplan",
    "drill",
    "patrolroute",
    "checkpoint",
    "checkitem",
    "patrolschedule",
    "patrolrun",
    "hazard",
    "specialequipment",
    "specialequipmentinspection",
    "fireequipment",
    "ebikechargingarea",
    "registerinspection",
    "periodiccheck",
    "foodmerchant",
    "staffhealthcertificate",
    "securitystaff",
    "safetytraining",
    "monitoringdevice",
]


@pytest.mark.parametrize("user", ["staff_safety", "assessor"])
def test_pages_open(world, client, user):
    route(world)
    lift = equipment(world)
    client.force_login(world.users[user])
    for name in LISTS:
        assert client.get(reverse(f"safety:{name}_list")).status_code == 200, name
    for path in (
        "/safety/",
        "/safety/patrol/",
        "/safety/monitoring/",
        f"/safety/special-equipment/{lift.pk}/",
    ):
        assert client.get(path).status_code == 200, path
    add = client.get(reverse("safety:hazard_add"))
    assert add.status_code == (200 if user == "staff_safety" else 403)


def test_schedule_form_offers_only_staff_of_the_users_parks(world):
    form = PatrolScheduleForm(user=world.staff_safety)
    names = set(form.fields["guards"].queryset.values_list("username", flat=True))
    assert "staff_safety" in names and "admin_alpha" in names
    assert not names & {"admin_beta", "tenant_a", "assessor", "platform"}
