"""English for real: with the language cookie set to ``en`` the interface speaks English;
without it (whatever the browser's Accept-Language) it is 简体中文. Data (park, enterprise and
building names, the standard's own rubric text) stays as entered."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.translation import reloader

from parkops.audit.models import AuditEntry
from parkops.core import models as core

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
# Apps may keep their own English beside their code; Django merges them with the project's.
CATALOGUES = [PO, *sorted(LOCALE.parent.glob("*/locale/en/LC_MESSAGES/django.po"))]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _checker():
    spec = importlib.util.spec_from_file_location("check_po", LOCALE / "check_po.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """The .mo files are built, not committed: compile each when missing or older than its .po."""
    for po in CATALOGUES:
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            pytest.skip("gettext's msgfmt is needed to compile the catalogue (apt-get install gettext)")
        # Compiled beside and renamed into place: parallel workers never read half a file.
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        os.close(fd)
        subprocess.run([msgfmt, "--check-format", "-o", tmp, str(po)], check=True)
        os.replace(tmp, mo)
        reloader.translation_file_changed(sender=None, file_path=mo)  # drop cached catalogues


def _texts(html: str, tag: str) -> list[str]:
    found = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", t)).split()) for t in found]


def _nav_entries(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="po-nav".*?</nav>', html, flags=re.S).group(0)
    links = re.findall(r'<a class="po-nav-link[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', nav, flags=re.S)
    return [(href, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for href, text in links]


def _chrome_is_english(html: str, tags=("h1", "label", "th"), menu: bool = True) -> None:
    """The page's own words (headings, labels, column heads, menu) carry no Chinese."""
    for tag in tags:
        for text in _texts(html, tag):
            assert not CJK.search(text), f"<{tag}> still Chinese: {text!r}"
    if not menu:
        return
    for heading in re.findall(r'<div class="po-nav-heading">(.*?)</div>', html, flags=re.S):
        text = re.sub(r"<[^>]+>", "", heading).strip()
        assert not CJK.search(text), f"menu heading still Chinese: {text!r}"
    entries = _nav_entries(html)
    assert entries
    for href, text in entries:
        assert not CJK.search(text), f"menu entry {href} still Chinese: {text!r}"


def _get(client, url: str, english: bool, **extra):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


def test_catalogue_is_complete_and_consistent():
    assert [p for po in CATALOGUES for p in _checker().problems(po)] == []


def test_checker_finds_what_it_is_for(tmp_path):
    bad = tmp_path / "django.po"
    bad.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "园区"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "楼栋"\nmsgstr "Building"\n\n'
        '#, python-format\nmsgid "已保存%(model)s"\nmsgstr "Saved %(name)s"\n',
        encoding="utf-8",
    )
    found = "\n".join(_checker().problems(bad))
    assert "untranslated '园区'" in found
    assert "fuzzy entry '楼栋'" in found
    assert "placeholders differ" in found


def test_login_page(client):
    english = _get(client, "/login/", english=True)
    assert "Sign in to ParkOps" in english
    assert "Username" in english and "Password" in english
    _chrome_is_english(english, tags=("h1", "label"), menu=False)

    chinese = _get(client, "/login/", english=False)
    assert "登录 ParkOps" in chinese and "用户名" in chinese


def _home_chrome(html: str, data: tuple[str, ...]) -> list[str]:
    """The home page's own words: its headings, the figures' and queues' labels, the states and
    badges of the listed work, the score card's header and notes, with the ``data`` (park
    names) taken out. The listed records' titles and the rubric rows' names are data."""
    found = [*_texts(html, "h1"), *_texts(html, "h2")]
    for pattern in (
        r'<div class="po-stat-label"[^>]*>(.*?)</div>',
        r'<div class="card-header[^"]*">\s*<span>(.*?)</span>',  # queue and score card titles
        r'<span class="badge[^"]*">(.*?)</span>',
        r'<span class="text-secondary">(.*?)</span>',  # a listed record's state
        r'<span class="small text-secondary">(.*?)</span>',  # the score's date
        r'<div class="small text-secondary mb-1">(.*?)</div>',  # "worth doing first"
        r'<a class="text-decoration-none" href="[^"]*">(.*?)</a>',  # "see all"
        r'<div class="po-empty">(.*?)</div>',
    ):
        found += [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", t)).split()) for t in re.findall(pattern, html, re.S)
        ]
    for name in data:
        found = [text.replace(name, "") for text in found]
    return [text for text in found if text]


