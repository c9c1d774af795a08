"""A form posted to a bill whose state no longer shows that form is told why nothing changed
(it used to answer 200 with a page that had neither the form nor its error)."""

import datetime as dt
from decimal import Decimal

from django.contrib.messages import get_messages
from django.urls import reverse

from parkops.fees import services
from parkops.fees.models import Bill, BillLine, FeeKind, FeeStandard

D = Decimal


def water(world) -> FeeStandard:
    return FeeStandard.objects.create(
        park=world.alpha,
        kind=FeeKind.WATER,
        name="非居民用水",
        unit="yuan_t",
        price=D("4.69"),
        effective_from=dt.date(2026, 1, 1),
        published_at="公示栏",
    )


def issued_bill(world, standard, month=3) -> Bill:
    bill = Bill.objects.create(
        park=world.alpha, enterprise=world.ent_a, number=f"ZD-T{month}", period=dt.date(2026, month, 1)
    )
    services.add_line(
        bill=bill, kind=FeeKind.WATER, quantity=D("10"), standard=standard, by=world.staff_admin
    )
    return services.issue_bill(bill=bill, by=world.staff_admin)


def test_adding_a_line_to_an_issued_bill_is_refused_with_a_message_and_changes_nothing(client, world):
    standard = water(world)
    bill = issued_bill(world, standard)
    before = (list(bill.lines.values_list("pk", "amount")), bill.total, bill.status)
    url = reverse("fees:bill_detail", args=[bill.pk])
    client.force_login(world.staff_admin)
    for data in (
        {"action": "line", "kind": FeeKind.WATER, "standard": standard.pk, "quantity": "5"},
        {"action": "line", "kind": FeeKind.WATER, "standard": standard.pk, "quantity": "x"},  # invalid too
    ):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == url
        assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "账单已出账，不能再修改明细"
    bill.refresh_from_db()
    assert (list(bill.lines.values_list("pk", "amount")), bill.total, bill.status) == before
    assert BillLine.objects.count() == 1


def test_the_message_is_shown_on_the_bill_page(client, world):
    bill = issued_bill(world, water(world))
    url = reverse("fees:bill_detail", args=[bill.pk])
    client.force_login(world.staff_admin)
    page = client.post(url, {"action": "line", "kind": FeeKind.WATER, "quantity": "5"}, follow=True)
    assert page.status_code == 200 and "账单已出账，不能再修改明细" in page.content.decode()


def test_paying_a_draft_or_a_paid_bill_is_refused_with_a_message(client, world):
    standard = water(world)
    draft = Bill.objects.create(
        park=world.alpha, enterprise=world.ent_a, number="ZD-T2", period=dt.date(2026, 3, 1)
    )
    paid = issued_bill(world, standard, month=4)
    services.record_payment(
        bill=paid, amount=paid.outstanding, paid_on=dt.date(2026, 4, 1), method="cash", by=world.staff_admin
    )
    client.force_login(world.staff_admin)
    for bill, message in ((draft, "草稿账单尚未出账，不能收款"), (paid, "账单已缴清，无需再收款")):
        url = reverse("fees:bill_detail", args=[bill.pk])
        response = client.post(
            url, {"action": "pay", "amount": "1", "paid_on": "2026-04-01", "method": "cash"}
        )
        assert response.status_code == 302
        assert [str(m) for m in get_messages(response.wsgi_request)][-1] == message
        assert not bill.payments.filter(amount=D("1")).exists()


def test_a_line_on_a_draft_still_shows_field_errors_in_the_form(client, world):
    water(world)
    draft = Bill.objects.create(
        park=world.alpha, enterprise=world.ent_a, number="ZD-T3", period=dt.date(2026, 3, 1)
    )
    client.force_login(world.staff_admin)
    response = client.post(
        reverse("fees:bill_detail", args=[draft.pk]),
        {"action": "line", "kind": FeeKind.WATER, "quantity": "x"},
    )
    assert response.status_code == 200 and "quantity" in response.context["line_form"].errors
