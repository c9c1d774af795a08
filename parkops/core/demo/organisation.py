"""The operator's organisation in the demo park: departments, positions, staff, their
certificates, training and yearly assessments (clause 5.2; indicators 6, 7, 8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from parkops.core.demo import names
from parkops.core.demo.context import DemoContext
from parkops.core.models import (
    Department,
    Position,
    Staff,
    StaffAssessment,
    StaffQualification,
    TrainingRecord,
)
from parkops.core.scope import DepartmentKind, Role


@dataclass(frozen=True)
class Certificate:
    name: str
    issuer: str
    prefix: str
    valid_years: int | None  # None: a qualification that does not expire


CERTIFICATES = {
    "safety_engineer": Certificate("注册安全工程师", "应急管理部", "AQZC", 5),
    "safety_manager": Certificate(
        "安全生产知识和管理能力考核合格证（安全生产管理人员）", "深圳市应急管理局", "AQGL", 3
    ),
    "fire_operator": Certificate(
        "消防设施操作员职业技能等级证书（四级）", "深圳市职业技能鉴定服务中心", "XF", None
    ),
    "hv_electrician": Certificate("特种作业操作证（高压电工作业）", "深圳市应急管理局", "TZGY", 6),
    "lv_electrician": Certificate("特种作业操作证（低压电工作业）", "深圳市应急管理局", "TZDY", 6),
    "refrigeration": Certificate(
        "特种作业操作证（制冷与空调设备运行操作作业）", "深圳市应急管理局", "TZZL", 6
    ),
    "special_equipment": Certificate(
        "特种设备安全管理和作业人员证（A 特种设备安全管理）", "深圳市市场监督管理局", "TSA", 4
    ),
    "accountant": Certificate("会计专业技术资格（中级）", "财政部", "KJ", None),
    "economist": Certificate("经济专业技术资格（中级）", "人力资源和社会保障部", "JJ", None),
    "project_manager": Certificate(
        "计算机技术与软件专业技术资格（信息系统项目管理师）", "工业和信息化部教育与考试中心", "RK", None
    ),
    "network_engineer": Certificate(
        "计算机技术与软件专业技术资格（网络工程师）", "工业和信息化部教育与考试中心", "RK", None
    ),
    "ems_auditor": Certificate("ISO 14001 环境管理体系内审员证书", "中国质量认证中心", "EMS", 3),
}


@dataclass(frozen=True)
class PositionSpec:
    title: str
    responsibilities: str
    count: int = 1
    professional: bool = False
    certificates: tuple[str, ...] = ()
    trainings: tuple[tuple[str, str, str], ...] = ()  # (topic, provider, hours)
    head: bool = False  # heads the department and signs in with its login


@dataclass(frozen=True)
class DepartmentSpec:
    kind: str
    name: str
    login: str
    duties: str
    experience: str  # the head's experience, {years} filled in
    positions: tuple[PositionSpec, ...]


DEPARTMENTS = (
    DepartmentSpec(
        DepartmentKind.INVESTMENT,
        "招商部",
        "zhaoshang",
        "围绕园区主导产业和特色产业开展产业链招商；负责房源管理、项目洽谈、入驻评审和租赁签约；"
        "维护招商渠道，跟踪产业政策和目标企业。",
        "{years} 年产业园区招商经验，累计引进电子信息和智能制造企业 120 余家。",
        (
            PositionSpec(
                "招商总监",
                "制定年度招商计划和产业招商策略，组织项目洽谈、入驻评审和租赁合同谈判，维护重点客户和招商渠道。",
                head=True,
            ),
            PositionSpec(
                "招商经理",
                "负责意向企业的接洽、带看、需求分析和方案制作，跟进项目评审、签约和入驻交付，维护招商台账。",
                count=3,
            ),
            PositionSpec(
                "产业研究专员",
                "跟踪深圳市“20+8”产业政策和产业链动态，开展目标企业研究和招商线索挖掘，编制产业分析报告。",
            ),
            PositionSpec("招商助理", "负责房源台账、客户信息登记、合同资料整理和招商数据统计。"),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.ENTERPRISE,
        "企业服务部",
        "qiye",
        "建立入驻企业服务体系：企业走访与需求调研、政策申报辅导、投融资对接、人才服务和产业活动，"
        "建立并维护企业档案。",
        "{years} 年企业服务经验，组织辅导园区企业获评国家高新技术企业 40 余家。",
        (
            PositionSpec(
                "企业服务部经理",
                "统筹企业服务工作，组织企业走访和需求调研，协调政策、金融、人才等服务资源。",
                head=True,
            ),
            PositionSpec(
                "企业服务专员",
                "对接入驻企业日常需求，定期走访并更新企业档案，协调解决企业经营中的问题。",
                count=2,
            ),
            PositionSpec(
                "政策申报专员",
                "解读各级产业扶持政策，辅导企业申报高新技术企业、专精特新等资质和资助项目。",
                professional=True,
                certificates=("economist",),
                trainings=(
                    ("高新技术企业认定政策解读", "深圳市科技创新局", "4"),
                    ("专精特新企业培育政策培训", "深圳市中小企业服务局", "4"),
                ),
            ),
            PositionSpec(
                "投融资服务专员", "组织投融资对接活动，维护投资与金融机构资源，为企业提供融资信息服务。"
            ),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.SAFETY,
        "安全管理部",
        "anquan",
        "建立安全生产责任制和安全管理制度；组织风险辨识、隐患排查治理和安全巡查；管理消防控制室；"
        "编制应急预案并组织演练；监督入驻企业落实安全生产主体责任。",
        "{years} 年安全生产管理经验，主持园区安全生产标准化建设。",
        (
            PositionSpec(
                "安全管理部经理",
                "组织建立安全生产责任制和管理制度，组织隐患排查治理和应急演练，监督入驻企业安全生产。",
                professional=True,
                certificates=("safety_engineer",),
                trainings=(
                    ("注册安全工程师继续教育", "深圳市安全生产协会", "16"),
                    ("生产安全事故应急预案编制与演练", "深圳市应急管理局", "8"),
                ),
                head=True,
            ),
            PositionSpec(
                "安全员",
                "按计划开展安全巡查和专项检查，登记隐患并跟踪整改闭环，检查入驻企业消防和用电安全。",
                count=3,
                professional=True,
                certificates=("safety_manager",),
                trainings=(
                    ("隐患排查治理实务", "深圳市安全生产协会", "8"),
                    ("有限空间作业安全管理", "深圳市应急管理局", "4"),
                    ("安全生产管理人员复训", "深圳市应急管理局", "16"),
                ),
            ),
            PositionSpec(
                "消防控制室值班员",
                "24 小时值守消防控制室，监控火灾报警和消防设施运行状态，按规程处置报警并做好值班记录。",
                count=2,
                professional=True,
                certificates=("fire_operator",),
                trainings=(
                    ("消防控制室值班操作规程", "深圳市消防救援支队", "8"),
                    ("火灾自动报警系统维护", "园区内训", "4"),
                ),
            ),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.ENGINEERING,
        "工程部",
        "gongcheng",
        "负责供配电、给排水、暖通空调、电梯等设施设备的运行、维护和改造；制定维保计划，管理维保单位；"
        "负责特种设备登记、检验和技术档案。",
        "{years} 年园区设施设备管理经验，主持 C 栋厂房供配电增容改造。",
        (
            PositionSpec(
                "工程部经理",
                "负责设施设备运行维护管理，制定维保计划，管理维保单位和工程改造项目。",
                professional=True,
                certificates=("hv_electrician",),
                trainings=(("设施设备全生命周期管理", "深圳市物业管理行业协会", "8"),),
                head=True,
            ),
            PositionSpec(
                "强电工程师",
                "负责变配电室运行值班、倒闸操作和设备巡检，处理供电故障，落实电气安全规程。",
                count=2,
                professional=True,
                certificates=("hv_electrician",),
                trainings=(
                    ("高压电工作业复审培训", "深圳市应急管理局", "8"),
                    ("配电室倒闸操作规范", "园区内训", "4"),
                ),
            ),
            PositionSpec(
                "电工",
                "负责公共区域照明、动力配电和入驻企业用电报修的维修，定期检查电气线路。",
                professional=True,
                certificates=("lv_electrician",),
                trainings=(("低压电工作业复审培训", "深圳市应急管理局", "8"),),
            ),
            PositionSpec(
                "暖通工程师",
                "负责中央空调系统的运行调节和维护保养，优化运行策略，降低空调能耗。",
                professional=True,
                certificates=("refrigeration",),
                trainings=(("中央空调系统节能运行", "深圳市建筑节能协会", "8"),),
            ),
            PositionSpec(
                "特种设备管理员",
                "负责电梯等特种设备的使用登记、定期检验申报和每月自行检查，监督电梯维保单位按规定维保，"
                "管理特种设备安全技术档案。",
                professional=True,
                certificates=("special_equipment",),
                trainings=(
                    ("特种设备安全管理人员培训", "深圳市特种设备行业协会", "16"),
                    ("电梯困人应急救援演练", "园区内训", "4"),
                ),
            ),
            PositionSpec("给排水技工", "负责给排水和消防水系统的巡检维修，定期清洗水箱并送检水质。"),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.SERVICE,
        "客户服务中心",
        "kefu",
        "受理入驻企业和访客的咨询、报修、投诉和建议，派单跟踪并回访；办理入驻、退租、门禁和车辆手续；"
        "组织满意度调查。",
        "{years} 年物业与客户服务管理经验。",
        (
            PositionSpec(
                "客服主管",
                "负责客户服务中心日常管理，制定服务标准和流程，处理投诉和重大报修，组织满意度调查。",
                head=True,
            ),
            PositionSpec(
                "客服专员",
                "受理咨询、报修和投诉，派单并回访，办理入驻退租手续和门禁卡证。",
                count=4,
            ),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.ENVIRONMENT,
        "环境管理部",
        "huanjing",
        "负责园区保洁、绿化、垃圾分类和虫害防治，监督外包服务质量；督促入驻企业做好污染物管理；"
        "推进节能减排和绿色园区建设。",
        "{years} 年园区环境与绿色运营管理经验。",
        (
            PositionSpec(
                "环境管理部经理",
                "负责环境卫生、绿化和垃圾分类管理，监督外包单位服务质量，组织节能减排工作。",
                head=True,
            ),
            PositionSpec(
                "环境主管", "每日巡查公共区域卫生和绿化养护，考核保洁绿化外包单位，组织垃圾分类宣传。"
            ),
            PositionSpec(
                "环保专员",
                "监督入驻企业污水、废气、噪声和危险废物管理，建立环保台账，配合环保检查。",
                professional=True,
                certificates=("ems_auditor",),
                trainings=(("危险废物规范化管理", "深圳市生态环境局南山管理局", "4"),),
            ),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.BRAND,
        "品牌部",
        "pinpai",
        "制定园区品牌建设规划，策划品牌活动、产业论坛和园区文化活动，统筹宣传推广和对外合作。",
        "{years} 年品牌策划与产业活动运营经验。",
        (
            PositionSpec(
                "品牌部经理",
                "制定品牌建设规划，统筹品牌活动、宣传推广和对外合作。",
                head=True,
            ),
            PositionSpec("品牌策划专员", "策划举办企业沙龙、产业论坛和园区文化活动，编制方案并组织实施。"),
            PositionSpec("新媒体运营专员", "运营园区公众号和视频号，撰写宣传稿件，维护园区官网和宣传物料。"),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.DIGITAL,
        "智慧园区部",
        "shuzi",
        "规划园区信息化和智慧化建设，运维运营管理平台、物联网和网络系统，管理数据资源和开放接口，"
        "负责网络与数据安全。",
        "{years} 年园区信息化建设和运维经验。",
        (
            PositionSpec(
                "智慧园区部经理",
                "规划智慧园区建设，统筹平台、物联网和数据资源，负责网络与数据安全管理。",
                professional=True,
                certificates=("project_manager",),
                trainings=(("数据安全法与数据分类分级", "深圳市网络与信息安全行业协会", "8"),),
                head=True,
            ),
            PositionSpec(
                "系统运维工程师",
                "负责平台、网络和服务器运维，做好数据备份、权限管理和安全防护。",
                professional=True,
                certificates=("network_engineer",),
                trainings=(
                    ("网络安全等级保护 2.0 实务", "深圳市网络与信息安全行业协会", "8"),
                    ("数据库备份与恢复演练", "园区内训", "4"),
                ),
            ),
            PositionSpec(
                "物联网工程师",
                "负责能耗计量、门禁、视频监控等物联网设备的接入和运维，保障数据采集质量。",
                professional=True,
                certificates=("lv_electrician",),
                trainings=(("建筑能耗分类分项计量", "深圳市建筑节能协会", "8"),),
            ),
            PositionSpec(
                "数据分析师",
                "汇总分析运营、能耗和企业数据，编制运营分析报表，维护开放数据接口。",
                professional=True,
                trainings=(("数据分析与可视化", "园区内训", "8"),),
            ),
        ),
    ),
    DepartmentSpec(
        DepartmentKind.ADMINISTRATION,
        "综合管理部",
        "zonghe",
        "负责园区运营的综合统筹：行政、人事、财务、合同与档案管理；建立并维护组织架构、部门职责和岗位说明书；"
        "组织员工培训和年度考核；汇总运营数据，支撑园区评价自评工作。",
        "{years} 年园区综合管理经验，主持建立园区运营管理制度体系和岗位职责说明书。",
        (
            PositionSpec(
                "园区总经理",
                "全面负责园区运营管理：组织制定园区发展规划和年度经营目标，统筹招商、企业服务、安全、工程、"
                "环境、品牌和智慧园区工作，对园区运营质量和安全生产负总责。",
            ),
            PositionSpec(
                "综合管理部经理",
                "负责行政、人事、财务、合同和档案管理；组织编制部门职责和岗位说明书；组织员工培训与年度考核。",
                head=True,
            ),
            PositionSpec(
                "人事行政专员",
                "负责招聘、入离职、考勤、社保和员工档案；落实年度培训计划，汇总培训和考核记录。",
                count=2,
            ),
            PositionSpec(
                "财务主管",
                "负责租金、物业费及各项收费的核算与对账，编制财务报表，管理应收账款和发票。",
                professional=True,
                certificates=("accountant",),
                trainings=(
                    ("会计人员继续教育", "深圳市财政局会计继续教育平台", "24"),
                    ("增值税发票管理实务", "深圳市税务学会", "6"),
                ),
            ),
            PositionSpec("合同档案管理员", "负责租赁合同、运营资料和图纸档案的登记、借阅与归档。"),
        ),
    ),
)

TEAM_LEAD_TITLE = "园区总经理"
TEAM_LEAD_EXPERIENCE = (
    "从事产业园区规划、招商和运营管理工作 {years} 年。2008—2014 年任深圳一家科技园区招商总监，"
    "主导引进电子信息企业 60 余家；2014 年加入{operator}，主持留仙洞创新谷和石岩智造孵化基地的"
    "产业规划、招商和运营，两个项目出租率保持在 90% 以上；2016 年起任深圳湾智造产业园总经理，"
    "牵头编制园区产业规划、招商策略和运营管理制度体系。"
)
ALL_STAFF_TRAININGS = (("年度安全生产教育培训", "园区安全管理部", "8"),)
STANDARD_TRAINING = ("《产业园区运营规范》宣贯培训", "园区综合管理部", "4")


@dataclass
class StaffPlan:
    department: DepartmentSpec
    position: PositionSpec
    name: str
    hired_on: dt.date
    industry_years: int
    employee_no: str = ""

    @property
    def lead(self) -> bool:
        return self.position.title == TEAM_LEAD_TITLE


def build(ctx: DemoContext) -> list[Staff]:
    """Departments and positions, then the staff (department heads with their logins), then
    each one's certificates, training and assessments."""
    plans = _plan_staff(ctx)
    departments: dict[str, Department] = {}
    positions: dict[tuple[str, str], Position] = {}
    for spec in DEPARTMENTS:
        department = ctx.create(Department, park=ctx.park, kind=spec.kind, name=spec.name, duties=spec.duties)
        departments[spec.name] = department
        for position in spec.positions:
            positions[spec.name, position.title] = ctx.create(
                Position,
                department=department,
                title=position.title,
                responsibilities=position.responsibilities,
                professional=position.professional,
                headcount=position.count,
            )
    staff = [_create_staff(ctx, plan, departments, positions) for plan in plans]
    for plan, member in zip(plans, staff, strict=True):
        _create_qualifications(ctx, plan, member)
        _create_trainings(ctx, plan, member)
    _create_assessments(ctx, plans, staff)
    return staff