def test_staff_pages_in_english(client, world):
    client.force_login(world.admin)
    unit = core.Unit.objects.get(code="A-101")
    home = _get(client, "/", english=True)
    for text in ("Home", "provisional score", "Scorecard", "Occupancy rate", "Overdue work", "Due this week"):
        assert text in home, f"/: {text!r} missing"
    chrome = _home_chrome(home, data=tuple(core.Park.objects.values_list("name", flat=True)))
    assert "Overdue and due this week" in chrome and "Occupancy rate" in chrome
    assert len(chrome) > 10  # the figures, the queues and the score card were all read
    for text in chrome:
        assert not CJK.search(text), f"/: still Chinese: {text!r}"
    _chrome_is_english(home, tags=("h1", "h2", "label", "th"))
    pages = {
        "/park/units/": ["Units", "Floor area (㎡)", "Listed rent", "Export to Excel", "Leased"],
        f"/park/units/{unit.pk}/": ["Basic information", "Listed rent (CNY/㎡·month)", "Change history"],
        f"/park/units/{unit.pk}/edit/": ["Edit Unit: ", "Unit no.", "Tenant enterprise", "Save", "Cancel"],
        "/assessment/": ["Self-assessment scorecard", "Gap plan to the next star", "Basic conditions"],
    }
    for url, expected in pages.items():
        html = _get(client, url, english=True)
        for text in expected:
            assert text in html, f"{url}: {text!r} missing"
        # The unit's own name (building name and code) is data; everything else is English.
        tags = ("label", "th") if "/park/units/" in url and url != "/park/units/" else ("h1", "label", "th")
        _chrome_is_english(html, tags=tags)


def test_same_pages_stay_chinese_without_the_cookie(client, world):
    client.force_login(world.admin)
    unit = core.Unit.objects.get(code="A-101")
    pages = {
        "/": ["工作台", "出租率", "基础条件"],
        "/park/units/": ["房源", "挂牌租金", "导出 Excel"],
        f"/park/units/{unit.pk}/": ["基本信息", "挂牌租金"],
        f"/park/units/{unit.pk}/edit/": ["编辑房源", "使用企业", "保存"],
    }
    for url, expected in pages.items():
        # The browser asking for English is not a choice: only the switcher's cookie is.
        html = _get(client, url, english=False, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        for text in expected:
            assert text in html, f"{url}: {text!r} missing"
        assert "Occupancy rate" not in html and "Basic information" not in html


def test_messages_and_errors_follow_the_language(client, world):
    client.force_login(world.admin)
    unit = core.Unit.objects.get(code="A-101")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/park/units/{unit.pk}/edit/",
        {
            "floor": unit.floor_id,
            "code": unit.code,
            "area": "10",
            "use": "office",
            "state": "vacant",
            "enterprise": unit.enterprise_id,
        },
    )
    html = response.content.decode()
    assert "A vacant unit cannot have a tenant enterprise" in html
    assert "Please correct the fields marked in red" in html


# Every app has a menu entry; all of them speak English.
EVERY_APP = (
    "park",
    "accounts",
    "audit",
    "assessment",
    "evaluation",
    "improvement",
    "notifications",
    "imports",
    "spaces",
    "investment",
    "fees",
    "safety",
    "engineering",
    "service",
    "environment",
)


def test_menu_is_english_for_every_app(client, world):
    client.force_login(world.admin)
    html = _get(client, "/", english=True)
    entries = _nav_entries(html)
    apps = {href.strip("/").split("/")[0] for href, _text in entries if href != "/"}
    assert set(EVERY_APP) - {"notifications"} <= apps, sorted(set(EVERY_APP) - apps)
    for href, text in entries:
        assert not CJK.search(text), f"menu entry {href} still Chinese: {text!r}"
    assert "Hazard register" in html and "Repair work orders" in html and "Bills" in html


