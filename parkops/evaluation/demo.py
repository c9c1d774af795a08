"""The evaluation part of the demo park: last year's finished third-party evaluation (five
experts, one recused, result published) and this year's evaluation open in the scoring stage,
where the demo ``assessor`` sits on the panel and has not yet declared its interests."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from parkops.core.scope import Role

EXPERTS = (
    # username, name, affiliation, title
    ("pingshen_chen", "陈国栋", "深圳大学管理学院", "教授·产业经济"),
    ("pingshen_lin", "林晓燕", "深圳市标准技术研究院", "高级工程师·标准化"),
    ("pingshen_he", "何志强", "深圳市建筑科学研究院", "高级工程师·绿色建筑"),
    ("pingshen_zhou", "周丽娟", "中国电子技术标准化研究院华南分院", "高级工程师·数字化"),
    ("pingshen_wu", "吴建华", "深圳市安全生产协会", "注册安全工程师"),
)
ORG = "深圳市产业园区发展促进会评估中心"
SPECIALITIES = {
    # the first-level areas of 表A.1 each expert reviews
    "pingshen_chen": ["基础条件", "运营服务"],
    "pingshen_lin": ["运营服务", "数智化", "评价与改进"],
    "pingshen_he": ["基础条件", "绿色低碳"],
    "pingshen_zhou": ["数智化"],
    "pingshen_wu": ["运营服务"],
    "assessor": ["运营服务", "评价与改进"],
}


def exists(ctx) -> bool:
    from parkops.evaluation.models import EvaluationProject

    return EvaluationProject.objects.filter(park=ctx.park).exists()


def _experts(ctx) -> dict:
    from parkops.accounts.models import User

    users = {}
    for username, name, *_ in EXPERTS:
        user = User.objects.filter(username=username).first()
        users[username] = user or ctx.create_user(
            username=username, role=Role.ASSESSOR, display_name=name, email=f"{username}@pinggu.example.cn"
        )
    return users


def _sheet(ctx, project, generosity: float) -> dict[int, tuple[str, str]]:
    from parkops.evaluation.selectors import scored_indicators

    sheet = {}
    for indicator in scored_indicators(project):
        factor = min(1.0, max(0.4, ctx.rng.gauss(generosity, 0.12)))
        score = (indicator.points * Decimal(str(factor)) * 2).quantize(Decimal("1"), ROUND_HALF_UP) / 2
        comment = "" if score == indicator.points else "材料不够完整，酌情扣分"
        sheet[indicator.row] = (str(score), comment)
    return sheet


def _run_to_scoring(ctx, project, lead, *, as_of, visited_on):
    from parkops.evaluation import services

    project = services.advance_project(project=project, to="materials", by=ctx.admin)
    services.submit_materials(
        project=project, by=ctx.admin, as_of=as_of, note="按评估通知要求提交园区运营自评结果及现行制度文件。"
    )
    project = services.advance_project(project=project, to="site_visit", by=ctx.admin)
    services.record_site_visit(
        project=project,
        by=lead.user,
        visited_on=visited_on,
        places="园区展厅、A栋消防控制室、B栋配电房、企业服务中心、垃圾分类收集点、智慧园区运营中心",
        people_met="园区总经理、安全主管、企业服务部经理、3 家入驻企业负责人",
        notes="现场查看消防控制室值班记录和特种设备台账，抽查 2 家企业的服务记录，与入驻企业座谈。",
    )
    return services.advance_project(project=project, to="scoring", by=ctx.admin)


def build(ctx) -> None:
    from parkops.accounts.models import User
    from parkops.assessment.selectors import current_edition
    from parkops.evaluation import services
    from parkops.evaluation.models import EvaluationProject, Expert, MaterialsSubmission

    users = _experts(ctx)
    edition = current_edition()
    today = ctx.today
    last = today.year - 1

    # Last year's evaluation: five experts, one recused (worked for the operator), published.
    past = ctx.create(
        EvaluationProject,
        park=ctx.park,
        title=f"{ctx.park.name} {last} 年度运营水平第三方评估",
        assessor_org=ORG,
        edition=edition,
        planned_start=dt.date(last, 10, 8),
        planned_end=dt.date(last, 11, 28),
    )
    experts = []
    for i, (username, _name, affiliation, title) in enumerate(EXPERTS):
        experts.append(
            services.add_expert(
                project=past,
                user=users[username],
                by=ctx.admin,
                affiliation=affiliation,
                title=title,
                is_lead=i == 0,
                specialities=SPECIALITIES[username],
            )
        )
    for expert in experts[:4]:
        services.declare_conflict(expert=expert, by=expert.user, has_conflict=False)
    services.declare_conflict(
        expert=experts[4],
        by=experts[4].user,
        has_conflict=False,
        worked_for_operator=True,
        employment_ended_on=dt.date(last - 1, 6, 30),
    )
    past = _run_to_scoring(
        ctx, past, experts[0], as_of=dt.date(last, 10, 31), visited_on=dt.date(last, 11, 12)
    )
    for expert, generosity in zip(experts[:4], (0.86, 0.82, 0.9, 0.84), strict=True):
        services.save_scores(expert=expert, by=expert.user, scores=_sheet(ctx, past, generosity))
        services.submit_sheet(expert=expert, by=expert.user)
    question = services.ask_clarification(
        project=past, by=experts[1].user, row=30, question="请补充去年满意度调查的问卷样本和分析报告。"
    )
    services.answer_clarification(
        request=question, by=ctx.admin, answer="已在文件库上传《年度客户满意度调查分析报告》。"
    )
    services.close_clarification(request=question, by=experts[1].user)
    services.record_veto_findings(
        project=past,
        by=experts[0].user,
        illegal=False,
        accident=False,
        basis="查询信用中国（广东深圳）、区应急管理局和公安分局通报，近两年无否决项情形。",
    )
    services.publish_result(project=past, by=experts[0].user)
    # Dates as they happened last year (the audit entries keep the real run time).
    published = dt.datetime(last, 11, 28, 16, 0, tzinfo=dt.UTC)
    EvaluationProject.objects.filter(pk=past.pk).update(published_at=published)
    past.result.__class__.objects.filter(pk=past.result.pk).update(published_at=published)
    Expert.objects.filter(project=past, sheet_submitted_at__isnull=False).update(
        sheet_submitted_at=dt.datetime(last, 11, 20, 9, 0, tzinfo=dt.UTC)
    )
    MaterialsSubmission.objects.filter(project=past).update(
        submitted_at=dt.datetime(last, 10, 31, 8, 0, tzinfo=dt.UTC)
    )

    # This year's evaluation, in the scoring stage: three experts have submitted, the demo
    # assessor has yet to declare and score.
    current = ctx.create(
        EvaluationProject,
        park=ctx.park,
        title=f"{ctx.park.name} {today.year} 年度运营水平第三方评估",
        assessor_org=ORG,
        edition=edition,
        planned_start=today - dt.timedelta(days=30),
        planned_end=today + dt.timedelta(days=20),
    )
    assessor = User.objects.filter(username="assessor").first()
    seats = [
        services.add_expert(
            project=current,
            user=users[EXPERTS[1][0]],
            by=ctx.admin,
            affiliation=EXPERTS[1][2],
            title=EXPERTS[1][3],
            is_lead=True,
            specialities=SPECIALITIES[EXPERTS[1][0]],
        )
    ]
    for username, _name, affiliation, title in (EXPERTS[0], EXPERTS[2]):
        seats.append(
            services.add_expert(
                project=current,
                user=users[username],
                by=ctx.admin,
                affiliation=affiliation,
                title=title,
                specialities=SPECIALITIES[username],
            )
        )
    if assessor is not None:
        services.add_expert(
            project=current,
            user=assessor,
            by=ctx.admin,
            affiliation="深圳市质量协会",
            title="高级经济师·服务质量",
            specialities=SPECIALITIES["assessor"],
        )
    for seat in seats:
        services.declare_conflict(expert=seat, by=seat.user, has_conflict=False)
    current = _run_to_scoring(
        ctx, current, seats[0], as_of=today - dt.timedelta(days=20), visited_on=today - dt.timedelta(days=7)
    )
    for seat, generosity in zip(seats, (0.9, 0.88, 0.93), strict=True):
        services.save_scores(expert=seat, by=seat.user, scores=_sheet(ctx, current, generosity))
        services.submit_sheet(expert=seat, by=seat.user)
    services.record_veto_findings(
        project=current,
        by=seats[0].user,
        illegal=False,
        accident=False,
        basis="查询信用中国（广东深圳）及区应急管理局通报，近两年无否决项情形。",
    )
    services.ask_clarification(
        project=current, by=seats[1].user, row=46, question="孵化器在孵企业名单与入驻企业台账不一致，请说明。"
    )
    ctx.note(f"第三方评估：{current.title} 处于专家评分阶段，assessor 尚未声明利益冲突和评分。")
