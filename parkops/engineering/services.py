"""Every write of the engineering domain: the work-order loop, SLAs and escalation,
preventive maintenance, and the decoration approval workflow."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock, workflow
from parkops.core.clock import backdated, now  # noqa: F401  (backdated: used by the demo)
from parkops.core.clock import stamp as _stamp
from parkops.core.scope import CHANGE, DepartmentKind, Role, can, can_write_model
from parkops.core.services import create_object, update_object
from parkops.engineering.models import (
    AssetReading,
    CompletionAcceptance,
    DecorationApplication,
    DecorationReview,
    FireInspection,
    MaintenancePlan,
    WorkOrder,
    WorkOrderSla,
)
from parkops.notifications.services import (  # noqa: F401  (quiet: used by the demo)
    Message,
    choice_label,
    notify,
    quiet,
    render,
)

S = WorkOrder.State

# Targets used where the park has not set its own (WorkOrderSla): (respond minutes, complete hours).
DEFAULT_SLA: dict[str, tuple[int, int]] = {
    WorkOrder.Priority.URGENT: (15, 4),
    WorkOrder.Priority.NORMAL: (30, 24),
}
CATEGORY_SLA: dict[str, tuple[int, int]] = {
    WorkOrder.Category.ELEVATOR: (15, 8),
    WorkOrder.Category.FIRE: (15, 8),
    WorkOrder.Category.CIVIL: (60, 72),
    WorkOrder.Category.NETWORK: (30, 24),
}


def _event(order: WorkOrder, action: str, by, note: str = "", note_params: dict | None = None) -> None:
    """A step of the order's timeline that is not a transition (its opening): see
    ``parkops.core.workflow.record_step``."""
    workflow.record_step(order, action, by=by, note=note, note_params=note_params, to_state=order.state)


def _is_user(by) -> bool:
    return by is not None and getattr(by, "is_authenticated", False)


def _audit_change(obj, by, before: dict, event: str) -> None:
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


def _park_id(obj) -> int | None:
    from parkops.core.scope import park_of

    park = park_of(obj)
    return park.pk if park else None


def _save(obj, by, event: str, before: dict) -> None:
    obj.full_clean()
    obj.save()
    _audit_change(obj, by, before, event)


def _lock(obj):
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def sla_targets(park, category: str, priority: str) -> tuple[int, int]:
    row = WorkOrderSla.objects.filter(park=park, category=category, priority=priority).first()
    if row is not None:
        return row.respond_minutes, row.complete_hours
    if priority == WorkOrder.Priority.URGENT:
        return DEFAULT_SLA[priority]
    return CATEGORY_SLA.get(category, DEFAULT_SLA[priority])


def _number(at: dt.datetime) -> str:
    return f"WO{timezone.localtime(at):%Y%m%d}-{secrets.token_hex(3).upper()}"


def _engineering_leads(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True, parks=park, role=Role.STAFF, department=DepartmentKind.ENGINEERING
        )
    ) + list(
        User.objects.filter(
            is_active=True, role=Role.OPERATOR_ADMIN, operator=park.operator_id, is_superuser=False
        )
    )


def _check_reporter(by, park) -> None:
    """Anyone working in the park may report a fault: its tenants (for their own enterprise),
    all of the operator's staff whatever their department, and its administrators."""
    from parkops.core.scope import visible_park_ids

    if not _is_user(by) or getattr(by, "_parkops_read_only", False):
        raise PermissionDenied(gettext("无权报修"))
    if by.is_superuser:
        return
    if by.role not in (Role.TENANT, Role.STAFF, Role.OPERATOR_ADMIN):
        raise PermissionDenied(gettext("无权报修"))
    if park.pk not in (visible_park_ids(by) or set()):
        raise PermissionDenied(gettext("不能在您无权访问的园区报修"))


# --- Work orders --------------------------------------------------------------------------------


