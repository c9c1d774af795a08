"""Writes of the internal evaluation and PDCA improvement loop (clause 9), audited.

Plans, inspections and findings are plain registers written through the generic services
(综合管理 staff and operator administrators). A corrective action moves through its states
only here: its owner reports completion, someone else verifies the result, and only a
verified action closes. Overdue actions are escalated by a daily task.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.scope import CHANGE, Role, can
from parkops.core.services import update_object
from parkops.improvement.models import PLATFORM_KINDS, ActionEscalation, CorrectiveAction, Inspection
from parkops.notifications.services import Message, notify

State = CorrectiveAction.State
ESCALATE_EVERY_DAYS = 7


def _park_id(action: CorrectiveAction) -> int:
    return action.finding.inspection.park_id


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    return (
        CorrectiveAction.objects.select_for_update().select_related("finding__inspection").get(pk=action.pk)
    )


def _transition(action: CorrectiveAction, by, changes: dict, event: str) -> CorrectiveAction:
    before = {k: audit.snapshot(action).get(k if not k.endswith("_by") else f"{k}_id") for k in changes}
    for name, value in changes.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    after = {k: audit.snapshot(action).get(k if not k.endswith("_by") else f"{k}_id") for k in changes}
    audit.record(
        action="update", obj=action, by=by, park_id=_park_id(action), before=before, after=after, event=event
    )
    return action


@transaction.atomic
def start_action(*, action: CorrectiveAction, by) -> CorrectiveAction:
    """策划 → 实施."""
    action = _locked(action)
    if not (can(by, CHANGE, action) or action.owner_id == by.pk):
        raise PermissionDenied(_("只有责任人或综合管理部可以启动整改"))
    if action.state != State.PLAN:
        raise ValidationError(_("只有“策划”状态的整改措施可以开始实施"))
    return _transition(action, by, {"state": State.DO}, "action_started")


@transaction.atomic
def report_completion(
    *,
    action: CorrectiveAction,
    by,
    note: str,
    completed_on: dt.date | None = None,
    improvement_document: str = "",
    improvement_file=None,
) -> CorrectiveAction:
    """实施 → 检查: the owner reports what was done; the result then awaits verification."""
    action = _locked(action)
    if not (action.owner_id == by.pk or can(by, CHANGE, action)):
        raise PermissionDenied(_("只有责任人可以报告整改完成"))
    if action.state not in (State.PLAN, State.DO):
        raise ValidationError(_("整改措施不在实施阶段"))
    if not note.strip():
        raise ValidationError({"completion_note": _("请说明整改完成情况")})
    completed_on = completed_on or clock.localdate()
    if completed_on > clock.localdate():
        raise ValidationError({"completed_on": _("完成日期不能晚于今天")})
    changes = {"state": State.CHECK, "completion_note": note.strip(), "completed_on": completed_on}
    if improvement_document.strip():
        changes["improvement_document"] = improvement_document.strip()
    if improvement_file:
        changes["improvement_file"] = improvement_file
    return _transition(action, by, changes, "action_completed")


@transaction.atomic
def verify_action(*, action: CorrectiveAction, by, effective: bool, verification: str) -> CorrectiveAction:
    """检查 → 处置: someone other than the owner checks the result. Effective: the action
    closes; not effective: it goes back to 实施 with the verifier's note."""
    action = _locked(action)
    if not can(by, CHANGE, action):
        raise PermissionDenied(_("只有综合管理部或运营机构管理员可以验证整改结果"))
    if action.owner_id == by.pk:
        raise PermissionDenied(_("整改责任人不能验证自己的整改结果"))
    if action.state != State.CHECK:
        raise ValidationError(_("整改完成后才能验证"))
    if not verification.strip():
        raise ValidationError({"verification": _("请填写验证结果")})
    if effective:
        changes = {
            "state": State.CLOSED,
            "verification": verification.strip(),
            "verified_by": by,
            "verified_on": clock.localdate(),
        }
        return _transition(action, by, changes, "action_verified")
    note = f"{action.verification}\n" if action.verification else ""
    changes = {
        "state": State.DO,
        "verification": f"{note}{clock.localdate():%Y-%m-%d} 验证未通过：{verification.strip()}",
    }
    return _transition(action, by, changes, "action_rejected")


