"""Money as people read it on the fee pages ("1,234,567.50 元"), exports still numbers, and the
revenue ledger's months (billed vs collected) with its chart data."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core import clock
from parkops.fees import selectors, services
from parkops.fees.models import Bill, FeeKind, FeeStandard

D = Decimal
pytestmark = pytest.mark.django_db


def big_bill(world, *, park=None, enterprise=None, period=None, number="ZD-BIG", pay=None):
    """An issued bill of 1,234,567.50 元 (1,000 ㎡ of property fee at 1,234.5675 元/㎡·月),
    with an optional payment."""
    park = park or world.alpha
    enterprise = enterprise or world.ent_a
    period = period or selectors.last_months(clock.localdate(), 1)[0]
    standard = FeeStandard.objects.create(
        park=park,
        kind=FeeKind.PROPERTY,
        name=f"整层物业服务费 {number}",
        unit="yuan_m2_month",
        price=D("1234.5675"),
        effective_from=period,
        published_at="服务中心公示栏",
    )
    admin = world.staff_admin if park == world.alpha else world.admin_beta
    bill = Bill.objects.create(park=park, enterprise=enterprise, number=number, period=period)
    services.add_line(bill=bill, kind=FeeKind.PROPERTY, quantity=D("1000"), standard=standard, by=admin)
    bill = services.issue_bill(bill=bill, issued_on=period, by=admin)
    if pay is not None:
        services.record_payment(
            bill=bill, amount=pay, paid_on=period + dt.timedelta(days=2), method="transfer", by=admin
        )
        bill.refresh_from_db()
    return bill


def test_bill_list_and_detail_show_yuan_with_separators(world, client):
    bill = big_bill(world, pay=D("1000"))
    client.force_login(world.staff_admin)
    listing = client.get(reverse("fees:bill_list")).content.decode()
    assert "1,234,567.50 元" in listing  # the total, in the table and on the phone's card
    assert "1000.00" not in listing and "1,000.00 元" in listing  # paid
    detail = client.get(reverse("fees:bill_detail", args=[bill.pk])).content.decode()
    assert 'data-testid="bill-total">1,234,567.50 元<' in detail
    assert "1,233,567.50 元" in detail  # outstanding
    assert "1,234.5675" in detail and "1,000.00" in detail  # the line's unit price and quantity
    standards = client.get(reverse("fees:feestandard_list")).content.decode()
    assert "1,234.5675 元" in standards  # a unit price keeps its four decimals
    public = client.get(reverse("fees:public", args=[world.alpha.code])).content.decode()
    assert "1,234.5675" in public and "长期" in public


def test_payment_receipt_and_arrears_show_money(world, client):
    bill = big_bill(world, pay=D("1234.5"))
    client.force_login(world.staff_admin)
    receipt = client.get(reverse("fees:receipt", args=[bill.payments.get().pk])).content.decode()
    assert 'data-testid="receipt-amount">1,234.50 元<' in receipt
    payments = client.get(reverse("fees:payment_list")).content.decode()
    assert "1,234.50 元" in payments


def test_english_pages_write_the_currency_in_english(world, client):
    bill = big_bill(world)
    client.force_login(world.staff_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    detail = client.get(reverse("fees:bill_detail", args=[bill.pk])).content.decode()
    assert "CNY 1,234,567.50" in detail and "1,234,567.50 元" not in detail


def test_bill_export_keeps_numbers(world, client):
    big_bill(world)
    client.force_login(world.staff_admin)
    response = client.get(reverse("fees:bill_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    total_column = rows[0].index(str(Bill._meta.get_field("total").verbose_name))
    assert rows[1][total_column] == 1234567.5  # a number cell, not "1,234,567.50 元"


def test_revenue_page_months_billed_collected_and_chart(world, client):
    months = selectors.last_months(clock.localdate())
    bill = big_bill(world, period=months[-1], pay=D("1000000"))
    big_bill(world, park=world.beta, enterprise=world.ent_c, period=months[-1], number="ZD-BETA")
    draft = Bill.objects.create(
        park=world.alpha, enterprise=world.ent_b, number="ZD-DRAFT", period=months[-1]
    )
    Bill.objects.filter(pk=draft.pk).update(total=D("999"))  # a draft is not billed yet
    client.force_login(world.admin)
    page = client.get(reverse("fees:revenue") + f"?park={world.alpha.pk}")
    assert page.status_code == 200
    last = page.context["figures"][-1]
    assert (last.month, last.billed, last.collected) == (months[-1], bill.total, D("1000000"))
    assert last.collection_rate.quantize(D("0.1")) == D("81.0")
    assert all(f.billed == 0 for f in page.context["figures"][:-1])
    html = page.content.decode()
    assert "1,234,567.50 元" in html and "1,000,000.00 元" in html and "81.0%" in html
    assert "2,469,135.00" not in html  # BETA's bill is not ALPHA's
    chart = json.loads(html.split('id="revenue-data" type="application/json">')[1].split("</script>")[0])
    assert chart["months"] == [f"{m:%Y-%m}" for m in months]
    assert chart["billed"][-1] == "1234567.50" and chart["collected"][-1] == "1000000.00"
    words = json.loads(html.split('id="chart-words" type="application/json">')[1].split("</script>")[0])
    assert (words["billed"], words["collected"], words["yuan"]) == ("应收金额", "实收金额", "元")
    assert "<script>" not in html.replace(" ", "")  # no inline script: the chart is a static file
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("fees:revenue")).content.decode()
    words = json.loads(english.split('id="chart-words" type="application/json">')[1].split("</script>")[0])
    assert words["locale"] == "EN" and words["billed"] == "Billed" and words["yuan"] == "CNY"


def test_revenue_page_is_refused_to_tenants(world, client):
    client.force_login(world.tenant_a)
    assert client.get(reverse("fees:revenue")).status_code == 403