def _plan_staff(ctx: DemoContext) -> list[StaffPlan]:
    rng = ctx.rng
    people = names.Unique()
    plans = []
    for spec in DEPARTMENTS:
        for position in spec.positions:
            for _ in range(position.count):
                if position.title == TEAM_LEAD_TITLE:
                    hired = dt.date(2016, 3, 1)
                elif position.head:
                    hired = names.date_between(rng, dt.date(2016, 1, 4), dt.date(2019, 12, 31))
                else:
                    hired = names.date_between(rng, dt.date(2016, 6, 1), ctx.today - dt.timedelta(days=120))
                tenure = (ctx.today - hired).days // 365
                if position.title == TEAM_LEAD_TITLE:
                    years = ctx.today.year - 2008  # in park work since 2008, see TEAM_LEAD_EXPERIENCE
                else:
                    years = tenure + (rng.randint(5, 12) if position.head else rng.randint(0, 8))
                name = people.take(lambda: names.person_name(rng))
                plans.append(StaffPlan(spec, position, name, hired, years))
    # Employee numbers run in order of hiring within each year: WC2017003.
    per_year: dict[int, int] = {}
    for plan in sorted(plans, key=lambda p: p.hired_on):
        per_year[plan.hired_on.year] = per_year.get(plan.hired_on.year, 0) + 1
        plan.employee_no = f"WC{plan.hired_on.year}{per_year[plan.hired_on.year]:03d}"
    return plans


