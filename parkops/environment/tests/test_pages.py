"""Every environment page opens for the environment department and, read-only, for the assessor."""

import pytest
from django.urls import reverse

from parkops.accounts.services import create_user
from parkops.core.scope import DepartmentKind, Role

LISTS = [
    "greeningtask",
    "greeningrecord",
    "wastecollection",
    "wastefacility",
    "wastefacilitycleaning",
    "monitoringpoint",
    "pollutantlimit",
    "reading",
    "exceedance",
    "pollutionnotice",
]


@pytest.mark.parametrize("who", ["environment", "assessor", "tenant"])
def test_pages_open(world, client, who):
    if who == "environment":
        user = create_user(
            by=world.admin,
            username="staff_env",
            password=world.password,
            role=Role.STAFF,
            department=DepartmentKind.ENVIRONMENT,
            operator=world.alpha.operator,
            parks=[world.alpha],
        )
    else:
        user = world.assessor if who == "assessor" else world.tenant_a
    client.force_login(user)
    for name in LISTS:
        assert client.get(reverse(f"environment:{name}_list")).status_code == 200, name
    expected = 200 if who == "environment" else 403
    assert client.get(reverse("environment:reading_add")).status_code == expected
