"""Every write of the customer-service domain: tickets, surveys (invitations, answers,
reminders, analysis) and the registers."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock, workflow
from parkops.core.clock import backdated, now  # noqa: F401  (backdated: used by the demo)
from parkops.core.scope import CHANGE, DepartmentKind, Role, can, visible_park_ids
from parkops.core.services import update_object
from parkops.notifications.services import (  # noqa: F401  (quiet: used by the demo)
    Message,
    choice_label,
    is_quiet,
    notify,
    quiet,
)
from parkops.service.models import (
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    Ticket,
)

T = Ticket.State
# Response targets by kind (minutes from submission to acceptance).
RESPONSE_TARGET_MINUTES = {
    Ticket.Kind.COMPLAINT: 30,
    Ticket.Kind.ENQUIRY: 120,
    Ticket.Kind.SUGGESTION: 24 * 60,
    Ticket.Kind.PRAISE: 24 * 60,
}
MAX_REMINDERS = 3


def _park_id(obj) -> int | None:
    from parkops.core.scope import park_of

    park = park_of(obj)
    return park.pk if park else None


def _save(obj, by, event: str) -> None:
    before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk))
    obj.full_clean()
    obj.save()
    after = audit.snapshot(obj)
    changed = sorted(k for k in after if before.get(k) != after.get(k) and k != "updated_at")
    audit.record(
        action="update",
        event=event,
        obj=obj,
        by=by,
        park_id=_park_id(obj),
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )


def _create(obj, by) -> None:
    obj.full_clean()
    obj.save()
    audit.record(action="create", obj=obj, by=by, park_id=_park_id(obj), after=audit.snapshot(obj))


def _lock(obj):
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _service_staff(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(is_active=True, parks=park, role=Role.STAFF, department=DepartmentKind.SERVICE)
    )


# --- Tickets ----------------------------------------------------------------------------------


@transaction.atomic
def submit_ticket(
    *,
    by,
    kind: str,
    subject: str,
    content: str,
    park=None,
    enterprise=None,
    channel: str = Ticket.Channel.PLATFORM,
    contact: str = "",
    received_at: dt.datetime | None = None,
) -> Ticket:
    """A tenant submits an enquiry or complaint, or service staff log one received by phone."""
    if getattr(by, "_parkops_read_only", False) or not getattr(by, "is_authenticated", False):
        raise PermissionDenied(gettext("无权提交"))
    if by.role == Role.TENANT and not by.is_superuser:
        if not by.enterprise_id:
            raise PermissionDenied(gettext("您的账号未关联入驻企业"))
        enterprise, park, channel = by.enterprise, by.enterprise.park, Ticket.Channel.PLATFORM
        contact = contact or by.name
    elif not (by.is_superuser or by.role in (Role.STAFF, Role.OPERATOR_ADMIN)):
        raise PermissionDenied(gettext("无权提交"))
    if park is None and enterprise is not None:
        park = enterprise.park
    if park is None:
        raise ValidationError({"park": gettext("请选择园区")})
    ids = visible_park_ids(by)
    if ids is not None and park.pk not in ids:
        raise PermissionDenied(gettext("不能在您无权访问的园区中写入数据"))
    at = received_at or now()
    ticket = Ticket(
        park=park,
        number=f"KF{timezone.localtime(at):%Y%m%d}-{secrets.token_hex(3).upper()}",
        enterprise=enterprise,
        reporter=by,
        contact=contact,
        kind=kind,
        channel=channel,
        subject=subject,
        content=content,
        received_at=at,
        response_due_at=at + dt.timedelta(minutes=RESPONSE_TARGET_MINUTES.get(kind, 120)),
    )
    _create(ticket, by)
    workflow.record_step(ticket, "提交", by=by, note=content[:200], to_state=ticket.state)
    notify(
        recipients=_service_staff(park),
        kind="service.ticket_submitted",
        subject=Message("新%(kind)s：%(subject)s", kind=choice_label(ticket, "kind"), subject=subject),
        body=content[:200],
        url=ticket.get_absolute_url(),
        park=park,
        obj=ticket,
    )
    return ticket


@transaction.atomic
def accept_ticket(*, ticket: Ticket, by, at: dt.datetime | None = None) -> Ticket:
    def apply(ticket):
        ticket.handler = by
        if ticket.accepted_at is None:
            accepted = at or now()
            ticket.accepted_at = accepted
            ticket.response_minutes = max(0, int((accepted - ticket.received_at).total_seconds() // 60))

    return workflow.advance(ticket, "accept", by=by, apply=apply)


@transaction.atomic
def note_ticket(*, ticket: Ticket, by, note: str) -> Ticket:
    """处理中: a progress note."""

    def apply(ticket):
        if not note.strip():
            raise ValidationError({"note": gettext("请填写处理进展")})

    return workflow.advance(ticket, "note", by=by, apply=apply, note=note)


@transaction.atomic
def reply_ticket(*, ticket: Ticket, by, reply: str, at: dt.datetime | None = None) -> Ticket:
    def apply(ticket):
        if not reply.strip():
            raise ValidationError({"reply": gettext("请填写回复内容")})
        ticket.reply = reply
        ticket.replied_at = at or now()

    ticket = workflow.advance(ticket, "reply", by=by, apply=apply, note=reply[:500])
    notify(
        recipients=[ticket.reporter],
        kind="service.ticket_replied",
        subject=Message("您的%(kind)s已回复，请确认", kind=choice_label(ticket, "kind")),
        body=reply[:200],
        url=ticket.get_absolute_url(),
        park=ticket.park,
        obj=ticket,
    )
    return ticket


@transaction.atomic
def confirm_ticket(*, ticket: Ticket, by) -> Ticket:
    def apply(ticket):
        ticket.confirmed_at = now()

    return workflow.advance(ticket, "confirm", by=by, apply=apply)


@transaction.atomic
def reopen_ticket(*, ticket: Ticket, by, reason: str) -> Ticket:
    def apply(ticket):
        if not reason.strip():
            raise ValidationError({"reason": gettext("请说明重新打开的原因")})
        ticket.reopen_count += 1

    ticket = workflow.advance(ticket, "reopen", by=by, apply=apply, note=reason)
    notify(
        recipients=[ticket.handler, *_service_staff(ticket.park)],
        kind="service.ticket_reopened",
        subject=Message(
            "%(kind)s被重新打开：%(subject)s", kind=choice_label(ticket, "kind"), subject=ticket.subject
        ),
        body=reason[:200],
        url=ticket.get_absolute_url(),
        park=ticket.park,
        obj=ticket,
    )
    return ticket


# --- Surveys ----------------------------------------------------------------------------------


def _require_survey_writer(by, survey: Survey) -> None:
    if not can(by, CHANGE, survey):
        raise PermissionDenied(gettext("只有客服人员或管理员可以管理问卷"))


def _token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def invite(*, survey: Survey, by, users: Iterable = (), emails: Iterable[str] = ()) -> list[SurveyInvitation]:
    """Invite tenant users and/or email addresses; one link (token) each. Already invited
    invitees are skipped."""
    _require_survey_writer(by, survey)
    if survey.state == Survey.State.CLOSED:
        raise ValidationError(gettext("问卷已结束，不能再邀请"))
    created = []
    for user in users:
        if user.role != Role.TENANT or not user.enterprise_id or user.enterprise.park_id != survey.park_id:
            raise ValidationError(
                {"users": gettext("%(user_name)s 不是本园区的入驻企业用户") % {"user_name": user.name}}
            )
        if survey.invitations.filter(user=user).exists():
            continue
        invitation = SurveyInvitation(survey=survey, user=user, enterprise=user.enterprise, token=_token())
        _create(invitation, by)
        created.append(invitation)
    for raw in emails:
        email = raw.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"emails": gettext("邮箱格式不正确：%(email)s") % {"email": email}}
            ) from None
        if survey.invitations.filter(email=email).exists():
            continue
        invitation = SurveyInvitation(survey=survey, email=email, token=_token())
        _create(invitation, by)
        created.append(invitation)
    if survey.state == Survey.State.OPEN:
        _send_invitations(survey, created, reminder=False)
    return created


def _send_invitations(survey: Survey, invitations: list[SurveyInvitation], *, reminder: bool) -> None:
    users = [i for i in invitations if i.user_id]
    for invitation in users:
        notify(
            recipients=[invitation.user],
            kind="service.survey_invitation",
            subject=survey_invitation_subject(survey, reminder=reminder),
            body=survey.introduction[:200],
            url=invitation.get_absolute_url(),
            park=survey.park,
            obj=survey,
        )
    emails = [(i.email, i.get_absolute_url()) for i in invitations if not i.user_id and i.email]
    if emails and not is_quiet():
        transaction.on_commit(lambda: _email(survey, emails, reminder))


def survey_invitation_subject(survey: Survey, *, reminder: bool = False) -> Message:
    """「请填写《…》」, written in each reader's language."""
    if reminder:
        return Message("提醒：请填写《%(survey)s》", survey=survey.title)
    return Message("请填写《%(survey)s》", survey=survey.title)


