"""How fees and commercial operation answer 表A.1 row 12 (商业化运营)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from parkops.assessment.registry import Evidence, Finding, source


@source(row=12, key="fees.revenue_lines", title="多业态经营项目清单及稳定收入")
def revenue_lines(park, as_of: dt.date) -> Finding:
    """Met when at least 3 business lines each earned in at least 9 of the last 12 full
    months (see ``parkops.fees.selectors.STABLE_*``); partial in proportion otherwise."""
    from parkops.fees.models import BusinessLine
    from parkops.fees.selectors import STABLE_LINES, STABLE_MONTHS, revenue_stability

    active = BusinessLine.objects.filter(park=park, active=True).count()
    if not active:
        return Finding.unmet("尚未登记多业态商业化运营项目清单")
    months, lines = revenue_stability(park, as_of)
    stable = [x for x in lines if x.stable]
    evidence = [
        Evidence(label=f"经营业态 {active} 个", url=reverse("fees:businessline_list"), count=active),
        Evidence(
            label=f"近 12 个月中至少 {STABLE_MONTHS} 个月有收入的业态 {len(stable)} 个："
            + ("、".join(str(x.line) for x in stable) or "无"),
            url=reverse("fees:revenue"),
            count=len(stable),
            date=months[-1],
        ),
    ]
    if len(stable) >= STABLE_LINES:
        return Finding.met(evidence)
    missing = [
        f"收入稳定的业态仅 {len(stable)} 个（需至少 {STABLE_LINES} 个业态各在 {STABLE_MONTHS} 个月以上有收入）"
    ]
    return Finding.partial(Decimal(len(stable)) / STABLE_LINES, evidence, missing)
