"""The dashboard's figures equal what the records say, tiles without data say so, and each
reader sees only what they may."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from parkops.core.models import Enterprise, Unit
from parkops.core.services import create_object
from parkops.insight import selectors
from parkops.insight.tests.factories import bill
from parkops.testing.world import credit_code

NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC)


def tile(user, park, key):
    return next(t for t in selectors.dashboard_tiles(user, park) if t.key == key)


def values(t):
    return {str(f.label): f.value for f in t.figures}


def test_occupancy_equals_the_units(world, clock_at):
    clock_at(NOW)
    units = Unit.objects.filter(floor__building__park=world.alpha)
    total = sum(u.area for u in units)
    occupied = sum(u.area for u in units if u.state in ("leased", "self_used"))
    t = tile(world.admin, world.alpha, "occupancy")
    figures = values(t)
    assert figures["出租率"] == (occupied * 100 / total).quantize(Decimal("0.01"))
    assert figures["在租及自用面积（㎡）"] == occupied == Decimal("400")
    assert figures["空置面积（㎡）"] == total - occupied == Decimal("150")
    assert t.rows[0]["rate"] == figures["出租率"]
    assert "state=vacant" in t.figures[2].url


def test_each_buildings_occupancy_equals_its_units(world, clock_at):
    """The per-building rows (one grouped query) equal each building's own units."""
    from parkops.core.models import Building, Floor

    clock_at(NOW)
    second = create_object(
        model=Building,
        data={
            "park": world.alpha,
            "code": "Z",
            "name": "Z栋",
            "floors_above": 2,
            "gross_area": Decimal("900"),
        },
        by=world.admin,
    )
    floor = create_object(
        model=Floor, data={"building": second, "number": 1, "area": Decimal("600")}, by=world.admin
    )
    for code, area, state in (
        ("Z-101", "120", "vacant"),
        ("Z-102", "80", "self_used"),
        ("Z-103", "200", "vacant"),
    ):
        create_object(
            model=Unit,
            data={"floor": floor, "code": code, "area": Decimal(area), "state": state},
            by=world.admin,
        )
    rows = tile(world.admin, world.alpha, "occupancy").rows
    assert (
        len(rows)
        == Building.objects.filter(park=world.alpha, floors__units__isnull=False).distinct().count()
        == 2
    )
    for row in rows:
        units = Unit.objects.filter(floor__building__park=world.alpha, floor__building__name=row["name"])
        total = sum(u.area for u in units)
        occupied = sum(u.area for u in units if u.state in ("leased", "self_used"))
        assert row["rate"] == (occupied * 100 / total).quantize(Decimal("0.01")), row["name"]
        assert row["vacant"] == total - occupied, row["name"]
    assert rows[1]["rate"] == Decimal("20.00") and rows[1]["vacant"] == Decimal("320")


def test_tiles_without_records_say_so(world, clock_at):
    clock_at(NOW)
    tiles = {t.key: t for t in selectors.dashboard_tiles(world.admin, world.alpha)}
    for key in ("pipeline", "revenue", "work_orders", "hazards", "environment", "satisfaction"):
        assert tiles[key].empty and not tiles[key].figures, key
    for key in ("energy", "alarms", "devices", "demands", "carbon"):
        assert tiles[key].empty, key


def test_revenue_and_arrears_equal_the_bills(world, clock_at):
    from parkops.fees.models import Bill
    from parkops.fees.services import record_payment

    clock_at(NOW)
    this_month = dt.date(2026, 11, 1)
    bill(world, world.ent_a, this_month, "12000.00", "B-1", due_on=dt.date(2026, 11, 25))
    bill(world, world.ent_b, this_month, "8000.50", "B-2", due_on=dt.date(2026, 11, 25))
    old = bill(world, world.ent_b, dt.date(2026, 9, 1), "7000.00", "B-3", due_on=dt.date(2026, 9, 25))
    other = create_object(
        model=Enterprise,
        data={
            "park": world.alpha,
            "name": "丁企业",
            "credit_code": credit_code(777),
            "contact_phone": "13800138000",
        },
        by=world.admin,
    )
    bill(world, other, this_month, "999.00", "B-4")
    record_payment(
        bill=old, amount=Decimal("2000.00"), paid_on=dt.date(2026, 11, 3), method="transfer", by=world.admin
    )
    figures = values(tile(world.admin, world.alpha, "revenue"))
    billed = sum(
        b.total for b in Bill.objects.filter(park=world.alpha, period=this_month).exclude(status="draft")
    )
    assert figures["本月应收"] == billed == Decimal("20000.50")
    assert figures["本月实收"] == Decimal("2000.00")
    old.refresh_from_db()
    assert figures["逾期欠费"] == old.total - old.paid
    assert figures["欠费账单"] == 1


