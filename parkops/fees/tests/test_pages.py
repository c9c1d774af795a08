"""Fee pages and API: a tenant sees its own bills and nobody else's; the public standards
page needs no login and shows only standards in force."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from parkops.fees import services
from parkops.fees.models import Bill, FeeKind, FeeStandard

D = Decimal


def make_bills(world):
    water = FeeStandard.objects.create(
        park=world.alpha,
        kind=FeeKind.WATER,
        name="非居民用水",
        unit="yuan_t",
        price=D("4.69"),
        effective_from=dt.date(2026, 1, 1),
        published_at="公示栏",
    )
    FeeStandard.objects.create(
        park=world.alpha,
        kind=FeeKind.WATER,
        name="旧水价",
        unit="yuan_t",
        price=D("4.10"),
        effective_from=dt.date(2020, 1, 1),
        effective_to=dt.date(2020, 12, 31),
        published_at="公示栏",
    )
    bills = {}
    for enterprise in (world.ent_a, world.ent_b):
        bill = Bill.objects.create(
            park=world.alpha,
            enterprise=enterprise,
            number=f"ZD-{enterprise.name}",
            period=dt.date(2026, 3, 1),
        )
        services.add_line(
            bill=bill, kind=FeeKind.WATER, quantity=D("10"), standard=water, by=world.staff_admin
        )
        bills[enterprise.name] = services.issue_bill(bill=bill, by=world.staff_admin)
    payment = services.record_payment(
        bill=bills["乙企业"], amount=D("10"), paid_on=dt.date(2026, 4, 1), method="cash", by=world.staff_admin
    )
    return bills, payment


def test_tenant_sees_own_bills_only_on_pages(client, world):
    bills, payment = make_bills(world)
    client.force_login(world.tenant_a)
    listing = client.get(reverse("fees:bill_list")).content.decode()
    assert "ZD-甲企业" in listing and "ZD-乙企业" not in listing
    assert client.get(reverse("fees:bill_detail", args=[bills["甲企业"].pk])).status_code == 200
    assert client.get(reverse("fees:bill_detail", args=[bills["乙企业"].pk])).status_code == 404
    assert client.get(reverse("fees:receipt", args=[payment.pk])).status_code == 404
    assert (
        client.post(
            reverse("fees:bill_detail", args=[bills["甲企业"].pk]),
            {"action": "pay", "amount": "1", "paid_on": "2026-04-01", "method": "cash"},
        ).status_code
        == 403
    )
    client.force_login(world.tenant_b)
    assert client.get(reverse("fees:receipt", args=[payment.pk])).status_code == 200
    pdf = client.get(reverse("fees:receipt", args=[payment.pk]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_tenant_sees_own_bills_only_in_the_api(client, world):
    make_bills(world)
    client.force_login(world.tenant_a)
    data = client.get("/api/fees/bills/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["number"] for r in rows] == ["ZD-甲企业"]
    assert rows[0]["lines"][0]["standard_name"].startswith("非居民用水")
    client.force_login(world.tenant_c)
    data = client.get("/api/fees/bills/").json()
    assert (data["results"] if isinstance(data, dict) else data) == []


def test_bill_excel_export_is_restricted(client, world):
    make_bills(world)
    client.force_login(world.tenant_a)
    response = client.get(reverse("fees:bill_list") + "?export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == ["ZD-甲企业"]


def test_public_standards_page_needs_no_login_and_shows_standards_in_force(client, world):
    make_bills(world)
    page = client.get(reverse("fees:public", args=["ALPHA"])).content.decode()
    assert "非居民用水" in page and "旧水价" not in page
    assert "甲企业" not in page and "ZD-" not in page
    assert client.get(reverse("fees:public", args=["NOPE"])).status_code == 404


def test_adding_a_line_above_standard_on_the_page_shows_the_standard(client, world):
    water = FeeStandard.objects.create(
        park=world.alpha,
        kind=FeeKind.WATER,
        name="非居民用水",
        unit="yuan_t",
        price=D("4.69"),
        effective_from=dt.date(2026, 1, 1),
        published_at="公示栏",
    )
    bill = Bill.objects.create(
        park=world.alpha, enterprise=world.ent_a, number="ZD-X", period=dt.date(2026, 3, 1)
    )
    client.force_login(world.staff_admin)
    response = client.post(
        reverse("fees:bill_detail", args=[bill.pk]),
        {"action": "line", "kind": "water", "standard": water.pk, "quantity": "10", "unit_price": "6"},
    )
    assert response.status_code == 200
    assert "超过收费标准《非居民用水》（4.69元/吨）" in response.content.decode()
    assert not bill.lines.exists()
