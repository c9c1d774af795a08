"""Every write of the enterprise-services domain: demands through their workflow (assign,
match, follow up, resolve, rate), the service case a resolved demand leaves, and policy
applications from guidance to outcome. Registers (partners, agreements, services, cases,
policies, profiles) are written through ``parkops.core.services``."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from parkops.core import clock
from parkops.core.scope import DepartmentKind, Role, visible_park_ids
from parkops.core.services import create_object
from parkops.core.workflow import advance, record_step
from parkops.enterprise.models import (
    Demand,
    EnterpriseService,
    Partner,
    Policy,
    PolicyApplication,
    ServiceCase,
)
from parkops.notifications.services import Message, choice_label, notify

D = Demand.State
A = PolicyApplication.State


def _service_staff(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(is_active=True, parks=park, role=Role.STAFF, department=DepartmentKind.ENTERPRISE)
    )


def _tenant_users(enterprise) -> list:
    from parkops.accounts.models import User

    return list(User.objects.filter(is_active=True, role=Role.TENANT, enterprise=enterprise))


def _check_writer(by, park) -> None:
    if getattr(by, "_parkops_read_only", False) or not getattr(by, "is_authenticated", False):
        raise PermissionDenied(gettext("无权提交"))
    ids = visible_park_ids(by)
    if ids is not None and park.pk not in ids:
        raise PermissionDenied(gettext("不能在您无权访问的园区中写入数据"))


# --- Demands ----------------------------------------------------------------------------------


@transaction.atomic
def raise_demand(
    *,
    by,
    category: str,
    title: str,
    description: str,
    enterprise=None,
    source: str = Demand.Source.ENTERPRISE,
    raised_at: dt.datetime | None = None,
) -> Demand:
    """An enterprise raises a need, or staff record one on its behalf (from a visit, a survey,
    a call). A tenant always raises it for its own enterprise."""
    if getattr(by, "role", None) == Role.TENANT and not by.is_superuser:
        if not by.enterprise_id:
            raise PermissionDenied(gettext("您的账号未关联入驻企业"))
        enterprise, source = by.enterprise, Demand.Source.ENTERPRISE
    if enterprise is None:
        raise ValidationError({"enterprise": gettext("请选择企业")})
    _check_writer(by, enterprise.park)
    at = raised_at or clock.now()
    demand = create_object(
        model=Demand,
        data={
            "park": enterprise.park,
            "number": f"XQ{timezone.localtime(at):%Y%m%d}-{secrets.token_hex(3).upper()}",
            "enterprise": enterprise,
            "category": category,
            "title": title,
            "description": description,
            "source": source,
            "raised_by": by,
            "raised_at": at,
            "assign_by": timezone.localtime(at).date() + dt.timedelta(days=Demand.ASSIGN_DAYS),
        },
        by=by,
    )
    record_step(demand, gettext_noop("提出需求"), by=by, note=description[:200], to_state=demand.state)
    notify(
        recipients=_service_staff(demand.park),
        kind="enterprise.demand_raised",
        subject=Message(
            "新企业需求（%(category)s）：%(title)s", category=choice_label(demand, "category"), title=title
        ),
        body=description[:200],
        obj=demand,
    )
    return demand


def _is_service_staff(user, park) -> bool:
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.role == Role.OPERATOR_ADMIN:
        ids = visible_park_ids(user)
        return ids is None or park.pk in ids
    return (
        user.role == Role.STAFF
        and user.department == DepartmentKind.ENTERPRISE
        and user.parks.filter(pk=park.pk).exists()
    )


def assign_demand(*, demand: Demand, by, assignee, due_on: dt.date | None = None, note: str = "") -> Demand:
    """分派: a responsible person of the enterprise-service team and the date to resolve it by."""
    if not _is_service_staff(assignee, demand.park):
        raise ValidationError({"assignee": gettext("负责人须是本园区企业服务部的人员或管理员")})
    today = clock.localdate()
    due_on = due_on or today + dt.timedelta(days=Demand.DEFAULT_DAYS)
    if due_on < today:
        raise ValidationError({"due_on": gettext("计划解决日期不能早于今天")})

    def apply(d: Demand) -> None:
        d.assignee, d.due_on = assignee, due_on

    return advance(
        demand,
        "assign",
        by=by,
        note=gettext_noop("负责人：%(name)s，计划 %(due)s 前解决。%(note)s")
        if note
        else gettext_noop("负责人：%(name)s，计划 %(due)s 前解决"),
        note_params={"name": assignee.name, "due": f"{due_on:%Y-%m-%d}", "note": note},
        apply=apply,
        notify={
            "recipients": [assignee],
            "kind": "enterprise.demand_assigned",
            "subject": Message("企业需求已分派给您：%(title)s", title=demand.title),
            "obj": demand,
        },
    )


def match_demand(
    *,
    demand: Demand,
    by,
    service: EnterpriseService | None = None,
    partner: Partner | None = None,
    note: str = "",
) -> Demand:
    """对接: the service of the catalogue and/or the partner that will answer the need."""
    if service is None and partner is None:
        raise ValidationError(gettext("请选择对接的服务项目或生态伙伴"))
    if service is not None and not service.active:
        raise ValidationError({"service": gettext("该服务项目已停止提供")})

    def apply(d: Demand) -> None:
        d.offering, d.partner = service, partner

    names = "、".join(str(x) for x in (service, partner) if x is not None)
    return advance(
        demand,
        "match",
        by=by,
        note=gettext_noop("对接：%(names)s。%(note)s") if note else gettext_noop("对接：%(names)s"),
        note_params={"names": names, "note": note} if note else {"names": names},
        apply=apply,
        notify=lambda d: {
            "recipients": _tenant_users(d.enterprise),
            "kind": "enterprise.demand_matched",
            "subject": Message("您的需求已对接：%(title)s", title=d.title),
            "body": names,
            "obj": d,
        },
    )


def follow_up_demand(*, demand: Demand, by, note: str) -> Demand:
    if not note.strip():
        raise ValidationError({"note": gettext("请填写跟进情况")})
    return advance(demand, "follow_up", by=by, note=note)


@transaction.atomic
def resolve_demand(
    *,
    demand: Demand,
    by,
    outcome: str,
    note: str,
    loan_amount: Decimal | None = None,
    grant_amount: Decimal | None = None,
    order_amount: Decimal | None = None,
    hires: int | None = None,
    patents: int | None = None,
    proof=None,
) -> Demand:
    """办结: the outcome and what came of it. A need met becomes a successful service case of
    its category (rows 35–41 count it); the enterprise is asked to rate the service."""
    if outcome not in Demand.Outcome.values:
        raise ValidationError({"outcome": gettext("请选择办理结果")})
    if not note.strip():
        raise ValidationError({"note": gettext("请填写结果说明")})
    today = clock.localdate()

    def apply(d: Demand) -> None:
        d.outcome, d.outcome_note, d.resolved_on = outcome, note, today

    demand = advance(
        demand,
        "resolve",
        by=by,
        note=note,
        apply=apply,
        notify=lambda d: {
            "recipients": _tenant_users(d.enterprise),
            "kind": "enterprise.demand_resolved",
            "subject": Message("您的需求已办结，请评价：%(title)s", title=d.title),
            "body": note[:200],
            "obj": d,
        },
    )
    if outcome == Demand.Outcome.MET:
        data = {
            "park": demand.park,
            "category": demand.category,
            "enterprise": demand.enterprise,
            "title": demand.title,
            "offering": demand.offering,
            "partner": demand.partner,
            "demand": demand,
            "served_on": today,
            "work": _work(demand),
            "successful": True,
            "result": note,
            "loan_amount": loan_amount,
            "grant_amount": grant_amount,
            "order_amount": order_amount,
            "hires": hires,
            "patents": patents,
        }
        if proof:
            data["proof"] = proof
        create_object(model=ServiceCase, data=data, by=by)
    return demand


def _work(demand: Demand) -> str:
    """What was done, from the demand's timeline, in the standard's Chinese (a stored record)."""
    with translation.override("zh-hans"):
        lines = [demand.description] + [
            f"{e.label}：{e.detail}" for e in demand.events.order_by("created_at", "pk") if e.detail
        ]
    return "\n".join(lines)[:10000]


def rate_demand(*, demand: Demand, by, rating: int, comment: str = "") -> Demand:
    """The enterprise rates the service (1–5), which closes the demand. Staff may record a
    rating the enterprise gave in person or by phone."""
    if rating not in range(1, 6):
        raise ValidationError({"rating": gettext("评分须为 1–5 分")})

    def apply(d: Demand) -> None:
        d.rating, d.rating_comment, d.closed_at = rating, comment, clock.now()

    return advance(
        demand,
        "rate",
        by=by,
        note=gettext_noop("评分 %(rating)s 分。%(comment)s"),
        note_params={"rating": rating, "comment": comment},
        apply=apply,
    )


def withdraw_demand(*, demand: Demand, by, reason: str) -> Demand:
    if not reason.strip():
        raise ValidationError({"reason": gettext("请填写撤回原因")})
    return advance(demand, "withdraw", by=by, note=reason)


# --- Policy applications ---------------------------------------------------------------------


@transaction.atomic
def start_application(*, by, policy: Policy, enterprise=None, note: str = "") -> PolicyApplication:
    """申报: the enterprise (or staff for it) starts an application under a policy that is
    open; the policy service then guides it to submission and records the outcome."""
    if getattr(by, "role", None) == Role.TENANT and not by.is_superuser:
        if not by.enterprise_id:
            raise PermissionDenied(gettext("您的账号未关联入驻企业"))
        enterprise = by.enterprise
    if enterprise is None:
        raise ValidationError({"enterprise": gettext("请选择企业")})
    today = clock.localdate()
    if not policy.open_on(today):
        raise ValidationError(gettext("该政策当前不在申报期内"))
    if PolicyApplication.objects.filter(
        policy=policy, enterprise=enterprise, state__in=PolicyApplication.OPEN_STATES
    ).exists():
        raise ValidationError(gettext("该企业已有进行中的此项申报"))
    application = create_object(
        model=PolicyApplication,
        data={"policy": policy, "enterprise": enterprise},
        by=by,
    )
    record_step(application, gettext_noop("发起申报"), by=by, note=note, to_state=application.state)
    notify(
        recipients=_service_staff(policy.park),
        kind="enterprise.application_started",
        subject=Message(
            "%(enterprise)s 发起政策申报：%(policy)s", enterprise=enterprise.name, policy=policy.title
        ),
        obj=application,
    )
    return application


def guide_application(*, application: PolicyApplication, by, note: str) -> PolicyApplication:
    """A guidance note (materials checked, a question answered); staff taking it become the
    application's advisor."""
    if not note.strip():
        raise ValidationError({"note": gettext("请填写辅导内容")})

    def apply(a: PolicyApplication) -> None:
        if a.advisor_id is None and getattr(by, "role", None) != Role.TENANT:
            a.advisor = by

    return advance(application, "guide", by=by, note=note, apply=apply)


