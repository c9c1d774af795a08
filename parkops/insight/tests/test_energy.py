"""Energy analysis and the energy reports equal what telemetry's rollups say: a planted anomaly
is flagged and a normal hour is not, a measure's saving is the hand-computed figure, and the
monthly energy report of a calendar month (Asia/Shanghai) is the sum of that month's rollups,
the reading at midnight closing the month before."""

from __future__ import annotations

import datetime as dt
import io
import statistics
from decimal import Decimal

import pytest
from django.urls import reverse

from parkops.core.models import Building
from parkops.energy.models import EnergySavingMeasure, Meter
from parkops.energy.tests.factories import TZ, meter, point, send
from parkops.insight import energy, reports
from parkops.telemetry.models import Rollup

pytestmark = pytest.mark.django_db


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def rollup_sum(pt, interval: str, start: dt.datetime, end: dt.datetime) -> Decimal:
    """The consumption of ``pt`` read straight from its rollups starting in [start, end)."""
    rows = Rollup.objects.filter(point=pt, interval=interval, start__gte=start, start__lt=end)
    return sum((r.consumption for r in rows if r.consumption is not None), Decimal(0))


# ---------------------------------------------------------------------------- anomalies
HISTORY_FROM = local(2026, 10, 26)
NOW = local(2026, 12, 7, 12, 30)
PLANTED = local(2026, 12, 6, 3)  # a Sunday, 03:00–04:00
NORMAL = local(2026, 12, 6, 4)


def hourly_use(hour_start: dt.datetime) -> Decimal:
    """10, 10.5 or 11 kWh by the day (so the same weekday and hour differs from week to week),
    60 kWh in the planted hour."""
    if hour_start == PLANTED:
        return Decimal(60)
    days = (hour_start - HISTORY_FROM).days
    return Decimal(10) + Decimal("0.5") * (days % 3)


@pytest.fixture
def hourly_meter(world, clock_at):
    clock_at(NOW)
    park = world.alpha
    pt = point(park, "AN-1")
    pt.device.expected_interval_minutes = 60
    pt.device.save(update_fields=["expected_interval_minutes"])
    m = meter(park, "AN-MAIN", scope=Meter.Scope.BUILDING, building=Building.objects.get(park=park), pt=pt)
    total, pairs, at = Decimal(0), [], HISTORY_FROM
    end = NOW.replace(minute=0)
    while at <= end:
        pairs.append((at, total))
        total += hourly_use(at)
        at += dt.timedelta(hours=1)
    send(park, pt, pairs)
    return m, pt


def test_a_planted_anomaly_is_flagged_and_a_normal_hour_is_not(hourly_meter):
    m, pt = hourly_meter
    scan = energy.anomalies([m], energy.last_complete_hour(NOW))
    flagged = {a.start: a for a in scan.anomalies}
    assert PLANTED in flagged
    assert NORMAL not in flagged
    assert list(flagged) == [PLANTED]  # the regular 10–11 kWh hours are all normal
    a = flagged[PLANTED]
    # The baseline is the same weekday and hour of the earlier weeks, read from the hour rollups.
    earlier = [PLANTED - n * dt.timedelta(days=7) for n in range(1, energy.BASELINE_WEEKS + 1)]
    values = [rollup_sum(pt, "1h", t, t + dt.timedelta(hours=1)) for t in earlier if t >= HISTORY_FROM]
    assert a.value == rollup_sum(pt, "1h", PLANTED, PLANTED + dt.timedelta(hours=1)) == 60
    assert sorted(a.baseline) == sorted(values) and len(values) == 5
    assert a.median == statistics.median(values)
    assert a.mad == statistics.median([abs(v - a.median) for v in values])
    assert a.high and str(a.median.quantize(Decimal("0.01"))) in a.reason
    # Every hour of the window was judged: five earlier weeks are on record for each.
    assert scan.hours_checked == 7 * 24 and scan.hours_without_history == 0


def test_hours_without_enough_history_are_not_judged(hourly_meter):
    m, _pt = hourly_meter
    # Seen from a week after the history began, no hour has three earlier weeks.
    scan = energy.anomalies([m], local(2026, 11, 9), days=7)
    assert scan.anomalies == [] and scan.hours_without_history == scan.hours_checked > 0


