"""How public services answer 表A.1 rows 46–48 (clause 6.6). Each check reads one park's live
data as of a date; a row short of what it asks says how many more it needs and where."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, source
from parkops.assessment.titles import Title
from parkops.publicservice.models import PlatformCase, ServicePlatform

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


def _platforms(park, kind: str, as_of: dt.date):
    return ServicePlatform.objects.filter(park=park, kind=kind, active=True, since__lte=as_of).exclude(
        services=""
    )


def _platform_evidence(platforms) -> list[Evidence]:
    out = []
    for p in platforms:
        serves = "、".join(line.strip() for line in p.services.splitlines() if line.strip())[:80]
        out.append(Evidence(label=f"{p.name}：{serves}", url=p.get_absolute_url()))
    return out


def _add_platform(kind: str) -> Action:
    return Action(
        reverse("publicservice:serviceplatform_add") + f"?kind={kind}",
        gettext("登记服务平台"),
        model="publicservice.ServicePlatform",
        permission="add",
    )


# Row 46 产业公共服务平台: 提供产业公共服务平台清单及可服务内容，并提供不少于 2 个已完成服务案例。
@source(
    row=46, key="publicservice.industry", title=Title(gettext_noop("产业公共服务平台清单及已完成服务案例"))
)
def industry_platforms(park, as_of: dt.date) -> Finding:
    """Half for the list (at least one industry platform in service with what it serves), half for
    at least two cases completed by ``as_of`` on those platforms (a quarter each)."""
    platforms = _platforms(park, ServicePlatform.Kind.INDUSTRY, as_of)
    cases = PlatformCase.objects.filter(platform__in=platforms, completed_on__lte=as_of).select_related(
        "platform", "enterprise"
    )
    evidence, missing, fraction, action = _platform_evidence(platforms), [], Decimal(0), None
    if evidence:
        fraction += HALF
    else:
        missing.append(gettext("没有登记产业公共服务平台及其可服务内容"))
        action = _add_platform(ServicePlatform.Kind.INDUSTRY)
    count = cases.count()
    fraction += HALF * Decimal(min(count, CASES_NEEDED)) / CASES_NEEDED
    evidence += [Evidence(label=str(c), url=c.get_absolute_url(), date=c.completed_on) for c in cases[:6]]
    if count < CASES_NEEDED:
        missing.append(
            gettext("已完成的平台服务案例 %(count)s 个，还需 %(more)s 个")
            % {"count": count, "more": CASES_NEEDED - count}
        )
        action = action or Action(
            reverse("publicservice:platformcase_add"),
            gettext("登记服务案例"),
            model="publicservice.PlatformCase",
            permission="add",
        )
    return _finding(fraction, evidence, missing, action)


# Row 47 政府公共服务平台: 提供政府公共服务平台清单及可服务内容。
@source(row=47, key="publicservice.government", title=Title(gettext_noop("政府公共服务平台清单及可服务内容")))
def government_platforms(park, as_of: dt.date) -> Finding:
    """Met with at least one government service platform in service and what it serves."""
    evidence = _platform_evidence(_platforms(park, ServicePlatform.Kind.GOVERNMENT, as_of))
    if evidence:
        return Finding.met(evidence)
    return Finding.unmet(
        gettext("没有登记政府公共服务平台及其可服务内容"),
        action=_add_platform(ServicePlatform.Kind.GOVERNMENT),
    )


# Row 48 党建群团活动: 提供相关主题活动清单及活动完成案例不少于 2 项。
@source(row=48, key="publicservice.party_group", title=Title(gettext_noop("党建群团主题活动清单及完成案例")))
def party_and_group(park, as_of: dt.date) -> Finding:
    """Half for the list of party-building and group activities on the calendar (at least one
    held by ``as_of``), half for at least two of them completed with their record (a written
    summary or photos; a quarter each)."""
    from parkops.events.models import EventKind
    from parkops.events.selectors import events_of, recorded

    held = events_of(park, (EventKind.PARTY, EventKind.GROUP), until=as_of)
    done = recorded(held)
    evidence, missing, fraction, action = [], [], Decimal(0), None
    if held.exists():
        fraction += HALF
        evidence.append(
            Evidence(
                label=gettext("党建群团活动：%(count)s 场") % {"count": held.count()},
                url=reverse("events:party_list"),
                count=held.count(),
            )
        )
    else:
        missing.append(gettext("日历上没有已开展的党建或群团活动"))
    count = done.count()
    fraction += HALF * Decimal(min(count, CASES_NEEDED)) / CASES_NEEDED
    evidence += [
        Evidence(label=str(e), url=e.get_absolute_url(), date=timezone.localtime(e.starts_at).date())
        for e in done.order_by("-starts_at")[:6]
    ]
    if count < CASES_NEEDED:
        missing.append(
            gettext("有活动记录（总结或照片）的完成案例 %(count)s 项，还需 %(more)s 项")
            % {"count": count, "more": CASES_NEEDED - count}
        )
        if held.exists():
            action = Action(
                reverse("events:party_list"),
                gettext("补充活动记录"),
                model="events.Event",
                permission="change",
            )
        else:
            action = Action(
                reverse("events:event_add") + f"?kind={EventKind.PARTY}",
                gettext("安排党建活动"),
                model="events.Event",
                permission="add",
            )
    return _finding(fraction, evidence, missing, action)
