"""The home page: each role's working list — what to do next, and the figures that matter.

The lists come from the queue registry (:mod:`parkops.core.queues`); every domain app adds
its own in ``queues.py``, so this page knows no app's models."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from parkops.core import clock, queues
from parkops.core import models as core
from parkops.core.scope import Role

MAX_SCORED_PARKS = 3  # each park's score may need a live assessment


def _with_links(shown: list[queues.ShownQueue]) -> list[queues.ShownQueue]:
    for entry in shown:
        try:
            entry.extra["url"] = reverse(entry.queue.url_name) if entry.queue.url_name else ""
        except NoReverseMatch:
            entry.extra["url"] = ""
    return shown


def _tenant_actions() -> list[dict]:
    """报修, 账单, 预约, 投诉建议: the four things a tenant comes to do."""
    actions = []
    for url_name, label, icon in (
        ("engineering:workorder_add", gettext("报修"), "bi-tools"),
        ("fees:bill_list", gettext("账单"), "bi-receipt"),
        ("spaces:overview", gettext("预约"), "bi-calendar-check"),
        ("service:ticket_add", gettext("投诉建议"), "bi-chat-left-text"),
    ):
        try:
            actions.append({"url": reverse(url_name), "label": label, "icon": icon})
        except NoReverseMatch:
            continue
    return actions


@login_required
def home(request):
    user = request.user
    today = clock.localdate()
    parks = list(core.Park.objects.restrict(user).select_related("operator").order_by("code"))
    context = {"parks": parks, "today": today, "role": "superuser" if user.is_superuser else user.role}
    admin = user.is_superuser or user.role == Role.OPERATOR_ADMIN
    if user.role == Role.TENANT and not user.is_superuser:
        waiting = _with_links(queues.queues_for(user, today, queues.WAITING))
        context.update(
            enterprise=user.enterprise,
            actions=_tenant_actions(),
            waiting=waiting,
            waiting_any=any(q.total for q in waiting),
            open_requests=_with_links(queues.queues_for(user, today, queues.OPEN)),
        )
        template = "core/home_tenant.html"
    elif user.role == Role.ASSESSOR and not user.is_superuser:
        context["work"] = _with_links(queues.queues_for(user, today, queues.WORK))
        template = "core/home_assessor.html"
    elif user.role == Role.API_CLIENT and not user.is_superuser:
        context["api_keys"] = user.api_keys.prefetch_related("parks").order_by("-created")
        template = "core/home_api.html"
    else:
        work = _with_links(queues.queues_for(user, today, queues.WORK))
        context.update(
            work=work,
            overdue_total=sum(q.overdue for q in work),
            open_total=sum(q.total for q in work),
            department=user.get_department_display() if user.department else "",
            admin=admin,
        )
        if admin:
            context["figures"] = [
                {**f, "url": reverse(f["url_name"]) if f["url_name"] else ""}
                for f in queues.figures_for(user, today)
            ]
            shown_parks = parks[:MAX_SCORED_PARKS]
            context["scores"] = [s for s in (queues.score_for(user, p, today) for p in shown_parks) if s]
        template = "core/home_staff.html"
    return render(request, template, context)