@transaction.atomic
def report_work_order(
    *,
    by,
    park=None,
    category: str,
    description: str,
    priority: str = WorkOrder.Priority.NORMAL,
    building=None,
    unit=None,
    location: str = "",
    photo=None,
    reported_at: dt.datetime | None = None,
) -> WorkOrder:
    """A staff member or a tenant reports a fault. A tenant's order is its enterprise's."""
    is_tenant = getattr(by, "role", None) == Role.TENANT and not by.is_superuser
    enterprise = None
    if is_tenant:
        if not by.enterprise_id:
            raise PermissionDenied(gettext("您的账号未关联入驻企业"))
        enterprise = by.enterprise
        park = enterprise.park
        if unit is not None and unit.enterprise_id != enterprise.pk:
            raise ValidationError({"unit": gettext("只能选择本企业使用的房源")})
        if unit is None:
            unit = enterprise.units.order_by("pk").first() if not (building or location) else None
    elif unit is not None and unit.enterprise_id:
        enterprise = unit.enterprise
    if park is None:
        raise ValidationError({"park": gettext("请选择园区")})
    _check_reporter(by, park)
    at = reported_at or now()
    respond, complete = sla_targets(park, category, priority)
    order = WorkOrder(
        park=park,
        number=_number(at),
        source=WorkOrder.Source.TENANT if is_tenant else WorkOrder.Source.STAFF,
        category=category,
        priority=priority,
        enterprise=enterprise,
        building=building,
        unit=unit,
        location=location,
        description=description,
        photo=photo or "",
        reporter=by,
        reported_at=at,
        respond_due_at=at + dt.timedelta(minutes=respond),
        complete_due_at=at + dt.timedelta(hours=complete),
    )
    order.full_clean()
    order.save()
    audit.record(action="create", obj=order, by=by, park_id=park.pk, after=audit.snapshot(order))
    _event(order, "报修", by, description[:200])
    notify(
        recipients=_engineering_leads(park),
        kind="engineering.work_order_reported",
        subject=Message(
            "新报修工单 %(number)s：%(category)s",
            number=order.number,
            category=choice_label(order, "category"),
        ),
        body=f"{order.place}：{description[:200]}",
        url=order.get_absolute_url(),
        park=park,
        obj=order,
    )
    return order


@transaction.atomic
def raise_alarm_order(
    *,
    park,
    category: str,
    description: str,
    alarm_ref: str,
    building=None,
    location: str = "",
    priority: str = WorkOrder.Priority.URGENT,
    by=None,
) -> WorkOrder:
    """A work order opened by a device alarm (telemetry, fire panel, elevator monitor).

    Called by other apps and by the telemetry ingest; an alarm already open under the same
    reference does not open a second order."""
    existing = (
        WorkOrder.objects.select_for_update()
        .filter(park=park, alarm_ref=alarm_ref, state__in=WorkOrder.OPEN_STATES)
        .first()
    )
    if existing is not None:
        return existing
    at = now()
    respond, complete = sla_targets(park, category, priority)
    order = WorkOrder(
        park=park,
        number=_number(at),
        source=WorkOrder.Source.ALARM,
        category=category,
        priority=priority,
        building=building,
        location=location or alarm_ref,
        description=description,
        alarm_ref=alarm_ref,
        reported_at=at,
        respond_due_at=at + dt.timedelta(minutes=respond),
        complete_due_at=at + dt.timedelta(hours=complete),
    )
    order.full_clean()
    order.save()
    audit.record(action="create", obj=order, by=by, park_id=park.pk, after=audit.snapshot(order))
    _event(order, "告警生成", by, alarm_ref)
    notify(
        recipients=_engineering_leads(park),
        kind="engineering.alarm",
        subject=Message(
            "设备告警工单 %(number)s：%(category)s",
            number=order.number,
            category=choice_label(order, "category"),
        ),
        body=description[:200],
        url=order.get_absolute_url(),
        park=park,
        obj=order,
    )
    return order


@transaction.atomic
def assign_work_order(*, order: WorkOrder, assignee, by, note: str = "") -> WorkOrder:
    def apply(order):
        if (
            not can_write_model(assignee, WorkOrder, CHANGE)
            or not WorkOrder.objects.restrict(assignee, CHANGE).filter(pk=order.pk).exists()
        ):
            raise ValidationError({"assignee": gettext("维修人员须为本园区工程部人员")})
        order.assignee = assignee
        order.assigned_at = now()
        order.accepted_at = None

    order = workflow.advance(
        order,
        "assign",
        by=by,
        apply=apply,
        note=f"→ {assignee.name}" + (f"\n{note}" if note else ""),
    )
    notify(
        recipients=[assignee],
        kind="engineering.work_order_assigned",
        subject=Message(
            "派单：%(number)s %(category)s", number=order.number, category=choice_label(order, "category")
        ),
        body=f"{order.place}：{order.description[:200]}",
        url=order.get_absolute_url(),
        park=order.park,
        obj=order,
    )
    return order


