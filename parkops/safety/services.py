"""Every write of the safety domain (clause 6.3.1): patrols, the hazard loop, inspections,
escalation of overdue hazards and expiry reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parkops.core import clock, workflow
from parkops.core.scope import DepartmentKind, Role, can
from parkops.core.services import create_object, update_object
from parkops.notifications.services import Message, notify
from parkops.safety.models import (
    REMIND_DAYS,
    CheckItem,
    Checkpoint,
    CheckpointVisit,
    CheckResult,
    EBikeChargingArea,
    FireEquipment,
    FireSafetySign,
    FollowUpInspection,
    FoodMerchant,
    Hazard,
    MonitoringDevice,
    PatrolRoute,
    PatrolRun,
    PeriodicCheck,
    RectificationNotice,
    RectificationReport,
    RegisterInspection,
    Result,
    SpecialEquipment,
    SpecialEquipmentInspection,
    StaffHealthCertificate,
)

HAZARD_CATEGORIES = dict(Hazard.Category.choices)


# --- Who hears about it ----------------------------------------------------------------------

ESCALATED = gettext_noop("逾期升级")
"""The timeline step of an overdue hazard's escalation (shown on the hazard's page)."""


def safety_heads(park) -> list:
    """The park's safety department head(s) (a 经理/负责人 position), else all its safety staff."""
    from parkops.accounts.models import User

    staff = User.objects.filter(is_active=True, role=Role.STAFF, department=DepartmentKind.SAFETY, parks=park)
    heads = staff.filter(
        Q(staff_profile__position__title__contains="经理") | Q(staff_profile__is_team_lead=True)
    )
    return list(heads) or list(staff)


def operator_admins(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(is_active=True, role=Role.OPERATOR_ADMIN, is_superuser=False)
        .filter(Q(operator_id=park.operator_id) | Q(parks=park))
        .distinct()
    )


# --- Patrols -------------------------------------------------------------------------------


@transaction.atomic
def start_run(*, route: PatrolRoute, guard, started_at: dt.datetime | None = None) -> PatrolRun:
    if not route.active:
        raise ValidationError({"route": gettext("该巡查路线已停用")})
    return create_object(
        model=PatrolRun,
        data={"park": route.park, "route": route, "guard": guard, "started_at": started_at or clock.now()},
        by=guard,
    )


def _check_running(run: PatrolRun, by) -> None:
    if run.status != PatrolRun.Status.RUNNING:
        raise ValidationError(gettext("该次巡查已结束，不能再打卡"))
    if run.guard_id != by.pk and not can(by, "change", run):
        raise PermissionDenied(gettext("只能在自己的巡查中打卡"))


@transaction.atomic
def visit_checkpoint(
    *,
    run: PatrolRun,
    checkpoint: Checkpoint,
    by,
    method: str = CheckpointVisit.Method.QR,
    at: dt.datetime | None = None,
) -> CheckpointVisit:
    """Record that ``by`` reached ``checkpoint`` on ``run`` (scanning again returns the first visit)."""
    run = PatrolRun.objects.select_for_update().get(pk=run.pk)
    _check_running(run, by)
    if checkpoint.route_id != run.route_id:
        raise ValidationError(
            {
                "checkpoint": gettext("巡查点“%(checkpoint_name)s”不在路线“%(route_name)s”上")
                % {"checkpoint_name": checkpoint.name, "route_name": run.route.name}
            }
        )
    existing = CheckpointVisit.objects.filter(run=run, checkpoint=checkpoint).first()
    if existing is not None:
        return existing
    return create_object(
        model=CheckpointVisit,
        data={
            "run": run,
            "checkpoint": checkpoint,
            "by": by,
            "method": method,
            "visited_at": at or clock.now(),
        },
        by=by,
    )


@transaction.atomic
def scan(*, token: str, by) -> CheckpointVisit:
    """The QR code's page: find the checkpoint, continue the user's running patrol of its route
    (or start one) and record the visit."""
    checkpoint = Checkpoint.objects.restrict(by).select_related("route__park").filter(token=token).first()
    if checkpoint is None:
        raise ValidationError(gettext("二维码无效或不属于您可访问的园区"))
    run = (
        PatrolRun.objects.filter(guard=by, route=checkpoint.route, status=PatrolRun.Status.RUNNING)
        .order_by("-started_at")
        .first()
    )
    if run is None:
        run = start_run(route=checkpoint.route, guard=by)
    return visit_checkpoint(run=run, checkpoint=checkpoint, by=by, method=CheckpointVisit.Method.QR)


