"""The evaluation panel as clause 10 and 表A.1 word it: the veto answers beside the park's
incident register, the panel's minimum size and specialities, and per-row rounding shown
beside the unrounded total."""

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from parkops.assessment.models import Incident
from parkops.assessment.panel import Aggregation, ExpertSheet, PanelSubmission, score_panel, unrounded_total
from parkops.assessment.selectors import edition_rubric
from parkops.audit.models import AuditEntry
from parkops.core import clock
from parkops.core.services import create_object, update_object
from parkops.evaluation import reports, selectors, services
from parkops.evaluation.tests.helpers import declare_clear, make_project, panel, points, to_scoring


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register(world, category, days_ago=100, description="A栋配电房火灾，区应急管理局认定为责任事故"):
    return create_object(
        model=Incident,
        data={
            "park": world.alpha,
            "occurred_on": clock.localdate() - dt.timedelta(days=days_ago),
            "category": category,
            "description": description,
            "source": "区应急管理局通报",
        },
        by=world.admin,
    )


def _scored_panel(world, count=3, specialities=None):
    project = make_project(world)
    experts = panel(world, project, count, specialities=specialities)
    declare_clear(experts)
    project = to_scoring(world, project)
    for e in experts:
        sheet = {row: (str(p), "") for row, p in points(project).items()}
        services.save_scores(expert=e, by=e.user, scores=sheet)
        services.submit_sheet(expert=e, by=e.user)
    return project, experts


# --- veto answers against the incident register -----------------------------------------------


def test_veto_answer_contradicting_the_register_needs_a_reason_naming_the_row(world):
    project, [lead, *_] = _scored_panel(world)
    fire = _register(world, Incident.Category.SAFETY_ACCIDENT)
    # Row 2: the register holds a responsibility accident; "not found" needs a reason.
    with pytest.raises(ValidationError) as err:
        services.record_veto_findings(
            project=project, by=lead.user, illegal=False, accident=False, basis="信用中国查询无记录"
        )
    assert set(err.value.message_dict) == {"veto_accident_reason"}
    assert "第 2 行" in err.value.message_dict["veto_accident_reason"][0]
    project.refresh_from_db()
    assert project.veto_accident is None  # nothing written
    # Row 1: nothing in the register, yet "found" needs a reason too.
    with pytest.raises(ValidationError) as err:
        services.record_veto_findings(
            project=project,
            by=lead.user,
            illegal=True,
            accident=True,
            basis="现场核查",
            accident_reason="",
        )
    assert set(err.value.message_dict) == {"veto_illegal_reason"}
    assert "第 1 行" in err.value.message_dict["veto_illegal_reason"][0]

    services.record_veto_findings(
        project=project,
        by=lead.user,
        illegal=False,
        accident=False,
        basis="信用中国查询无记录",
        illegal_reason="不应保存：与登记一致",
        accident_reason="经核查，火灾发生在租户自建区域，区应急管理局认定责任在租户，不属于园区责任事故",
    )
    project.refresh_from_db()
    assert project.veto_accident is False
    assert project.veto_accident_reason.startswith("经核查")
    assert project.veto_illegal_reason == ""  # row 1 agrees with the register
    entry = AuditEntry.objects.filter(object_id=str(project.pk), after__has_key="register").latest("pk")
    assert entry.after["register"] == {"1": [], "2": [fire.pk]}

    # The result tab shows the answer beside the register entry and the reason.
    html = _client(world.admin).get(f"/evaluation/projects/{project.pk}/?tab=result").content.decode()
    section = html[html.index('id="veto-register"') :]
    assert fire.description[:20] in section
    assert "与登记不一致" in section and "火灾发生在租户自建区域" in section


