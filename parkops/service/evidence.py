"""How customer service answers the scoring table: rows 28 (concierge team), 29 (the CRM
policy half; the tenant archive half is the investment app's), 30 (yearly satisfaction
survey with analysis and improvement plan) and 31 (meeting and reception cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.service import selectors
from parkops.service.models import ConciergeMember, ConciergeTeam, MeetingService, ReceptionRecord

HALF = Decimal("0.5")


@source(row=28, key="service.concierge_team", title=Title(gettext_noop("礼宾服务团队及团队介绍")))
def concierge_team(park, as_of: dt.date) -> Finding:
    """Met when the park has a concierge team with an introduction and at least two serving
    members (front desk, building butlers, reception) on its roster."""
    teams = ConciergeTeam.objects.filter(park=park, created_at__date__lte=as_of)
    if not teams.exists():
        return Finding.unmet(gettext("没有登记礼宾服务团队"), effort=1)
    members = ConciergeMember.objects.filter(team__in=teams, staff__active=True)
    introduced = [t for t in teams if t.introduction.strip() or t.introduction_file]
    evidence = [
        Evidence(
            label=gettext("%(team)s：成员 %(count)s 人")
            % {"team": t.name, "count": members.filter(team=t).count()},
            url=t.get_absolute_url(),
        )
        for t in teams
    ]
    missing = []
    if not introduced:
        missing.append(gettext("礼宾服务团队缺少团队介绍"))
    if members.count() < 2:
        missing.append(gettext("礼宾服务团队在岗成员少于 2 人"))
    if not missing:
        return Finding.met(evidence)
    return (
        Finding.partial(HALF, evidence, missing)
        if len(missing) == 1
        else Finding.unmet(*missing, evidence=evidence)
    )


document_source(
    row=29,
    key="service.crm_policy",
    title=Title(gettext_noop("客户关系管理制度")),
    document_kind="customer_relationship_policy",
    share=HALF,
)


@source(row=30, key="service.survey", title=Title(gettext_noop("年度满意度调查及分析改进")))
def yearly_survey(park, as_of: dt.date) -> Finding:
    """Met when a survey closed within the 12 months before ``as_of`` has its analysis and an
    improvement plan; half when it lacks one of them."""
    survey = selectors.latest_closed_survey(park, as_of)
    if survey is None:
        return Finding.unmet(gettext("近 12 个月内没有已结束的满意度调查"), effort=3)
    results = selectors.survey_results(survey)
    nps = results.nps
    values = {"survey": survey.title, "closed": f"{survey.closed_on:%Y-%m-%d}", "rate": results.response_rate}
    if nps and nps.score is not None:
        label = gettext("%(survey)s（%(closed)s 结束，回收率 %(rate)s%%，NPS %(nps)s）") % {
            **values,
            "nps": nps.score,
        }
    else:
        label = gettext("%(survey)s（%(closed)s 结束，回收率 %(rate)s%%）") % values
    evidence = [
        Evidence(label=label, url=survey.get_absolute_url(), count=results.responses, date=survey.closed_on)
    ]
    if results.responses == 0:
        return Finding.unmet(gettext("%(survey)s 没有收回答卷") % {"survey": survey.title}, evidence=evidence)
    missing = []
    if not survey.has_analysis:
        missing.append(gettext("%(survey)s 缺少结果分析") % {"survey": survey.title})
    if not survey.has_improvement_plan:
        missing.append(gettext("%(survey)s 缺少改进计划") % {"survey": survey.title})
    if not missing:
        return Finding.met(evidence)
    return Finding.partial(HALF, evidence, missing, effort=1)


@source(row=31, key="service.meetings_reception", title=Title(gettext_noop("会议服务及接待案例")))
def meetings_and_reception(park, as_of: dt.date) -> Finding:
    """Met when the last 12 months hold both meeting-service records and reception records."""
    since = as_of - dt.timedelta(days=365)
    meetings = MeetingService.objects.filter(park=park, held_on__gt=since, held_on__lte=as_of)
    receptions = ReceptionRecord.objects.filter(park=park, received_on__gt=since, received_on__lte=as_of)
    evidence = []
    if meetings.exists():
        evidence.append(
            Evidence(
                label=gettext("近 12 个月会议服务 %(count)s 场（典型案例 %(cases)s 个）")
                % {"count": meetings.count(), "cases": meetings.filter(is_case=True).count()},
                url=reverse("service:meetingservice_list"),
                count=meetings.count(),
            )
        )
    if receptions.exists():
        evidence.append(
            Evidence(
                label=gettext("近 12 个月接待 %(count)s 次（典型案例 %(cases)s 个）")
                % {"count": receptions.count(), "cases": receptions.filter(is_case=True).count()},
                url=reverse("service:receptionrecord_list"),
                count=receptions.count(),
            )
        )
    missing = []
    if not meetings.exists():
        missing.append(gettext("近 12 个月没有会议服务记录"))
    if not receptions.exists():
        missing.append(gettext("近 12 个月没有接待记录"))
    if not missing:
        return Finding.met(evidence)
    return Finding.partial(HALF, evidence, missing) if evidence else Finding.unmet(*missing)
