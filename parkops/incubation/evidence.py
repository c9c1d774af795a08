"""How incubation answers 表A.1 rows 43–45 (clause 6.5). Each check reads one park's live data
as of a date; a row short of what it asks says how many more it needs and where to add them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, source
from parkops.assessment.titles import Title
from parkops.incubation.models import Fund, FundInvestment, IncubationCentre, IncubatorService, MentoringCase

HALF = Decimal("0.5")
CASES_NEEDED = 2


def _finding(
    fraction: Decimal, evidence: list[Evidence], missing: list[str], action: Action | None
) -> Finding:
    if fraction >= 1:
        return Finding.met(evidence)
    if fraction <= 0:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(fraction, evidence, missing, action=action)


# Row 43 创业孵化中心: 有相关办公场地，提供相关服务清单。
@source(row=43, key="incubation.centre", title=Title(gettext_noop("创业孵化中心办公场地及服务清单")))
def incubation_centre(park, as_of: dt.date) -> Finding:
    """Half for a centre opened by ``as_of`` with at least one office space of the park, half for
    its service list (at least one service offered)."""
    centres = IncubationCentre.objects.filter(park=park, opened_on__lte=as_of)
    with_space = [c for c in centres.prefetch_related("spaces") if c.spaces.exists()]
    services = IncubatorService.objects.filter(centre__in=centres, active=True)
    evidence, missing, fraction = [], [], Decimal(0)
    action = None
    if with_space:
        fraction += HALF
        for centre in with_space:
            names = "、".join(s.name for s in centre.spaces.all()[:5])
            evidence.append(Evidence(label=f"{centre.name}：{names}", url=centre.get_absolute_url()))
    else:
        missing.append(gettext("没有登记带办公场地的创业孵化中心"))
        action = Action(
            reverse("incubation:incubationcentre_add"),
            gettext("登记孵化中心"),
            model="incubation.IncubationCentre",
            permission="add",
        )
    if services.exists():
        fraction += HALF
        evidence.append(
            Evidence(
                label=gettext("孵化服务清单：%(count)s 项") % {"count": services.count()},
                url=reverse("incubation:incubatorservice_list"),
                count=services.count(),
            )
        )
    else:
        missing.append(gettext("孵化中心尚无服务清单"))
        action = action or Action(
            reverse("incubation:incubatorservice_add"),
            gettext("添加孵化服务"),
            model="incubation.IncubatorService",
            permission="add",
        )
    return _finding(fraction, evidence, missing, action)


# Row 44 创业辅导: 提供创业辅导活动清单及不少于 2 个已开展案例。
@source(row=44, key="incubation.mentoring", title=Title(gettext_noop("创业辅导活动清单及已开展案例")))
def mentoring(park, as_of: dt.date) -> Finding:
    """Half for the list of mentoring activities (at least one held by ``as_of``, from the
    calendar), half for at least two cases of sessions held (a quarter each)."""
    from parkops.events.models import EventKind
    from parkops.events.selectors import events_of

    held = events_of(park, EventKind.MENTORING, until=as_of)
    cases = MentoringCase.objects.filter(event__in=held).select_related("event", "startup__enterprise")
    evidence, missing, fraction = [], [], Decimal(0)
    if held.exists():
        fraction += HALF
        evidence.append(
            Evidence(
                label=gettext("创业辅导活动：%(count)s 场") % {"count": held.count()},
                url=reverse("events:event_list") + "?kind=mentoring",
                count=held.count(),
            )
        )
    else:
        missing.append(gettext("日历上没有已开展的创业辅导活动"))
    count = cases.count()
    fraction += HALF * Decimal(min(count, CASES_NEEDED)) / CASES_NEEDED
    evidence += [
        Evidence(label=str(c), url=c.get_absolute_url(), date=timezone.localtime(c.event.starts_at).date())
        for c in cases[:6]
    ]
    action = None
    if count < CASES_NEEDED:
        missing.append(
            gettext("创业辅导案例 %(count)s 个，还需 %(more)s 个")
            % {"count": count, "more": CASES_NEEDED - count}
        )
        action = Action(
            reverse("incubation:mentoringcase_add"),
            gettext("登记辅导案例"),
            model="incubation.MentoringCase",
            permission="add",
        )
    return _finding(fraction, evidence, missing, action)


# Row 45 创业基金: 有自有或合作基金，为创业项目提供初期投资或发展基金，提供至少 1 个成功案例证明文件。
@source(row=45, key="incubation.funds", title=Title(gettext_noop("自有或合作基金及投资案例证明")))
def funds(park, as_of: dt.date) -> Finding:
    """Half for an own or partner fund in existence by ``as_of``, half for at least one
    investment of such a fund in a start-up with its proof file."""
    active = Fund.objects.filter(park=park, active=True, established_on__lte=as_of)
    proven = FundInvestment.objects.filter(fund__in=active, invested_on__lte=as_of).exclude(proof="")
    evidence, missing, fraction = [], [], Decimal(0)
    action = None
    if active.exists():
        fraction += HALF
        evidence += [
            Evidence(label=f"{f.name}（{f.get_kind_display()}）", url=f.get_absolute_url()) for f in active
        ]
    else:
        missing.append(gettext("没有自有或合作的创业基金"))
        action = Action(
            reverse("incubation:fund_add"), gettext("登记基金"), model="incubation.Fund", permission="add"
        )
    if proven.exists():
        fraction += HALF
        evidence += [
            Evidence(label=str(i), url=i.get_absolute_url(), date=i.invested_on)
            for i in proven.select_related("fund", "startup__enterprise")[:4]
        ]
    else:
        missing.append(gettext("没有附证明文件的基金投资案例，还需 1 个"))
        action = action or Action(
            reverse("incubation:fundinvestment_add"),
            gettext("登记投资案例"),
            model="incubation.FundInvestment",
            permission="add",
        )
    return _finding(fraction, evidence, missing, action)
