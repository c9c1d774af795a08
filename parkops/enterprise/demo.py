"""Half a year of the demo park's enterprise services (clause 6.4; rows 34–42): partners with
signed agreements, a service list in every category, demands from raising to the tenant's
rating, policies matched to the tenants and applications to their outcome.

Rows 39 (产学研), 40 (品牌) and 41 (定制化) are deliberately short of successful cases, so the
gap plan has something to say; the "tenant" account's enterprise has a finance need closed
with its rating, one resolved and waiting for its rating, and one just raised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from parkops.core.clock import backdated
from parkops.core.demo.context import DemoContext
from parkops.enterprise import services
from parkops.enterprise.models import (
    EnterpriseProfile,
    EnterpriseService,
    Partner,
    PartnerAgreement,
    Policy,
    ServiceCase,
)
from parkops.notifications.services import quiet

TZ = ZoneInfo("Asia/Shanghai")

PARTNERS = (
    # key, name, kind, region, services
    ("bank", "招商银行深圳南山科技园支行", "bank", "深圳", "科技企业信用贷、知识产权质押融资、投贷联动"),
    ("guarantee", "深圳市高新投融资担保有限公司", "bank", "深圳", "科技型中小企业融资担保、创业担保贷款"),
    (
        "vc",
        "深圳市湾创股权投资基金管理有限公司",
        "investor",
        "粤港澳大湾区",
        "天使轮至 B 轮股权投资、路演对接",
    ),
    ("university", "南方科技大学技术转移中心", "university", "深圳", "成果转化、联合实验室、研究生实习基地"),
    ("institute", "深圳市智能制造研究院", "research", "深圳", "中试验证、检测认证、共性技术攻关"),
    ("association", "深圳市半导体行业协会", "association", "深圳", "行业展会、供需对接、标准宣贯"),
    ("leading", "鹏城智造科技集团有限公司", "leading_firm", "深圳", "供应链协同、首台套应用场景开放"),
    ("hr", "深圳市南山区人才服务中心", "government", "深圳", "人才认定、人才住房、子女入学协调"),
)
AGREEMENTS = (
    (
        "bank",
        "agreement",
        "银企战略合作协议",
        300,
        3 * 365,
        "为园区企业提供年度 5 亿元授信额度，设立园区金融驿站。",
    ),
    (
        "university",
        "agreement",
        "产学研合作框架协议",
        420,
        5 * 365,
        "共建联合实验室，技术成果优先在园区转化。",
    ),
    ("association", "plaque", "深圳市半导体行业协会会员服务站授牌", 200, None, "协会在园区设立会员服务站。"),
    (
        "leading",
        "memorandum",
        "产业链协同战略合作备忘录",
        150,
        2 * 365,
        "开放采购需求，园区企业优先进入供应商库。",
    ),
)
SERVICES = (
    ("market", "供需对接会", "每季度组织园区企业与头部企业、采购商开展供需对接。", "leading"),
    ("market", "展会组团参展", "组织企业参加高交会、电子展，园区统一搭建展区。", "association"),
    ("finance", "金融驿站融资对接", "银行驻点，一对一融资诊断和信用贷、知识产权质押贷款对接。", "bank"),
    ("finance", "融资担保", "科技型中小企业担保贷款，担保费率优惠。", "guarantee"),
    ("finance", "股权融资路演", "每月一期项目路演，对接投资机构。", "vc"),
    ("talent", "人才招聘专场", "园区联合人才服务中心每季度举办招聘会。", "hr"),
    ("talent", "人才认定与住房申请辅导", "辅导企业人才申报区级人才认定、人才住房。", "hr"),
    ("policy", "政策申报辅导", "政策解读、申报材料预审、申报进度跟踪。", ""),
    ("policy", "资质认定辅导", "高新技术企业、专精特新中小企业认定辅导。", ""),
    ("research", "技术需求对接", "企业技术难题对接高校及研究院专家。", "university"),
    ("research", "知识产权与标准化服务", "专利布局、标准制定辅导。", "institute"),
    ("brand", "品牌宣传推广", "园区公众号、展厅为企业产品做宣传推广。", ""),
    ("custom", "定制化厂房改造协调", "按企业工艺需要协调厂房改造、能源扩容。", ""),
)
# category, title, work, result, partner key, figures, days ago
CASES = (
    (
        "market",
        "精密模组企业进入头部企业供应商库",
        "组织参加鹏城智造供需对接会，协助完成供应商审核。",
        "进入供应商库，首批订单 860 万元",
        "leading",
        {"order_amount": "860"},
        150,
    ),
    (
        "market",
        "高交会组团参展获客",
        "园区展区统一布展，安排采购商洽谈。",
        "现场签约意向订单 320 万元",
        "association",
        {"order_amount": "320"},
        40,
    ),
    (
        "finance",
        "知识产权质押贷款",
        "金融驿站融资诊断，协助专利评估。",
        "获批知识产权质押贷款 800 万元",
        "bank",
        {"loan_amount": "800"},
        120,
    ),
    (
        "finance",
        "天使轮融资",
        "推荐参加股权融资路演，对接三家投资机构。",
        "完成天使轮融资 1,500 万元",
        "vc",
        {"loan_amount": "1500"},
        75,
    ),
    (
        "talent",
        "芯片设计工程师招聘",
        "推荐参加人才招聘专场，协助发布岗位。",
        "招聘到岗工程师 12 人",
        "hr",
        {"hires": 12},
        100,
    ),
    (
        "talent",
        "高层次人才认定",
        "辅导准备人才认定材料。",
        "3 人获区级高层次人才认定",
        "hr",
        {"hires": 3},
        60,
    ),
    (
        "policy",
        "高新技术企业认定",
        "资质认定辅导，预审研发费用归集。",
        "通过国家高新技术企业认定",
        "",
        {},
        130,
    ),
    (
        "research",
        "联合实验室攻关视觉检测算法",
        "对接南方科技大学团队，签订技术开发合同。",
        "算法良率提升 3 个百分点，申请发明专利 2 件",
        "university",
        {"patents": 2},
        90,
    ),
    (
        "brand",
        "产品发布会宣传",
        "园区公众号专题报道，展厅设置产品展位。",
        "发布会文章阅读量 1.2 万",
        "",
        {},
        50,
    ),
)
# category, title, description, source, days ago, how far it got
DEMANDS = (
    ("finance", "设备采购贷款 600 万元", "新产线设备采购，需中长期贷款。", "enterprise", 160, "closed"),
    ("talent", "招聘嵌入式软件工程师 5 名", "急需有车规经验的工程师。", "visit", 140, "closed"),
    ("market", "寻找新能源汽车零部件客户", "希望对接整车或一级供应商。", "survey", 110, "closed"),
    ("research", "电池热管理仿真技术支持", "需要高校团队提供仿真建模支持。", "visit", 80, "following"),
    ("policy", "了解专精特新申报条件", "今年是否满足专精特新中小企业申报条件。", "phone", 45, "closed"),
    ("custom", "厂房增容 500 kVA", "新设备上线需要增加用电容量。", "enterprise", 35, "matched"),
    ("brand", "新品发布会场地与宣传", "11 月新品发布，需要场地和宣传支持。", "enterprise", 25, "assigned"),
    ("finance", "流动资金周转", "订单增长，需要流动资金贷款。", "enterprise", 20, "resolved"),
    ("other", "员工通勤班车", "希望园区协调开通地铁站接驳班车。", "event", 12, "withdrawn"),
    (
        "market",
        "参加海外展会补贴咨询",
        "明年计划参加德国展会，想了解补贴和组团。",
        "enterprise",
        0,
        "submitted",
    ),
)
POLICIES = (
    # title, issuer, level, conditions, deadline (days from today), benefit, max (万元), guide
    (
        "深圳市国家高新技术企业认定奖励",
        "深圳市科技创新局",
        "municipal",
        {"qualifications": ["high_tech"], "min_age_years": 1},
        45,
        "首次通过国家高新技术企业认定的企业给予一次性奖励。",
        "30",
        "登录深圳市科技业务管理系统填报\n上传高新技术企业证书\n提交上年度财务审计报告",
    ),
    (
        "专精特新中小企业奖励",
        "深圳市工业和信息化局",
        "municipal",
        {"qualifications": ["specialised", "little_giant"], "sizes": ["small", "medium"]},
        20,
        "新认定的专精特新中小企业给予奖励；小巨人企业另行奖励。",
        "50",
        "准备专精特新认定文件\n近两年研发费用专项审计报告\n通过工信局系统申报",
    ),
    (
        "南山区科技型中小企业研发资助",
        "深圳市南山区科技创新局",
        "district",
        {"qualifications": ["tech_sme", "high_tech"], "min_revenue": "500", "max_revenue": "20000"},
        75,
        "按上年度研发投入的一定比例给予资助。",
        "100",
        "科技型中小企业入库编号\n研发费用辅助账\n上年度审计报告",
    ),
    (
        "初创企业创业资助",
        "深圳市人力资源和社会保障局",
        "municipal",
        {"max_age_years": 3, "max_headcount": 100},
        None,
        "成立 3 年内的初创企业按吸纳就业人数给予创业资助。",
        "10",
        "营业执照\n社保缴纳证明\n法定代表人身份证明",
    ),
    (
        "企业稳岗扩岗补贴",
        "深圳市人力资源和社会保障局",
        "municipal",
        {"min_headcount": 20},
        -10,
        "新增吸纳就业给予扩岗补助。",
        "5",
        "员工花名册\n社保缴费明细",
    ),
)


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and Partner.objects.filter(park=ctx.park).exists()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def _pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% demo agreement\n", name=name)


def build(ctx: DemoContext) -> None:
    from parkops.accounts.models import User

    staff = User.objects.filter(username="qiye").first() or ctx.admin
    with quiet():
        partners = _partners(ctx)
        offerings = _services(ctx, partners)
        _profiles(ctx)
        _cases(ctx, partners, offerings)
        _demands(ctx, staff, partners, offerings)
        _policies(ctx, staff)


def _partners(ctx: DemoContext) -> dict[str, Partner]:
    partners = {}
    for key, name, kind, region, offer in PARTNERS:
        with backdated(_at(ctx.today - dt.timedelta(days=450))):
            partners[key] = ctx.create(
                Partner,
                park=ctx.park,
                name=name,
                kind=kind,
                region=region,
                services=offer,
                contact_name="联络人",
            )
    for key, kind, title, days, valid_days, content in AGREEMENTS:
        signed = ctx.today - dt.timedelta(days=days)
        with backdated(_at(signed)):
            ctx.create(
                PartnerAgreement,
                partner=partners[key],
                kind=kind,
                title=title,
                signed_on=signed,
                valid_until=signed + dt.timedelta(days=valid_days) if valid_days else None,
                content=content,
                document=_pdf("agreement.pdf"),
            )
    return partners


def _services(ctx: DemoContext, partners) -> dict[str, list[EnterpriseService]]:
    out: dict[str, list[EnterpriseService]] = {}
    with backdated(_at(ctx.today - dt.timedelta(days=200))):
        for category, name, description, partner in SERVICES:
            out.setdefault(category, []).append(
                ctx.create(
                    EnterpriseService,
                    park=ctx.park,
                    category=category,
                    name=name,
                    description=description,
                    partner=partners.get(partner),
                    fee="免费",
                    how_to_apply="在平台“企业需求”提交，或联系企业服务部。",
                )
            )
    return out


def _profiles(ctx: DemoContext) -> None:
    rng = ctx.rng
    for enterprise in ctx.enterprises[:12]:
        headcount = enterprise.headcount or 20
        size = (
            "micro"
            if headcount < 10
            else "small"
            if headcount < 100
            else "medium"
            if headcount < 300
            else "large"
        )
        ctx.create(
            EnterpriseProfile,
            enterprise=enterprise,
            size=size,
            revenue=Decimal(rng.randint(8, 400) * 50),
            revenue_year=ctx.today.year - 1,
            rnd_ratio=Decimal(rng.randint(30, 180)) / 10,
        )


def _cases(ctx: DemoContext, partners, offerings) -> None:
    enterprises = ctx.enterprises[2:12] or ctx.enterprises
    for i, (category, title, work, result, partner, figures, days) in enumerate(CASES):
        served = ctx.today - dt.timedelta(days=days)
        with backdated(_at(served, 16)):
            ctx.create(
                ServiceCase,
                park=ctx.park,
                category=category,
                enterprise=enterprises[i % len(enterprises)],
                title=title,
                offering=offerings[category][0],
                partner=partners.get(partner),
                served_on=served,
                work=work,
                successful=True,
                result=result,
                proof=_pdf("proof.pdf"),
                **{k: Decimal(v) if isinstance(v, str) else v for k, v in figures.items()},
            )


def _demands(ctx: DemoContext, staff, partners, offerings) -> None:
    enterprises = ctx.enterprises
    for i, (category, title, description, source, days, reach) in enumerate(DEMANDS):
        # The "tenant" account's enterprise: a closed finance need, one waiting for its rating,
        # and one just raised; the others spread over the park.
        enterprise = enterprises[0] if i in (0, 7, 9) else enterprises[(i % (len(enterprises) - 2)) + 2]
        raised = _at(ctx.today - dt.timedelta(days=days), 9)
        with backdated(raised):
            demand = services.raise_demand(
                by=ctx.admin,
                enterprise=enterprise,
                category=category,
                title=title,
                description=description,
                source=source,
            )
        if reach == "submitted":
            continue
        step = raised + dt.timedelta(hours=5)
        if reach == "withdrawn":
            with backdated(step):
                services.withdraw_demand(demand=demand, by=ctx.admin, reason="企业已自行解决")
            continue
        with backdated(step):
            demand = services.assign_demand(
                demand=demand, by=ctx.admin, assignee=staff, due_on=(step + dt.timedelta(days=30)).date()
            )
        if reach == "assigned":
            continue
        step += dt.timedelta(days=2)
        partner = {"finance": "bank", "talent": "hr", "market": "leading", "research": "university"}.get(
            category
        )
        with backdated(step):
            demand = services.match_demand(
                demand=demand,
                by=staff,
                service=offerings.get(category, [None])[0],
                partner=partners.get(partner) if partner else None,
            )
        if reach == "matched":
            continue
        step += dt.timedelta(days=5)
        with backdated(step):
            demand = services.follow_up_demand(
                demand=demand, by=staff, note="已上门沟通，企业材料已提交对接方。"
            )
        if reach == "following":
            continue
        step += dt.timedelta(days=7)
        figures = {
            "finance": {"loan_amount": Decimal("600") if i == 0 else Decimal("300")},
            "talent": {"hires": 5},
            "market": {"order_amount": Decimal("450")},
        }.get(category, {})
        with backdated(step):
            demand = services.resolve_demand(
                demand=demand,
                by=staff,
                outcome="met",
                note={"policy": "已解读申报条件，企业明年符合条件后申报。"}.get(
                    category, "需求已解决，企业确认。"
                ),
                **figures,
            )
        if reach == "resolved":
            continue
        with backdated(step + dt.timedelta(days=1)):
            services.rate_demand(
                demand=demand, by=staff, rating=5 if i % 2 == 0 else 4, comment="服务及时，对接精准。"
            )


def _policies(ctx: DemoContext, staff) -> None:
    created = []
    with backdated(_at(ctx.today - dt.timedelta(days=60))):
        for title, issuer, level, conditions, deadline, benefit, most, guide in POLICIES:
            data = dict(conditions)
            for key in ("min_revenue", "max_revenue"):
                if key in data:
                    data[key] = Decimal(data[key])
            created.append(
                ctx.create(
                    Policy,
                    park=ctx.park,
                    title=title,
                    issuer=issuer,
                    level=level,
                    deadline=ctx.today + dt.timedelta(days=deadline) if deadline is not None else None,
                    benefit=benefit,
                    max_benefit=Decimal(most),
                    guide=guide,
                    source_url="https://www.sz.gov.cn/",
                    **data,
                )
            )
    # An approved application (a policy-service case of row 38), one submitted, one being prepared.
    open_policy = created[3]  # no deadline
    enterprises = ctx.enterprises
    with backdated(_at(ctx.today - dt.timedelta(days=50))):
        approved = services.start_application(by=ctx.admin, policy=open_policy, enterprise=enterprises[3])
        approved = services.guide_application(
            application=approved, by=staff, note="已预审营业执照和社保证明。"
        )
    with backdated(_at(ctx.today - dt.timedelta(days=45))):
        approved = services.submit_application(application=approved, by=staff)
    with backdated(_at(ctx.today - dt.timedelta(days=15))):
        services.decide_application(
            application=approved, by=staff, approved=True, note="获批创业资助", granted_amount=Decimal("8")
        )
    with backdated(_at(ctx.today - dt.timedelta(days=10))):
        submitted = services.start_application(by=ctx.admin, policy=open_policy, enterprise=enterprises[4])
        services.submit_application(application=submitted, by=staff)
    with backdated(_at(ctx.today - dt.timedelta(days=3))):
        services.start_application(by=ctx.admin, policy=created[2], enterprise=enterprises[0])
