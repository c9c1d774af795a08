"""The improvement part of the demo park: this year's internal evaluation plan (on-site checks of
every area but 绿色低碳, which the park-wide 测评, audit and review cover), the inspections of the last twelve months in all five forms,
findings with cause analysis, and corrective actions in every PDCA state, one overdue and
escalated."""

from __future__ import annotations

import datetime as dt

from parkops.core.scope import Role


def exists(ctx) -> bool:
    from parkops.improvement.models import InspectionPlan

    return InspectionPlan.objects.filter(park=ctx.park).exists()


def build(ctx) -> None:
    from parkops.accounts.models import User
    from parkops.improvement import services
    from parkops.improvement.models import (
        CorrectiveAction,
        Finding,
        Inspection,
        InspectionKind,
        InspectionPlan,
        InspectionPlanItem,
        ServiceArea,
    )
    from parkops.service.selectors import latest_closed_survey

    today = ctx.today
    year = today.year
    staff = {u.department: u for u in User.objects.filter(role=Role.STAFF, parks=ctx.park).order_by("pk")}
    fallback = ctx.admin
    plan = ctx.create(
        InspectionPlan,
        park=ctx.park,
        year=year,
        title=f"{year} 年度园区运营内部评价计划",
        basis="《产业园区运营规范》第9章；园区运营服务工作制度；租赁合同；ISO 9001 质量管理体系",
        approved_on=dt.date(year, 1, 10),
    )
    month = 2
    for area in ServiceArea:
        if area == ServiceArea.GREEN:
            continue  # no on-site check of its own; the park-wide items below cover it
        ctx.create(
            InspectionPlanItem,
            plan=plan,
            area=area,
            kind=InspectionKind.ONSITE,
            planned_month=month,
            responsible="综合管理部",
        )
        month = month % 11 + 1
    for area, kind, m in (
        ("all", InspectionKind.SELF_EVALUATION, 6),
        ("all", InspectionKind.AUDIT, 9),
        ("all", InspectionKind.MANAGEMENT_REVIEW, 12),
        (ServiceArea.CUSTOMER, InspectionKind.SATISFACTION_SURVEY, 10),
    ):
        ctx.create(
            InspectionPlanItem, plan=plan, area=area, kind=kind, planned_month=m, responsible="综合管理部"
        )

    def held(days_ago: int) -> dt.date:
        return today - dt.timedelta(days=days_ago)

    survey = latest_closed_survey(ctx.park, today)
    inspections = {
        "onsite_safety": ctx.create(
            Inspection,
            park=ctx.park,
            plan=plan,
            kind=InspectionKind.ONSITE,
            area=ServiceArea.SAFETY,
            title="消防与特种设备现场检查",
            held_on=held(150),
            led_by="综合管理部经理",
            summary="抽查消防设施 40 处、电梯 6 台，发现问题 2 项。",
        ),
        "onsite_customer": ctx.create(
            Inspection,
            park=ctx.park,
            plan=plan,
            kind=InspectionKind.ONSITE,
            area=ServiceArea.CUSTOMER,
            title="客服中心服务质量现场检查",
            held_on=held(120),
            led_by="综合管理部经理",
            summary="抽查工单 60 张，响应超时 3 张。",
        ),
        "self": ctx.create(
            Inspection,
            park=ctx.park,
            plan=plan,
            kind=InspectionKind.SELF_EVALUATION,
            area="all",
            title="上半年运营服务内部测评",
            held_on=held(100),
            led_by="园区总经理",
            summary="按表A.1 逐项自评，自评得分 82.5 分。",
        ),
        "audit": ctx.create(
            Inspection,
            park=ctx.park,
            plan=plan,
            kind=InspectionKind.AUDIT,
            area="all",
            title="质量管理体系内部审核",
            held_on=held(60),
            led_by="ISO 内审组",
            summary="审核 9 个部门，开具不符合项 2 项。",
        ),
        "survey": ctx.create(
            Inspection,
            park=ctx.park,
            plan=plan,
            kind=InspectionKind.SATISFACTION_SURVEY,
            area=ServiceArea.CUSTOMER,
            title="年度客户满意度调查结果评价",
            held_on=max(held(40), survey.closed_on if survey else held(40)),
            led_by="客服主管",
            survey=survey,
            summary="回收率 78%，总体满意度 91.2%，NPS 32。",
        ),
        "review": ctx.create(
            Inspection,
            park=ctx.park,
            plan=plan,
            kind=InspectionKind.MANAGEMENT_REVIEW,
            area="all",
            title="年度管理评审",
            held_on=held(20),
            led_by="园区总经理",
            summary="评审内部评价结果和满意度调查结论，确定 3 项改进方向。",
        ),
    }
    # 9.1.1 smart evaluation: the platform's own figures for the last quarter.
    services.save_inspection(
        by=ctx.admin,
        data={
            "park": ctx.park,
            "plan": plan,
            "kind": InspectionKind.SMART,
            "area": ServiceArea.CUSTOMER,
            "title": "季度智慧评价：工单时效与重复投诉",
            "held_on": held(5),
            "period_start": held(95),
            "led_by": "数字化部",
            "summary": "平台统计工单按时响应、完成情况及重复投诉，纳入管理评审输入。",
        },
    )
    owners = [
        staff.get(k, fallback) for k in ("safety", "service", "engineering", "enterprise", "administration")
    ]

    def finding(key, area, description, cause, severity="minor"):
        return ctx.create(
            Finding,
            inspection=inspections[key],
            area=area,
            description=description,
            cause_analysis=cause,
            severity=severity,
        )

    f1 = finding(
        "onsite_safety",
        ServiceArea.SAFETY,
        "B栋 3 层 2 具灭火器压力不足，巡检表未记录。",
        "巡检表未列出灭火器压力检查项，巡检员培训不到位。",
        "major",
    )
    f2 = finding(
        "onsite_customer",
        ServiceArea.CUSTOMER,
        "报修工单 3 张超过 30 分钟未响应。",
        "夜间值班仅 1 人，工单未自动提醒。",
    )
    f3 = finding(
        "audit",
        ServiceArea.ENGINEERING,
        "配电房预防性维护计划未按月执行。",
        "维护计划与外包单位合同周期不一致。",
    )
    f4 = finding(
        "survey",
        ServiceArea.ENTERPRISE,
        "企业对政策申报辅导的满意度低于 80%。",
        "政策信息推送不及时，缺少专人跟进。",
    )

    def action(f, description, owner, deadline):
        return ctx.create(
            CorrectiveAction, finding=f, description=description, owner=owner or fallback, deadline=deadline
        )

    a1 = action(f1, "更换灭火器并修订消防巡检表，增加压力检查项；组织巡检员培训。", owners[0], held(120))
    services.start_action(action=a1, by=a1.owner)
    services.report_completion(
        action=a1,
        by=a1.owner,
        note="已更换 2 具灭火器，巡检表 V2.1 已发布，培训 12 人。",
        completed_on=held(125),
        improvement_document="《消防设施巡检作业指导书》V2.1",
    )
    services.verify_action(
        action=a1, by=ctx.admin, effective=True, verification="复查 B栋全部灭火器压力正常，巡检记录完整。"
    )
    a2 = action(f2, "增设夜间值班人员，工单系统 15 分钟未响应自动提醒。", owners[1], held(30))
    services.start_action(action=a2, by=a2.owner)
    services.report_completion(
        action=a2,
        by=a2.owner,
        note="夜间值班调整为 2 人，工单提醒已上线。",
        completed_on=held(35),
        improvement_document="《客户服务中心工单管理规范》V3.0",
    )
    a3 = action(f3, "修订配电房预防性维护计划，与外包合同对齐并按月检查执行。", owners[2], held(10))
    services.start_action(action=a3, by=a3.owner)  # overdue: past its deadline, still in progress
    action(f4, "设立政策服务专员，每月推送政策清单并跟踪申报。", owners[3], today + dt.timedelta(days=45))
    services.escalate_overdue(today=today)
    ctx.note(
        "内部评价：现场检查计划未单列“绿色低碳”（由全面内部测评、审核、管理评审覆盖）；整改措施 1 项逾期并已督办。"
    )
    assert CorrectiveAction.objects.filter(finding__inspection__park=ctx.park).count() == 4
