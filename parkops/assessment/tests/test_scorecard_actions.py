"""The scorecard as a to-do list: every gap says where it is put right, for those who may put
it right; evidence shows its numbers; rows no record answers can be self-assessed now."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from parkops.assessment import registry
from parkops.assessment.engine import assess
from parkops.assessment.models import Judgement
from parkops.assessment.registry import Evidence
from parkops.assessment.services import writable_kinds
from parkops.core.services import create_object

AS_OF = "2026-06-30"


def _scorecard(client, user, world, **extra):
    client.force_login(user)
    page = client.get("/assessment/", {"park": world.alpha.pk, "as_of": AS_OF, **extra})
    assert page.status_code == 200
    return page.content.decode()


def _row(html: str, number: int) -> str:
    start = html.index(f'id="row-{number}"')
    return html[start : html.index("</tr>", start)]


def _no_source_row(result) -> int:
    return next(r.row.row for r in result.rows if r.status == "no_source")


@pytest.fixture
def unanswered_row(monkeypatch):
    """Every row of 表A.1 now has a source; these tests take one away (row 55) to see what the
    scorecard offers for a row no platform record answers."""
    registry.autodiscover()
    monkeypatch.delitem(registry._sources, 55)
    return 55


def test_gap_items_link_to_the_page_where_they_are_fixed(world, client):
    html = _scorecard(client, world.admin, world)
    plan = html[html.index('id="gap-plan"') : html.index("</ol>", html.index('id="gap-plan"'))]
    links = re.findall(r'class="btn btn-sm btn-outline-primary po-gap-action" href="([^"]+)"', plan)
    assert links, "the gap plan offers no action"
    for url in links:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url
    # a missing document: the upload form with its kind chosen
    row = _row(html, 11)
    assert f"/assessment/documents/add/?park={world.alpha.pk}&amp;kind=space_management_policy" in row
    form = client.get(
        "/assessment/documents/add/", {"park": world.alpha.pk, "kind": "space_management_policy"}
    )
    assert 'value="space_management_policy" selected' in form.content.decode()


def test_a_report_the_platform_drafts_offers_the_button_not_an_upload(world, client):
    html = _scorecard(client, world.admin, world)
    row = _row(html, 15)
    assert "生成《年度运营评估报告》草稿" in row and "/assessment/report.docx?park=" in row
    assert "请在文件库上传" not in row and "平台可按现有台账生成草稿" in row


def test_rows_without_a_source_say_what_to_do_now_and_a_judgement_counts(world, client, unanswered_row):
    result = assess(world.alpha, dt.date(2026, 6, 30))
    number = _no_source_row(result)
    before = result.row(number).score
    row = _row(_scorecard(client, world.admin, world), number)
    assert (
        "记录人工评定" in row and f"/assessment/judgements/add/?park={world.alpha.pk}&amp;row={number}" in row
    )
    form = client.get("/assessment/judgements/add/", {"park": world.alpha.pk, "row": number}).content.decode()
    assert f'name="row" value="{number}"' in form and 'name="attachment"' in form
    create_object(
        model=Judgement,
        data={
            "park": world.alpha,
            "row": number,
            "fraction": Decimal("0.5"),
            "judged_on": dt.date(2026, 6, 1),
            "note": "依据园区服务台账和照片自评",
            "judged_by": "综合部",
        },
        by=world.admin,
    )
    after = assess(world.alpha, dt.date(2026, 6, 30)).row(number)
    assert after.score == (after.points * Decimal("0.5")).quantize(Decimal("0.01")) > before
    assert after.status == "partial" and "综合部 评定 50%" in after.evidence[0].label


def test_actions_are_offered_only_to_who_may_follow_them(world, client):
    html = _scorecard(client, world.assessor, world)
    assert "/assessment/judgements/add/" not in html and "/assessment/documents/add/" not in html
    html = _scorecard(client, world.staff_safety, world)
    assert "/assessment/judgements/add/" not in html
    offered = set(re.findall(r'href="/assessment/documents/add/\?park=\d+&amp;kind=(\w+)"', html))
    may = set(writable_kinds(world.staff_safety))
    assert offered and offered <= may, offered - may  # only the kinds it may upload
    missing_elsewhere = set(re.findall(r"kind=(\w+)", _scorecard(client, world.admin, world))) - may
    assert missing_elsewhere, "the admin sees upload actions that safety staff may not follow"


def test_evidence_shows_its_numbers():
    assert Evidence("在岗安全管理人员", count=2).text == "在岗安全管理人员：2"
    assert Evidence("服务目录 12 项", count=12).text == "服务目录 12 项"
    assert Evidence("近 12 个月安全教育培训", count=1).text == "近 12 个月安全教育培训：1"
    assert Evidence("无数量").text == "无数量"


def test_safety_and_environment_rows_state_their_counts(world):
    result = assess(world.alpha, dt.date(2026, 6, 30))
    for number in (22, 23, 24, 33):
        for e in result.row(number).evidence:
            if e.count is not None:
                assert str(e.count) in e.text, (number, e.label)


def test_findings_follow_the_readers_language_and_stored_results_stay_chinese(
    world, client, settings, unanswered_row
):
    client.force_login(world.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/assessment/", {"park": world.alpha.pk, "as_of": AS_OF}).content.decode()
    assert "Record a judgement" in html and "Draft “" in html and "No platform record answers" in html
    assert "记录人工评定" not in html and "平台尚无该指标的证据来源" not in html
    stored = assess(world.alpha, dt.date(2026, 6, 30)).as_json()
    missing = " ".join(m for row in stored["indicators"] for m in row["missing"])
    assert "记录人工评定" in missing or "平台尚无该指标的证据来源" in missing
    assert registry.document_kinds()["annual_operation_evaluation"].generate == "assessment:yearly_report"