def _operations_records(world):
    """One record in a few apps' registers, made the way users make them."""
    from parkops.core.services import create_object
    from parkops.engineering import services as engineering
    from parkops.engineering.models import WorkOrder
    from parkops.fees.models import FeeKind, FeeStandard
    from parkops.investment import services as investment
    from parkops.investment.models import Stage
    from parkops.safety import services as safety

    hazard = safety.report_hazard(
        park=world.alpha,
        by=world.staff_safety,
        data={"grade": "general", "category": "fire", "place": "A栋 3F", "description": "灭火器过期"},
    )
    customer = investment.create_customer(
        data={
            "park": world.alpha,
            "name": "丁科技有限公司",
            "stage": Stage.INTENT,
            "owner": world.staff_invest,
        },
        by=world.staff_invest,
    )
    order = engineering.report_work_order(
        by=world.tenant_a,
        category=WorkOrder.Category.UTILITIES,
        description="洗手间水管漏水",
        unit=core.Unit.objects.get(code="A-101"),
    )
    standard = create_object(
        model=FeeStandard,
        data={
            "park": world.alpha,
            "kind": FeeKind.WATER,
            "name": "非居民用水",
            "unit": "yuan_t",
            "price": "4.69",
            "effective_from": "2026-01-01",
            "published_at": "公示栏",
        },
        by=world.admin,
    )
    return hazard, customer, order, standard


def test_operations_pages_in_english(client, world):
    hazard, customer, order, standard = _operations_records(world)
    client.force_login(world.admin)
    lists = {
        "/safety/hazards/": ["Safety hazards", "Grade", "Found at", "Status"],
        "/safety/": ["Safety", "Open hazards", "Special equipment inspections"],
        "/engineering/work-orders/": ["Repair work orders", "Work order no.", "Priority"],
        "/investment/customers/": ["Prospects", "Customer stage", "Investment lead"],
        "/fees/bills/": ["Bills", "Enterprise"],
        "/fees/standards/": ["Fee standards", "Standard name", "Billing unit"],
        "/spaces/": ["Spaces and amenities"],
        "/environment/readings/": ["Monitoring readings", "Monitoring point"],
        "/service/tickets/": ["Enquiries and complaints"],
        "/imports/": ["Data import", "Download template"],
        "/notifications/": ["My notifications"],
    }
    for url, expected in lists.items():
        html = _get(client, url, english=True)
        for text in expected:
            assert text in html, f"{url}: {text!r} missing"
        _chrome_is_english(html, tags=("h1", "label", "th"))
    details = {
        hazard.get_absolute_url(): ["Hazard information", "Closed-loop process", "Issue correction notice"],
        customer.get_absolute_url(): ["Customer information", "Follow-ups", "Sign lease"],
        order.get_absolute_url(): ["Work order no.", "Fault description"],
        standard.get_absolute_url(): ["Basic information", "Standard name", "Where published"],
        f"{standard.get_absolute_url()}edit/": ["Standard name", "Billing unit", "Save"],
    }
    for url, expected in details.items():
        html = _get(client, url, english=True)
        for text in expected:
            assert text in html, f"{url}: {text!r} missing"
        # The record's own name in the heading is data.
        _chrome_is_english(html, tags=("label", "th"))


