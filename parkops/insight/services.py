"""Insight writes: the monthly operation and energy reports and the yearly operation report sent
by the task queue (clause 7.2)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from parkops.core.models import Park
from parkops.core.scope import Role
from parkops.insight import reports
from parkops.notifications.services import Message, notify


def _administrators(park):
    """Who a park's reports go to: its operator's active administrators."""
    from parkops.accounts.models import User

    return User.objects.filter(role=Role.OPERATOR_ADMIN, operator=park.operator_id, is_active=True)


def _headlines(sections, per_section: int) -> str:
    """The first figures of the first four sections, a line each."""
    return "\n".join(
        f"{label}：{'—' if value is None else value}"
        for s in sections[:4]
        for label, value in s.rows[:per_section]
    )


@transaction.atomic
def send_monthly_reports(*, month: dt.date) -> int:
    """Compute each park's report for ``month`` and send its administrators (in-platform, email,
    and the park's group webhooks) the month's headline figures with a link to the Excel and
    Word files. Returns how many parks were reported."""
    sent = 0
    for park in Park.objects.order_by("code"):
        recipients = _administrators(park)
        notify(
            recipients=recipients,
            kind="insight.monthly_report",
            subject=Message("%(park)s %(month)s 月度运营报告", park=park.name, month=f"{month:%Y-%m}"),
            body=_headlines(reports.monthly_report(park, month), 2),
            url=reverse("insight:monthly") + "?" + urlencode({"park": park.pk, "month": f"{month:%Y-%m}"}),
            park=park,
        )
        _send_energy_report(park, month, recipients)
        sent += 1
    return sent


def _send_energy_report(park, month: dt.date, recipients) -> None:
    """The month's energy report: the park's total of each energy, with the link to the report
    (by building, tenant and sub-item; Excel, Word, PDF). A park without energy meters gets none."""
    from parkops.energy.models import Meter

    meters = list(Meter.objects.filter(park=park, active=True).select_related("building", "enterprise"))
    if not meters:
        return
    sections = reports.energy_month(park, meters, month)
    totals = next((s for s in sections if s.header), None)
    lines = [f"{row[0]}：{row[2]} {row[1]}" for row in (totals.rows if totals else [])]
    notify(
        recipients=recipients,
        kind="insight.energy_report",
        subject=Message("%(park)s %(month)s 月度能耗报告", park=park.name, month=f"{month:%Y-%m}"),
        body="\n".join(lines),
        url=reverse("insight:energy_report") + "?" + urlencode({"park": park.pk, "month": f"{month:%Y-%m}"}),
        park=park,
    )


@transaction.atomic
def send_yearly_reports(*, year: int) -> int:
    """Each park's 年度运营报告 of ``year``: its administrators get the headline figures and the
    link (page, Excel, Word, PDF). Returns how many parks were reported."""
    sent = 0
    for park in Park.objects.order_by("code"):
        notify(
            recipients=_administrators(park),
            kind="insight.yearly_report",
            subject=Message("%(park)s %(year)s 年度运营报告", park=park.name, year=year),
            body=_headlines(reports.yearly_report(park, year), 3),
            url=reverse("insight:yearly") + "?" + urlencode({"park": park.pk, "year": year}),
            park=park,
        )
        sent += 1
    return sent