@transaction.atomic
def accept_work_order(*, order: WorkOrder, by) -> WorkOrder:
    def apply(order):
        if order.assignee_id != by.pk:
            order.assignee = by
        order.accepted_at = now()

    return workflow.advance(order, "accept", by=by, apply=apply)


@transaction.atomic
def complete_work_order(
    *, order: WorkOrder, by, work_done: str, materials: str = "", photo=None
) -> WorkOrder:
    def apply(order):
        if not work_done.strip():
            raise ValidationError({"work_done": gettext("请填写处理情况")})
        order.completed_at = now()
        order.work_done = work_done
        order.materials = materials
        if photo:
            order.completion_photo = photo

    order = workflow.advance(
        order,
        "complete",
        by=by,
        apply=apply,
        note=work_done[:200],
    )
    notify(
        recipients=[order.reporter],
        kind="engineering.work_order_done",
        subject=Message("您的报修 %(number)s 已处理完成，请确认", number=order.number),
        body=work_done[:200],
        url=order.get_absolute_url(),
        park=order.park,
        obj=order,
    )
    return order


@transaction.atomic
def confirm_work_order(*, order: WorkOrder, by) -> WorkOrder:
    def apply(order):
        order.confirmed_at = now()

    return workflow.advance(order, "confirm", by=by, apply=apply)


@transaction.atomic
def reject_work_order(*, order: WorkOrder, by, reason: str) -> WorkOrder:
    """The reporter rejects the repair: the order goes back to its engineer."""

    def apply(order):
        if not reason.strip():
            raise ValidationError({"reason": gettext("请说明退回原因")})
        order.reopen_count += 1
        order.completed_at = None
        order.accepted_at = None
        current = now()
        order.assigned_at = current if order.assignee_id else None
        respond, complete = sla_targets(order.park, order.category, order.priority)
        order.respond_due_at = workflow.due(current, minutes=respond)
        order.complete_due_at = workflow.due(current, hours=complete)
        order.escalated_at = None

    locked = workflow.lock(order)
    order = workflow.advance(
        locked,
        "reject",
        by=by,
        apply=apply,
        target=S.ASSIGNED if locked.assignee_id else S.REPORTED,
        note=reason[:200],
    )
    notify(
        recipients=[order.assignee],
        kind="engineering.work_order_reopened",
        subject=Message("工单 %(number)s 被报修人退回", number=order.number),
        body=reason[:200],
        url=order.get_absolute_url(),
        park=order.park,
        obj=order,
    )
    return order


@transaction.atomic
def rate_work_order(*, order: WorkOrder, by, rating: int, comment: str = "") -> WorkOrder:
    order = workflow.lock(order)
    if not WorkOrder.workflow.may(order, "rate", by):
        # the usual refusals, in the usual order (right, then state)
        return workflow.advance(order, "rate", by=by)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        raise ValidationError({"rating": gettext("评分须为 1–5 星")}) from None
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": gettext("评分须为 1–5 星")})

    def apply(order):
        order.rating = rating
        order.rating_comment = comment

    return workflow.advance(
        order,
        "rate",
        by=by,
        apply=apply,
        note="★" * rating + (f" {comment[:200]}" if comment else ""),
    )


def overdue_orders(park=None):
    """Open orders past their response or completion target."""
    from parkops.engineering.selectors import overdue_q

    qs = WorkOrder.objects.filter(overdue_q(now()))
    return qs.filter(park=park) if park is not None else qs


