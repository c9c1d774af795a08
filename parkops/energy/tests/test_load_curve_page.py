"""The building load-curve page and the overview's tenant ranking: the figures the pages show are
the selectors' on readings sent through the real ingest, a gap stays a gap in the chart, and
tenants get neither a building's load nor other enterprises' use."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from parkops.core.models import Building, Enterprise
from parkops.core.navigation import menu_for
from parkops.core.tests.test_i18n import compiled_catalogue  # noqa: F401  (English below)
from parkops.energy import selectors
from parkops.energy.models import Meter
from parkops.energy.tests.factories import TZ, meter, point, send

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/energy/load/"


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def chart_of(html: str) -> dict:
    found = re.search(r'<script id="load-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def loaded(world, clock_at):
    """Building A with two building meters (one × 2) and a tenant submeter, readings on
    6 December 2026 with a gap 00:45–02:00; the clock just after midnight of the 7th (Beijing),
    still the 6th in UTC."""
    clock_at(local(2026, 12, 7, 0, 30))
    building = Building.objects.get(park=world.alpha)
    main = meter(
        world.alpha, "A-MAIN", scope=Meter.Scope.BUILDING, building=building, pt=point(world.alpha, "A-MAIN")
    )
    second = meter(
        world.alpha,
        "A-2",
        scope=Meter.Scope.BUILDING,
        building=building,
        pt=point(world.alpha, "A-2"),
        multiplier=2,
    )
    send(
        world.alpha,
        main.point,
        [
            (local(2026, 12, 6, 0, 0), D(100)),
            (local(2026, 12, 6, 0, 15), D(110)),  # 10 kWh → 40 kW
            (local(2026, 12, 6, 0, 30), D(115)),
            (local(2026, 12, 6, 0, 45), D(117)),
            # nothing 00:45–02:00
            (local(2026, 12, 6, 2, 0), D(147)),
            (local(2026, 12, 6, 10, 0), D(300)),
        ],
    )
    send(
        world.alpha,
        second.point,
        [(local(2026, 12, 6, 0, 0), D(0)), (local(2026, 12, 6, 0, 15), D(3))],  # × 2: 6 kWh
    )
    ten = meter(
        world.alpha,
        "T-A",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=world.ent_a,
        pt=point(world.alpha, "T-A"),
    )
    send(world.alpha, ten.point, [(local(2026, 12, 6, 0, 0), D(0)), (local(2026, 12, 6, 0, 15), D(900))])
    return building, [main, second]


def test_the_page_shows_the_selectors_curve_with_its_gaps(world, loaded):
    building, meters = loaded
    day = dt.date(2026, 12, 6)
    response = client_of(world.admin).get(URL, {"building": building.pk, "day": "2026-12-06"})
    assert response.status_code == 200
    html = response.content.decode()
    curve = selectors.load_curve(Meter.objects.filter(park=world.alpha), building, day)
    # The hand figure: 00:00–00:15 is 10 kWh on the main meter and 3 × 2 on the second.
    assert curve.quarters[0].start == local(2026, 12, 6, 0, 0) and curve.quarters[0].kwh == D(16)
    peak = curve.peak
    assert peak.start == local(2026, 12, 6, 9, 45) and peak.kw == D(612)  # 300 − 147 = 153 kWh × 4
    assert response.context["total"] == sum(q.kwh for q in curve.quarters) == D(206)
    summary = re.search(r'data-testid="curve-summary">(.*?)</dl>', html, re.S).group(1)
    assert "612.0 kW（09:45）" in summary
    assert "206.0 kWh" in summary
    assert f"{len(curve.quarters)} / 96" in summary and len(curve.quarters) == 5

    chart = chart_of(html)
    assert len(chart["times"]) == len(chart["kw"]) == 96
    assert chart["times"][0] == "00:00" and chart["times"][-1] == "23:45"
    by_time = dict(zip(chart["times"], chart["kw"], strict=True))
    for q in curve.quarters:
        assert D(by_time[f"{q.start:%H:%M}"]) == q.kw
    # The gap is null, never zero: 01:00 has no reading around it, nor does 12:00.
    assert by_time["01:00"] is None and by_time["12:00"] is None
    assert sum(v is None for v in chart["kw"]) == 96 - len(curve.quarters)

    for m in meters:  # the meters summed, each linked to its page; not the tenant's submeter
        assert f'href="{m.get_absolute_url()}"' in html
    assert "T-A" not in html
    # Previous day linked; the next one (today, the 7th in Beijing) too, but not beyond.
    assert "day=2026-12-05" in html and "day=2026-12-07" in html


def test_defaults_are_the_first_metered_building_and_yesterday_in_beijing(world, loaded):
    building, _meters = loaded
    # A building that sorts first but has no building meter is not the default.
    Building.objects.create(park=world.alpha, code="0", name="门卫", gross_area=D(10))
    response = client_of(world.staff_safety).get(URL)
    assert response.status_code == 200
    assert response.context["building"] == building
    # 00:30 on the 7th in Beijing: yesterday is the 6th (in UTC it would still be the 6th's eve).
    assert response.context["day"] == dt.date(2026, 12, 6)
    assert response.context["curve"].quarters  # the day with the readings
    assert "day=2026-12-07" in response.content.decode()  # today is a day one may open
    tomorrow = client_of(world.staff_safety).get(URL, {"building": building.pk, "day": "2026-12-07"})
    assert "day=2026-12-08" not in tomorrow.content.decode()


def test_a_tenant_gets_no_building_curve_and_no_menu_entry(world, loaded):
    building, _meters = loaded
    for user in (world.tenant_a, world.tenant_b):
        assert client_of(user).get(URL, {"building": building.pk}).status_code == 403
        assert "energy:load_curve" not in entries(user)
    for user in (world.admin, world.staff_invest, world.assessor):
        assert "energy:load_curve" in entries(user)
        assert client_of(user).get(URL).status_code == 200
    nav = client_of(world.staff_safety).get("/energy/").content.decode()
    assert re.search(r'<nav class="po-nav".*?href="/energy/load/"', nav, re.S)


def entries(user) -> set[str]:
    return {e["name"] for a in menu_for(user)["areas"] for g in a["groups"] for e in g["items"]}


def test_another_parks_building_is_not_found(world, loaded):
    beta = Building.objects.get(park=world.beta)
    building, _meters = loaded
    assert client_of(world.admin).get(URL, {"building": beta.pk}).status_code == 404
    assert client_of(world.admin).get(URL, {"building": "A"}).status_code == 404
    # The platform administrator sees both parks, but the building must be the current park's.
    platform = client_of(world.platform)
    assert platform.get(URL, {"building": beta.pk, "park": world.alpha.pk}).status_code == 404
    assert platform.get(URL, {"building": beta.pk, "park": world.beta.pk}).status_code == 200
    # The other park's administrator may not see building A at all, whatever park it names.
    admin_beta = client_of(world.admin_beta)
    assert admin_beta.get(URL, {"building": building.pk}).status_code == 404
    assert admin_beta.get(URL, {"building": building.pk, "park": world.alpha.pk}).status_code == 404
    page = admin_beta.get(URL)  # its own park has no building meter
    assert page.status_code == 200 and 'data-testid="curve-none"' in page.content.decode()


@pytest.mark.parametrize(
    ("day", "says"),
    [
        ("2026-13-01", "不是有效日期"),
        ("yesterday", "不是有效日期"),
        ("20261206", "不是有效日期"),
        ("0001-01-01", "之间的日期"),
        ("9999-12-31", "之间的日期"),
        ("2026-12-08", "之间的日期"),  # tomorrow in Beijing
    ],
)
def test_a_day_that_cannot_be_shown_says_why(world, loaded, day, says):
    building, _meters = loaded
    response = client_of(world.admin).get(URL, {"building": building.pk, "day": day})
    assert response.status_code == 400
    error = re.search(r'data-testid="curve-error">(.*?)</div>', response.content.decode(), re.S)
    assert error and says in error.group(1)
    assert "load-data" not in response.content.decode()


def test_the_page_speaks_the_language_chosen(world, loaded):
    building, _meters = loaded
    client = client_of(world.admin)
    query = {"building": building.pk, "day": "2026-12-06"}
    # The browser's Accept-Language alone is no choice: the page stays Chinese.
    chinese = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "建筑负荷曲线" in chinese and "峰值负荷" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL, query).content.decode()
    for text in ("Building load curve", "Peak load", "Energy used in the day", "Previous day", ">View<"):
        assert text in english, text
    assert "96 quarter-hours" in english
    words = re.search(r'<script id="chart-words" type="application/json">(.*?)</script>', english, re.S)
    assert json.loads(words.group(1)) == {"locale": "EN", "load": "Load"}
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for tag in ("h1", "label", "dt"):
        for text in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", english, re.S):
            assert not cjk.search(re.sub(r"<[^>]+>", "", text)), (tag, text)
    bad = client.get(URL, {"building": building.pk, "day": "soon"}).content.decode()
    assert "is not a date" in bad


# ------------------------------------------------------------------ the overview's ranking
def test_the_overview_ranks_this_months_tenants(world, clock_at):
    clock_at(local(2026, 12, 7, 12))
    building = Building.objects.get(park=world.alpha)
    uses = {world.ent_a: D(30), world.ent_b: D(75)}
    extra = Enterprise.objects.create(park=world.alpha, name="丁企业", credit_code="91440300MA5T000099")
    uses[extra] = D(75)  # a tie with 乙企业: name order
    for n, (enterprise, used) in enumerate(uses.items()):
        m = meter(
            world.alpha,
            f"T{n}",
            scope=Meter.Scope.TENANT,
            building=building,
            enterprise=enterprise,
            pt=point(world.alpha, f"T{n}"),
        )
        send(
            world.alpha,
            m.point,
            [
                (local(2026, 11, 30, 23, 45), D(0)),  # November's, not counted
                (local(2026, 12, 1, 0, 0), D(500)),
                (local(2026, 12, 5, 8, 0), D(500) + used),
            ],
        )
    expected = selectors.tenant_ranking(Meter.objects.filter(park=world.alpha), dt.date(2026, 12, 1))
    names = sorted(["乙企业", "丁企业"])
    assert [(t.enterprise.name, t.used) for t in expected] == [
        (names[0], D(75)),
        (names[1], D(75)),
        ("甲企业", D(30)),
    ]

    html = client_of(world.staff_invest).get("/energy/").content.decode()
    table = re.search(r'data-testid="energy-ranking">(.*?)</table>', html, re.S).group(1)
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S)
    ]
    assert rows == [
        ["1", names[0], "75.0", "kWh", "1"],
        ["2", names[1], "75.0", "kWh", "1"],
        ["3", "甲企业", "30.0", "kWh", "1"],
    ]
    assert "本月企业用电排名（前 10）" in html and "2026-12" in html
    assert 'href="/energy/load/?park=' in html

    # A tenant sees its own submeter in the monthly table, but no ranking of the others.
    tenant = client_of(world.tenant_a).get("/energy/").content.decode()
    assert "甲企业 ·" in tenant
    assert "energy-ranking" not in tenant and "乙企业" not in tenant and "丁企业" not in tenant
    assert "/energy/load/" not in tenant
    # Nor does a staff reader not cleared for each enterprise's use (重要数据).
    from parkops.datagov.registry import Level
    from parkops.datagov.services import set_user_clearance

    set_user_clearance(user=world.staff_invest, level=Level.GENERAL, by=world.admin)
    held = client_of(world.staff_invest).get("/energy/").content.decode()
    assert "energy-ranking" not in held and "丁企业" not in held