def _email(survey: Survey, emails: list[tuple[str, str]], reminder: bool) -> None:
    """Invitations to addresses without an account, in the platform's language."""
    from django.core.mail import send_mail

    from parkops.notifications.services import absolute_url, render

    subject = render(survey_invitation_subject(survey, reminder=reminder))
    for address, path in emails:
        body = Message(
            "%(introduction)s\n\n填写链接：%(link)s\n\n本邮件由 ParkOps 园区运营平台发送。",
            introduction=survey.introduction,
            link=absolute_url(path),
        )
        send_mail(
            subject,
            render(body),
            None,
            [address],
            fail_silently=True,
        )


@transaction.atomic
def open_survey(
    *, survey: Survey, by, opened_on: dt.date | None = None, deadline: dt.date | None = None
) -> Survey:
    """Publish a designed survey and send its links; anonymity is fixed from here on."""
    _require_survey_writer(by, survey)
    survey = _lock(survey)
    if survey.state != Survey.State.DRAFT:
        raise ValidationError(gettext("只有设计中的问卷可以发放"))
    if not survey.questions.exists():
        raise ValidationError(gettext("问卷还没有题目"))
    survey.state = Survey.State.OPEN
    survey.opened_on = opened_on or clock.localdate()
    survey.deadline = deadline or survey.deadline
    _save(survey, by, "open")
    _send_invitations(survey, list(survey.invitations.filter(used=False)), reminder=False)
    return survey


