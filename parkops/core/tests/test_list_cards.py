"""On a phone every generic list becomes cards: the record's name linking to it, then the
list's ``card_fields`` with their labels (or the first columns when a list declares none)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import resolve
from lxml import html

from parkops.core import models as core
from parkops.fees.models import Bill


def cards(content: bytes) -> list[dict]:
    """Each card's title, link and {label: value}."""
    out = []
    cls = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')".format
    for li in html.fromstring(content).xpath(f"//ul[{cls('po-cards')}]/li[{cls('po-card')}]"):
        title = li.xpath(f".//*[{cls('po-card-title')}]")[0]
        link = title.xpath(".//a")
        fields = {
            dt_.text_content().strip(): dd.text_content().strip()
            for dt_, dd in zip(li.xpath(".//dt"), li.xpath(".//dd"), strict=True)
        }
        out.append(
            {
                "title": title.text_content().strip(),
                "href": link[0].get("href") if link else "",
                "fields": fields,
            }
        )
    return out


@pytest.mark.django_db
def test_tenant_bill_cards_show_amount_state_and_due_date_first(world, client):
    bill = Bill.objects.create(
        park=world.alpha,
        enterprise=world.ent_a,
        number="ZD-CARD-1",
        period=dt.date(2026, 3, 1),
        status=Bill.Status.ISSUED,
        due_on=dt.date(2026, 3, 20),
        total=Decimal("12345.60"),
    )
    Bill.objects.create(
        park=world.alpha, enterprise=world.ent_b, number="ZD-CARD-2", period=dt.date(2026, 3, 1)
    )
    client.force_login(world.users["tenant_a"])
    response = client.get("/fees/bills/")
    assert response.status_code == 200
    found = cards(response.content)
    assert [c["title"] for c in found] == [str(bill)]  # the neighbour's bill is not there
    card = found[0]
    assert card["href"] == bill.get_absolute_url()
    assert list(card["fields"].items())[:3] == [
        ("应收合计（元）", "12,345.60 元"),
        ("状态", "已出账"),
        ("缴费截止日", "2026-03-20"),
    ]


@pytest.mark.django_db
def test_a_list_without_card_fields_shows_its_first_columns_and_not_the_title_again(
    world, client, monkeypatch
):
    view = resolve("/park/enterprises/").func.view_class
    assert view.columns[0] == "name"
    monkeypatch.setattr(view, "card_fields", None)
    client.force_login(world.users["admin_alpha"])
    response = client.get("/park/enterprises/")
    by_title = {c["title"]: c for c in cards(response.content)}
    card = by_title[str(world.ent_a)]
    # The first four columns, less "name": the card's title already says it.
    labels = [str(c.label) for c in view(model=core.Enterprise).get_columns()]
    assert list(card["fields"]) == labels[1:4]
    assert card["fields"][labels[1]] == world.ent_a.credit_code


@pytest.mark.django_db
def test_declared_card_fields_replace_the_default(world, client):
    client.force_login(world.users["admin_alpha"])
    card = {c["title"]: c for c in cards(client.get("/park/enterprises/").content)}[str(world.ent_a)]
    view = resolve("/park/enterprises/").func.view_class
    assert list(card["fields"]) == [str(c.label) for c in view(model=core.Enterprise).get_card_fields()]
    assert list(card["fields"])[0] == "状态"
