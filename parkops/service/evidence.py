"""How customer service answers the scoring table: rows 28 (concierge team), 29 (the CRM
policy half; the tenant archive half is the investment app's), 30 (yearly satisfaction
survey with analysis and improvement plan) and 31 (meeting and reception cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from parkops.assessment.registry import Evidence, Finding, document_source, source
from parkops.service import selectors
from parkops.service.models import ConciergeMember, ConciergeTeam, MeetingService, ReceptionRecord

HALF = Decimal("0.5")


@source(row=28, key="service.concierge_team", title="礼宾服务团队及团队介绍")
def concierge_team(park, as_of: dt.date) -> Finding:
    """Met when the park has a concierge team with an introduction and at least two serving
    members (front desk, building butlers, reception) on its roster."""
    teams = ConciergeTeam.objects.filter(park=park, created_at__date__lte=as_of)
    if not teams.exists():
        return Finding.unmet("没有登记礼宾服务团队", effort=1)
    members = ConciergeMember.objects.filter(team__in=teams, staff__active=True)
    introduced = [t for t in teams if t.introduction.strip() or t.introduction_file]
    evidence = [
        Evidence(label=f"{t.name}：成员 {members.filter(team=t).count()} 人", url=t.get_absolute_url())
        for t in teams
    ]
    missing = []
    if not introduced:
        missing.append("礼宾服务团队缺少团队介绍")
    if members.count() < 2:
        missing.append("礼宾服务团队在岗成员少于 2 人")
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
    title="客户关系管理制度",
    document_kind="customer_relationship_policy",
    share=HALF,
)


@source(row=30, key="service.survey", title="年度满意度调查及分析改进")
def yearly_survey(park, as_of: dt.date) -> Finding:
    """Met when a survey closed within the 12 months before ``as_of`` has its analysis and an
    improvement plan; half when it lacks one of them."""
    survey = selectors.latest_closed_survey(park, as_of)
    if survey is None:
        return Finding.unmet("近 12 个月内没有已结束的满意度调查", effort=3)
    results = selectors.survey_results(survey)
    nps = results.nps
    label = f"{survey.title}（{survey.closed_on:%Y-%m-%d} 结束，回收率 {results.response_rate}%"
    label += f"，NPS {nps.score}）" if nps and nps.score is not None else "）"
    evidence = [
        Evidence(label=label, url=survey.get_absolute_url(), count=results.responses, date=survey.closed_on)
    ]
    if results.responses == 0:
        return Finding.unmet(f"{survey.title} 没有收回答卷", evidence=evidence)
    missing = []
    if not survey.has_analysis:
        missing.append(f"{survey.title} 缺少结果分析")
    if not survey.has_improvement_plan:
        missing.append(f"{survey.title} 缺少改进计划")
    if not missing:
        return Finding.met(evidence)
    return Finding.partial(HALF, evidence, missing, effort=1)


@source(row=31, key="service.meetings_reception", title="会议服务及接待案例")
def meetings_and_reception(park, as_of: dt.date) -> Finding:
    """Met when the last 12 months hold both meeting-service records and reception records."""
    since = as_of - dt.timedelta(days=365)
    meetings = MeetingService.objects.filter(park=park, held_on__gt=since, held_on__lte=as_of)
    receptions = ReceptionRecord.objects.filter(park=park, received_on__gt=since, received_on__lte=as_of)
    evidence = []
    if meetings.exists():
        evidence.append(
            Evidence(
                label=f"近 12 个月会议服务 {meetings.count()} 场（典型案例 {meetings.filter(is_case=True).count()} 个）",
                url=reverse("service:meetingservice_list"),
                count=meetings.count(),
            )
        )
    if receptions.exists():
        evidence.append(
            Evidence(
                label=f"近 12 个月接待 {receptions.count()} 次（典型案例 {receptions.filter(is_case=True).count()} 个）",
                url=reverse("service:receptionrecord_list"),
                count=receptions.count(),
            )
        )
    missing = []
    if not meetings.exists():
        missing.append("近 12 个月没有会议服务记录")
    if not receptions.exists():
        missing.append("近 12 个月没有接待记录")
    if not missing:
        return Finding.met(evidence)
    return Finding.partial(HALF, evidence, missing) if evidence else Finding.unmet(*missing)
