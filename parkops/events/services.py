"""Writes of the calendar: sign-up by tenants (or staff on an enterprise's behalf), cancelling
a sign-up, and checking people in. Creating and editing events goes through the generic
services (``create_object`` / ``update_object``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from parkops.core import clock
from parkops.core.scope import CHANGE, Role, can
from parkops.core.services import create_object, update_object
from parkops.events.models import Event, EventSignup
from parkops.events.selectors import signed_up_people


def _check_open(event: Event, people: int, *, exclude: EventSignup | None = None) -> None:
    now = clock.now()
    if event.cancelled:
        raise ValidationError(gettext("活动已取消，不能报名"))
    if not event.open_for_signup:
        raise ValidationError(gettext("此活动不接受企业报名"))
    if event.starts_at <= now:
        raise ValidationError(gettext("活动已开始，报名已结束"))
    if event.signup_deadline and event.signup_deadline < now:
        raise ValidationError(gettext("已过报名截止时间"))
    if people < 1:
        raise ValidationError({"people": gettext("报名人数至少 1 人")})
    if event.capacity is not None:
        left = event.capacity - signed_up_people(event, exclude=exclude)
        if people > left:
            raise ValidationError(
                {"people": gettext("名额不足：剩余 %(left)s 个名额") % {"left": max(left, 0)}}
            )


@transaction.atomic
def sign_up(*, event: Event, by, people: int = 1, contact: str = "", enterprise=None) -> EventSignup:
    """Sign an enterprise up for an event: a tenant for its own enterprise, organising staff for
    an enterprise of the park (``enterprise``). Refused when the event is not open for sign-up,
    has started, is past its deadline, or has fewer places left than ``people``; the event row
    is locked so two last sign-ups cannot both take the last place. Signing up again after a
    cancellation re-opens the same sign-up."""
    if not Event.objects.restrict(by, "view").filter(pk=event.pk).exists():
        raise PermissionDenied(gettext("您无权查看此活动"))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if by.role == Role.TENANT:
        if enterprise is not None and enterprise.pk != by.enterprise_id:
            raise PermissionDenied(gettext("企业用户只能为本企业报名"))
        enterprise = by.enterprise
    elif enterprise is None:
        raise ValidationError({"enterprise": gettext("请选择报名企业")})
    elif not can(by, CHANGE, event):
        raise PermissionDenied(gettext("只有活动组织部门可以代企业报名"))
    if enterprise.park_id != event.park_id:
        raise ValidationError({"enterprise": gettext("该企业不在本园区")})
    existing = EventSignup.objects.select_for_update().filter(event=event, enterprise=enterprise).first()
    if existing is not None and existing.status == EventSignup.Status.SIGNED_UP:
        raise ValidationError(gettext("本企业已报名此活动"))
    _check_open(event, people, exclude=existing)
    data = {
        "people": people,
        "contact": (contact or "").strip()[:200],
        "status": EventSignup.Status.SIGNED_UP,
        "signed_up_by": by,
    }
    if existing is not None:
        return update_object(obj=existing, data=data, by=by)
    return create_object(model=EventSignup, data={"event": event, "enterprise": enterprise, **data}, by=by)


@transaction.atomic
def cancel_signup(*, signup: EventSignup, by) -> EventSignup:
    """Withdraw a sign-up before the event starts (the enterprise itself or organising staff)."""
    signup = EventSignup.objects.select_for_update().select_related("event").get(pk=signup.pk)
    if not can(by, CHANGE, signup):
        raise PermissionDenied(gettext("您无权取消此报名"))
    if signup.status == EventSignup.Status.CANCELLED:
        raise ValidationError(gettext("此报名已取消"))
    if signup.event.starts_at <= clock.now():
        raise ValidationError(gettext("活动已开始，不能取消报名"))
    return update_object(obj=signup, data={"status": EventSignup.Status.CANCELLED}, by=by)


@transaction.atomic
def check_in(*, signup: EventSignup, attended: int, by) -> EventSignup:
    """Record how many of an enterprise's people came (organising staff, once the event has
    started)."""
    signup = EventSignup.objects.select_for_update().select_related("event").get(pk=signup.pk)
    if by.role == Role.TENANT or not can(by, CHANGE, signup.event):
        raise PermissionDenied(gettext("只有活动组织部门可以登记签到"))
    if signup.event.starts_at > clock.now():
        raise ValidationError(gettext("活动尚未开始，不能登记签到"))
    if attended < 0:
        raise ValidationError({"attended": gettext("签到人数不能为负数")})
    return update_object(obj=signup, data={"attended": attended}, by=by)