def test_hazards_and_work_orders_equal_the_records(world, clock_at):
    from parkops.safety.models import Hazard

    clock_at(NOW)
    for grade, deadline in (
        ("general", dt.date(2026, 11, 10)),
        ("major", dt.date(2026, 12, 1)),
        ("general", None),
    ):
        create_object(
            model=Hazard,
            data={
                "park": world.alpha,
                "grade": grade,
                "category": "fire",
                "place": "A栋 1F",
                "description": "消防通道堵塞",
                "found_by": world.staff_safety,
                "deadline": deadline,
            },
            by=world.staff_safety,
        )
    figures = values(tile(world.admin, world.alpha, "hazards"))
    assert figures == {"未关闭": 3, "逾期未整改": 1, "重大隐患": 1}
    # BETA's administrator sees BETA's park, where nothing was found.
    assert tile(world.admin_beta, world.beta, "hazards").empty


def test_pipeline_counts_customers_by_stage(world, clock_at):
    from parkops.investment.models import Customer

    clock_at(NOW)
    for name, stage in (("甲客户", "target"), ("乙客户", "target"), ("丙客户", "intent")):
        create_object(
            model=Customer, data={"park": world.alpha, "name": name, "stage": stage}, by=world.admin
        )
    t = tile(world.staff_invest, world.alpha, "pipeline")
    assert values(t)["目标客户"] == 2 and values(t)["意向客户"] == 1
    assert t.chart["values"][:2] == [2, 1]


@pytest.mark.parametrize("username,status", [("admin_alpha", 200), ("assessor", 200), ("tenant_a", 403)])
def test_who_may_open_the_dashboard(world, client, clock_at, username, status):
    clock_at(NOW)
    client.force_login(world.users[username])
    for name in ("insight:dashboard", "insight:wall", "insight:tiles", "insight:status"):
        assert client.get(reverse(name)).status_code == status, name


def test_another_operators_park_is_not_offered(world, client, clock_at):
    clock_at(NOW)
    client.force_login(world.admin_beta)
    response = client.get(reverse("insight:dashboard") + f"?park={world.alpha.pk}")
    assert response.status_code == 200
    assert response.context["park"] == world.beta
    assert "A-101" not in response.content.decode()


def test_dashboard_page_links_each_figure(world, client, clock_at):
    clock_at(NOW)
    client.force_login(world.admin)
    html = client.get(reverse("insight:wall") + f"?park={world.alpha.pk}").content.decode()
    assert 'data-figure="occupancy-1"' in html and reverse("core:unit_list") in html
    assert "hx-get" in html and "every 30s" in html
    assert 'data-unit-state="vacant"' in html
    assert "<script>" not in html


def test_score_is_cached_under_the_audit_head(world, clock_at, monkeypatch):
    from parkops.assessment import engine

    clock_at(NOW)
    calls = []
    real = engine.assess

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "assess", counting)
    today = dt.date(2026, 11, 18)
    first = selectors.provisional_score(world.alpha, today)
    again = selectors.provisional_score(world.alpha, today)
    assert len(calls) == 1 and first == again
    create_object(
        model=Unit,
        data={
            "floor": Unit.objects.filter(floor__building__park=world.alpha).first().floor,
            "code": "A-199",
            "area": 10,
        },
        by=world.admin,
    )
    selectors.provisional_score(world.alpha, today)
    assert len(calls) == 2


def test_floor_grid_cells_are_the_units(world, clock_at):
    clock_at(NOW)
    grid = selectors.floor_grid(world.admin, world.alpha)
    cells = {c.code: c for b in grid for f in b["floors"] for c in f["units"]}
    units = Unit.objects.filter(floor__building__park=world.alpha).select_related("enterprise")
    assert set(cells) == {u.code for u in units}
    for u in units:
        cell = cells[u.code]
        assert cell.url == u.get_absolute_url() and cell.state_label == u.get_state_display()
        assert (cell.state, cell.area) == (u.state, u.area)
        assert cell.enterprise == (u.enterprise.name if u.enterprise_id else "")
    # Floors top first, within each building; each floor's links name its units, escaped.
    for b in grid:
        numbers = [int(f["name"]) for f in b["floors"]]
        assert numbers == sorted(numbers, reverse=True)
        for f in b["floors"]:
            for c in f["units"]:
                assert f'href="{c.url}"' in f["html"] and f'data-unit-state="{c.state}"' in f["html"]
    occupied = units.exclude(enterprise=None).first()
    Enterprise.objects.filter(pk=occupied.enterprise_id).update(name='<i>"甲"</i>')
    html = "".join(f["html"] for b in selectors.floor_grid(world.admin, world.alpha) for f in b["floors"])
    assert "&lt;i&gt;&quot;甲&quot;&lt;/i&gt;" in html and "<i>" not in html