def test_an_entry_registered_after_the_answer_stops_publication_until_explained(world):
    project, [lead, *_] = _scored_panel(world)
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    _register(world, Incident.Category.CRIMINAL, days_ago=30, description="园区内发生盗窃案件")
    with pytest.raises(ValidationError) as err:
        services.publish_result(project=project, by=lead.user)
    assert any("第 1 行" in m for m in err.value.messages)
    # An entry older than two years is outside the register's window: no contradiction.
    old = Incident.objects.get(description="园区内发生盗窃案件")
    update_object(obj=old, data={"occurred_on": clock.localdate() - dt.timedelta(days=800)}, by=world.admin)
    result = services.publish_result(project=project, by=lead.user)
    assert not result.disqualified


# --- the panel's size and specialities -----------------------------------------------------------


def test_the_lead_alone_cannot_publish(world):
    project, [lead] = _scored_panel(world, count=1)
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    with pytest.raises(ValidationError) as err:
        services.publish_result(project=project, by=lead.user)
    assert any("只有 1 位" in m and "最少人数 3 位" in m for m in err.value.messages)
    # Even an organiser cannot set the minimum to one.
    with pytest.raises(ValidationError) as err:
        update_object(obj=project, data={"min_experts": 1}, by=world.admin)
    assert "min_experts" in err.value.message_dict


def test_panel_smaller_than_the_organisers_minimum_is_refused(world):
    project = make_project(world)
    project = update_object(obj=project, data={"min_experts": 4}, by=world.admin)
    experts = panel(world, project, 4)
    declare_clear(experts[:3])
    services.declare_conflict(
        expert=experts[3], by=experts[3].user, has_conflict=True, conflict_detail="曾为园区做规划咨询"
    )
    project = to_scoring(world, project)
    for e in experts[:3]:
        services.save_scores(
            expert=e, by=e.user, scores={r: (str(p), "") for r, p in points(project).items()}
        )
        services.submit_sheet(expert=e, by=e.user)
    services.record_veto_findings(
        project=project, by=experts[0].user, illegal=False, accident=False, basis="无"
    )
    with pytest.raises(ValidationError) as err:
        services.publish_result(project=project, by=experts[0].user)
    assert any("只有 3 位" in m and "最少人数 4 位" in m for m in err.value.messages)


def test_every_first_level_area_needs_an_expert_of_its_speciality(world):
    project = make_project(world)
    areas = project.speciality_areas()
    assert areas == ["基础条件", "运营服务", "数智化", "绿色低碳", "评价与改进"]
    without_green = [a for a in areas if a != "绿色低碳"]
    project, [lead, *_] = _scored_panel(world, specialities=[without_green, ["运营服务"], ["数智化"]])
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    with pytest.raises(ValidationError) as err:
        services.publish_result(project=project, by=lead.user)
    assert any("绿色低碳" in m for m in err.value.messages)
    assert not any("基础条件" in m for m in err.value.messages)
    # The panel tab says so before anyone tries.
    html = _client(world.admin).get(f"/evaluation/projects/{project.pk}/?tab=panel").content.decode()
    requirement = html[html.index('id="panel-requirement"') :]
    assert "绿色低碳：缺少专业专家" in requirement


def test_a_speciality_must_be_an_area_of_the_rubric(world):
    project = make_project(world)
    with pytest.raises(ValidationError) as err:
        services.add_expert(project=project, user=world.assessor, by=world.admin, specialities=["园林绿化"])
    assert "园林绿化" in err.value.message_dict["specialities"][0]


# --- per-row rounding shown beside the unrounded total ------------------------------------------


def _seventy_sheets(project, bump: Decimal, bumped_rows: int) -> list[dict[int, Decimal]]:
    """Three sheets summing to 69.90 each (0.7 of every row, less 0.10 on the first row); the
    first expert adds ``bump`` on ``bumped_rows`` rows, which each row's rounding drops."""
    pts = points(project)
    base = {row: (p * Decimal("0.7")).quantize(Decimal("0.01")) for row, p in pts.items()}
    first = min(base)
    base[first] -= Decimal("0.10")
    assert sum(base.values()) == Decimal("69.90")
    bumped = dict(base)
    for row in sorted(pts)[1 : bumped_rows + 1]:
        bumped[row] += bump
    return [bumped, dict(base), dict(base)]