def _create_staff(
    ctx: DemoContext,
    plan: StaffPlan,
    departments: dict[str, Department],
    positions: dict[tuple[str, str], Position],
) -> Staff:
    spec = plan.department
    user = None
    if plan.position.head:
        user = ctx.create_user(
            username=spec.login,
            role=Role.STAFF,
            display_name=plan.name,
            email=f"{spec.login}@demo.parkops.example",
            department=spec.kind,
            operator=ctx.operator,
            parks=[ctx.park],
        )
    experience = ""
    if plan.lead:
        experience = TEAM_LEAD_EXPERIENCE.format(years=plan.industry_years, operator=ctx.operator.name)
    elif plan.position.head:
        experience = spec.experience.format(years=plan.industry_years)
    return ctx.create(
        Staff,
        park=ctx.park,
        department=departments[spec.name],
        position=positions[spec.name, plan.position.title],
        user=user,
        employee_no=plan.employee_no,
        name=plan.name,
        phone=ctx.phones.take(lambda: names.mobile(ctx.rng)),
        hired_on=plan.hired_on,
        industry_years=plan.industry_years,
        is_team_lead=plan.lead,
        experience=experience,
    )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _create_qualifications(ctx: DemoContext, plan: StaffPlan, member: Staff) -> None:
    rng = ctx.rng
    for key in plan.position.certificates:
        cert = CERTIFICATES[key]
        earliest = max(dt.date(2010, 1, 1), _add_years(plan.hired_on, -3))
        issued = names.date_between(
            rng, earliest, min(_add_years(plan.hired_on, 1), ctx.today - dt.timedelta(days=60))
        )
        valid_until = None
        if cert.valid_years:
            valid_until = _add_years(issued, cert.valid_years)
            while valid_until <= ctx.today:  # renewed on expiry
                issued, valid_until = valid_until, _add_years(valid_until, cert.valid_years)
            if key == "special_equipment":
                # One certificate due for renewal soon, as in any real register.
                valid_until = ctx.today + dt.timedelta(days=40)
                issued = _add_years(valid_until, -cert.valid_years)
        ctx.create(
            StaffQualification,
            staff=member,
            name=cert.name,
            issuer=cert.issuer,
            number=f"{cert.prefix}{issued:%Y}{rng.randint(0, 999999):06d}",
            issued_on=issued,
            valid_until=valid_until,
        )


