"""Every investment write: the customer pipeline, signing, renewing and ending leases, the
resident grading, reminders and the audited reveal of a contact's phone number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.models import Enterprise, Park, Unit
from parkops.core.scope import CHANGE, VIEW, DepartmentKind, Role, can
from parkops.core.services import create_object, record_event, update_object
from parkops.investment import selectors
from parkops.investment.models import (
    Customer,
    EnterpriseContact,
    FollowUp,
    FreeRentPeriod,
    Lease,
    LeaseReminder,
    LeaseUnit,
    ResidentGrade,
    Stage,
    StageChange,
)
from parkops.notifications.services import Message, notify, render

ALLOWED_MOVES = {
    Stage.TARGET: {Stage.INTENT, Stage.EXITED},
    Stage.INTENT: {Stage.TARGET, Stage.EXITED},
    Stage.RESIDENT: {Stage.EXITED},
    Stage.EXITED: {Stage.TARGET, Stage.INTENT},
}


def _record_stage(*, customer: Customer, from_stage: str, to_stage: str, by, note: str = "") -> StageChange:
    return create_object(
        model=StageChange,
        data={
            "customer": customer,
            "from_stage": from_stage,
            "to_stage": to_stage,
            "changed_at": clock.now(),
            "by": by,
            "note": note,
        },
        by=by,
    )


@transaction.atomic
def create_customer(*, data: dict, by) -> Customer:
    """A new customer in the pipeline, with its first stage recorded."""
    data = dict(data)
    if data.get("stage") == Stage.RESIDENT:
        raise ValidationError({"stage": gettext("入驻客户须通过签订租赁合同产生")})
    customer = create_object(model=Customer, data=data, by=by)
    _record_stage(customer=customer, from_stage="", to_stage=customer.stage, by=by, note="新建客户")
    return customer


@transaction.atomic
def move_stage(*, customer: Customer, to_stage: str, by, note: str = "") -> Customer:
    """Move a customer along the pipeline. 入驻 is reached only by signing a lease."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if to_stage == Stage.RESIDENT:
        raise ValidationError({"stage": gettext("转为入驻客户须签订租赁合同，请使用“签约入驻”")})
    if to_stage not in ALLOWED_MOVES.get(customer.stage, set()):
        raise ValidationError(
            {
                "stage": gettext("不能从“%(get_stage_display)s”转为“%(Stage_label)s”")
                % {"get_stage_display": customer.get_stage_display(), "Stage_label": Stage(to_stage).label}
            }
        )
    before = customer.stage
    customer = update_object(obj=customer, data={"stage": to_stage}, by=by)
    _record_stage(customer=customer, from_stage=before, to_stage=to_stage, by=by, note=note)
    return customer


@transaction.atomic
def add_follow_up(
    *, customer: Customer, followed_on: dt.date, way: str, content: str, next_step: str, by
) -> FollowUp:
    return create_object(
        model=FollowUp,
        data={
            "customer": customer,
            "followed_on": followed_on,
            "way": way,
            "content": content,
            "next_step": next_step,
            "by": by,
        },
        by=by,
    )


