"""How fees and commercial operation answer 表A.1 row 12 (商业化运营)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Evidence, Finding, source
from parkops.assessment.titles import Title


@source(row=12, key="fees.revenue_lines", title=Title(gettext_noop("多业态经营项目清单及稳定收入")))
def revenue_lines(park, as_of: dt.date) -> Finding:
    """Met when at least 3 business lines each earned in at least 9 of the last 12 full
    months (see ``parkops.fees.selectors.STABLE_*``); partial in proportion otherwise."""
    from parkops.fees.models import BusinessLine
    from parkops.fees.selectors import STABLE_LINES, STABLE_MONTHS, revenue_stability

    active = BusinessLine.objects.filter(park=park, active=True).count()
    if not active:
        return Finding.unmet(gettext("尚未登记多业态商业化运营项目清单"))
    months, lines = revenue_stability(park, as_of)
    stable = [x for x in lines if x.stable]
    evidence = [
        Evidence(
            label=gettext("经营业态 %(count)s 个") % {"count": active},
            url=reverse("fees:businessline_list"),
            count=active,
        ),
        Evidence(
            label=gettext("近 12 个月中至少 %(months)s 个月有收入的业态 %(count)s 个：%(lines)s")
            % {
                "months": STABLE_MONTHS,
                "count": len(stable),
                "lines": gettext("、").join(str(x.line) for x in stable) or gettext("无"),
            },
            url=reverse("fees:revenue"),
            count=len(stable),
            date=months[-1],
        ),
    ]
    if len(stable) >= STABLE_LINES:
        return Finding.met(evidence)
    missing = [
        gettext("收入稳定的业态仅 %(count)s 个（需至少 %(lines)s 个业态各在 %(months)s 个月以上有收入）")
        % {"count": len(stable), "lines": STABLE_LINES, "months": STABLE_MONTHS}
    ]
    return Finding.partial(Decimal(len(stable)) / STABLE_LINES, evidence, missing)