def _create_trainings(ctx: DemoContext, plan: StaffPlan, member: Staff) -> None:
    """Two years of training: the yearly safety course for everyone, the standard's briefing,
    and each professional post's own courses once a year."""
    rng, today = ctx.rng, ctx.today
    since = today - dt.timedelta(days=730)
    sessions: list[tuple[tuple[str, str, str], dt.date]] = []
    for year in range(today.year - 2, today.year + 1):
        for course in ALL_STAFF_TRAININGS:
            sessions.append((course, dt.date(year, 3, 18)))
    sessions.append((STANDARD_TRAINING, today - dt.timedelta(days=150)))
    for course in plan.position.trainings:
        for back in (0, 1):
            start = today - dt.timedelta(days=365 * (back + 1))
            sessions.append((course, names.date_between(rng, start, start + dt.timedelta(days=330))))
    for (topic, provider, hours), held in sorted(sessions, key=lambda s: s[1]):
        passed = rng.random() > 0.03
        if not (since <= held <= today and held >= plan.hired_on):
            continue
        ctx.create(
            TrainingRecord,
            staff=member,
            topic=topic,
            provider=provider,
            held_on=held,
            hours=Decimal(hours),
            passed=passed,
        )


def _create_assessments(ctx: DemoContext, plans: list[StaffPlan], staff: list[Staff]) -> None:
    """Yearly assessments of the last two full years: mostly 合格, some 优秀, one 不合格 (a
    junior non-professional post, assessed again the next year)."""
    rng = ctx.rng
    years = (ctx.today.year - 2, ctx.today.year - 1)
    failing = next(
        plan
        for plan in plans
        if not plan.position.professional
        and not plan.position.head
        and not plan.lead
        and plan.hired_on <= dt.date(years[0], 9, 30)
    )
    for plan, member in zip(plans, staff, strict=True):
        for year in years:
            score = min(97.0, max(62.0, rng.gauss(84, 5.5)))
            day = rng.randint(18, 28)
            if plan.hired_on > dt.date(year, 9, 30):
                continue
            if plan is failing and year == years[0]:
                score = 57.5
            result = (
                StaffAssessment.Result.FAIL
                if score < 60
                else StaffAssessment.Result.EXCELLENT
                if score >= 90
                else StaffAssessment.Result.PASS
            )
            ctx.create(
                StaffAssessment,
                staff=member,
                period=str(year),
                score=Decimal(f"{score:.1f}"),
                result=result,
                assessed_on=dt.date(year, 12, day),
            )