def test_the_energy_page_explains_the_flag(hourly_meter, client, world):
    client.force_login(world.admin)
    response = client.get(reverse("insight:energy"), {"park": world.alpha.pk})
    html = response.content.decode()
    (flag,) = response.context["scan"].anomalies
    assert "AN-MAIN" in html and "2026-12-06 03:00" in html and "60.00 kWh" in html
    assert flag.baseline_text in html and flag.reason in html  # the value, the weeks behind it, why
    assert "1.4826" in html  # the rule is written out on the page


# ------------------------------------------------------------------------------ savings
def test_a_measures_saving_equals_the_rollups_over_equal_periods(world, clock_at):
    clock_at(local(2026, 12, 7, 9))
    park = world.alpha
    pt = point(park, "SV-1")
    lights = meter(park, "SV-LIGHT", scope=Meter.Scope.SYSTEM, category="01A20", level=3, pt=pt, multiplier=2)
    commissioned = dt.date(2026, 11, 15)
    total, pairs = Decimal(0), []
    day = dt.date(2026, 10, 1)
    while day <= dt.date(2026, 12, 7):
        pairs.append((local(day.year, day.month, day.day), total))
        # 50 a day before, 40 after, a works day of 100, a Monday bump to see the weekdays count
        use = Decimal(100) if day == commissioned else Decimal(50) if day < commissioned else Decimal(40)
        total += use + (Decimal(3) if day.weekday() == 0 else 0)
        day += dt.timedelta(days=1)
    send(park, pt, pairs)
    measure = EnergySavingMeasure.objects.create(
        park=park,
        name="走廊照明 LED 改造",
        kind="equipment",
        area="lighting",
        commissioned_on=commissioned,
        meter=lights,
    )
    saving = energy.measured_saving(measure, dt.date(2026, 12, 7))
    # 21 whole days have passed since the day after commissioning (Nov 16 – Dec 6).
    assert saving.days == 21
    assert saving.before == (dt.date(2026, 10, 25), dt.date(2026, 11, 14))
    assert saving.after == (dt.date(2026, 11, 16), dt.date(2026, 12, 6))
    before = 2 * rollup_sum(pt, "1d", local(2026, 10, 25), local(2026, 11, 15))
    after = 2 * rollup_sum(pt, "1d", local(2026, 11, 16), local(2026, 12, 7))
    assert saving.before_total == before and saving.after_total == after
    # By hand: 21 days × 50 + 3 Mondays × 3, × 2; after: 21 × 40 + 3 × 3, × 2.
    assert before == 2 * (21 * 50 + 3 * 3) == 2118 and after == 2 * (21 * 40 + 3 * 3) == 1698
    assert saving.before_per_day == (before / 21).quantize(Decimal("0.01")) == Decimal("100.86")
    assert saving.after_per_day == Decimal("80.86")
    assert saving.saving_per_day == Decimal("20.00") and saving.rate == Decimal("19.8")
    assert saving.note == ""


def test_a_measure_too_recent_or_without_meter_has_no_figure(world):
    measure = EnergySavingMeasure(park=world.alpha, name="x", commissioned_on=dt.date(2026, 12, 1))
    assert energy.measured_saving(measure, dt.date(2026, 12, 7)).saving_per_day is None
    assert energy.saving_periods(dt.date(2026, 12, 1), dt.date(2026, 12, 7)) == (0, None, None)
    assert energy.saving_periods(dt.date(2026, 12, 1), dt.date(2026, 12, 9))[0] == 7


