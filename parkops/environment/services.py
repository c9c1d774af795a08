"""Writes of the environment domain (clause 6.3.4): readings and the exceedance loop."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.scope import CHANGE, DepartmentKind, Role, can
from parkops.core.services import create_object, update_object
from parkops.environment.models import Exceedance, MonitoringPoint, PollutantLimit, PollutionNotice, Reading
from parkops.notifications.services import Message, choice_label, notify, render

NOTICE_DAYS = 15  # default time given to rectify


def environment_staff(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True, role=Role.STAFF, department=DepartmentKind.ENVIRONMENT, parks=park
        )
    )


def enterprise_users(enterprise) -> list:
    return list(enterprise.users.filter(is_active=True)) if enterprise is not None else []


@transaction.atomic
def record_reading(
    *,
    point: MonitoringPoint,
    limit: PollutantLimit,
    value: Decimal,
    by,
    measured_at: dt.datetime | None = None,
    source: str = Reading.Source.MANUAL,
    notice_deadline: dt.date | None = None,
) -> Reading:
    """Store a reading. Above the limit with no open exceedance: open one, with a rectification
    notice to the discharging enterprise. With an exceedance open for this pollutant, the reading
    is its re-test: at or below the limit it closes the exceedance, above it keeps it open."""
    measured_at = measured_at or clock.now()
    value = Decimal(value)
    open_exceedance = (
        Exceedance.objects.select_for_update()
        .filter(point=point, limit=limit, status=Exceedance.Status.OPEN)
        .select_related("reading")
        .first()
    )
    if open_exceedance is not None and measured_at <= open_exceedance.reading.measured_at:
        raise ValidationError(
            {"measured_at": gettext("该污染物有未关闭的超标事件，复测时间须晚于超标读数的监测时间")}
        )
    exceeds = value > limit.limit
    reading = create_object(
        model=Reading,
        data={
            "point": point,
            "limit": limit,
            "value": value,
            "measured_at": measured_at,
            "source": source,
            "entered_by": by if getattr(by, "is_authenticated", False) else None,
            "exceeds": exceeds,
            "retest_of": open_exceedance,
        },
        by=by,
    )
    if open_exceedance is not None:
        if not exceeds:
            update_object(
                obj=open_exceedance,
                data={
                    "status": Exceedance.Status.CLOSED,
                    "closing_reading": reading,
                    "closed_at": clock.now(),
                },
                by=by,
            )
            notify(
                recipients=[*environment_staff(point.park), *enterprise_users(open_exceedance.enterprise)],
                kind="environment.exceedance.closed",
                subject=Message(
                    "复测达标，超标事件已关闭：%(point)s %(pollutant)s",
                    point=point.name,
                    pollutant=limit.pollutant,
                ),
                body=Message(
                    "复测值 %(value)s %(unit)s（限值 %(limit)s）。",
                    value=f"{value.normalize():f}",
                    unit=limit.unit,
                    limit=f"{limit.limit.normalize():f}",
                ),
                obj=open_exceedance,
            )
        else:
            notify(
                recipients=[*environment_staff(point.park), *enterprise_users(open_exceedance.enterprise)],
                kind="environment.exceedance.retest_failed",
                subject=Message(
                    "复测仍超标：%(point)s %(pollutant)s", point=point.name, pollutant=limit.pollutant
                ),
                body=Message(
                    "复测值 %(value)s %(unit)s，限值 %(limit)s（%(standard)s）。请继续整改。",
                    value=f"{value.normalize():f}",
                    unit=limit.unit,
                    limit=f"{limit.limit.normalize():f}",
                    standard=limit.standard,
                ),
                obj=open_exceedance,
            )
    elif exceeds:
        _open_exceedance(reading=reading, by=by, deadline=notice_deadline)
    return reading


def _open_exceedance(*, reading: Reading, by, deadline: dt.date | None) -> Exceedance:
    point, limit = reading.point, reading.limit
    exceedance = create_object(
        model=Exceedance,
        data={
            "park": point.park,
            "point": point,
            "limit": limit,
            "enterprise": point.enterprise,
            "reading": reading,
        },
        by=by,
    )
    text = Message(
        "%(kind)s监测点“%(point)s”%(pollutant)s监测值 %(value)s %(unit)s，超过 %(standard)s 限值 %(limit)s %(unit)s。",
        kind=choice_label(point, "kind"),
        point=point.name,
        pollutant=limit.pollutant,
        value=f"{reading.value.normalize():f}",
        unit=limit.unit,
        standard=limit.standard,
        limit=f"{limit.limit.normalize():f}",
    )
    if point.enterprise_id:
        deadline = deadline or clock.localdate() + dt.timedelta(days=NOTICE_DAYS)
        create_object(
            model=PollutionNotice,
            data={
                "exceedance": exceedance,
                "enterprise": point.enterprise,
                # The notice is a document on record: written once, in the platform's language.
                "content": render(text)
                + render(
                    Message(
                        "请于 %(deadline)s 前完成整改并回复整改措施，园区将安排复测。",
                        deadline=f"{deadline:%Y-%m-%d}",
                    )
                ),
                "deadline": deadline,
                "issued_by": by,
            },
            by=by,
        )
    notify(
        recipients=[*environment_staff(point.park), *enterprise_users(point.enterprise)],
        kind="environment.exceedance",
        subject=Message(
            "超标排放整改通知：%(point)s %(pollutant)s", point=point.name, pollutant=limit.pollutant
        ),
        body=text,
        obj=exceedance,
    )
    return exceedance


@transaction.atomic
def respond_to_notice(*, notice: PollutionNotice, by, response: str) -> PollutionNotice:
    """The enterprise's answer to its notice (only the answer fields change)."""
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": gettext("请填写整改措施和完成情况")})
    if not can(by, CHANGE, notice):
        raise PermissionDenied(gettext("只能回复本企业的整改通知"))
    if notice.exceedance.status == Exceedance.Status.CLOSED:
        raise ValidationError(gettext("该超标事件已复测达标关闭"))
    notice = PollutionNotice.objects.select_for_update().get(pk=notice.pk)
    before = {"response": notice.response, "responded_at": audit.snapshot(notice)["responded_at"]}
    notice.response = response
    notice.responded_at = clock.now()
    notice.responded_by = by
    notice.full_clean()
    notice.save(update_fields=["response", "responded_at", "responded_by", "updated_at"])
    audit.record(
        action="update",
        obj=notice,
        by=by,
        park_id=notice.exceedance.park_id,
        before=before,
        after={"response": response, "responded_at": audit.snapshot(notice)["responded_at"]},
    )
    notify(
        recipients=environment_staff(notice.exceedance.park),
        kind="environment.notice.responded",
        subject=Message("%(enterprise)s 已回复整改通知，待安排复测", enterprise=notice.enterprise.name),
        body=response,
        obj=notice.exceedance,
    )
    return notice


def record_from_form(*, data: dict[str, Any], by) -> Reading:
    return record_reading(
        point=data["point"],
        limit=data["limit"],
        value=data["value"],
        by=by,
        measured_at=data.get("measured_at"),
        source=data.get("source") or Reading.Source.MANUAL,
    )
