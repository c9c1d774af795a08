"""Each role's home is its working list: real items, never someone else's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from parkops.accounts.services import create_user
from parkops.core import clock
from parkops.core import models as core
from parkops.core.scope import DepartmentKind, Role
from parkops.core.services import update_object
from parkops.core.templatetags.numbers import money, number, percent
from parkops.engineering import services as eng
from parkops.evaluation import services as evaluation
from parkops.evaluation.tests.helpers import make_project
from parkops.investment.selectors import occupancy
from parkops.safety import services as safety

pytestmark = pytest.mark.django_db


# --- Numbers ---------------------------------------------------------------------------------


def test_money_has_thousands_separators_two_decimals_and_yuan():
    assert money(Decimal("1234567.5")) == "1,234,567.50 元"
    assert money(Decimal("0.005")) == "0.01 元"  # half up, as accountants round
    assert money(Decimal("-1234.5")) == "-1,234.50 元"
    assert money(0) == "0.00 元"
    assert money(None) == "—"
    assert money("") == "—"


def test_percent_has_one_decimal_and_number_groups():
    assert percent(Decimal("92.45")) == "92.5%"
    assert percent(Decimal("100")) == "100.0%"
    assert percent(None) == "—"
    assert number(12480) == "12,480"
    assert number(Decimal("12480.456"), 2) == "12,480.46"


def test_occupancy_is_leased_and_self_used_area_of_all_units(world):
    units = core.Unit.objects.filter(floor__building__park=world.alpha)
    total = sum(u.area for u in units)
    occupied = sum(u.area for u in units if u.state in (core.Unit.State.LEASED, core.Unit.State.SELF_USED))
    assert occupied and occupied < total  # the world has a vacant unit
    unit = units.filter(state=core.Unit.State.VACANT).first()
    update_object(obj=unit, data={"state": core.Unit.State.SELF_USED}, by=world.admin)
    figures = occupancy(core.Unit.objects.filter(floor__building__park=world.alpha))
    assert figures.total == total
    assert figures.occupied == occupied + unit.area
    assert figures.rate == ((occupied + unit.area) * 100 / total).quantize(Decimal("0.01"))


# --- Queues ----------------------------------------------------------------------------------


def engineer(world, username="eng_home"):
    return create_user(
        by=world.admin,
        username=username,
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENGINEERING,
        operator=world.alpha.operator,
        parks=[world.alpha],
    )


def order_for(tenant, description):
    unit = core.Unit.objects.filter(enterprise=tenant.enterprise).first()
    return eng.report_work_order(by=tenant, category="utilities", description=description, unit=unit)


def done(order, by, engineer):
    eng.assign_work_order(order=order, assignee=engineer, by=by)
    eng.accept_work_order(order=order, by=engineer)
    return eng.complete_work_order(order=order, by=engineer, work_done="已更换阀门")


def test_tenant_home_offers_the_four_actions_and_its_own_requests_only(world, client):
    fixer = engineer(world)
    finished = done(order_for(world.tenant_a, "甲企业茶水间漏水"), world.admin, fixer)
    open_a = order_for(world.tenant_a, "甲企业空调不制冷")
    order_for(world.tenant_b, "乙企业门禁失灵")
    client.force_login(world.tenant_a)
    page = client.get(reverse("home"))
    html = page.content.decode()
    for label, url_name in (
        ("报修", "engineering:workorder_add"),
        ("账单", "fees:bill_list"),
        ("预约", "spaces:overview"),
        ("投诉建议", "service:ticket_add"),
    ):
        assert label in html and reverse(url_name) in html
    waiting = {q.queue.key: q for q in page.context["waiting"]}
    confirm = waiting["engineering.tenant_confirm"]
    assert [i.url for i in confirm.items] == [finished.get_absolute_url()]
    assert "维修已完成，请确认" in html
    mine = {q.queue.key: q for q in page.context["open_requests"]}["engineering.tenant_open"]
    assert [i.url for i in mine.items] == [open_a.get_absolute_url()]
    assert mine.items[0].state == "报修"
    assert "乙企业门禁失灵" not in html


def test_engineer_sees_own_and_overdue_work_not_a_colleagues_later_order(world, client):
    me, colleague = engineer(world), engineer(world, "eng_other")
    mine = order_for(world.tenant_a, "甲企业照明故障")
    eng.assign_work_order(order=mine, assignee=me, by=world.admin)
    later = order_for(world.tenant_b, "乙企业插座松动")
    eng.assign_work_order(order=later, assignee=colleague, by=world.admin)
    later = eng.accept_work_order(order=later, by=colleague)
    # Due in three days: not today's work for anyone but its engineer, but this week's for admins.
    update_object(obj=later, data={"complete_due_at": clock.now() + dt.timedelta(days=3)}, by=world.admin)
    client.force_login(me)
    page = client.get(reverse("home"))
    queues = {q.queue.key: q for q in page.context["work"]}
    # Only the queues engineering staff work: work orders, and the meters and alarms they keep.
    assert set(queues) == {
        "engineering.work_orders",
        "telemetry.alarms",
        "telemetry.quarantine",
        "energy.calibration",
        "energy.factors",
    }
    urls = [i.url for i in queues["engineering.work_orders"].items]
    assert mine.get_absolute_url() in urls and later.get_absolute_url() not in urls
    client.force_login(world.admin)
    admin_urls = [i.url for q in client.get(reverse("home")).context["work"] for i in q.items]
    assert later.get_absolute_url() in admin_urls and mine.get_absolute_url() in admin_urls


def test_admin_home_shows_overdue_hazards_of_its_parks_score_and_figures(world, client):
    safety_beta = create_user(
        by=world.admin_beta,
        username="safety_beta",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.SAFETY,
        operator=world.beta.operator,
        parks=[world.beta],
    )
    hazards = []
    for park, by in ((world.alpha, world.staff_safety), (world.beta, safety_beta)):
        hazard = safety.report_hazard(
            park=park,
            by=by,
            data={"category": "fire", "place": f"{park.code} 地下车库消防通道", "description": "堆放杂物"},
        )
        ten_days_ago = clock.now() - dt.timedelta(days=10)
        with clock.backdated(ten_days_ago):
            safety.issue_notice(
                hazard=hazard,
                by=by,
                owner=by,
                measures="清理杂物",
                deadline=clock.localdate() + dt.timedelta(days=5),
            )
        hazards.append(hazard)
    client.force_login(world.admin)
    page = client.get(reverse("home"))
    html = page.content.decode()
    queue = {q.queue.key: q for q in page.context["work"]}["safety.hazards"]
    assert [i.url for i in queue.items] == [hazards[0].get_absolute_url()]
    assert queue.items[0].overdue and queue.overdue == 1
    assert "ALPHA 地下车库消防通道" in html and "BETA 地下车库消防通道" not in html
    [score] = page.context["scores"]
    assert score["park"] == world.alpha and score["total"] is not None
    assert "暂定评分" in html and score["star_label"] in html
    for item in score["items"]:
        assert item["url"] and item["url"] in html.replace("&amp;", "&")
    figures = {f["key"]: f for f in page.context["figures"]}
    assert figures["investment.occupancy"]["value"] == occupancy(core.Unit.objects.restrict(world.admin)).rate
    # The safety officer sees the same overdue hazard; the investment officer sees no safety queue.
    client.force_login(world.staff_safety)
    urls = [i.url for q in client.get(reverse("home")).context["work"] for i in q.items]
    assert hazards[0].get_absolute_url() in urls
    client.force_login(world.staff_invest)
    keys = {q.queue.key for q in client.get(reverse("home")).context["work"]}
    assert "safety.hazards" not in keys and "investment.leases_ending" in keys


def test_assessor_home_lists_assigned_projects_with_the_next_step(world, client):
    project = make_project(world)
    other = make_project(world, title="另一个未分配的评估项目")
    evaluation.add_expert(project=project, user=world.assessor, by=world.admin)
    client.force_login(world.assessor)
    page = client.get(reverse("home"))
    html = page.content.decode()
    [queue] = page.context["work"]
    assert [i.url for i in queue.items] == [project.get_absolute_url()]
    assert "下一步：声明利益冲突" in html
    assert other.title not in html and "将在此显示" not in html
