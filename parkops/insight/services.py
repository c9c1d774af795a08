"""Insight writes: the monthly report sent by the task queue (clause 7.2)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from parkops.core.models import Park
from parkops.core.scope import Role
from parkops.insight import reports
from parkops.notifications.services import Message, notify


@transaction.atomic
def send_monthly_reports(*, month: dt.date) -> int:
    """Compute each park's report for ``month`` and send its administrators (in-platform, email,
    and the park's group webhooks) the month's headline figures with a link to the Excel and
    Word files. Returns how many parks were reported."""
    from parkops.accounts.models import User

    sent = 0
    for park in Park.objects.order_by("code"):
        sections = reports.monthly_report(park, month)
        recipients = User.objects.filter(role=Role.OPERATOR_ADMIN, operator=park.operator_id, is_active=True)
        lines = [
            f"{label}：{'—' if value is None else value}" for s in sections[:4] for label, value in s.rows[:2]
        ]
        notify(
            recipients=recipients,
            kind="insight.monthly_report",
            subject=Message("%(park)s %(month)s 月度运营报告", park=park.name, month=f"{month:%Y-%m}"),
            body="\n".join(lines),
            url=reverse("insight:monthly") + "?" + urlencode({"park": park.pk, "month": f"{month:%Y-%m}"}),
            park=park,
        )
        sent += 1
    return sent