@transaction.atomic
def close_survey(*, survey: Survey, by, closed_on: dt.date | None = None) -> Survey:
    _require_survey_writer(by, survey)
    survey = _lock(survey)
    if survey.state != Survey.State.OPEN:
        raise ValidationError(gettext("只有进行中的问卷可以结束"))
    survey.state = Survey.State.CLOSED
    survey.closed_on = closed_on or clock.localdate()
    _save(survey, by, "close")
    return survey


@transaction.atomic
def record_analysis(
    *, survey: Survey, by, analysis: str, improvement_plan: str, analysis_file=None, improvement_file=None
) -> Survey:
    """Attach the result analysis and the improvement plan (indicator 30)."""
    data: dict[str, Any] = {"analysis": analysis, "improvement_plan": improvement_plan}
    if analysis_file:
        data["analysis_file"] = analysis_file
    if improvement_file:
        data["improvement_file"] = improvement_file
    survey = Survey.objects.get(pk=survey.pk)
    if survey.state != Survey.State.CLOSED:
        raise ValidationError(gettext("问卷结束后才能填写分析和改进计划"))
    return update_object(obj=survey, data=data, by=by)


def invitation_for(token: str) -> SurveyInvitation | None:
    return SurveyInvitation.objects.select_related("survey__park").filter(token=token).first()


