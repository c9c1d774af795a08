"""Writes of the spaces domain: booking, cancelling, approving; every write audited in its
transaction through parkops.core.services."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from parkops.core import clock
from parkops.core.scope import Role, visible_park_ids
from parkops.core.services import create_object, update_object
from parkops.spaces.models import BOOKING_MANAGERS, OVERLAP_CONSTRAINT, Booking, BookingRule, FunctionSpace

SLOT_MINUTES = 30
TAKEN = "该时段已被预约"


def can_manage_bookings(user, space: FunctionSpace) -> bool:
    """Operator administrators and the service, enterprise-service and administration staff of
    the space's park approve, reject and cancel other people's bookings."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    ids = visible_park_ids(user)
    if ids is not None and space.park_id not in ids:
        return False
    if user.is_superuser or user.role == Role.OPERATOR_ADMIN:
        return True
    return user.role == Role.STAFF and user.department in BOOKING_MANAGERS


def _who(user) -> str | None:
    if user.role == Role.TENANT:
        return "tenant"
    if user.is_superuser or user.role in (Role.OPERATOR_ADMIN, Role.STAFF):
        return "staff"
    return None


def check_rule(
    *,
    space: FunctionSpace,
    by,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    attendees: int,
    on_behalf: bool = False,
) -> None:
    """Raise a ValidationError (field → Chinese reason) if the booking breaks the space's rule."""
    rule: BookingRule | None = getattr(space, "rule", None)
    if not space.bookable or rule is None:
        raise ValidationError(gettext("该空间暂不开放预约"))
    who = "tenant" if on_behalf else _who(by)
    if who is None:
        raise PermissionDenied(gettext("您的账号不能预约空间"))
    if rule.who == BookingRule.Who.TENANTS and who != "tenant":
        raise ValidationError(gettext("该空间仅供入驻企业预约"))
    if rule.who == BookingRule.Who.STAFF and who != "staff":
        raise ValidationError(gettext("该空间仅供运营人员预约"))
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(gettext("结束时间须晚于开始时间"))
        raise ValidationError(errors)
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    for name, value in (("starts_at", start), ("ends_at", end)):
        if value.minute % SLOT_MINUTES or value.second or value.microsecond:
            errors.setdefault(name, []).append(
                gettext("请按 %(minutes)s 分钟为单位预约（整点或半点）") % {"minutes": SLOT_MINUTES}
            )
    if start.date() != end.date():
        errors.setdefault("ends_at", []).append(gettext("预约须在同一天内"))
    elif start.time() < rule.opens_at or end.time() > rule.closes_at:
        errors.setdefault("starts_at", []).append(
            gettext("超出开放时间（%(opens_at)s–%(closes_at)s）")
            % {"opens_at": format(rule.opens_at, "%H:%M"), "closes_at": format(rule.closes_at, "%H:%M")}
        )
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes > rule.max_minutes:
        errors.setdefault("ends_at", []).append(
            gettext("单次预约最长 %(duration)s") % {"duration": _duration(rule.max_minutes)}
        )
    now = clock.now()
    if starts_at < now:
        errors.setdefault("starts_at", []).append(gettext("不能预约已经过去的时间"))
    elif starts_at < now + dt.timedelta(minutes=rule.min_notice_minutes):
        errors.setdefault("starts_at", []).append(
            gettext("须至少提前 %(duration)s预约") % {"duration": _duration(rule.min_notice_minutes)}
        )
    if start.date() > clock.localdate() + dt.timedelta(days=rule.horizon_days):
        errors.setdefault("starts_at", []).append(
            gettext("最多提前 %(days)s 天预约") % {"days": rule.horizon_days}
        )
    if space.capacity and attendees > space.capacity:
        errors.setdefault("attendees", []).append(
            gettext("超过容纳人数（%(capacity)s 人）") % {"capacity": space.capacity}
        )
    if errors:
        raise ValidationError(errors)


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return gettext("%(hours)s 小时 %(minutes)s 分钟") % {"hours": hours, "minutes": rest}
    if hours:
        return gettext("%(hours)s 小时") % {"hours": hours}
    return gettext("%(minutes)s 分钟") % {"minutes": rest}


