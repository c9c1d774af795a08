"""Satisfaction surveys: NPS and response rate from real responses, anonymity kept in the
database, reminders, the answer page, and rows 28–31 scored from data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from parkops.audit.models import AuditEntry
from parkops.core import clock
from parkops.core.services import create_object
from parkops.service import selectors, services
from parkops.service.models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse


def make_survey(world, *, anonymous=True, title="2026 年度入驻企业满意度调查"):
    survey = create_object(
        model=Survey, by=world.kefu, data={"park": world.alpha, "title": title, "anonymous": anonymous}
    )
    questions = [
        ("rating", "您对园区物业服务的总体满意度", ""),
        ("nps", "您有多大可能向同行推荐本园区", ""),
        ("single", "您最常使用的服务渠道", "线上平台\n服务热线\n前台"),
        ("multiple", "您希望增加哪些服务", "政策申报\n人才招聘\n融资对接"),
        ("text", "其他意见和建议", ""),
    ]
    for position, (kind, text, options) in enumerate(questions, start=1):
        create_object(
            model=SurveyQuestion,
            by=world.kefu,
            data={
                "survey": survey,
                "position": position,
                "kind": kind,
                "text": text,
                "options": options,
                "required": kind not in ("text", "multiple"),
            },
        )
    return survey


def answers(survey, rating, nps, channel, wishes, text=""):
    q = {q.kind: q.pk for q in survey.questions.all()}
    return {q["rating"]: rating, q["nps"]: nps, q["single"]: channel, q["multiple"]: wishes, q["text"]: text}


def test_nps_and_response_rate_from_real_responses(svc):
    survey = make_survey(svc, anonymous=False)
    emails = ["a@example.com", "b@example.com", "c@example.com"]
    invitations = services.invite(
        survey=survey, by=svc.kefu, users=[svc.tenant_a, svc.tenant_b], emails=emails
    )
    assert len(invitations) == 5
    services.open_survey(survey=survey, by=svc.kefu)
    tokens = {i.user or i.email: i.token for i in survey.invitations.all()}
    services.submit_response(
        token=tokens[svc.tenant_a],
        by=svc.tenant_a,
        answers=answers(survey, 5, 10, "线上平台", ["政策申报", "融资对接"], "很好"),
    )
    services.submit_response(
        token=tokens[svc.tenant_b], by=svc.tenant_b, answers=answers(survey, 4, 9, "服务热线", ["政策申报"])
    )
    services.submit_response(token=tokens["a@example.com"], answers=answers(survey, 4, 7, "线上平台", []))
    services.submit_response(
        token=tokens["b@example.com"], answers=answers(survey, 3, 3, "前台", ["人才招聘"])
    )
    results = selectors.survey_results(survey)
    # 4 of 5 invitees answered: 80.0 %. NPS: promoters 10, 9; passive 7; detractor 3 → (2 − 1) / 4 = 25.0.
    assert (results.invited, results.responses, results.response_rate) == (5, 4, Decimal("80.0"))
    assert (results.nps.promoters, results.nps.passives, results.nps.detractors) == (2, 1, 1)
    assert results.nps.score == Decimal("25.0")
    by_kind = {r.question.kind: r for r in results.questions}
    assert by_kind["rating"].mean == Decimal("4.00")
    assert by_kind["nps"].mean == Decimal("7.25")
    assert by_kind["single"].options == [
        ("线上平台", 2, Decimal("50.0")),
        ("服务热线", 1, Decimal("25.0")),
        ("前台", 1, Decimal("25.0")),
    ]
    # The optional multiple-choice question was left empty once.
    assert by_kind["multiple"].answered == 3
    assert by_kind["multiple"].options[0] == ("政策申报", 2, Decimal("66.7"))
    assert by_kind["text"].texts == ["很好"]
    # A named survey keeps who answered.
    named = SurveyResponse.objects.get(respondent=svc.tenant_a)
    assert named.enterprise == svc.ent_a and named.invitation.token == tokens[svc.tenant_a]


def test_nps_rounds_and_handles_all_detractors():
    assert selectors.nps_of([10, 6, 6]).score == Decimal("-33.3")
    assert selectors.nps_of([0, 5]).score == Decimal("-100.0")
    assert selectors.nps_of([]).score is None
    assert selectors.percent(2, 3) == Decimal("66.7")


def test_anonymous_survey_stores_no_link_between_respondent_and_answers(svc):
    survey = make_survey(svc, anonymous=True)
    services.invite(survey=survey, by=svc.kefu, users=[svc.tenant_a, svc.tenant_b])
    services.open_survey(survey=survey, by=svc.kefu)
    invitation = survey.invitations.get(user=svc.tenant_a)
    updated_before = invitation.updated_at
    response = services.submit_response(
        token=invitation.token,
        by=svc.tenant_a,
        answers=answers(survey, 5, 9, "前台", ["人才招聘"], "保洁很好"),
    )
    # The invitation knows only that it was used: no time, no pointer to the response.
    invitation.refresh_from_db()
    assert invitation.used is True and invitation.updated_at == updated_before
    assert not SurveyResponse.objects.filter(invitation=invitation).exists()
    # The response row: nothing about the invitee, no time, a random id.
    row = SurveyResponse.objects.filter(pk=response.pk).values().get()
    assert row == {
        "id": response.pk,
        "survey_id": survey.pk,
        "invitation_id": None,
        "respondent_id": None,
        "enterprise_id": None,
        "submitted_on": None,
    }
    assert response.pk.version == 4
    field_names = {f.name for f in SurveyResponse._meta.concrete_fields} | {
        f.name for f in SurveyAnswer._meta.concrete_fields
    }
    assert not field_names & {"created_at", "updated_at"}
    for answer in SurveyAnswer.objects.filter(response=response).values():
        assert set(answer) == {"id", "response_id", "question_id", "choices", "number", "text"}
    # The audit log holds an actor-less, address-less event on the survey, nothing on the invitation.
    assert not AuditEntry.objects.filter(
        object_type="service.surveyinvitation", object_id=str(invitation.pk), event__startswith="survey_"
    ).exists()
    entry = AuditEntry.objects.get(event="survey_anonymous_response")
    assert (entry.actor_id, entry.ip, entry.request_id, entry.object_type) == (
        None,
        None,
        "",
        "service.survey",
    )
    assert str(response.pk) not in str(entry.after)
    # Answering twice is refused; the second tenant's link still works.
    with pytest.raises(ValidationError):
        services.submit_response(
            token=invitation.token, by=svc.tenant_a, answers=answers(survey, 1, 0, "前台", [])
        )
    other = survey.invitations.get(user=svc.tenant_b)
    services.submit_response(token=other.token, by=svc.tenant_b, answers=answers(survey, 4, 8, "前台", []))
    assert survey.responses.count() == 2
    # Tenants do not see anonymous answers at all.
    assert not SurveyResponse.objects.restrict(svc.tenant_a).exists()


def test_answers_are_validated_and_links_are_personal(svc):
    survey = make_survey(svc)
    services.invite(survey=survey, by=svc.kefu, users=[svc.tenant_a])
    token = survey.invitations.get().token
    with pytest.raises(ValidationError):  # not open yet
        services.submit_response(token=token, by=svc.tenant_a, answers=answers(survey, 5, 9, "前台", []))
    services.open_survey(survey=survey, by=svc.kefu)
    with pytest.raises(PermissionDenied):
        services.submit_response(token=token, by=svc.tenant_b, answers=answers(survey, 5, 9, "前台", []))
    with pytest.raises(ValidationError) as exc:
        services.submit_response(token=token, by=svc.tenant_a, answers=answers(survey, 6, 11, "邮件", []))
    assert len(exc.value.error_dict) == 3
    assert not survey.responses.exists() and not survey.invitations.get().used
    with pytest.raises(ValidationError):
        services.invite(survey=survey, by=svc.kefu, emails=["not-an-email"])
    with pytest.raises(ValidationError):
        services.invite(survey=survey, by=svc.kefu, users=[svc.tenant_c])


def test_reminders_go_to_those_who_have_not_answered(svc, sent, django_capture_on_commit_callbacks):
    survey = make_survey(svc)
    services.invite(
        survey=survey, by=svc.kefu, users=[svc.tenant_a, svc.tenant_b], emails=["boss@example.com"]
    )
    services.open_survey(survey=survey, by=svc.kefu)
    services.submit_response(
        token=survey.invitations.get(user=svc.tenant_a).token,
        by=svc.tenant_a,
        answers=answers(survey, 5, 9, "前台", []),
    )
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 2
    assert [c["recipients"] for c in sent] == [[svc.tenant_b]] and str(sent[0]["subject"]).startswith("提醒")
    assert [m.to for m in mail.outbox] == [["boss@example.com"]]
    assert survey.invitations.get(user=svc.tenant_b).reminders_sent == 1
    assert survey.invitations.get(user=svc.tenant_a).reminders_sent == 0
    from parkops.service import tasks

    for _ in range(3):
        tasks.remind_survey_invitees.call_local()
    assert survey.invitations.get(user=svc.tenant_b).reminders_sent == services.MAX_REMINDERS


def test_answer_page_in_the_browser_flow(svc, client):
    survey = make_survey(svc)
    services.invite(survey=survey, by=svc.kefu, users=[svc.tenant_a], emails=["guest@example.com"])
    services.open_survey(survey=survey, by=svc.kefu)
    user_link = survey.invitations.get(user=svc.tenant_a).get_absolute_url()
    email_link = survey.invitations.get(email="guest@example.com").get_absolute_url()
    assert client.get(user_link).status_code == 302  # sign in first
    q = {q.kind: f"q{q.pk}" for q in survey.questions.all()}
    response = client.post(email_link, {q["nps"]: "8", q["single"]: "前台"})
    assert response.status_code == 400 and q["rating"] in response.context["form"].errors
    response = client.post(
        email_link, {q["rating"]: "4", q["nps"]: "8", q["single"]: "前台", q["multiple"]: ["政策申报"]}
    )
    assert response.status_code == 302 and survey.responses.count() == 1
    assert client.get(email_link).context["done"]
    client.force_login(svc.tenant_b)
    assert client.get(user_link).status_code == 403
    client.force_login(svc.tenant_a)
    mine = client.get(reverse("service:my_surveys"))
    assert [i.survey for i in mine.context["invitations"]] == [survey]
    assert client.get(user_link).status_code == 200
    assert client.get(reverse("service:survey_answer", args=["nope"])).status_code == 404


def close_with_analysis(world, survey, closed_on):
    services.close_survey(survey=survey, by=world.kefu, closed_on=closed_on)
    return services.record_analysis(
        survey=survey,
        by=world.kefu,
        analysis="总体满意度 4.2，保洁与电梯等候为短板",
        improvement_plan="增开高峰电梯；保洁频次由 2 次增至 3 次",
    )


def test_row_30_needs_a_survey_of_the_year_with_analysis_and_plan(svc):
    from parkops.assessment.engine import assess
    from parkops.core.services import delete_object

    today = timezone.localdate()
    survey = make_survey(svc)
    services.invite(survey=survey, by=svc.kefu, users=[svc.tenant_a])
    services.open_survey(survey=survey, by=svc.kefu, opened_on=today - dt.timedelta(days=20))
    services.submit_response(
        token=survey.invitations.get().token,
        by=svc.tenant_a,
        answers=answers(survey, 5, 10, "前台", ["政策申报"]),
    )
    services.close_survey(survey=survey, by=svc.kefu, closed_on=today - dt.timedelta(days=5))
    assert assess(svc.alpha, today).row(30).score == Decimal("1.00")  # closed, no analysis yet: half
    with pytest.raises(ValidationError):
        services.record_analysis(
            survey=make_survey(svc, title="草稿"), by=svc.kefu, analysis="x", improvement_plan="y"
        )
    services.record_analysis(survey=survey, by=svc.kefu, analysis="满意度高", improvement_plan="保持")
    row = assess(svc.alpha, today).row(30)
    assert row.status == "met" and row.score == Decimal("2.00")
    assert "回收率 100.0%" in row.evidence[0].label and "NPS 100.0" in row.evidence[0].label
    # Thirteen months on, the survey is too old.
    assert assess(svc.alpha, today + dt.timedelta(days=370)).row(30).score == 0
    # Removing the year's survey lowers the row.
    delete_object(obj=Survey.objects.get(pk=survey.pk), by=svc.kefu)
    assert assess(svc.alpha, today).row(30).score == 0


def test_survey_window_is_the_365_days_up_to_the_day(svc):
    # Row 30 asks for a survey of the last year: closed within the 365 days up to the day
    # assessed, counting the closing day itself and not a survey closed after that day.
    from parkops.service.evidence import yearly_survey

    closed = clock.localdate() - dt.timedelta(days=10)
    survey = make_survey(svc)
    services.invite(survey=survey, by=svc.kefu, users=[svc.tenant_a])
    services.open_survey(survey=survey, by=svc.kefu, opened_on=closed - dt.timedelta(days=20))
    services.submit_response(
        token=survey.invitations.get().token,
        by=svc.tenant_a,
        answers=answers(survey, 4, 9, "前台", ["政策申报"]),
    )
    close_with_analysis(svc, survey, closed)
    found = {
        days: selectors.latest_closed_survey(svc.alpha, closed + dt.timedelta(days=days))
        for days in (-1, 0, 31, 364, 365)
    }
    assert found == {-1: None, 0: survey, 31: survey, 364: survey, 365: None}
    status = {days: yearly_survey(svc.alpha, closed + dt.timedelta(days=days)).status for days in (364, 365)}
    assert status == {364: "met", 365: "unmet"}


def test_rows_28_29_31_scored_from_data(svc):
    from parkops.assessment import registry
    from parkops.assessment.engine import assess
    from parkops.core import models as core
    from parkops.service.models import ConciergeMember, ConciergeTeam, MeetingService, ReceptionRecord

    today = timezone.localdate()
    result = assess(svc.alpha, today)
    assert [result.row(n).score for n in (28, 29, 31)] == [0, 0, 0]
    shares = {s.key: s.share for s in registry.sources_for(29)}
    assert shares["service.crm_policy"] == Decimal("0.5")

    team = create_object(
        model=ConciergeTeam,
        by=svc.kefu,
        data={
            "park": svc.alpha,
            "name": "客服礼宾组",
            "introduction": "前台、楼栋管家、会务接待 5 人，7×12 小时服务",
        },
    )
    staff = core.Staff.objects.get(park=svc.alpha)
    create_object(
        model=ConciergeMember, by=svc.kefu, data={"team": team, "staff": staff, "duty": "front_desk"}
    )
    assert assess(svc.alpha, today).row(28).score == Decimal("1.00")  # one member only: half
    department = core.Department.objects.get(park=svc.alpha)
    second = create_object(
        model=core.Staff,
        by=svc.admin,
        data={
            "park": svc.alpha,
            "department": department,
            "employee_no": "A002",
            "name": "李四",
            "hired_on": dt.date(2023, 1, 1),
        },
    )
    create_object(model=ConciergeMember, by=svc.kefu, data={"team": team, "staff": second, "duty": "butler"})
    assert assess(svc.alpha, today).row(28).score == Decimal("2.00")

    create_object(
        model=MeetingService,
        by=svc.kefu,
        data={
            "park": svc.alpha,
            "held_on": today - dt.timedelta(days=40),
            "title": "甲企业年度发布会",
            "client": "甲企业",
            "venue": "D栋多功能厅",
            "attendees": 120,
            "services": "场地布置、音视频保障、茶歇",
            "is_case": True,
        },
    )
    assert assess(svc.alpha, today).row(31).score == Decimal("1.00")
    create_object(
        model=ReceptionRecord,
        by=svc.kefu,
        data={
            "park": svc.alpha,
            "received_on": today - dt.timedelta(days=10),
            "kind": "government",
            "visitors": "南山区工信局",
            "scale": 8,
            "purpose": "产业调研",
            "services": "讲解、座谈",
            "host": "王经理",
        },
    )
    assert assess(svc.alpha, today).row(31).score == Decimal("2.00")

    from django.core.files.uploadedfile import SimpleUploadedFile

    from parkops.assessment.models import Document

    create_object(
        model=Document,
        by=svc.admin,
        data={
            "park": svc.alpha,
            "kind": "customer_relationship_policy",
            "title": "客户关系管理制度",
            "version": "V1.0",
            "effective_on": today - dt.timedelta(days=100),
            "approver": "总经理",
            "file": SimpleUploadedFile("crm.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )
    # The CRM-policy half of row 29 (the tenant-archive half belongs to the investment app).
    assert assess(svc.alpha, today).row(29).score >= Decimal("1.00")


def test_survey_pages(svc, client):
    survey = make_survey(svc)
    client.force_login(svc.kefu)
    page = client.post(
        survey.get_absolute_url(),
        {"action": "invite", "emails": "x@example.com，y@example.com", "all_tenants": "on"},
    )
    assert page.status_code == 302 and survey.invitations.count() == 4
    client.post(survey.get_absolute_url(), {"action": "open"})
    survey.refresh_from_db()
    assert survey.state == Survey.State.OPEN
    edit = client.get(reverse("service:survey_edit", args=[survey.pk]))
    assert edit.context["form"].fields["anonymous"].disabled
    client.post(survey.get_absolute_url(), {"action": "close"})
    client.post(
        survey.get_absolute_url(), {"action": "analysis", "analysis": "分析", "improvement_plan": "计划"}
    )
    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED and survey.has_analysis and survey.has_improvement_plan
    assert client.get(survey.get_absolute_url()).status_code == 200
    for name in (
        "survey_list",
        "conciergeteam_list",
        "meetingservice_list",
        "receptionrecord_list",
        "valueaddedservice_list",
        "ticket_list",
    ):
        assert client.get(reverse(f"service:{name}")).status_code == 200
    client.force_login(svc.tenant_a)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(reverse("service:valueaddedservice_list")).status_code == 200
    assert SurveyInvitation.objects.restrict(svc.tenant_a).count() == 1