def may_answer(invitation: SurveyInvitation, user) -> bool:
    """A user's invitation is answered by that user signed in; an email invitation by its link."""
    if invitation.user_id:
        return bool(getattr(user, "is_authenticated", False) and user.pk == invitation.user_id)
    return True


def _clean_answers(survey: Survey, answers: Mapping[int, Any]) -> list[SurveyAnswer]:
    errors: dict[str, str] = {}
    rows = []
    for question in survey.questions.order_by("position"):
        value = answers.get(question.pk)
        key = f"q{question.pk}"
        empty = value in (None, "", []) or (isinstance(value, str) and not value.strip())
        if empty:
            if question.required:
                errors[key] = gettext("第 %(position)s 题为必答题") % {"position": question.position}
            continue
        answer = SurveyAnswer(question=question)
        K = SurveyQuestion.Kind
        if question.kind == K.SINGLE:
            if value not in question.option_list:
                errors[key] = gettext("第 %(position)s 题的选项无效") % {"position": question.position}
                continue
            answer.choices = [value]
        elif question.kind == K.MULTIPLE:
            values = [value] if isinstance(value, str) else list(value)
            if not set(values) <= set(question.option_list):
                errors[key] = gettext("第 %(position)s 题的选项无效") % {"position": question.position}
                continue
            answer.choices = [o for o in question.option_list if o in values]
        elif question.kind in (K.RATING, K.NPS):
            low, high = (1, 5) if question.kind == K.RATING else (0, 10)
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if number is None or not low <= number <= high:
                errors[key] = gettext("第 %(position)s 题须为 %(low)s–%(high)s 的整数") % {
                    "position": question.position,
                    "low": low,
                    "high": high,
                }
                continue
            answer.number = number
        else:
            answer.text = str(value).strip()[:2000]
        rows.append(answer)
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def submit_response(*, token: str, answers: Mapping[int, Any], by=None) -> SurveyResponse:
    """Answer a survey through an invitation link.

    Anonymous survey: the invitation is only marked used; the response and its answers get
    random ids and carry no invitation, user, enterprise or time, and the audit entry names
    the invitation, not the response. Named survey: the response records who answered."""
    invitation = SurveyInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise PermissionDenied(gettext("问卷链接无效"))
    survey = invitation.survey
    if not may_answer(invitation, by):
        raise PermissionDenied(gettext("请使用受邀账号登录后填写"))
    if survey.state != Survey.State.OPEN:
        raise ValidationError(gettext("问卷未在进行中"))
    if invitation.used:
        raise ValidationError(gettext("您已提交过此问卷，感谢参与"))
    rows = _clean_answers(survey, answers)
    actor = by if getattr(by, "is_authenticated", False) else None
    if survey.anonymous:
        response = SurveyResponse(survey=survey)
    else:
        response = SurveyResponse(
            survey=survey,
            invitation=invitation,
            respondent=invitation.user,
            enterprise=invitation.enterprise or (invitation.user.enterprise if invitation.user_id else None),
            submitted_on=clock.localdate(),
        )
    response.full_clean()
    response.save()
    for answer in rows:
        answer.response = response
        answer.full_clean()
    SurveyAnswer.objects.bulk_create(rows)
    # QuerySet.update leaves updated_at alone: the invitation keeps no time of use.
    SurveyInvitation.objects.filter(pk=invitation.pk).update(used=True)
    if survey.anonymous:
        # Audited on the survey, with no actor and no request address or id, so the audit log
        # cannot tie this answer to a person either.
        from parkops.core.middleware import RequestContext, reset_context, set_context

        token_ctx = set_context(RequestContext())
        try:
            audit.record(
                action="event",
                event="survey_anonymous_response",
                obj=survey,
                by=None,
                park_id=survey.park_id,
                after={"responses": survey.responses.count()},
            )
        finally:
            reset_context(token_ctx)
    else:
        audit.record(
            action="event",
            event="survey_answered",
            obj=invitation,
            by=actor,
            park_id=survey.park_id,
            after={"used": True, "response": str(response.pk)},
        )
    return response