def price_for(rule: BookingRule, starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    hours = Decimal(int((ends_at - starts_at).total_seconds())) / Decimal(3600)
    return (rule.price_per_hour * hours).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overlapping(space: FunctionSpace, starts_at: dt.datetime, ends_at: dt.datetime, *, exclude_pk=None):
    qs = Booking.objects.filter(
        space=space, status__in=Booking.ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def _is_overlap_error(exc: IntegrityError) -> bool:
    return OVERLAP_CONSTRAINT in str(exc) or "exclusion" in str(exc).lower()


@transaction.atomic
def book(
    *,
    space: FunctionSpace,
    by,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    attendees: int = 1,
    for_enterprise=None,
) -> Booking:
    """Book a slot. Refused with "该时段已被预约" when it overlaps an active booking, even when
    two people book the same slot at the same moment (the database has the last word).
    ``for_enterprise``: a booking manager books on an enterprise's behalf (e.g. by phone)."""
    if not FunctionSpace.objects.restrict(by).filter(pk=space.pk).exists():
        raise PermissionDenied(gettext("您无权预约此空间"))
    space = FunctionSpace.objects.select_related("rule", "park").get(pk=space.pk)
    check_rule(
        space=space,
        by=by,
        starts_at=starts_at,
        ends_at=ends_at,
        attendees=attendees,
        on_behalf=for_enterprise is not None,
    )
    if overlapping(space, starts_at, ends_at).exists():
        raise ValidationError({"starts_at": TAKEN})
    enterprise = by.enterprise if by.role == Role.TENANT else None
    if for_enterprise is not None:
        if not can_manage_bookings(by, space):
            raise PermissionDenied(gettext("只有运营管理人员可以代企业预约"))
        if for_enterprise.park_id != space.park_id:
            raise ValidationError({"enterprise": gettext("该企业不在本园区")})
        enterprise = for_enterprise
    rule = space.rule
    needs_approval = rule.needs_approval and not can_manage_bookings(by, space)
    data = {
        "space": space,
        "booked_by": by,
        "enterprise": enterprise,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "purpose": (purpose or "").strip(),
        "attendees": attendees,
        "status": Booking.Status.PENDING if needs_approval else Booking.Status.CONFIRMED,
        "price": price_for(rule, starts_at, ends_at),
    }
    try:
        with transaction.atomic():
            return create_object(model=Booking, data=data, by=by)
    except IntegrityError as exc:
        if _is_overlap_error(exc):
            raise ValidationError({"starts_at": TAKEN}) from None
        raise


@transaction.atomic
def cancel(*, booking: Booking, by, reason: str = "") -> Booking:
    """Cancel a pending or confirmed booking (its booker, or a booking manager); frees the slot."""
    booking = Booking.objects.select_for_update().select_related("space").get(pk=booking.pk)
    if booking.booked_by_id != by.pk and not can_manage_bookings(by, booking.space):
        raise PermissionDenied(gettext("只有预约人或运营管理人员可以取消此预约"))
    if not booking.active:
        raise ValidationError(
            gettext("此预约%(get_status_display)s，不能取消")
            % {"get_status_display": booking.get_status_display()}
        )
    if booking.ends_at <= clock.now():
        raise ValidationError(gettext("预约已结束，不能取消"))
    return update_object(
        obj=booking,
        data={
            "status": Booking.Status.CANCELLED,
            "cancelled_at": clock.now(),
            "cancel_reason": reason.strip()[:200],
        },
        by=by,
    )


@transaction.atomic
def decide(*, booking: Booking, by, approve: bool, note: str = "") -> Booking:
    """Approve or reject a pending booking (booking managers only)."""
    booking = Booking.objects.select_for_update().select_related("space").get(pk=booking.pk)
    if not can_manage_bookings(by, booking.space):
        raise PermissionDenied(gettext("您无权审批空间预约"))
    if booking.status != Booking.Status.PENDING:
        raise ValidationError(
            gettext("此预约%(get_status_display)s，无需审批")
            % {"get_status_display": booking.get_status_display()}
        )
    if not approve and not note.strip():
        raise ValidationError({"decision_note": gettext("驳回时请填写原因")})
    return update_object(
        obj=booking,
        data={
            "status": Booking.Status.CONFIRMED if approve else Booking.Status.REJECTED,
            "decided_by": by,
            "decided_at": clock.now(),
            "decision_note": note.strip()[:200],
        },
        by=by,
    )