def test_exactly_70_004_unrounded_publishes_69_90_and_no_star(world):
    """The rule on the case as reported: three experts, unrounded total 70.004 (scores with three
    decimals, as a paper sheet scored through ``parkops panel-score`` may carry)."""
    project = make_project(world)
    rubric = edition_rubric(project.edition)
    sheets = _seventy_sheets(project, Decimal("0.012"), 26)  # 26 rows × 0.004 = 0.104
    submission = PanelSubmission(
        tuple(ExpertSheet(f"专家{i}", s) for i, s in enumerate(sheets)),
        {1: False, 2: False},
        Aggregation.MEAN,
    )
    result = score_panel(rubric, submission)
    assert unrounded_total(rubric, submission) == Fraction("70.004")
    assert result.total == Decimal("69.90")
    assert result.star is None
    assert selectors.unrounded_text(selectors.unrounded_decimal(Fraction("70.004"))) == "70.004"


def test_published_result_and_report_show_both_figures_and_the_rule(world):
    """Through the app (scores carry two decimals, so the nearest case is 70.00333…): 69.90 is
    published with no star, and the page, the Word and the PDF report show both figures."""
    project = make_project(world)
    experts = panel(world, project, 3)
    declare_clear(experts)
    project = to_scoring(world, project)
    sheets = _seventy_sheets(project, Decimal("0.01"), 31)  # 31 rows × 0.00333… = 0.10333…
    for e, sheet in zip(experts, sheets, strict=True):
        services.save_scores(expert=e, by=e.user, scores={r: (str(v), "") for r, v in sheet.items()})
        services.submit_sheet(expert=e, by=e.user)
    lead = experts[0]
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    result = services.publish_result(project=project, by=lead.user)
    assert result.total == Decimal("69.90") and result.star is None
    assert result.unrounded_total == Decimal("70.003333")

    html = _client(world.admin).get(f"/evaluation/projects/{project.pk}/?tab=result").content.decode()
    figures = html[html.index('id="result-figures"') :]
    assert "69.90" in figures[:300] and "70.0033" in figures[:300]
    assert "先将每行的专家组得分四舍五入到 0.01 分" in html
    assert "未达星级" in html

    data = reports.evaluation_report_data(project, world.admin)
    assert "69.90" in data["figures"] and "70.0033" in data["figures"]
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(reports.evaluation_report_docx(data))).paragraphs)
    assert data["figures"] in text and data["rounding_rule"] in text
    pdf = _client(world.admin).get(f"/evaluation/projects/{project.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_pdf_report_prints_both_figures_and_the_rule(world, monkeypatch):
    project, [lead, *_] = _scored_panel(world)
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    services.publish_result(project=project, by=lead.user)
    printed = []
    real = reports._pdf_bytes

    def capture(story, title):
        printed.extend(getattr(flowable, "text", "") for flowable in story)
        return real(story, title)

    monkeypatch.setattr(reports, "_pdf_bytes", capture)
    data = reports.evaluation_report_data(project, world.admin)
    assert reports.evaluation_report_pdf(data).startswith(b"%PDF")
    assert "100.00" in data["figures"]
    assert data["figures"] in printed and data["rounding_rule"] in printed


def test_the_add_expert_form_records_specialities(world):
    project = make_project(world)
    page = _client(world.admin).post(
        f"/evaluation/projects/{project.pk}/experts/",
        {"user": world.assessor.pk, "is_lead": "on", "specialities": ["数智化", "绿色低碳"]},
    )
    assert page.status_code == 302
    expert = project.experts.get()
    assert expert.specialities == ["数智化", "绿色低碳"]  # in the rubric's order
    check = selectors.panel_check(project, submitted_only=False)
    assert check.uncovered == ["基础条件", "运营服务", "评价与改进"]