def close_action(*, action: CorrectiveAction, by) -> CorrectiveAction:
    """Close an action directly: refused unless its result was verified (then it already is)."""
    if action.state == State.CLOSED:
        return action
    return update_object(obj=action, data={"state": State.CLOSED}, by=by)


@transaction.atomic
def escalate_overdue(*, today: dt.date | None = None) -> list[ActionEscalation]:
    """Escalate every open action past its deadline, at most once every seven days: record the
    escalation on the action, audit it, and notify its owner and the park's administrators
    (through parkops.notifications, delivered after commit)."""
    from parkops.accounts.models import User

    today = today or clock.localdate()
    overdue = (
        CorrectiveAction.objects.select_for_update()
        .exclude(state=State.CLOSED)
        .filter(deadline__lt=today)
        .select_related("finding__inspection__park", "owner")
    )
    made = []
    for action in overdue:
        last = action.escalations.order_by("-escalated_on").first()
        if last is not None and (today - last.escalated_on).days < ESCALATE_EVERY_DAYS:
            continue
        park = action.finding.inspection.park
        admins = list(
            User.objects.filter(role=Role.OPERATOR_ADMIN, operator_id=park.operator_id, is_active=True)
        )
        recipients = [action.owner, *admins]
        notify(
            recipients=recipients,
            kind="improvement.action.escalated",
            subject=Message("整改措施逾期督办：%(action)s", action=action),
            body=Message(
                "整改期限 %(deadline)s，已逾期 %(days)s 天，第 %(level)s 次督办。",
                deadline=f"{action.deadline:%Y-%m-%d}",
                days=(today - action.deadline).days,
                level=action.escalation_level + 1,
            ),
            park=park,
            obj=action,
        )
        names = [u.name for u in recipients]
        action.escalation_level += 1
        action.save(update_fields=["escalation_level", "updated_at"])
        escalation = ActionEscalation(
            action=action,
            escalated_on=today,
            level=action.escalation_level,
            days_overdue=(today - action.deadline).days,
            notified="、".join(dict.fromkeys(names))[:300],
        )
        escalation.full_clean()
        escalation.save()
        audit.record(
            action="create",
            obj=escalation,
            by=None,
            park_id=park.pk,
            after=audit.snapshot(escalation),
            event="action_escalated",
        )
        made.append(escalation)
    return made


_FIGURE_INPUTS = ("park", "kind", "period_start", "held_on")


@transaction.atomic
def save_inspection(*, by, data: dict, inspection: Inspection | None = None) -> Inspection:
    """Add or change an internal evaluation record. A customer or smart evaluation (9.1.1) gets
    its figures from the platform for its period when it is made, and again when its form,
    park or period changes; other edits keep what was measured."""
    from parkops.core.services import create_object

    data = dict(data)
    values = {name: data.get(name, getattr(inspection, name, None)) for name in _FIGURE_INPUTS}
    if values["park"] is None and inspection is not None:
        values["park"] = inspection.park
    changed = (
        inspection is None
        or any(values[name] != getattr(inspection, name) for name in _FIGURE_INPUTS)
        or not inspection.figures
    )
    if values["kind"] not in PLATFORM_KINDS:
        data["figures"] = {}
    elif (
        changed
        and values["period_start"]
        and values["held_on"]
        and values["period_start"] <= values["held_on"]
    ):
        from parkops.improvement.figures import compute

        data["figures"] = compute(values["kind"], values["park"], values["period_start"], values["held_on"])
    if inspection is None:
        return create_object(model=Inspection, data=data, by=by)
    return update_object(obj=inspection, data=data, by=by)