@transaction.atomic
def record_results(*, visit: CheckpointVisit, by, answers: Iterable[dict[str, Any]]) -> list[CheckResult]:
    """Answer a checkpoint's items: each answer {"item", "passed", "note", "photo"}.
    A failed item opens a hazard at once (source: patrol)."""
    _check_running(visit.run, by)
    results = []
    for answer in answers:
        item: CheckItem = answer["item"]
        if item.checkpoint_id != visit.checkpoint_id:
            raise ValidationError(
                gettext("巡查项“%(text)s”不属于巡查点“%(checkpoint_name)s”")
                % {"text": item.text, "checkpoint_name": visit.checkpoint.name}
            )
        if not answer["passed"] and not (answer.get("note") or "").strip():
            raise ValidationError({"note": gettext("“%(text)s”不合格，请说明情况") % {"text": item.text}})
        if CheckResult.objects.filter(visit=visit, item=item).exists():
            raise ValidationError(gettext("“%(text)s”已经填写过") % {"text": item.text})
        result = create_object(
            model=CheckResult,
            data={
                "visit": visit,
                "item": item,
                "passed": bool(answer["passed"]),
                "note": answer.get("note") or "",
                "photo": answer.get("photo") or "",
            },
            by=by,
        )
        if not result.passed:
            category = item.hazard_category if item.hazard_category in HAZARD_CATEGORIES else "other"
            report_hazard(
                park=visit.run.park,
                by=by,
                data={
                    "category": category,
                    # The title reads "what is wrong — where": the guard's note, then the place.
                    "place": visit.checkpoint.location or visit.checkpoint.name,
                    "description": f"{result.note.strip()}\n✗ {item.text}（{visit.checkpoint.name}）",
                    "photo": result.photo,
                    "source": Hazard.Source.PATROL,
                    "check_result": result,
                    "found_at": visit.visited_at,
                },
            )
        results.append(result)
    return results


@transaction.atomic
def finish_run(*, run: PatrolRun, by, note: str = "", at: dt.datetime | None = None) -> PatrolRun:
    run = PatrolRun.objects.select_for_update().get(pk=run.pk)
    _check_running(run, by)
    visited = set(run.visits.values_list("checkpoint_id", flat=True))
    missed = [c for c in run.route.checkpoints.order_by("order", "pk") if c.pk not in visited]
    failed = CheckResult.objects.filter(visit__run=run, passed=False).count()
    return update_object(
        obj=run,
        data={
            "status": PatrolRun.Status.FINISHED,
            "finished_at": at or clock.now(),
            "missed_count": len(missed),
            "missed_names": "、".join(c.name for c in missed),
            "failed_count": failed,
            "note": note or run.note,
        },
        by=by,
    )


# --- The hazard loop ---------------------------------------------------------------------------


def _choice(choices, value):
    """A choice's label, translated when it is read (``get_FOO_display`` translates at once)."""
    return dict(choices.choices).get(value, value)


@transaction.atomic
def report_hazard(*, park, by, data: dict[str, Any]) -> Hazard:
    hazard = create_object(model=Hazard, data={"park": park, "found_by": by, **data}, by=by)
    workflow.record_step(
        hazard, gettext_noop("发现隐患"), by=by, note=hazard.description[:200], to_state=hazard.status
    )
    if hazard.grade != Hazard.Grade.GENERAL or hazard.source == Hazard.Source.PATROL:
        notify(
            recipients=safety_heads(park),
            kind="safety.hazard.found",
            subject=Message(
                "发现%(grade)s隐患：%(hazard)s",
                grade=_choice(Hazard.Grade, hazard.grade),
                hazard=hazard.title,
            ),
            body=hazard.description,
            obj=hazard,
        )
    return hazard


@transaction.atomic
def issue_notice(
    *, hazard: Hazard, by, owner, deadline: dt.date, measures: str, funds=None, contingency_plan: str = ""
) -> RectificationNotice:
    created = {}

    def apply(hazard):
        created["notice"] = create_object(
            model=RectificationNotice,
            data={
                "hazard": hazard,
                "owner": owner,
                "deadline": deadline,
                "measures": measures,
                "funds": funds,
                "contingency_plan": contingency_plan or "",
                "issued_by": by,
            },
            by=by,
        )
        hazard.deadline = deadline
        hazard.escalated_at = None

    hazard = workflow.advance(
        hazard,
        "notice",
        by=by,
        apply=apply,
        note=gettext_noop("整改责任人 %(owner)s，期限 %(deadline)s"),
        note_params={"owner": owner.name, "deadline": f"{deadline:%Y-%m-%d}"},
    )
    notify(
        recipients=[owner],
        kind="safety.hazard.notice",
        subject=Message(
            "隐患整改通知：%(hazard)s（期限 %(deadline)s）",
            hazard=hazard.title,
            deadline=f"{deadline:%Y-%m-%d}",
        ),
        body=measures,
        obj=hazard,
    )
    return created["notice"]