def test_operations_pages_stay_chinese_without_the_cookie(client, world):
    hazard, customer, order, standard = _operations_records(world)
    client.force_login(world.admin)
    pages = {
        "/safety/hazards/": ["安全隐患", "发现时间"],
        "/fees/standards/": ["收费标准", "标准名称"],
        hazard.get_absolute_url(): ["隐患信息", "闭环过程"],
        customer.get_absolute_url(): ["客户信息", "跟进记录"],
    }
    for url, expected in pages.items():
        html = _get(client, url, english=False, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        for text in expected:
            assert text in html, f"{url}: {text!r} missing"
        assert "Hazard information" not in html and "Standard name" not in html


def test_service_messages_follow_the_language(client, world):
    """A form error raised by a service comes back in the reader's language."""
    hazard, *_ = _operations_records(world)
    client.force_login(world.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"step": "notice", "owner": world.staff_safety.pk, "deadline": "2020-01-01", "measures": "更换"}
    html = client.post(hazard.get_absolute_url(), data).content.decode()
    assert "The deadline cannot be before today" in html
    assert not AuditEntry.objects.filter(object_type="safety.rectificationnotice").exists()


# --- Labels follow each request, whatever was rendered before -------------------------------

# A label that is an English word (Status, Grade, Category) on a Chinese page; acronyms such as
# SLA, QR or PM2.5 are the same in both languages.
ENGLISH_WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
# List pages that are not a ``*_list`` route of a generic list view.
OWN_LIST_PAGES = ("notifications:mine",)


def list_pages() -> list[tuple[str, str]]:
    """Every list page, from the URL configuration: the generic list views, every ``*_list``
    route and the apps' own list pages; none of the API's."""
    from django.urls import get_resolver, reverse

    from parkops.core.views import ObjectListView
    from parkops.testing.routes import _walk

    found = []
    for name, pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if pattern.pattern.converters or getattr(pattern.callback, "cls", None) is not None:
            continue  # takes an object, or is an API route
        generic = view_class is not None and issubclass(view_class, ObjectListView)
        filtered = getattr(view_class, "filterset_class", None) is not None
        if generic or filtered or name.endswith("_list") or name in OWN_LIST_PAGES:
            found.append((name, reverse(name)))
    return found


def _page_words(html: str) -> list[tuple[str, str]]:
    """The page's own words: heading, filter labels, column heads, the filters' empty choice."""
    words = [(tag, text) for tag in ("h1", "label", "th") for text in _texts(html, tag)]
    for select in re.findall(r"<select\b.*?</select>", html, flags=re.S):
        first = _texts(select, "option")[:1]
        words += [("first option", text) for text in first]
    return words


def _language_mistakes(html: str, english: bool) -> list[str]:
    mistakes = []
    for tag, text in _page_words(html):
        if english and CJK.search(text):
            mistakes.append(f"<{tag}> {text!r}")
        if not english and not CJK.search(text) and ENGLISH_WORD.search(text):
            mistakes.append(f"<{tag}> {text!r}")
    return mistakes


def test_every_list_page_speaks_the_language_of_its_request(client, world, tmp_path):
    """After the API schema was built in English and each page shown in the other language,
    a Chinese page still labels its filters and columns in Chinese and an English page in
    English: nothing keeps a label in the language of an earlier request."""
    client.force_login(world.admin)
    pages = list_pages()
    assert len(pages) >= 100, "the list pages were not found: the enumeration is broken"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with override_settings(VAR_DIR=tmp_path):  # built here, not read from an earlier build
        assert client.get("/api/schema/").status_code == 200
        assert list(tmp_path.glob("cache/api-schema-*-en.*")), "the English schema was not built"
    mistakes, rendered = [], 0
    for _name, url in pages:
        for english in (True, False):
            if english:
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            else:
                client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
            response = client.get(url)
            if response.status_code == 403:
                continue
            assert response.status_code == 200, f"{url} -> {response.status_code}"
            rendered += 1
            found = _language_mistakes(response.content.decode(), english)
            mistakes += [f"{url} ({'en' if english else 'zh'}): {m}" for m in found]
    assert rendered >= 2 * 90
    assert not mistakes, "\n".join(mistakes)


def test_the_checker_sees_a_label_in_the_wrong_language():
    english_page = "<h1>Hazards</h1><label>状态</label><th>Grade</th>"
    chinese_page = "<h1>安全隐患</h1><label>Status</label><th>SLA</th><th>PM2.5 限值</th>"
    assert _language_mistakes(english_page, english=True) == ["<label> '状态'"]
    assert _language_mistakes(chinese_page, english=False) == ["<label> 'Status'"]


def _select(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', select, flags=re.S)
    return [(value, unescape(text).strip(), bool(selected)) for value, selected, text in options]


def test_yes_no_filters_start_at_all(client, world):
    """A yes/no filter offers 全部/是/否 with 全部 chosen, and 否 narrows the list."""
    client.force_login(world.admin)
    html = _get(client, "/park/staff/", english=False)
    assert _select(html, "active") == [("", "全部", True), ("true", "是", False), ("false", "否", False)]
    assert "未知" not in html
    english = _get(client, "/park/staff/", english=True)
    assert [text for _value, text, _selected in _select(english, "active")] == ["All", "Yes", "No"]

    from parkops.core.services import create_object

    active = core.Staff.objects.get(park=world.alpha, active=True)
    create_object(
        model=core.Staff,
        data={
            "park": world.alpha,
            "department": active.department,
            "employee_no": "A099",
            "name": "李离职",
            "hired_on": "2021-01-04",
            "active": False,
        },
        by=world.admin,
    )
    everyone = _get(client, "/park/staff/", english=False)
    assert "<td>张三</td>" in everyone and "<td>李离职</td>" in everyone
    inactive_only = _get(client, "/park/staff/?active=false", english=False)
    assert "<td>李离职</td>" in inactive_only and "<td>张三</td>" not in inactive_only
    assert _select(inactive_only, "active")[2] == ("false", "否", True)
    active_only = _get(client, "/park/staff/?active=true", english=False)
    assert "<td>张三</td>" in active_only and "<td>李离职</td>" not in active_only


# --- Texts the platform writes: in the reader's language ------------------------------------


def _failed_patrol_item(world):
    from parkops.core.services import create_object
    from parkops.safety import models as safety_models
    from parkops.safety import services as safety

    guard = world.staff_safety
    route = create_object(
        model=safety_models.PatrolRoute, data={"park": world.alpha, "name": "夜班"}, by=guard
    )
    checkpoint = create_object(
        model=safety_models.Checkpoint,
        data={"route": route, "order": 1, "name": "东侧通道", "location": "A栋 1F 东侧通道"},
        by=guard,
    )
    item = create_object(
        model=safety_models.CheckItem,
        data={"checkpoint": checkpoint, "order": 1, "text": "消防通道畅通", "hazard_category": "fire"},
        by=guard,
    )
    run = safety.start_run(route=route, guard=guard)
    visit = safety.visit_checkpoint(run=run, checkpoint=checkpoint, by=guard)
    (result,) = safety.record_results(
        visit=visit, by=guard, answers=[{"item": item, "passed": False, "note": "消防通道堵塞"}]
    )
    return result.hazard


def test_a_patrol_hazard_is_titled_by_its_problem_then_its_place(world):
    from parkops.notifications.models import Notification

    hazard = _failed_patrol_item(world)
    assert hazard.title == "消防通道堵塞 — A栋 1F 东侧通道"
    assert str(hazard) == hazard.title
    assert "消防通道畅通" in hazard.description  # the checklist item it failed stays on record
    subjects = set(Notification.objects.filter(object_id=str(hazard.pk)).values_list("subject", flat=True))
    assert subjects == {"发现一般隐患：消防通道堵塞 — A栋 1F 东侧通道"}


def test_notifications_are_written_in_the_recipients_language(world):
    """Whatever language the person who acts reads, each recipient's copy is in theirs: the
    platform's (Chinese) unless the account says otherwise."""
    from django.utils import translation

    from parkops.notifications.models import Notification
    from parkops.notifications.services import Message, language_of, notify

    with translation.override("en"):  # an English-speaking guard finds the problem
        hazard = _failed_patrol_item(world)
    (stored,) = Notification.objects.filter(object_id=str(hazard.pk))
    assert language_of(stored.recipient) == "zh-hans"
    assert stored.subject == "发现一般隐患：消防通道堵塞 — A栋 1F 东侧通道"

    reader = world.staff_safety
    reader.language = "en"  # an account that keeps its reader's choice
    with translation.override("zh-hans"):
        (english,) = notify(
            recipients=[reader],
            kind="safety.hazard.reported",
            subject=Message("隐患已整改，待复查：%(hazard)s", hazard=hazard.title),
            obj=hazard,
        )
    assert (
        english.subject == "Hazard rectified, awaiting follow-up inspection: 消防通道堵塞 — A栋 1F 东侧通道"
    )


def test_timeline_steps_are_shown_in_the_readers_language(client, world):
    from django.utils import translation

    from parkops.engineering import services as engineering
    from parkops.engineering.models import WorkOrder

    with translation.override("en"):
        order = engineering.report_work_order(
            by=world.tenant_a,
            category=WorkOrder.Category.UTILITIES,
            description="洗手间水管漏水",
            unit=core.Unit.objects.get(code="A-101"),
        )
    (event,) = order.events.all()
    assert event.action == "报修"  # stored as its msgid, whoever wrote it
    client.force_login(world.admin)
    timeline = r'<span class="fw-semibold">(.*?)</span>'
    assert "Repair" in re.findall(timeline, _get(client, order.get_absolute_url(), english=True))
    assert "报修" in re.findall(timeline, _get(client, order.get_absolute_url(), english=False))


@pytest.fixture
def reads_english(monkeypatch):
    """``reads_english.add(user)``: that account reads the platform in English (as an account's
    language choice would say); everyone else keeps the platform's Chinese."""
    from parkops.notifications import services as notifications

    english: set[int] = set()
    platform = notifications.language_of
    monkeypatch.setattr(
        notifications, "language_of", lambda user: "en" if user.pk in english else platform(user)
    )

    class Readers:
        def add(self, user):
            english.add(user.pk)

    return Readers()


def _copies(kind: str) -> dict[str, tuple[str, str]]:
    from parkops.notifications.models import Notification

    return {
        n.recipient.username: (n.subject, n.body)
        for n in Notification.objects.filter(kind=kind).select_related("recipient")
    }


def test_expiry_reminders_are_written_in_each_recipients_language(world, reads_english):
    from parkops.core import clock
    from parkops.safety import services as safety
    from parkops.safety.tests.factories import equipment

    today = clock.localdate()
    equipment(world, name="3 号客梯", next_due=today - dt.timedelta(days=3))
    reads_english.add(world.staff_safety)
    assert safety.send_expiry_reminders(today) == 1
    copies = _copies("safety.expiry")
    subject, body = copies[world.staff_safety.username]
    assert subject == "Periodic inspection due: Lifts·3 号客梯"
    assert "overdue by 3 days" in body and "out of service" in body
    assert not CJK.search(body.replace("3 号客梯", "")), body  # only the equipment's name is Chinese
    subject, body = copies[world.admin.username]
    assert subject == "定期检验到期提醒：电梯·3 号客梯"
    assert "已过期 3 天" in body and "设备已停用" in body


def test_work_order_notifications_and_plan_steps_follow_the_reader(client, world, reads_english):
    from django.utils import translation

    from parkops.accounts.services import create_user
    from parkops.core import clock
    from parkops.core.scope import DepartmentKind, Role
    from parkops.core.services import create_object
    from parkops.engineering import services as engineering
    from parkops.engineering.models import MaintenancePlan

    engineer = create_user(
        by=world.admin, username="eng_en", password=world.password, role=Role.STAFF,
        department=DepartmentKind.ENGINEERING, operator=world.alpha.operator, parks=[world.alpha],
    )  # fmt: skip
    reads_english.add(engineer)
    today = clock.localdate()
    create_object(
        model=MaintenancePlan,
        data={
            "park": world.alpha, "system": "elevator", "title": "A栋客梯半月保养", "asset": "A栋 1# 客梯",
            "tasks": "曳引机检查", "schedule": "calendar", "interval": 15, "interval_unit": "days",
            "next_due_on": today - dt.timedelta(days=1), "assignee": engineer,
        },
        by=engineer,
    )  # fmt: skip
    with translation.override("zh-hans"):  # whoever runs the job, the engineer reads English
        (order,) = engineering.generate_due_orders(on=today)
    assert _copies("engineering.maintenance_due") == {
        engineer.username: ("Planned maintenance: A栋客梯半月保养", "曳引机检查")
    }
    with translation.override("en"):  # a tenant reading English reports; the engineer's lead reads Chinese
        reported = engineering.report_work_order(
            by=world.tenant_a,
            category="utilities",
            description="水管漏水",
            unit=core.Unit.objects.get(code="A-101"),
        )
    copies = _copies("engineering.work_order_reported")
    subject, _body = copies.pop(engineer.username)
    assert subject.startswith(f"New repair request {reported.number}: ") and not CJK.search(subject)
    assert copies and all(
        subject.startswith(f"新报修工单 {reported.number}：") for subject, _ in copies.values()
    )

    # The plan's step note is kept as its parameters and read in the reader's language.
    (step,) = order.events.all()
    due = f"{today - dt.timedelta(days=1):%Y-%m-%d}"
    assert step.note_params == {"due_on": due}
    client.force_login(world.admin)
    note = r'<div class="small">(.*?)</div>'
    assert f"due on {due}" in re.findall(note, _get(client, order.get_absolute_url(), english=True))
    assert f"到期日 {due}" in re.findall(note, _get(client, order.get_absolute_url(), english=False))
