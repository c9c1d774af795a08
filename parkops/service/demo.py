"""The customer-service part of the demo park: the concierge team, a year of enquiries and
complaints with their response times, two closed satisfaction surveys (last year's named,
this year's anonymous) with real answers, analysis and improvement plans, one open survey the
demo tenant has not answered yet, meeting and reception records, the value-added service
catalogue and the 客户关系管理制度."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from parkops.core import clock
from parkops.service import services
from parkops.service.models import (
    ConciergeMember,
    ConciergeTeam,
    MeetingService,
    ReceptionRecord,
    Survey,
    SurveyQuestion,
    Ticket,
    ValueAddedService,
)

K = Ticket.Kind
TICKETS = {
    K.ENQUIRY: (
        (
            "停车月卡办理",
            "新入职员工如何办理地下车库月卡？",
            "携带行驶证到 D 栋 1 楼服务中心办理，月卡 300 元/月，可线上续费。",
        ),
        (
            "会议室预约",
            "D 栋多功能厅能否周末使用？",
            "周末可预约，需提前 3 个工作日在平台提交，空调按小时计费。",
        ),
        ("发票开具", "物业费发票何时开具？", "缴费后 3 个工作日内开具电子发票，发送至企业预留邮箱。"),
        ("人才住房申请", "园区人才公寓还有房源吗？", "D 栋 10–12 层尚有 4 套一房，已将申请表发至您的邮箱。"),
        ("快递收发", "节假日快递由谁代收？", "节假日由 A 栋大堂前台代收，企业凭短信取件码领取。"),
        ("加班空调", "晚上加班如何申请延时空调？", "在平台“服务申请”提交延时空调，费用按实际时长结算。"),
    ),
    K.COMPLAINT: (
        (
            "电梯等候时间长",
            "早高峰 A 栋客梯等候超过 5 分钟。",
            "已调整 8:30–9:30 电梯群控为上行高峰模式，并开放 4 号梯直达高区。",
        ),
        (
            "装修噪音",
            "隔壁单位装修电钻噪音影响工作。",
            "已要求施工方将高噪音作业调整至 12:00–13:30 及 18:00 后。",
        ),
        ("保洁不及时", "12 楼公共卫生间午后无纸巾。", "已增加午间巡查补给一次，并调整保洁排班。"),
        ("车库照明不足", "B1 车库西侧照明昏暗。", "已更换 18 支 LED 灯管，照度恢复标准。"),
        ("外卖占用消防通道", "外卖骑手在 A 栋北门消防通道停车。", "已在北门设置外卖取餐点，保安加强疏导。"),
    ),
    K.SUGGESTION: (
        (
            "增设充电桩",
            "建议在地面停车场增加新能源汽车充电桩。",
            "已纳入明年改造计划，先在 B1 增设 10 个慢充桩。",
        ),
        ("食堂菜品", "建议食堂增加轻食窗口。", "已与食堂运营方沟通，下月起增设轻食窗口。"),
        ("共享会议室", "希望增加小型洽谈室。", "B 栋 2 层新增 3 间 6 人洽谈室，可在平台预约。"),
    ),
    K.PRAISE: (
        ("表扬工程部", "空调故障半小时内修复，感谢李师傅。", "感谢您的肯定，已转达工程部。"),
        ("表扬前台", "前台协助接待外宾非常周到。", "感谢您的肯定，我们会继续保持。"),
    ),
}
KIND_WEIGHTS = {K.ENQUIRY: 10, K.COMPLAINT: 5, K.SUGGESTION: 3, K.PRAISE: 2}
CHANNELS = (Ticket.Channel.PHONE, Ticket.Channel.VISIT, Ticket.Channel.WECHAT, Ticket.Channel.EMAIL)

QUESTIONS = (
    ("rating", "您对园区物业服务的总体满意度", ""),
    ("rating", "您对工程维修（报修响应与维修质量）的满意度", ""),
    ("rating", "您对保洁与环境的满意度", ""),
    ("rating", "您对安保与停车管理的满意度", ""),
    ("nps", "您有多大可能向同行推荐本园区？", ""),
    ("single", "您最常用的服务渠道", "线上平台\n服务热线\n前台\n楼栋管家"),
    (
        "multiple",
        "您希望园区加强哪些服务？（可多选）",
        "政策申报辅导\n人才招聘\n融资对接\n餐饮配套\n停车\n会务场地",
    ),
    ("text", "其他意见和建议", ""),
)
SUGGESTIONS = (
    "希望早高峰电梯更快一些",
    "食堂菜品可以更丰富",
    "停车位紧张，建议错峰共享",
    "保洁很认真，点赞",
    "希望多组织政策宣讲",
    "报修响应很快，师傅专业",
    "希望增加共享会议室",
    "园区绿化很好",
)
SURVEYS = (
    # title, anonymous, closed days ago, mood (mean shift), analysis, plan
    (
        "{year} 年度入驻企业满意度调查",
        False,
        380,
        -0.4,
        "共邀请 {invited} 家企业，回收 {responses} 份，回收率 {rate}%。总体满意度 {overall}，NPS {nps}。"
        "短板集中在早高峰电梯等候、停车和食堂；工程维修与安保评价较高。",
        "1. 电梯：高峰时段启用群控上行模式，3 个月内完成 A 栋 4 号梯改造；2. 停车：B1 增设错峰共享车位 60 个；"
        "3. 食堂：引入第二家餐饮供应商；4. 每季度发布改进进展，下次调查复核。",
    ),
    (
        "{year} 年度入驻企业满意度调查（匿名）",
        True,
        40,
        0.2,
        "匿名调查，邀请 {invited} 家企业，回收 {responses} 份，回收率 {rate}%。总体满意度 {overall}，NPS {nps}，"
        "较上年提升。电梯与停车改进获认可；企业希望加强政策申报辅导与融资对接。",
        "1. 每月举办一次政策申报辅导会；2. 与 3 家银行建立园区融资对接日；3. 食堂增设轻食窗口；"
        "4. 明年一季度完成 B1 充电桩建设；责任部门与完成时限见附件。",
    ),
)


def exists(ctx) -> bool:
    return Survey.objects.filter(park=ctx.park).exists()


def _pdf(title: str, lines: list[str]) -> ContentFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("STSong-Light", 16)
    pdf.drawString(72, 770, title)
    pdf.setFont("STSong-Light", 10)
    y = 740
    for line in [*lines, "（演示数据）"]:
        for start in range(0, len(line), 44):
            pdf.drawString(72, y, line[start : start + 44])
            y -= 18
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name="document.pdf")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build(ctx) -> None:
    from parkops.accounts.models import User
    from parkops.core.scope import DepartmentKind, Role

    kefu = (
        User.objects.filter(
            role=Role.STAFF, department=DepartmentKind.SERVICE, parks=ctx.park, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if kefu is None:
        return
    tenants = list(User.objects.filter(role=Role.TENANT, enterprise__park=ctx.park).order_by("pk"))
    with services.quiet():
        _concierge(ctx, kefu)
        _tickets(ctx, kefu, tenants)
        _closed_surveys(ctx, kefu, tenants)
        _meetings(ctx, kefu)
        _catalogue(ctx, kefu)
        _policy(ctx)
        _ratings(ctx, kefu, tenants)
        _property_inspections(ctx, kefu)
    _open_survey(ctx, kefu, tenants)


def _concierge(ctx, kefu) -> None:
    from parkops.core.models import Staff
    from parkops.core.scope import DepartmentKind

    team = ctx.create(
        ConciergeTeam, by=kefu, park=ctx.park, name="客户服务中心礼宾服务组", service_hours="工作日 8:00–20:00，节假日 9:00–18:00",
        hotline="0755-86701299",
        introduction=(
            "礼宾服务组隶属客户服务中心，由客服主管统筹，设客服前台、楼栋管家和会务接待三个岗位，"
            "为入驻企业和来访客户提供前台接待、访客登记、报修报事受理、快递代收、会议保障和政务商务接待服务。"
            "服务标准：来电 3 声内接听，报事 15 分钟内响应，投诉 30 分钟内受理、24 小时内回复。"
        ),
        introduction_file=_pdf("礼宾服务团队介绍", ["岗位设置：客服前台、楼栋管家、会务接待", "服务标准与服务时间"]),
    )  # fmt: skip
    members = Staff.objects.filter(
        park=ctx.park, department__kind=DepartmentKind.SERVICE, active=True
    ).order_by("pk")
    duties = (
        (
            ConciergeMember.Duty.SUPERVISOR,
            "统筹礼宾与客服工作，处理重大投诉，组织满意度调查",
            "常日班 8:30–17:30",
            "",
        ),
        (ConciergeMember.Duty.FRONT_DESK, "A 栋大堂前台接待、访客登记、快递代收", "早班 8:00–16:00", "A栋"),
        (ConciergeMember.Duty.BUTLER, "A、B 栋楼栋管家：企业走访、报事跟进", "常日班 8:30–17:30", "A栋、B栋"),
        (ConciergeMember.Duty.BUTLER, "C、D 栋楼栋管家：企业走访、报事跟进", "常日班 8:30–17:30", "C栋、D栋"),
        (
            ConciergeMember.Duty.RECEPTION,
            "会务接待：会议布置、茶歇、政务商务接待引导",
            "弹性班 按会务安排",
            "",
        ),
    )
    for staff, (duty, text, shift, buildings) in zip(members, duties, strict=False):
        ctx.create(ConciergeMember, by=kefu, team=team, staff=staff, duty=duty, duties=text, shift=shift,
                   buildings=buildings)  # fmt: skip


def _tickets(ctx, kefu, tenants) -> None:
    rng, today = ctx.rng, ctx.today
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    enterprises = ctx.enterprises[2:] or ctx.enterprises
    for i in range(48):
        kind = rng.choices(kinds, weights)[0]
        subject, content, reply = rng.choice(TICKETS[kind])
        # Four days back at the latest: accepting (up to two days late), replying (20 h) and the
        # confirmation a day after acceptance all end before yesterday evening, so a demo built
        # at any hour holds no step of these closed tickets later than the moment it is built.
        received = _at(today - dt.timedelta(days=rng.randint(4, 360)), rng.randint(8, 19), rng.randint(0, 59))
        tenant = tenants[i % len(tenants)] if tenants and i % 4 == 0 else None
        with services.backdated(received):
            if tenant is not None:
                ticket = services.submit_ticket(by=tenant, kind=kind, subject=subject, content=content)
            else:
                enterprise = rng.choice(enterprises)
                ticket = services.submit_ticket(
                    by=kefu, park=ctx.park, enterprise=enterprise, kind=kind, subject=subject, content=content,
                    channel=rng.choice(CHANNELS), contact=enterprise.contact_name,
                )  # fmt: skip
        target = services.RESPONSE_TARGET_MINUTES[kind]
        late = rng.random() < 0.1
        accepted = received + dt.timedelta(minutes=rng.randint(target + 5, target * 2 + 10) if late else
                                           rng.randint(2, max(3, target * 2 // 3)))  # fmt: skip
        with services.backdated(accepted):
            services.accept_ticket(ticket=ticket, by=kefu)
        with services.backdated(accepted + dt.timedelta(hours=rng.randint(1, 20))):
            if kind == K.COMPLAINT:
                services.note_ticket(ticket=ticket, by=kefu, note="已联系相关部门现场核实")
            services.reply_ticket(ticket=ticket, by=kefu, reply=reply)
        # Tenants confirm their own tickets; for one logged by phone the desk records the
        # enterprise's confirmation on its follow-up call (回访).
        confirmer = tenant or kefu
        with services.backdated(accepted + dt.timedelta(days=1)):
            if kind == K.COMPLAINT and tenant is not None and i % 3 == 0:
                services.reopen_ticket(ticket=ticket, by=confirmer, reason="问题仍未完全解决，请再跟进")
                services.accept_ticket(ticket=ticket, by=kefu)
                services.reply_ticket(ticket=ticket, by=kefu, reply=reply + "（已复查，现已解决）")
            services.confirm_ticket(ticket=ticket, by=confirmer)
    # Today's desk: a new complaint and an enquiry in hand, a reply waiting for the demo tenant.
    now = clock.now()
    with services.backdated(now - dt.timedelta(minutes=50)):
        services.submit_ticket(
            by=kefu,
            park=ctx.park,
            enterprise=rng.choice(enterprises),
            kind=K.COMPLAINT,
            subject="空调温度偏高",
            content="下午办公区温度 28℃",
            channel=Ticket.Channel.PHONE,
        )
    if tenants:
        with services.backdated(now - dt.timedelta(hours=5)):
            ticket = services.submit_ticket(
                by=tenants[0],
                kind=K.ENQUIRY,
                subject="访客车辆预约",
                content="明天有 3 辆客户车辆来访，如何预约入园？",
            )
        with services.backdated(now - dt.timedelta(hours=4, minutes=50)):
            services.accept_ticket(ticket=ticket, by=kefu)
        with services.backdated(now - dt.timedelta(hours=4)):
            services.reply_ticket(
                ticket=ticket, by=kefu, reply="已为您登记 3 个访客车位，车牌在平台“访客预约”中填写即可。"
            )


def _questions(ctx, kefu, survey) -> list[SurveyQuestion]:
    return [
        ctx.create(
            SurveyQuestion,
            by=kefu,
            survey=survey,
            position=n,
            kind=kind,
            text=text,
            options=options,
            required=kind not in ("text", "multiple"),
        )  # fmt: skip
        for n, (kind, text, options) in enumerate(QUESTIONS, start=1)
    ]


def _answers(rng, questions, mood: float) -> dict:
    base = rng.gauss(4.0 + mood, 0.7)
    out = {}
    for q in questions:
        if q.kind == "rating":
            out[q.pk] = max(1, min(5, round(base + rng.gauss(0, 0.5))))
        elif q.kind == "nps":
            out[q.pk] = max(0, min(10, round(base * 2 + rng.gauss(0, 1.2))))
        elif q.kind == "single":
            out[q.pk] = rng.choices(q.option_list, (5, 2, 2, 1))[0]
        elif q.kind == "multiple":
            out[q.pk] = rng.sample(q.option_list, rng.randint(0, 3))
        else:
            out[q.pk] = rng.choice(SUGGESTIONS) if rng.random() < 0.4 else ""
    return out


def _email(enterprise) -> str:
    return f"contact{enterprise.pk}@tenants.demo.parkops.example"


def _closed_surveys(ctx, kefu, tenants) -> None:
    from parkops.service import selectors

    rng, today = ctx.rng, ctx.today
    for title, anonymous, closed_ago, mood, analysis, plan in SURVEYS:
        closed = today - dt.timedelta(days=closed_ago)
        opened = closed - dt.timedelta(days=21)
        with services.backdated(_at(opened - dt.timedelta(days=3), 10)):
            survey = ctx.create(
                Survey, by=kefu, park=ctx.park, title=title.format(year=opened.year), anonymous=anonymous,
                introduction="为持续提升园区服务质量，请您抽出 3 分钟填写本问卷。",
                deadline=closed,
            )  # fmt: skip
            questions = _questions(ctx, kefu, survey)
            others = [e for e in ctx.enterprises[2:] if e.status == "resident"]
            invited = rng.sample(others, min(len(others), 40))
            services.invite(survey=survey, by=kefu, users=tenants, emails=[_email(e) for e in invited])
        with services.backdated(_at(opened, 9)):
            services.open_survey(survey=survey, by=kefu, opened_on=opened, deadline=closed)
        invitations = list(survey.invitations.order_by("pk"))
        rng.shuffle(invitations)
        for invitation in invitations[: int(len(invitations) * rng.uniform(0.72, 0.85))]:
            by = invitation.user if invitation.user_id else None
            with services.backdated(_at(opened + dt.timedelta(days=rng.randint(0, 20)), rng.randint(9, 18))):
                services.submit_response(
                    token=invitation.token, answers=_answers(rng, questions, mood), by=by
                )
        with services.backdated(_at(closed, 18)):
            services.close_survey(survey=survey, by=kefu, closed_on=closed)
        results = selectors.survey_results(survey)
        figures = {
            "invited": results.invited, "responses": results.responses, "rate": results.response_rate,
            "overall": results.questions[0].mean, "nps": results.nps.score if results.nps else "—",
        }  # fmt: skip
        with services.backdated(_at(closed + dt.timedelta(days=7), 10)):
            services.record_analysis(
                survey=survey, by=kefu, analysis=analysis.format(**figures), improvement_plan=plan,
                analysis_file=_pdf(f"{survey.title}结果分析报告", [analysis.format(**figures)]),
                improvement_file=_pdf(f"{survey.title}改进计划", [plan]),
            )  # fmt: skip


def _open_survey(ctx, kefu, tenants) -> None:
    """This quarter's anonymous survey: open, the demo ``tenant`` invited and not answered."""
    rng, today = ctx.rng, ctx.today
    opened = today - dt.timedelta(days=5)
    with services.quiet(), services.backdated(_at(opened - dt.timedelta(days=1), 10)):
        survey = ctx.create(
            Survey, by=kefu, park=ctx.park, title=f"{today.year} 年第四季度物业服务专项调查", anonymous=True,
            introduction="本季度园区更换了保洁外包单位并调整了电梯运行模式，请对近期服务作出评价。",
            deadline=today + dt.timedelta(days=10),
        )  # fmt: skip
        questions = _questions(ctx, kefu, survey)
        others = [e for e in ctx.enterprises[2:] if e.status == "resident"]
        services.invite(
            survey=survey,
            by=kefu,
            users=tenants,
            emails=[_email(e) for e in rng.sample(others, min(len(others), 30))],
        )
    with services.quiet(), services.backdated(_at(opened, 9)):
        services.open_survey(survey=survey, by=kefu, opened_on=opened, deadline=today + dt.timedelta(days=10))
    # The invited tenant users find it in their notifications (no emails from the demo).
    for invitation in survey.invitations.filter(user__isnull=False).select_related("user"):
        services.notify(recipients=[invitation.user], kind="service.survey_invitation",
                        subject=services.survey_invitation_subject(survey), body=survey.introduction,
                        url=invitation.get_absolute_url(), park=ctx.park, obj=survey)  # fmt: skip
    with services.quiet():
        answered = [i for i in survey.invitations.order_by("pk") if not (i.user_id and tenants and i.user_id ==
                                                                         tenants[0].pk)]  # fmt: skip
        for invitation in rng.sample(answered, len(answered) // 3):
            by = invitation.user if invitation.user_id else None
            services.submit_response(token=invitation.token, answers=_answers(rng, questions, 0.3), by=by)


def _meetings(ctx, kefu) -> None:
    rng, today = ctx.rng, ctx.today
    meetings = (
        ("芯片设计企业产品发布会", 150, "D栋多功能厅", "场地布置、LED 屏与音响保障、签到引导、茶歇", True),
        ("南山区专精特新企业政策宣讲会", 80, "B栋 2F 路演厅", "会场布置、资料袋、直播推流、停车引导", True),
        ("园区企业季度座谈会", 35, "D栋 3F 会议室", "会议室布置、茶水、会议纪要", False),
        ("医疗器械注册人制度培训", 60, "B栋 2F 路演厅", "投影与扩声、茶歇、培训签到", False),
        ("投融资路演日", 90, "D栋多功能厅", "路演舞台、计时与音视频、投资人休息区", True),
        ("企业年会", 200, "D栋多功能厅", "舞台灯光、餐饮协调、安保与交通疏导", False),
        ("高校产学研对接会", 45, "A栋 18F 会议中心", "会场布置、参观路线、茶歇", False),
        ("消防安全培训", 120, "D栋多功能厅", "会场布置、灭火器实操场地", False),
    )
    feedback = (
        "服务周到，设备运行稳定",
        "茶歇很好，签到效率可再提升",
        "直播效果好，感谢支持",
        "会场温度略高",
    )
    for n, (title, people, venue, services_text, case) in enumerate(meetings):
        enterprise = rng.choice(ctx.enterprises) if n % 2 == 0 else None
        ctx.create(
            MeetingService, by=kefu, park=ctx.park, held_on=today - dt.timedelta(days=20 + 42 * n),
            title=title, client=enterprise.name if enterprise else "园区运营机构", enterprise=enterprise,
            venue=venue, attendees=people, services=services_text, feedback=rng.choice(feedback),
            satisfaction=rng.choice((4, 5, 5)), is_case=case,
        )  # fmt: skip
    receptions = (
        (ReceptionRecord.Kind.GOVERNMENT, "深圳市工业和信息化局", 12, "专精特新企业培育调研", True),
        (ReceptionRecord.Kind.GOVERNMENT, "南山区科技创新局", 6, "科技企业孵化情况调研", False),
        (ReceptionRecord.Kind.INVESTMENT, "香港科技园代表团", 15, "园区参观与合作洽谈", True),
        (ReceptionRecord.Kind.BUSINESS, "某头部新能源车企采购团队", 8, "供应商考察（入驻企业陪同）", False),
        (ReceptionRecord.Kind.INVESTMENT, "东莞松山湖园区运营团队", 10, "运营经验交流", False),
        (ReceptionRecord.Kind.GOVERNMENT, "西丽街道办事处", 5, "安全生产检查", False),
    )
    for n, (kind, visitors, scale, purpose, case) in enumerate(receptions):
        ctx.create(
            ReceptionRecord, by=kefu, park=ctx.park, received_on=today - dt.timedelta(days=15 + 55 * n),
            kind=kind, visitors=visitors, scale=scale, purpose=purpose,
            services="迎宾引导、展厅讲解、座谈会场与茶歇、合影留念", host="客户服务中心主管",
            feedback="安排周到，讲解专业" if case else "", is_case=case,
        )  # fmt: skip


def _catalogue(ctx, kefu) -> None:
    C = ValueAddedService.Category
    rows = (
        (
            "会议室及多功能厅租用",
            C.EVENT,
            "D栋多功能厅（200 人）及 6 间会议室，含音视频设备",
            False,
            "300.00",
            "小时",
        ),
        ("会务保障套餐", C.EVENT, "会场布置、签到、茶歇、摄影摄像一站式服务", False, "2800.00", "场"),
        ("商务秘书", C.BUSINESS, "文件打印装订、翻译对接、商务差旅预订", False, "80.00", "小时"),
        (
            "工商注册与变更代办",
            C.BUSINESS,
            "与合作机构共同提供工商注册、变更、年报代办",
            False,
            "500.00",
            "次",
        ),
        ("办公室深度保洁", C.PROPERTY, "地毯清洗、玻璃清洁、空调滤网清洗", False, "6.00", "㎡"),
        ("室内绿植租摆", C.LIFE, "办公室绿植租摆与养护，每周上门", False, "15.00", "盆·月"),
        ("快递代收代发", C.OFFICE, "前台代收快递，节假日不间断", True, None, ""),
        ("访客车辆预约", C.OFFICE, "平台预约访客车位，到访自动识别放行", True, None, ""),
        ("政策申报辅导", C.BUSINESS, "高新技术企业、专精特新申报辅导（与企业服务部联合）", True, None, ""),
        ("员工班车", C.LIFE, "早晚高峰往返西丽地铁站接驳", True, None, ""),
    )
    for name, category, description, free, price, unit in rows:
        ctx.create(
            ValueAddedService, by=kefu, park=ctx.park, name=name, category=category, description=description,
            free=free, price=Decimal(price) if price else None, price_unit=unit,
            provider="客户服务中心" if free else "客户服务中心及合作服务商", how_to_order="平台“服务申请”或服务热线",
        )  # fmt: skip


def _policy(ctx) -> None:
    from parkops.assessment.services import upload_document

    title = "客户关系管理制度"
    upload_document(
        park=ctx.park, kind="customer_relationship_policy", by=ctx.admin, title=title, version="V2.1",
        effective_on=ctx.today - dt.timedelta(days=240), expires_on=None, approver="园区总经理",
        file=_pdf(title, ["客户分级与走访制度", "诉求受理、跟踪、回访闭环", "年度满意度调查与改进"]), notes="",
    )  # fmt: skip


# Ratings cycle through this pattern by record id (no rng draws: the rest of the demo stays as
# it was); a few 2-star ratings give the summary something to follow up.
_RATING_PATTERN = (5, 4, 5, 3, None, 4, 5, 4, 4, None, 5, 4, 5, 4, 2, 5, None, 4, 5, 5, 4, None, 3, 5)
_RATING_COMMENTS = {2: "处理时间偏长，希望下次更快", 3: "问题解决了，沟通可以更主动"}


def _ratings(ctx, kefu, tenants) -> None:
    """Enterprises rate the closed tickets and past bookings (6.1.2); some leave no rating."""
    from parkops.spaces.models import Booking

    by_enterprise = {t.enterprise_id: t for t in tenants}
    now = clock.now()
    tickets = Ticket.objects.filter(
        park=ctx.park, state=Ticket.State.CONFIRMED, enterprise__isnull=False
    ).order_by("pk")
    bookings = Booking.objects.filter(
        space__park=ctx.park, status=Booking.Status.CONFIRMED, enterprise__isnull=False, ends_at__lte=now
    ).order_by("pk")
    for target, done_at, key in [
        *((t, t.confirmed_at, "ticket") for t in tickets),
        *((b, b.ends_at, "booking") for b in bookings),
    ]:
        rating = _RATING_PATTERN[target.pk % len(_RATING_PATTERN)]
        if rating is None or done_at is None:
            continue
        with services.backdated(min(done_at + dt.timedelta(hours=2), now)):
            services.rate_service(
                by=by_enterprise.get(target.enterprise_id, kefu),
                rating=rating,
                comment=_RATING_COMMENTS.get(rating, ""),
                **{key: target},
            )


def _property_inspections(ctx, kefu) -> None:
    """Two quarterly self-inspections of the contracted property services (6.1.6)."""
    from parkops.service.property_services import ITEMS

    for days_ago, failing in (
        (95, {"S3": "本季度消杀漏做一次，已要求补做", "P1": "地下车库部分标线磨损"}),
        (5, {"P1": "地下车库标线已重划，充电区灭火器待补充"}),
    ):
        day = ctx.today - dt.timedelta(days=days_ago)
        with services.backdated(min(_at(day, 16), clock.now())):
            services.record_property_inspection(
                by=kefu,
                park=ctx.park,
                inspected_on=day,
                provider="contracted",
                provider_name="深圳湾物业服务有限公司（演示）",
                inspector=kefu.display_name or kefu.username,
                results={item.code: (item.code not in failing, failing.get(item.code, "")) for item in ITEMS},
                summary=f"共 {len(ITEMS)} 项，{len(failing)} 项不符合，已列入整改",
            )