@transaction.atomic
def report_rectification(*, hazard: Hazard, by, done: str, photo=None) -> RectificationReport:
    created = {}

    def apply(hazard):
        created["report"] = create_object(
            model=RectificationReport,
            data={"hazard": hazard, "done": done, "photo": photo or "", "reported_by": by},
            by=by,
        )

    hazard = workflow.advance(hazard, "rectified", by=by, apply=apply, note=done[:200])
    notify(
        recipients=safety_heads(hazard.park),
        kind="safety.hazard.reported",
        subject=Message("隐患已整改，待复查：%(hazard)s", hazard=hazard.title),
        body=done,
        obj=hazard,
    )
    return created["report"]


@transaction.atomic
def follow_up(*, hazard: Hazard, by, passed: bool, note: str) -> FollowUpInspection:
    """复查: pass closes the hazard; fail sends it back to rectification (same notice and deadline)."""
    created = {}

    def apply(hazard):
        created["inspection"] = create_object(
            model=FollowUpInspection,
            data={"hazard": hazard, "passed": passed, "note": note, "inspected_by": by},
            by=by,
        )
        if passed:
            hazard.closed_at = clock.now()

    hazard = workflow.advance(
        hazard,
        "follow_up",
        by=by,
        apply=apply,
        target=Hazard.Status.CLOSED if passed else Hazard.Status.RECTIFYING,
        note=gettext_noop("复查合格：%(note)s") if passed else gettext_noop("复查不合格：%(note)s"),
        note_params={"note": note[:200]},
    )
    if not passed:
        notice = hazard.notices.order_by("-created_at").first()
        if notice is not None:
            notify(
                recipients=[notice.owner],
                kind="safety.hazard.reopened",
                subject=Message("复查不合格，请继续整改：%(hazard)s", hazard=hazard.title),
                body=note,
                obj=hazard,
            )
    return created["inspection"]


@transaction.atomic
def escalate_overdue_hazards(now: dt.datetime | None = None) -> list[Hazard]:
    """Hazards past their deadline and not closed: mark escalated (once) and tell the safety
    department head and the operator's administrators."""
    now = now or clock.now()
    today = timezone.localdate(now)
    overdue = (
        Hazard.objects.select_for_update()
        .filter(deadline__lt=today, escalated_at__isnull=True)
        .exclude(status=Hazard.Status.CLOSED)
        .select_related("park")
    )
    escalated = []
    for hazard in overdue:
        Hazard.objects.filter(pk=hazard.pk).update(escalated_at=now)
        from parkops.core.services import record_event

        record_event(
            event="hazard_escalated", obj=hazard, by=None, detail={"deadline": hazard.deadline.isoformat()}
        )
        days = (today - hazard.deadline).days
        workflow.record_step(
            hazard,
            ESCALATED,
            by=None,
            note=gettext_noop("超过整改期限 %(deadline)s 已 %(days)s 天"),
            note_params={"deadline": f"{hazard.deadline:%Y-%m-%d}", "days": days},
            from_state=hazard.status,
            to_state=hazard.status,
        )
        notify(
            recipients=[*safety_heads(hazard.park), *operator_admins(hazard.park)],
            kind="safety.hazard.escalated",
            subject=Message("隐患逾期 %(days)s 天未整改：%(hazard)s", days=days, hazard=hazard.title),
            body=Message(
                "%(grade)s隐患，整改期限 %(deadline)s，当前状态：%(status)s。\n%(description)s",
                grade=_choice(Hazard.Grade, hazard.grade),
                deadline=f"{hazard.deadline:%Y-%m-%d}",
                status=_choice(Hazard.Status, hazard.status),
                description=hazard.description,
            ),
            obj=hazard,
        )
        hazard.escalated_at = now
        escalated.append(hazard)
    return escalated


# --- Inspections of the registers -----------------------------------------------------------------


@transaction.atomic
def record_equipment_inspection(
    *, equipment: SpecialEquipment, by, data: dict[str, Any]
) -> SpecialEquipmentInspection:
    """A self-inspection or periodic inspection; a passing periodic one renews the due date."""
    inspection = create_object(model=SpecialEquipmentInspection, data={"equipment": equipment, **data}, by=by)
    changes: dict[str, Any] = {}
    if inspection.kind == SpecialEquipmentInspection.Kind.PERIODIC:
        changes["last_inspected_on"] = inspection.inspected_on
        if inspection.result == Result.PASS:
            changes["next_due"] = inspection.next_due
    if changes:
        # A fresh copy: update_object saves every field of the instance it is given.
        update_object(obj=SpecialEquipment.objects.get(pk=equipment.pk), data=changes, by=by)
    return inspection