def _next_lease_number(park: Park, signed_on: dt.date) -> str:
    prefix = f"ZL{signed_on.year}-"
    numbers = Lease.objects.filter(park=park, number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _lock_units(units: Iterable[Unit]) -> list[Unit]:
    ids = sorted({u.pk for u in units})
    # Row locks in a fixed order, so two signers on overlapping sets queue instead of deadlocking.
    locked = list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    return list(
        Unit.objects.filter(pk__in=[u.pk for u in locked]).select_related("floor__building", "enterprise")
    )


def _check_units(
    units: list[Unit], *, park: Park, enterprise: Enterprise | None, start, end, exclude=None
) -> None:
    if not units:
        raise ValidationError({"units": gettext("请至少选择一个房源")})
    problems = []
    for unit in units:
        if unit.floor.building.park_id != park.pk:
            problems.append(f"{unit} 不在本园区")
        elif unit.state == Unit.State.SELF_USED:
            problems.append(f"{unit} 为运营方自用房源，不能出租")
        elif (
            unit.state == Unit.State.LEASED
            and unit.enterprise_id != (enterprise.pk if enterprise else None)
            and not unit.lease_units.exists()
        ):
            problems.append(f"{unit} 当前已租给{unit.enterprise}（无合同记录），请先办理退租")
    for row in selectors.unit_conflicts(units, start, end, exclude_lease=exclude):
        problems.append(
            f"{row.unit} 在 {row.start:%Y-%m-%d} 至 {row.end:%Y-%m-%d} 已由合同 {row.lease.number}"
            f"（{row.lease.enterprise}）租用，与本次租期重叠"
        )
    if problems:
        raise ValidationError({"units": problems})


def _apply_unit_state(*, lease: Lease, units: Sequence[Unit], today: dt.date, by) -> None:
    if lease.start <= today <= lease.effective_end:
        state = Unit.State.LEASED
    elif lease.start > today:
        state = Unit.State.RESERVED
    else:
        return
    for unit in units:
        if unit.state != state or unit.enterprise_id != lease.enterprise_id:
            update_object(obj=unit, data={"state": state, "enterprise": lease.enterprise}, by=by)


def _validate_terms(*, start, end, rent_per_m2, escalation_pct, deposit, free_periods) -> None:
    errors: dict[str, str] = {}
    if end < start:
        errors["end"] = gettext("到期日不能早于起租日")
    if rent_per_m2 is None or rent_per_m2 < 0:
        errors["rent_per_m2"] = gettext("请填写不小于 0 的月租金单价")
    if escalation_pct < 0 or escalation_pct > 30:
        errors["escalation_pct"] = gettext("年递增率应在 0–30% 之间")
    if deposit < 0:
        errors["deposit"] = gettext("押金不能为负数")
    for a, b in free_periods:
        if b < a or a < start or b > end:
            errors["free_periods"] = gettext("免租期须在租期之内，且止日不早于起日")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sign_lease(
    *,
    customer: Customer,
    units: Sequence[Unit],
    start: dt.date,
    end: dt.date,
    rent_per_m2: Decimal,
    by,
    escalation_pct: Decimal = Decimal("0"),
    deposit: Decimal = Decimal("0"),
    free_periods: Sequence[tuple[dt.date, dt.date]] = (),
    credit_code: str = "",
    signed_on: dt.date | None = None,
    number: str = "",
    previous: Lease | None = None,
    note: str = "",
) -> Lease:
    """Sign a lease for a customer, all in one transaction: the customer's enterprise is
    linked (or created), the lease and its units recorded, the units let through the core
    service, and the customer moved to 入驻 with the change on record. Any refusal writes
    nothing.

    The units are locked (``SELECT … FOR UPDATE``) and checked for overlapping leases only
    after the lock is held, so two officers signing the same unit at once cannot both win.
    """
    if not can(by, CHANGE, customer):
        raise PermissionDenied(gettext("无权为此客户签约"))
    today = clock.localdate()
    signed_on = signed_on or today
    _validate_terms(
        start=start,
        end=end,
        rent_per_m2=rent_per_m2,
        escalation_pct=escalation_pct,
        deposit=deposit,
        free_periods=free_periods,
    )
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    park = customer.park
    locked = _lock_units(units)
    if len(locked) != len({u.pk for u in units}):
        raise ValidationError({"units": gettext("所选房源不存在")})
    _check_units(locked, park=park, enterprise=customer.enterprise, start=start, end=end, exclude=previous)

    enterprise = customer.enterprise
    code = (credit_code or customer.credit_code or "").strip().upper()
    if enterprise is None:
        if not code:
            raise ValidationError({"credit_code": gettext("签约前须填写客户的统一社会信用代码")})
        enterprise = Enterprise.objects.filter(park=park, credit_code=code).first()
        if enterprise is None:
            enterprise = create_object(
                model=Enterprise,
                data={
                    "park": park,
                    "name": customer.name,
                    "credit_code": code,
                    "industry": customer.industry,
                    "industry_note": customer.industry_note,
                    "contact_name": customer.contact_name,
                    "contact_phone": customer.contact_phone,
                    "moved_in_on": start,
                },
                by=by,
            )
        elif Customer.objects.filter(enterprise=enterprise).exclude(pk=customer.pk).exists():
            raise ValidationError(
                {
                    "credit_code": gettext("该信用代码的企业“%(enterprise)s”已关联其他客户")
                    % {"enterprise": enterprise}
                }
            )
    if enterprise.status != Enterprise.Status.RESIDENT:
        enterprise = update_object(
            obj=enterprise, data={"status": Enterprise.Status.RESIDENT, "moved_in_on": start}, by=by
        )

    # Park row lock: lease numbers are sequential per park and year.
    Park.objects.select_for_update().filter(pk=park.pk).exists()
    lease = create_object(
        model=Lease,
        data={
            "park": park,
            "number": number or _next_lease_number(park, signed_on),
            "enterprise": enterprise,
            "customer": customer,
            "area": sum((u.area for u in locked), Decimal("0")),
            "start": start,
            "end": end,
            "rent_per_m2": rent_per_m2,
            "escalation_pct": escalation_pct,
            "deposit": deposit,
            "signed_on": signed_on,
            "signed_by": by,
            "previous": previous,
        },
        by=by,
    )
    for unit in locked:
        create_object(model=LeaseUnit, data={"lease": lease, "unit": unit, "start": start, "end": end}, by=by)
    for a, b in free_periods:
        create_object(
            model=FreeRentPeriod, data={"lease": lease, "start": a, "end": b, "note": "免租期"}, by=by
        )
    _apply_unit_state(lease=lease, units=locked, today=today, by=by)

    changes = {}
    if customer.enterprise_id != enterprise.pk:
        changes["enterprise"] = enterprise
    if not customer.credit_code:
        changes["credit_code"] = enterprise.credit_code
    if customer.stage != Stage.RESIDENT:
        changes["stage"] = Stage.RESIDENT
    before = customer.stage
    if changes:
        customer = update_object(obj=customer, data=changes, by=by)
    if before != Stage.RESIDENT:
        _record_stage(
            customer=customer,
            from_stage=before,
            to_stage=Stage.RESIDENT,
            by=by,
            note=note or f"签订租赁合同 {lease.number}",
        )
    return lease


@transaction.atomic
def renew_lease(
    *, lease: Lease, end: dt.date, rent_per_m2: Decimal, by, escalation_pct: Decimal | None = None
) -> Lease:
    """A renewal: a new lease of the same units from the day after the old one ends."""
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.status != Lease.Status.ACTIVE:
        raise ValidationError(gettext("只有履行中的合同可以续签"))
    if hasattr(lease, "renewal"):
        raise ValidationError(gettext("该合同已续签为 %(number)s") % {"number": lease.renewal.number})
    customer = lease.customer or Customer.objects.filter(enterprise=lease.enterprise).first()
    if customer is None:
        customer = create_customer(
            data={
                "park": lease.park,
                "name": lease.enterprise.name,
                "credit_code": lease.enterprise.credit_code,
                "industry": lease.enterprise.industry,
                "stage": Stage.INTENT,
                "enterprise": lease.enterprise,
            },
            by=by,
        )
    return sign_lease(
        customer=customer,
        units=list(lease.units.all()),
        start=lease.end + dt.timedelta(days=1),
        end=end,
        rent_per_m2=rent_per_m2,
        escalation_pct=lease.escalation_pct if escalation_pct is None else escalation_pct,
        deposit=lease.deposit,
        previous=lease,
        by=by,
        note=f"续签合同 {lease.number}",
    )


def _release_units(*, lease: Lease, by) -> None:
    for unit in lease.units.select_for_update().order_by("pk"):
        still_let = LeaseUnit.objects.filter(
            unit=unit,
            lease__status=Lease.Status.ACTIVE,
            start__lte=clock.localdate(),
            end__gte=clock.localdate(),
        ).exclude(lease=lease)
        if unit.enterprise_id == lease.enterprise_id and not still_let.exists():
            _save_unit(unit=unit, state=Unit.State.VACANT, enterprise=None, by=by)


def _save_unit(*, unit: Unit, state: str, enterprise, by) -> None:
    if by is not None:
        update_object(obj=unit, data={"state": state, "enterprise": enterprise}, by=by)
        return
    # The scheduled job acts as the system: same validation and audit entry, no user.
    before = audit.snapshot(unit)
    unit.state, unit.enterprise = state, enterprise
    unit.full_clean()
    unit.save()
    after = audit.snapshot(unit)
    changed = sorted(k for k in after if before.get(k) != after.get(k) and k != "updated_at")
    audit.record(
        action="update",
        obj=unit,
        by=None,
        park_id=unit.floor.building.park_id,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )


@transaction.atomic
def terminate_lease(*, lease: Lease, on: dt.date, reason: str, by) -> Lease:
    """End a lease early: its units are let only up to ``on`` and fall vacant; if the
    enterprise has no other lease running it becomes 已退租 and its customer 退租客户."""
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.status != Lease.Status.ACTIVE:
        raise ValidationError(gettext("该合同不是履行中的合同"))
    if not reason.strip():
        raise ValidationError({"termination_reason": gettext("请填写解除原因")})
    if not (lease.start <= on <= lease.end):
        raise ValidationError({"terminated_on": gettext("解除日期须在租期之内")})
    lease = update_object(
        obj=lease,
        data={"status": Lease.Status.TERMINATED, "terminated_on": on, "termination_reason": reason},
        by=by,
    )
    for row in lease.lease_units.all():
        update_object(obj=row, data={"end": on}, by=by)
    if on <= clock.localdate():
        _release_units(lease=lease, by=by)
        _close_enterprise_if_gone(lease=lease, by=by, note=f"解除合同 {lease.number}：{reason}")
    return lease


def _close_enterprise_if_gone(*, lease: Lease, by, note: str) -> None:
    enterprise = lease.enterprise
    others = Lease.objects.filter(enterprise=enterprise, status=Lease.Status.ACTIVE).exclude(pk=lease.pk)
    if others.exists() or by is None:
        return
    update_object(obj=enterprise, data={"status": Enterprise.Status.LEFT}, by=by)
    customer = Customer.objects.filter(enterprise=enterprise).first()
    if customer is not None and customer.stage == Stage.RESIDENT:
        update_object(obj=customer, data={"stage": Stage.EXITED}, by=by)
        _record_stage(customer=customer, from_stage=Stage.RESIDENT, to_stage=Stage.EXITED, by=by, note=note)


@transaction.atomic
def apply_lease_dates(*, today: dt.date) -> dict[str, int]:
    """Daily: leases past their end become 已到期 and free their units; leases that start
    today turn their reserved units into leased ones. Runs as the system."""
    expired = 0
    for lease in Lease.objects.select_for_update().filter(status=Lease.Status.ACTIVE, end__lt=today):
        before = audit.snapshot(lease)
        lease.status = Lease.Status.EXPIRED
        lease.save(update_fields=["status", "updated_at"])
        audit.record(
            action="update",
            obj=lease,
            by=None,
            park_id=lease.park_id,
            before={"status": before["status"]},
            after={"status": lease.status},
        )
        renewed = hasattr(lease, "renewal")
        if not renewed:
            _release_units(lease=lease, by=None)
        expired += 1
    started = 0
    for row in LeaseUnit.objects.filter(
        lease__status=Lease.Status.ACTIVE, start__lte=today, end__gte=today, unit__state=Unit.State.RESERVED
    ).select_related("unit", "lease"):
        _save_unit(unit=row.unit, state=Unit.State.LEASED, enterprise=row.lease.enterprise, by=None)
        started += 1
    return {"expired": expired, "started": started}


@transaction.atomic
def record_lease_reminders(*, today: dt.date) -> list[LeaseReminder]:
    """Record a reminder for each active lease that has come within 90, 60 or 30 days of its
    end, once per threshold. The notifications app, when present, sends them on."""
    made = []
    widest = max(selectors.LEASE_REMINDER_DAYS)
    for park in Park.objects.all():
        for lease in selectors.leases_expiring(park, today, widest):
            left = (lease.end - today).days
            # The tightest threshold reached; one reminder per threshold, never a wider one late.
            days = min(t for t in selectors.LEASE_REMINDER_DAYS if left <= t)
            if LeaseReminder.objects.filter(lease=lease, days_before__lte=days).exists():
                continue
            text = Message(
                "合同 %(lease)s（%(enterprise)s）将于 %(end)s 到期，剩余 %(days)s 天",
                lease=lease.number,
                enterprise=lease.enterprise,
                end=f"{lease.end:%Y-%m-%d}",
                days=left,
            )
            reminder = LeaseReminder(
                lease=lease,
                days_before=days,
                reminded_on=today,
                message=render(text),  # the register's record, in the platform's language
            )
            reminder.full_clean()
            reminder.save()
            audit.record(
                action="create", obj=reminder, by=None, park_id=lease.park_id, after=audit.snapshot(reminder)
            )
            made.append(reminder)
            # The park's investment staff read it in their own language.
            notify(
                recipients=_investment_staff(lease.park),
                kind="investment.lease_expiring",
                subject=Message("租约到期提醒：%(lease)s", lease=lease.number),
                body=text,
                park=lease.park,
                obj=lease,
            )
    return made


def _investment_staff(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(is_active=True, role=Role.STAFF, department=DepartmentKind.INVESTMENT, parks=park)
    )


@transaction.atomic
def grade_residents(*, park: Park, on: dt.date, by) -> list[ResidentGrade]:
    """Apply the grading rule to every resident of the park and record the result."""
    grades = []
    for enterprise in Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).select_related(
        "industry__catalogue", "park"
    ):
        grade, score, basis = selectors.grade_for(enterprise, on)
        existing = ResidentGrade.objects.filter(enterprise=enterprise, graded_on=on).first()
        data = {"grade": grade, "score": score, "basis": basis}
        if existing:
            grades.append(update_object(obj=existing, data=data, by=by))
        else:
            grades.append(
                create_object(
                    model=ResidentGrade, data={"enterprise": enterprise, "graded_on": on, **data}, by=by
                )
            )
        customer = Customer.objects.filter(enterprise=enterprise).first()
        if customer is not None and customer.grade != grade:
            update_object(obj=customer, data={"grade": grade}, by=by)
    return grades


def reveal_phone(*, contact: EnterpriseContact, by) -> str:
    """The full phone number of an enterprise contact, for staff; each reveal is audited."""
    operator_side = getattr(by, "is_superuser", False) or getattr(by, "role", None) in (
        "staff",
        "operator_admin",
    )
    if not (operator_side and can(by, VIEW, contact)):
        raise PermissionDenied(gettext("无权查看完整联系方式"))
    record_event(event="reveal_phone", obj=contact, by=by, detail={"field": "phone"})
    return contact.phone