def submit_application(
    *, application: PolicyApplication, by, submitted_on: dt.date | None = None, note: str = ""
) -> PolicyApplication:
    submitted_on = submitted_on or clock.localdate()
    if submitted_on > clock.localdate():
        raise ValidationError({"submitted_on": gettext("申报日期不能晚于今天")})

    def apply(a: PolicyApplication) -> None:
        a.submitted_on = submitted_on

    return advance(application, "submit", by=by, note=note, apply=apply)


def decide_application(
    *,
    application: PolicyApplication,
    by,
    approved: bool,
    note: str,
    granted_amount: Decimal | None = None,
    decided_on: dt.date | None = None,
    proof=None,
) -> PolicyApplication:
    """The authority's decision: approved (with the amount granted) or not."""
    decided_on = decided_on or clock.localdate()
    if decided_on > clock.localdate():
        raise ValidationError({"decided_on": gettext("结果日期不能晚于今天")})
    if approved and granted_amount is not None and granted_amount < 0:
        raise ValidationError({"granted_amount": gettext("获批金额不能为负数")})

    def apply(a: PolicyApplication) -> None:
        a.decided_on, a.outcome_note = decided_on, note
        a.granted_amount = granted_amount if approved else None
        if proof:
            a.proof = proof

    return advance(
        application,
        "decide",
        by=by,
        note=note,
        apply=apply,
        target=A.APPROVED if approved else A.REJECTED,
        notify=lambda a: {
            "recipients": _tenant_users(a.enterprise),
            "kind": "enterprise.application_decided",
            "subject": Message(
                "政策申报结果：%(policy)s（%(state)s）", policy=a.policy.title, state=choice_label(a, "state")
            ),
            "obj": a,
        },
    )


def withdraw_application(*, application: PolicyApplication, by, reason: str) -> PolicyApplication:
    if not reason.strip():
        raise ValidationError({"reason": gettext("请填写放弃原因")})
    return advance(application, "withdraw", by=by, note=reason)
