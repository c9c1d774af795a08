"""The supplier pool is staff-only: a tenant reads the park's service catalogue (page, export,
API) without the names of the suppliers behind it."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from parkops.assessment.models import ServiceOffering, Supplier
from parkops.core.services import create_object

SUPPLIER = "鹏城法律咨询事务所"


@pytest.fixture
def offering(world):
    supplier = create_object(
        model=Supplier, data={"park": world.alpha, "name": SUPPLIER, "category": "法律"}, by=world.admin
    )
    return create_object(
        model=ServiceOffering,
        data={"park": world.alpha, "category": "法律", "name": "合同审查", "supplier": supplier},
        by=world.admin,
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_tenant_sees_services_but_no_supplier_names(world, offering):
    client = signed_in(world.tenant_a)
    page = client.get("/assessment/services/")
    assert page.status_code == 200
    assert "合同审查" in page.content.decode() and SUPPLIER not in page.content.decode()
    detail = client.get(f"/assessment/services/{offering.pk}/").content.decode()
    assert "合同审查" in detail and SUPPLIER not in detail
    export = client.get("/assessment/services/?export=xlsx")
    cells = [
        str(v)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for v in row
    ]
    assert "合同审查" in cells and SUPPLIER not in cells
    assert (
        client.get("/assessment/suppliers/").status_code in (403, 404)
        or SUPPLIER not in client.get("/assessment/suppliers/").content.decode()
    )


def test_tenant_api_has_no_supplier_field(world, offering):
    api = APIClient()
    api.force_authenticate(world.tenant_a)
    rows = api.get("/api/service-offerings/").json()["results"]
    assert rows and all("supplier" not in r for r in rows)
    assert api.get("/api/suppliers/").json().get("results", []) == []


def test_staff_see_the_supplier(world, offering):
    page = signed_in(world.admin).get("/assessment/services/").content.decode()
    assert SUPPLIER in page
    api = APIClient()
    api.force_authenticate(world.admin)
    rows = api.get("/api/service-offerings/").json()["results"]
    assert rows[0]["supplier"]["id"] == offering.supplier_id