# ------------------------------------------------------------------------ monthly report
@pytest.fixture
def month_meters(world, clock_at):
    """A building meter, 甲's submeter (multiplier 2) and a corridor-lighting sub-item meter,
    with readings on both sides of midnight Asia/Shanghai between November and December."""
    clock_at(local(2026, 12, 7, 12))
    park = world.alpha
    building = Building.objects.get(park=park)
    p_main, p_ten, p_item = point(park, "M-MAIN"), point(park, "M-TEN"), point(park, "M-ITEM")
    main = meter(park, "MR-MAIN", scope=Meter.Scope.BUILDING, building=building, pt=p_main)
    meter(
        park,
        "MR-TEN",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=world.ent_a,
        pt=p_ten,
        multiplier=2,
        parent=main,
    )
    meter(park, "MR-ITEM", scope=Meter.Scope.PUBLIC, building=building, category="01A20", pt=p_item)
    boundary = [
        (local(2026, 11, 1), 0),
        (local(2026, 11, 15, 12), 500),
        (local(2026, 11, 30, 23, 45), 900),
        (local(2026, 12, 1, 0, 0), 950),  # closes Nov 30 23:45–24:00: November's
        (local(2026, 12, 1, 0, 15), 960),
        (local(2026, 12, 2), 1000),
    ]
    send(park, p_main, boundary)
    send(park, p_ten, [(t, v / 5) for t, v in boundary])
    send(park, p_item, [(local(2026, 10, 31, 23, 45), 0), (local(2026, 11, 1), 7), (local(2026, 11, 30), 37)])
    return {"park": park, "building": building, "points": (p_main, p_ten, p_item)}


def figures(sections, title):
    section = next(s for s in sections if s.title == title)
    return section.rows


def test_monthly_energy_report_is_the_sum_of_the_months_rollups(month_meters, world):
    park = month_meters["park"]
    p_main, p_ten, p_item = month_meters["points"]
    nov = reports.energy_month(park, Meter.objects.restrict(world.admin, "view"), dt.date(2026, 11, 1))
    dec = reports.energy_month(park, Meter.objects.restrict(world.admin, "view"), dt.date(2026, 12, 1))
    nov_span, dec_span = (local(2026, 11, 1), local(2026, 12, 1)), (local(2026, 12, 1), local(2027, 1, 1))
    building = str(month_meters["building"])
    # By building: the quarter-hour rollups of the month, summed here without the report's code.
    (row,) = figures(nov, "按楼栋")
    assert row[:3] == (building, "01000 电", "kWh")
    assert row[3] == rollup_sum(p_main, "15m", *nov_span) == 950  # 23:45→00:00 is November's
    (row,) = figures(dec, "按楼栋")
    assert row[3] == rollup_sum(p_main, "15m", *dec_span) == 50 and row[4] == 950
    # By tenant: × the multiplier.
    (row,) = figures(nov, "按企业")
    assert row[:3] == ("甲企业", building, "01000 电")
    assert row[4] == 2 * rollup_sum(p_ten, "15m", *nov_span) == 380
    # By sub-item: 00:00 on Nov 1 closes October's last quarter-hour, so November has 30.
    (row,) = figures(nov, "按分项")
    assert row[1] == "01A20 走廊和应急照明"
    assert row[3] == rollup_sum(p_item, "15m", *nov_span) == 30
    # The park's total has no park meter, so it is the building meters'.
    assert figures(nov, "园区合计")[0][2] == 950


