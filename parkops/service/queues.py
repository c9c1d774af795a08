"""Customer service's work for the home pages: tickets to answer; a tenant's requests and surveys."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkops.core.queues import OPEN, WAITING, Queue, QueueItem, register
from parkops.core.scope import DepartmentKind, Role
from parkops.service.models import Survey, SurveyInvitation, Ticket


def _title(ticket: Ticket) -> str:
    return f"{ticket.get_kind_display()} · {ticket.subject}"


def open_tickets(user, today):
    """咨询投诉 not yet replied: new ones are due by their response time."""
    for ticket in (
        Ticket.objects.restrict(user, "view")
        .filter(state__in=Ticket.OPEN_STATES)
        .select_related("enterprise")  # each item names it
        .order_by("response_due_at")
    ):
        waiting = ticket.state in (Ticket.State.NEW, Ticket.State.REOPENED)
        yield QueueItem(
            title=_title(ticket),
            url=ticket.get_absolute_url(),
            state=ticket.get_state_display(),
            due=ticket.response_due_at if waiting else None,
            overdue=waiting and ticket.response_overdue,
            mine=ticket.handler_id == user.pk,
            detail=ticket.enterprise.name if ticket.enterprise_id else "",
        )


def tenant_open(user, today):
    for ticket in (
        Ticket.objects.restrict(user, "view").filter(state__in=Ticket.OPEN_STATES).order_by("-received_at")
    ):
        yield QueueItem(title=_title(ticket), url=ticket.get_absolute_url(), state=ticket.get_state_display())


def tenant_replied(user, today):
    """Replies that wait for the tenant to confirm (or reopen)."""
    for ticket in (
        Ticket.objects.restrict(user, "view").filter(state=Ticket.State.REPLIED).order_by("replied_at")
    ):
        yield QueueItem(
            title=_title(ticket),
            url=ticket.get_absolute_url(),
            state=str(_("已回复，请确认")),
            detail=ticket.reply,
        )


def tenant_surveys(user, today):
    """Questionnaires sent to this user and not yet answered."""
    invitations = (
        SurveyInvitation.objects.restrict(user, "view")
        .filter(user=user, used=False, survey__state=Survey.State.OPEN)
        .select_related("survey")
        .order_by("survey__deadline", "pk")
    )
    for invitation in invitations:
        survey = invitation.survey
        yield QueueItem(
            title=survey.title,
            url=reverse("service:survey_answer", args=[invitation.token]),
            state=str(_("待填写问卷")),
            due=survey.deadline,
            overdue=bool(survey.deadline and survey.deadline < today),
        )


register(
    Queue(
        "service.tickets",
        _("咨询投诉"),
        open_tickets,
        departments=(DepartmentKind.SERVICE,),
        url_name="service:ticket_list",
        icon="bi-chat-left-text",
        order=30,
    )
)
register(
    Queue(
        "service.tenant_open",
        _("我的咨询投诉"),
        tenant_open,
        roles=(Role.TENANT,),
        admin=False,
        group=OPEN,
        url_name="service:ticket_list",
        icon="bi-chat-left-text",
        order=30,
    )
)
register(
    Queue(
        "service.tenant_replied",
        _("待确认的回复"),
        tenant_replied,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="service:ticket_list",
        icon="bi-chat-left-dots",
        order=30,
    )
)
register(
    Queue(
        "service.tenant_surveys",
        _("待填写的问卷"),
        tenant_surveys,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="service:my_surveys",
        icon="bi-ui-checks",
        order=35,
    )
)