@transaction.atomic
def send_reminders(*, survey: Survey | None = None) -> int:
    """Remind invitees who have not answered an open survey (at most MAX_REMINDERS times)."""
    surveys = Survey.objects.filter(state=Survey.State.OPEN)
    if survey is not None:
        surveys = surveys.filter(pk=survey.pk)
    sent = 0
    for current in surveys.select_related("park"):
        pending = list(
            current.invitations.select_for_update().filter(used=False, reminders_sent__lt=MAX_REMINDERS)
        )
        if not pending:
            continue
        for invitation in pending:
            invitation.reminders_sent += 1
            invitation.save(update_fields=["reminders_sent", "updated_at"])
        audit.record(
            action="event",
            event="survey_reminders",
            obj=current,
            by=None,
            park_id=current.park_id,
            after={"reminded": len(pending)},
        )
        _send_invitations(current, pending, reminder=True)
        sent += len(pending)
    return sent


# --- Evaluation of each service by the enterprise served (6.1.2) -------------------------------


@transaction.atomic
def rate_service(*, by, rating: int, comment: str = "", ticket=None, booking=None):
    """The enterprise served rates a closed ticket or a booking that has taken place, once.
    A tenant rates its own enterprise's; service staff may record a rating given to them."""
    from parkops.core.services import create_object
    from parkops.service.models import ServiceRating

    target = ticket if ticket is not None else booking
    if target is None or (ticket is not None and booking is not None):
        raise ValidationError({"ticket": gettext("请选择要评价的一项服务：咨询投诉或空间预约")})
    enterprise = target.enterprise
    park = ticket.park if ticket is not None else booking.space.park
    if getattr(by, "role", None) == Role.TENANT and (enterprise is None or by.enterprise_id != enterprise.pk):
        raise PermissionDenied(gettext("只能评价本企业接受的服务"))
    rated = (
        ServiceRating.objects.filter(ticket=ticket)
        if ticket is not None
        else ServiceRating.objects.filter(booking=booking)
    )
    if rated.exists():
        raise ValidationError({"rating": gettext("这项服务已经评价过")})
    return create_object(
        model=ServiceRating,
        data={
            "park": park,
            "enterprise": enterprise,
            "ticket": ticket,
            "booking": booking,
            "rating": rating,
            "comment": comment,
            "rated_by": by,
            "rated_at": clock.now(),
        },
        by=by,
    )


# --- Property-service self-inspection (6.1.6) --------------------------------------------------


@transaction.atomic
def record_property_inspection(
    *,
    by,
    park,
    inspected_on: dt.date,
    provider: str,
    inspector: str,
    results: Mapping[str, tuple[bool, str]],
    provider_name: str = "",
    summary: str = "",
):
    """One self-inspection run: every checklist item answered 符合 or not; an item that does
    not conform says why. Nothing is stored unless every item is answered correctly."""
    from parkops.core.services import create_object
    from parkops.service.models import PropertyInspection, PropertyInspectionItem
    from parkops.service.property_services import ITEMS

    errors = {}
    for item in ITEMS:
        if item.code not in results:
            errors[f"item_{item.code}"] = gettext("%(item)s：未填写检查结果") % {"item": item.text}
            continue
        conforming, note = results[item.code]
        if not conforming and not note.strip():
            errors[f"note_{item.code}"] = gettext("%(item)s：不符合时须说明情况") % {"item": item.text}
    unknown = set(results) - {item.code for item in ITEMS}
    if unknown:
        errors["__all__"] = gettext("未知的检查项：%(codes)s") % {"codes": "、".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    inspection = create_object(
        model=PropertyInspection,
        data={
            "park": park,
            "inspected_on": inspected_on,
            "provider": provider,
            "provider_name": provider_name,
            "inspector": inspector,
            "summary": summary,
        },
        by=by,
    )
    for item in ITEMS:
        conforming, note = results[item.code]
        create_object(
            model=PropertyInspectionItem,
            data={
                "inspection": inspection,
                "code": item.code,
                "conforming": conforming,
                "note": note.strip(),
            },
            by=by,
        )
    return inspection