def test_monthly_energy_report_files(month_meters, world, client):
    from openpyxl import load_workbook

    Building.objects.filter(pk=month_meters["building"].pk).update(name="=HYPERLINK(1)")
    client.force_login(world.admin)
    url = reverse("insight:energy_report")
    params = {"park": world.alpha.pk, "month": "2026-11"}
    page = client.get(url, params).content.decode()
    assert "po-cards" in page and "950.00" in page  # a card per row on a phone
    xlsx = client.get(url, {**params, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert texts and all(c.data_type == "s" for c in texts)  # text stays text, no formula
    assert 950 in [c.value for c in cells]
    docx = client.get(url, {**params, "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def cjk_font_or_skip() -> None:
    from parkops.core.pdf import FontMissing, cjk_font
    from parkops.testing.services import missing

    try:
        cjk_font()
    except FontMissing:
        missing("The CJK font for PDFs", "install Debian's fonts-noto-cjk")


def test_report_pdfs_draw_their_chinese_with_an_embedded_font(month_meters, world, client):
    from parkops.testing.tests.test_pdf_fonts import assert_chinese_drawn

    cjk_font_or_skip()
    client.force_login(world.admin)
    for name, params, text in (
        ("insight:energy_report", {"month": "2026-11"}, "月度能耗报告"),
        ("insight:monthly", {"month": "2026-11"}, "月度运营报告"),
        ("insight:yearly", {"year": "2026"}, "年度运营报告"),
    ):
        pdf = client.get(reverse(name), {"park": world.alpha.pk, **params, "format": "pdf"})
        assert pdf["Content-Type"] == "application/pdf", name
        assert_chinese_drawn(pdf.content, text)


# ------------------------------------------------------------------------- yearly report
def test_yearly_report_covers_the_calendar_year(world, client, clock_at):
    from parkops.insight.tests.factories import bill

    clock_at(local(2027, 1, 5, 10))
    bill(world, world.ent_a, dt.date(2026, 1, 1), "1000.00", "Y-1", due_on=dt.date(2026, 1, 25))
    bill(world, world.ent_b, dt.date(2026, 12, 1), "500.00", "Y-2", due_on=dt.date(2026, 12, 25))
    bill(world, world.ent_b, dt.date(2027, 1, 1), "700.00", "Y-3", due_on=dt.date(2027, 1, 25))
    sections = reports.yearly_report(world.alpha, 2026, world.admin)
    values = {label: value for s in sections for label, value in s.rows}
    assert values["本年应收（元）"] == Decimal("1500.00")
    client.force_login(world.admin)
    response = client.get(reverse("insight:yearly"), {"park": world.alpha.pk})
    assert response.context["year"] == 2026  # last year by default
    docx = client.get(reverse("insight:yearly"), {"park": world.alpha.pk, "year": "2026", "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


# -------------------------------------------------------------------------------- access
PAGES = ("insight:energy", "insight:energy_report", "insight:yearly")


def test_a_tenant_cannot_open_the_energy_pages(world, client, clock_at):
    clock_at(NOW)
    client.force_login(world.tenant_a)
    for name in PAGES:
        assert client.get(reverse(name), {"park": world.alpha.pk}).status_code == 403, name
        assert client.get(reverse(name), {"park": world.alpha.pk, "format": "xlsx"}).status_code == 403


def test_an_assessor_of_another_park_sees_nothing_of_alpha(month_meters, world, client):
    from openpyxl import load_workbook

    from parkops.accounts.services import create_user
    from parkops.core.scope import Role

    outsider = create_user(
        by=world.admin_beta,
        username="assessor_beta",
        password=world.password,
        role=Role.ASSESSOR,
        parks=[world.beta],
    )
    client.force_login(outsider)
    for name in ("insight:energy", "insight:energy_report"):
        response = client.get(reverse(name), {"park": world.alpha.pk, "month": "2026-11"})
        assert response.status_code == 200 and response.context["park"] == world.beta, name
        assert "MR-MAIN" not in response.content.decode() and "甲企业" not in response.content.decode()
    xlsx = client.get(
        reverse("insight:energy_report"), {"park": world.alpha.pk, "month": "2026-11", "format": "xlsx"}
    )
    cells = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.values for c in row]
    assert "甲企业" not in cells and 950 not in cells
    # ALPHA's own assessor does see them.
    client.force_login(world.assessor)
    page = client.get(reverse("insight:energy_report"), {"park": world.alpha.pk, "month": "2026-11"})
    assert "甲企业" in page.content.decode()


# ------------------------------------------------------------------------- the task queue
def test_the_monthly_task_sends_the_energy_report_and_the_yearly_task_the_year(
    month_meters, world, django_capture_on_commit_callbacks
):
    from parkops.insight import tasks
    from parkops.insight.services import send_monthly_reports
    from parkops.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=False):
        assert send_monthly_reports(month=dt.date(2026, 11, 1)) == 2
    notes = Notification.objects.filter(kind="insight.energy_report")
    # Only ALPHA has energy meters; its administrator gets the park's total and the link.
    assert [(n.recipient.username, n.park_id) for n in notes] == [("admin_alpha", world.alpha.pk)]
    assert "950.00 kWh" in notes[0].body and "month=2026-11" in notes[0].url
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.yearly_reports.call_local() == 2  # run on 1 January for the year before
    yearly = Notification.objects.filter(kind="insight.yearly_report")
    assert {n.recipient.username for n in yearly} == {"admin_alpha", "admin_beta"}
    assert all("year=2025" in n.url for n in yearly)