@transaction.atomic
def record_register_inspection(*, by, data: dict[str, Any]) -> RegisterInspection:
    target = data.get("fire_equipment") or data.get("charging_area") or data.get("fire_sign")
    if target is None:
        raise ValidationError(gettext("请选择一项消防设施、一个充电场所或一处消防安全标志"))
    inspection = create_object(model=RegisterInspection, data={"park": target.park, **data}, by=by)
    update_object(
        obj=type(target).objects.get(pk=target.pk),
        data={"last_inspected_on": inspection.inspected_on, "next_due": inspection.next_due},
        by=by,
    )
    return inspection


# --- Expiry reminders ------------------------------------------------------------------------------


def _due_items(today: dt.date):
    """(object, what, due date) for every register entry due within REMIND_DAYS (or already past)
    whose due date has not been reminded of yet."""
    horizon = today + dt.timedelta(days=REMIND_DAYS)
    for model, field, what in (
        (SpecialEquipment, "next_due", Message("定期检验")),
        (FireEquipment, "next_due", Message("检查")),
        (EBikeChargingArea, "next_due", Message("检查")),
        (FireSafetySign, "next_due", Message("检查")),
        (PeriodicCheck, "next_due", Message("定期检查")),
        (FoodMerchant, "licence_valid_until", Message("食品经营许可证")),
        (StaffHealthCertificate, "valid_until", Message("健康证明")),
    ):
        qs = model.objects.filter(**{f"{field}__lte": horizon}).exclude(reminded_for=F(field))
        if model is PeriodicCheck:
            # Only the latest check of a subject matters: an older one is superseded.
            qs = qs.filter(pk__in=_latest_periodic_checks())
        for obj in qs:
            due = getattr(obj, field)
            if (due - today).days <= _window(obj, due):
                yield obj, field, what, due


def _window(obj, due: dt.date) -> int:
    """How many days ahead to remind: a month for yearly inspections and licences, a quarter of
    the cycle for things checked monthly or quarterly (so a monthly check is not always "due")."""
    last = getattr(obj, "last_inspected_on", None) or getattr(obj, "checked_on", None)
    if last is None or due <= last:
        return REMIND_DAYS
    return min(REMIND_DAYS, max(3, (due - last).days // 4))


def _latest_periodic_checks():
    latest = (
        PeriodicCheck.objects.values("park", "kind", "subject")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return list(latest)


def _park(obj):
    from parkops.core.scope import park_of

    return park_of(obj)


@transaction.atomic
def send_expiry_reminders(today: dt.date | None = None) -> int:
    """Tell the safety department (and administrators) about every inspection or licence due
    within a month, once per due date. Returns how many entries were reminded of."""
    today = today or clock.localdate()
    count = 0
    for obj, _field, what, due in list(_due_items(today)):
        park = _park(obj)
        if park is None:
            continue
        days = (due - today).days
        # Written when each recipient's copy is: ``obj`` itself is a parameter, so its name's
        # choice labels read in that recipient's language too.
        if days < 0:
            when = Message("已过期 %(days)s 天", days=-days)
        elif days == 0:
            when = Message("今日到期")
        else:
            when = Message("%(days)s 天后到期（%(due)s）", days=days, due=f"{due:%Y-%m-%d}")
        advice = ""
        if isinstance(obj, SpecialEquipment) and days < 0:
            advice = Message("设备已停用：检验过期，不得使用。")
        elif isinstance(obj, SpecialEquipment):
            advice = Message("请在到期前一个月向检验机构申请定期检验。")
        body = Message(
            "%(model)s“%(obj)s”的%(what)s%(when)s。%(advice)s",
            model=obj._meta.verbose_name,
            obj=obj,
            what=what,
            when=when,
            advice=advice,
        )
        notify(
            recipients=[*safety_heads(park), *operator_admins(park)],
            kind="safety.expiry",
            subject=Message("%(what)s到期提醒：%(obj)s", what=what, obj=obj),
            body=body,
            obj=obj,
        )
        type(obj).objects.filter(pk=obj.pk).update(reminded_for=due)
        count += 1
    return count


# --- Monitoring device reports (6.3.1.8) ---------------------------------------------------------


def record_device_report(*, device: MonitoringDevice, at: dt.datetime | None = None) -> MonitoringDevice:
    """A device reported that it runs (called by the ingest that receives its heartbeats): its
    ``last_seen_at`` moves forward, never back. Not audited: a heartbeat is telemetry, not a
    write by a person."""
    at = at or clock.now()
    MonitoringDevice.objects.filter(pk=device.pk).filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=at)
    ).update(last_seen_at=at)
    device.refresh_from_db(fields=["last_seen_at"])
    return device
