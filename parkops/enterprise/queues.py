"""Enterprise services' work for the home pages: demands to assign and to resolve for the
enterprise-service team; a tenant's open demands, demands to rate and policy deadlines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkops.core.queues import OPEN, WAITING, Queue, QueueItem, register
from parkops.core.scope import DepartmentKind, Role
from parkops.enterprise import selectors
from parkops.enterprise.models import Demand, PolicyApplication


def _title(demand: Demand) -> str:
    return f"{demand.get_category_display()} · {demand.title}"


def staff_demands(user, today):
    """Demands not yet assigned (due by their assignment deadline) and assigned ones not yet
    resolved (due by their planned date)."""
    for demand in (
        Demand.objects.restrict(user, "view")
        .filter(state__in=Demand.OPEN_STATES)
        .select_related("enterprise")
        .order_by("assign_by", "pk")
    ):
        waiting = demand.state == Demand.State.SUBMITTED
        yield QueueItem(
            title=_title(demand),
            url=demand.get_absolute_url(),
            state=demand.get_state_display(),
            due=demand.assign_by if waiting else demand.due_on,
            overdue=demand.overdue_on(today),
            mine=demand.assignee_id == user.pk,
            detail=demand.enterprise.name,
        )


def staff_applications(user, today):
    """Policy applications being prepared: due by the policy's deadline."""
    for application in (
        PolicyApplication.objects.restrict(user, "view")
        .filter(state=PolicyApplication.State.PREPARING)
        .select_related("policy", "enterprise")
        .order_by("policy__deadline", "pk")
    ):
        deadline = application.policy.deadline
        yield QueueItem(
            title=application.policy.title,
            url=application.get_absolute_url(),
            state=application.get_state_display(),
            due=deadline,
            overdue=bool(deadline and deadline < today),
            mine=application.advisor_id == user.pk,
            detail=application.enterprise.name,
        )


def tenant_demands(user, today):
    for demand in (
        Demand.objects.restrict(user, "view").filter(state__in=Demand.OPEN_STATES).order_by("-raised_at")
    ):
        yield QueueItem(title=_title(demand), url=demand.get_absolute_url(), state=demand.get_state_display())


def tenant_to_rate(user, today):
    """Demands resolved and waiting for the enterprise's rating."""
    for demand in (
        Demand.objects.restrict(user, "view").filter(state=Demand.State.RESOLVED).order_by("resolved_on")
    ):
        yield QueueItem(
            title=_title(demand),
            url=demand.get_absolute_url(),
            state=str(_("已办结，请评价")),
            detail=demand.outcome_note,
        )


def tenant_deadlines(user, today):
    """Policies of the park closing within 60 days that the enterprise may qualify for."""
    if not user.enterprise_id:
        return
    enterprise = user.enterprise
    policies = selectors.upcoming_deadlines(enterprise, today)
    for match in selectors.policy_matches(enterprise, today, policies):
        if match.verdict == selectors.FAILS:
            continue
        yield QueueItem(
            title=match.policy.title,
            url=match.policy.get_absolute_url(),
            state=match.verdict_label,
            due=match.policy.deadline,
            detail=match.policy.benefit[:80],
        )


register(
    Queue(
        "enterprise.demands",
        _("企业需求"),
        staff_demands,
        departments=(DepartmentKind.ENTERPRISE,),
        url_name="enterprise:demand_list",
        icon="bi-briefcase",
        order=40,
    )
)
register(
    Queue(
        "enterprise.applications",
        _("政策申报辅导"),
        staff_applications,
        departments=(DepartmentKind.ENTERPRISE,),
        url_name="enterprise:policyapplication_list",
        icon="bi-file-earmark-check",
        order=41,
    )
)
register(
    Queue(
        "enterprise.tenant_demands",
        _("我的企业需求"),
        tenant_demands,
        roles=(Role.TENANT,),
        admin=False,
        group=OPEN,
        url_name="enterprise:demand_list",
        icon="bi-briefcase",
        order=40,
    )
)
register(
    Queue(
        "enterprise.tenant_to_rate",
        _("待评价的需求"),
        tenant_to_rate,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="enterprise:demand_list",
        icon="bi-star",
        order=40,
    )
)
register(
    Queue(
        "enterprise.tenant_deadlines",
        _("即将截止的政策"),
        tenant_deadlines,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="enterprise:policy_matches",
        icon="bi-calendar-event",
        lookahead_days=60,
        order=41,
    )
)