@transaction.atomic
def escalate_overdue(*, at: dt.datetime | None = None) -> list[WorkOrder]:
    """Flag every overdue, not yet escalated order and tell the engineering leads (periodic)."""
    at = at or now()
    escalated = []
    for order in (
        overdue_orders().filter(escalated_at__isnull=True).select_related("park").select_for_update()
    ):
        late = order.state in WorkOrder.UNANSWERED_STATES and order.respond_due_at < at
        workflow.escalate(order, at=at, step="超过响应时限，已升级" if late else "超过完成时限，已升级")
        notify(
            recipients=[*_engineering_leads(order.park), order.assignee],
            kind="engineering.work_order_overdue",
            subject=Message(
                "工单超时：%(number)s（超过响应时限）" if late else "工单超时：%(number)s（超过完成时限）",
                number=order.number,
            ),
            body=f"{order.place}：{order.description[:200]}",
            url=order.get_absolute_url(),
            park=order.park,
            obj=order,
        )
        escalated.append(order)
    return escalated


# --- Preventive maintenance ------------------------------------------------------------------


def add_months(on: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    import calendar

    month0 = on.month - 1 + months
    year, month = on.year + month0 // 12, month0 % 12 + 1
    return on.replace(year=year, month=month, day=min(on.day, calendar.monthrange(year, month)[1]))


def _advance(on: dt.date, interval: int, unit: str) -> dt.date:
    U = MaintenancePlan.Unit
    if unit == U.DAYS:
        return on + dt.timedelta(days=interval)
    if unit == U.WEEKS:
        return on + dt.timedelta(weeks=interval)
    return add_months(on, interval)


@transaction.atomic
def record_reading(*, plan: MaintenancePlan, value: Decimal, read_on: dt.date, by) -> AssetReading:
    """Enter the run-hours / kWh reading of a plan's asset; a due plan opens its order."""
    value = Decimal(value)
    if plan.current_reading is not None and value < plan.current_reading:
        raise ValidationError(
            {
                "value": gettext("读数不能小于上次读数 %(current_reading)s")
                % {"current_reading": plan.current_reading}
            }
        )
    reading = create_object(
        model=AssetReading, data={"plan": plan, "read_on": read_on, "value": value}, by=by
    )
    update_object(obj=plan, data={"current_reading": value}, by=by)
    generate_due_orders(on=read_on, plans=MaintenancePlan.objects.filter(pk=plan.pk), by=by)
    return reading


@transaction.atomic
def generate_due_orders(*, on: dt.date | None = None, plans=None, by=None) -> list[WorkOrder]:
    """Open a maintenance work order for each plan due on ``on`` (periodic task and readings).

    A calendar plan moves its next due date on by its interval (catching up missed
    periods with a single order); a reading plan restarts from the current reading."""
    on = on or clock.localdate()
    plans = plans if plans is not None else MaintenancePlan.objects.filter(active=True)
    orders = []
    for plan in plans.select_related("park").select_for_update():
        if not plan.is_due(on):
            continue
        before = audit.snapshot(plan)
        at = now()
        respond, complete = sla_targets(plan.park, plan.category, WorkOrder.Priority.NORMAL)
        # Why the order opened, kept as a msgid and its parameters (shown in the reader's
        # language); the description keeps the platform's language, as any stored record text.
        if plan.schedule == MaintenancePlan.Schedule.CALENDAR:
            due_note, due_params = "到期日 %(due_on)s", {"due_on": f"{plan.next_due_on:%Y-%m-%d}"}
        else:
            due_note = "读数 %(reading)s（上次 %(last)s）"
            due_params = {"reading": str(plan.current_reading), "last": str(plan.last_reading or "—")}
        due_text = render(Message(due_note, **due_params))
        order = WorkOrder(
            park=plan.park,
            number=_number(at),
            source=WorkOrder.Source.MAINTENANCE,
            category=plan.category,
            building=plan.building,
            location=plan.asset,
            description=f"【计划维保】{plan.title}（{due_text}）\n{plan.tasks}",
            plan=plan,
            reported_at=at,
            respond_due_at=at + dt.timedelta(minutes=respond),
            complete_due_at=at + dt.timedelta(hours=complete),
        )
        if plan.assignee_id:
            order.assignee = plan.assignee
            order.assigned_at = at
            order.state = S.ASSIGNED
        order.full_clean()
        order.save()
        audit.record(action="create", obj=order, by=by, park_id=plan.park_id, after=audit.snapshot(order))
        _event(order, "计划生成", by, due_note, due_params)
        if plan.schedule == MaintenancePlan.Schedule.CALENDAR:
            next_due = plan.next_due_on
            while next_due <= on:
                next_due = _advance(next_due, plan.interval, plan.interval_unit)
            plan.next_due_on = next_due
        else:
            plan.last_reading = plan.current_reading
        plan.save(update_fields=["next_due_on", "last_reading", "updated_at"])
        _audit_change(plan, by, before, "generate_order")
        notify(
            recipients=[plan.assignee] if plan.assignee_id else _engineering_leads(plan.park),
            kind="engineering.maintenance_due",
            subject=Message("计划维保：%(plan)s", plan=plan.title),
            body=plan.tasks[:200],
            url=order.get_absolute_url(),
            park=plan.park,
            obj=order,
        )
        orders.append(order)
    return orders


# --- Decoration applications -----------------------------------------------------------------

D = DecorationApplication.State
STEP_ORDER = {
    DecorationReview.Step.ENGINEERING: (D.SUBMITTED, D.ENGINEERING_OK, (DepartmentKind.ENGINEERING,)),
    DecorationReview.Step.SAFETY: (D.ENGINEERING_OK, D.SAFETY_OK, (DepartmentKind.SAFETY,)),
    DecorationReview.Step.ADMIN: (D.SAFETY_OK, D.APPROVED, (DepartmentKind.ADMINISTRATION,)),
}


@transaction.atomic
def submit_decoration(*, by, data: dict) -> DecorationApplication:
    """A tenant (or staff on its behalf) submits a decoration application."""
    data = dict(data)
    if getattr(by, "role", None) == Role.TENANT:
        if not by.enterprise_id:
            raise PermissionDenied(gettext("您的账号未关联入驻企业"))
        data["enterprise"] = by.enterprise
        data["park"] = by.enterprise.park
    elif data.get("enterprise") is not None:
        data.setdefault("park", data["enterprise"].park)
    data.update(state=D.SUBMITTED, applicant=by, agreement_signed=False)
    application = create_object(model=DecorationApplication, data=data, by=by)
    notify(
        recipients=_engineering_leads(application.park),
        kind="engineering.decoration_submitted",
        subject=Message("新装修申请：%(enterprise)s", enterprise=application.enterprise.name),
        body=application.scope[:200],
        url=application.get_absolute_url(),
        park=application.park,
        obj=application,
    )
    return application


def _may_review(by, step: str, application) -> bool:
    if not DecorationApplication.objects.restrict(by, "view").filter(pk=application.pk).exists():
        return False
    if by.is_superuser or by.role == Role.OPERATOR_ADMIN:
        return True
    return by.role == Role.STAFF and by.department in STEP_ORDER[step][2]


@transaction.atomic
def review_decoration(
    *, application: DecorationApplication, by, step: str, approve: bool, comment: str = ""
) -> DecorationApplication:
    if step not in STEP_ORDER:
        raise ValidationError({"step": gettext("未知的审批环节")})
    if not _may_review(by, step, application):
        raise PermissionDenied(
            gettext("您无权进行%(Step_label)s") % {"Step_label": DecorationReview.Step(step).label}
        )
    application = _lock(application)
    expected, next_state, _ = STEP_ORDER[step]
    if application.state != expected:
        raise ValidationError(
            gettext("当前状态为“%(get_state_display)s”，不能进行%(Step_label)s")
            % {
                "get_state_display": application.get_state_display(),
                "Step_label": DecorationReview.Step(step).label,
            }
        )
    if not approve and not comment.strip():
        raise ValidationError({"comment": gettext("驳回时须填写审批意见")})
    review = DecorationReview(
        application=application,
        step=step,
        decision=DecorationReview.Decision.APPROVED if approve else DecorationReview.Decision.REJECTED,
        comment=comment,
        reviewer=by,
    )
    review.full_clean()
    review.save()
    _stamp(review)
    audit.record(
        action="create", obj=review, by=by, park_id=application.park_id, after=audit.snapshot(review)
    )
    before = audit.snapshot(application)
    application.state = next_state if approve else D.REJECTED
    _save(application, by, "review", before)
    notify(
        recipients=[application.applicant],
        kind="engineering.decoration_reviewed",
        subject=Message(
            "装修申请%(step)s：%(decision)s",
            step=choice_label(review, "step"),
            decision=choice_label(review, "decision"),
        ),
        body=comment[:200],
        url=application.get_absolute_url(),
        park=application.park,
        obj=application,
    )
    return application


@transaction.atomic
def resubmit_decoration(*, application: DecorationApplication, by, data: dict) -> DecorationApplication:
    """After a rejection the applicant corrects the application and it starts over."""
    if not (
        application.applicant_id == by.pk
        or can(by, CHANGE, application)
        or (getattr(by, "role", None) == Role.TENANT and by.enterprise_id == application.enterprise_id)
    ):
        raise PermissionDenied(gettext("只有申请企业可以重新提交"))
    application = _lock(application)
    if application.state != D.REJECTED:
        raise ValidationError(gettext("只有被驳回的申请可以重新提交"))
    before = audit.snapshot(application)
    for key in ("scope", "drawings", "planned_start", "planned_end", "contractor", "contractor_contact"):
        if key in data and data[key] not in (None, ""):
            setattr(application, key, data[key])
    application.state = D.SUBMITTED
    _save(application, by, "resubmit", before)
    return application


@transaction.atomic
def sign_safety_agreement(
    *, application: DecorationApplication, by, signed_on: dt.date, file
) -> DecorationApplication:
    """Record the signed 安全管理协议 (engineering staff, after approval)."""
    if not can(by, CHANGE, application):
        raise PermissionDenied(gettext("只有工程部人员或管理员可以登记安全管理协议"))
    application = _lock(application)
    if application.state != D.APPROVED:
        raise ValidationError(gettext("申请批准后才能签订安全管理协议"))
    if not file:
        raise ValidationError({"agreement_file": gettext("请上传签字版安全管理协议")})
    before = audit.snapshot(application)
    application.agreement_signed = True
    application.agreement_signed_on = signed_on
    application.agreement_file = file
    _save(application, by, "sign_agreement", before)
    return application


@transaction.atomic
def start_works(*, application: DecorationApplication, by, started_on: dt.date) -> DecorationApplication:
    """Works may start only on an approved application with a signed safety agreement."""
    if not can(by, CHANGE, application):
        raise PermissionDenied(gettext("只有工程部人员或管理员可以登记开工"))
    application = _lock(application)
    if application.state != D.APPROVED:
        raise ValidationError(gettext("装修申请未通过全部审批，不能开工"))
    if not (application.agreement_signed and application.agreement_file and application.agreement_signed_on):
        raise ValidationError(gettext("未签订安全管理协议，不能开工"))
    if started_on < application.agreement_signed_on:
        raise ValidationError({"works_started_on": gettext("开工日期不能早于安全管理协议签订日期")})
    before = audit.snapshot(application)
    application.state = D.IN_PROGRESS
    application.works_started_on = started_on
    _save(application, by, "start_works", before)
    return application


@transaction.atomic
def record_fire_inspection(
    *, application: DecorationApplication, by, inspected_on: dt.date, result: str, issues: str, inspector: str
) -> FireInspection:
    application = _lock(application)
    if application.state != D.IN_PROGRESS:
        raise ValidationError(gettext("只有施工中的装修可以登记消防检查"))
    return create_object(
        model=FireInspection,
        data={
            "application": application,
            "inspected_on": inspected_on,
            "result": result,
            "issues": issues,
            "inspector": inspector,
        },
        by=by,
    )


@transaction.atomic
def accept_completion(
    *, application: DecorationApplication, by, accepted_on: dt.date, passed: bool, notes: str, inspector: str
) -> CompletionAcceptance:
    application = _lock(application)
    if application.state != D.IN_PROGRESS:
        raise ValidationError(gettext("只有施工中的装修可以竣工验收"))
    acceptance = create_object(
        model=CompletionAcceptance,
        data={
            "application": application,
            "accepted_on": accepted_on,
            "passed": passed,
            "notes": notes,
            "inspector": inspector,
        },
        by=by,
    )
    if passed:
        before = audit.snapshot(application)
        application.state = D.COMPLETED
        application.completed_on = accepted_on
        _save(application, by, "complete", before)
    return acceptance
