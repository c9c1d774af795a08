"""A year of the demo park's environment management (clause 6.3.4; rows 32, 33): greening to
plan, sorted waste collected by licensed carriers, monthly pollution monitoring with one
exceedance closed by a re-test and one still open (the "tenant" account's enterprise)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from parkops.core.demo.context import DemoContext
from parkops.environment import models as m
from parkops.environment import services

TZ = ZoneInfo("Asia/Shanghai")

GREENING = (
    ("中央草坪", "mowing", 15, "草坪高度保持在 5–8 cm，边缘整齐"),
    ("园区道路行道树", "pruning", 90, "修剪枯枝、病枝，树冠不遮挡路灯和监控"),
    ("中央草坪及花坛", "fertilising", 60, "雨季前后各施有机肥一次，其余季度复合肥"),
    ("全园绿地", "pest_control", 30, "巡查病虫害，低毒药剂点喷，施药后设置警示牌"),
    ("东门及各栋入口花坛", "flowers", 14, "时令花卉及时更换，残花清理，无裸土"),
)
CARRIERS = {
    "household": ("深圳市龙清环境科技有限公司", "深城管许字〔2024〕第0316号"),
    "hazardous": ("深圳市绿环危险废物处置有限公司", "粤危废经许字4403002219"),
    "decoration": ("深圳市建科再生资源有限公司", "深建废运许〔2025〕第0087号"),
    "garden": ("深圳市绿地园林工程有限公司", "深城管许字〔2023〕第0192号"),
}


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and m.GreeningTask.objects.filter(park=ctx.park).exists()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def build(ctx: DemoContext) -> None:
    from parkops.accounts.models import User

    staff = User.objects.filter(username="huanjing").first() or ctx.admin
    _documents(ctx)
    _greening(ctx, staff)
    _waste(ctx, staff)
    _pollution(ctx, staff)
    _waste_facilities(ctx, staff)


def _documents(ctx: DemoContext) -> None:
    _document(
        ctx,
        "environment_standard",
        "园区环境管养标准",
        [
            "卫生清洁：公共区域每日两次保洁，垃圾桶日产日清。",
            "绿化养护：草坪 15 天一剪，花坛 14 天一护，病虫害每月巡查。",
            "污染治理：废水、废气、噪声每月监测，超标企业限期整改并复测。",
        ],
        300,
    )
    _document(
        ctx,
        "waste_sorting_rules",
        "园区垃圾分类治理规范及工作流程",
        [
            "按厨余、可回收、有害、其他四类设置投放点，装修垃圾和园林绿化垃圾单独收运。",
            "收运单位须持有效许可证，台账按类别和产生企业登记。",
        ],
        280,
    )
    _document(
        ctx,
        "pollution_control_plan",
        "园区环境污染治理措施方案",
        [
            "重点排污企业预处理设施运行监督；废水总排口、厂界噪声定期监测。",
            "超标排放：下发整改通知，企业限期整改并回复，复测达标后关闭。",
        ],
        260,
    )


def _greening(ctx: DemoContext, staff) -> None:
    start = ctx.today - dt.timedelta(days=364)
    for area, work, every, standard in GREENING:
        task = ctx.create(
            m.GreeningTask, park=ctx.park, area=area, work=work, every_days=every, standard=standard
        )
        day = start + dt.timedelta(days=ctx.rng.randint(0, every - 1))
        while day <= ctx.today:
            ctx.create(
                m.GreeningRecord,
                by=staff,
                park=ctx.park,
                task=task,
                area=area,
                work=work,
                done_on=day,
                done_by="深圳市绿地园林工程有限公司 养护班组",
                note=standard[:40],
            )
            day += dt.timedelta(days=every + ctx.rng.randint(-2, 2))


def _waste(ctx: DemoContext, staff) -> None:
    rng = ctx.rng
    canteen = (CARRIERS["household"], "园区员工餐厅")
    day = ctx.today - dt.timedelta(days=364)
    week = 0
    while day <= ctx.today:
        if week % 2 == 0:
            for category, low, high in (
                ("kitchen", 1800, 2600),
                ("recyclable", 600, 1100),
                ("other", 2400, 3400),
            ):
                name, licence = canteen[0] if category != "kitchen" else canteen[0]
                ctx.create(
                    m.WasteCollection,
                    by=staff,
                    park=ctx.park,
                    collected_on=day,
                    category=category,
                    weight_kg=Decimal(rng.randint(low, high)),
                    carrier_name=name,
                    carrier_licence=licence,
                )
        if week % 4 == 1:
            name, licence = CARRIERS["hazardous"]
            ctx.create(
                m.WasteCollection,
                by=staff,
                park=ctx.park,
                collected_on=day,
                category="hazardous",
                weight_kg=Decimal(rng.randint(30, 90)),
                carrier_name=name,
                carrier_licence=licence,
                note="废灯管、废电池、废墨盒",
            )
            name, licence = CARRIERS["garden"]
            ctx.create(
                m.WasteCollection,
                by=staff,
                park=ctx.park,
                collected_on=day,
                category="garden",
                weight_kg=Decimal(rng.randint(300, 900)),
                carrier_name=name,
                carrier_licence=licence,
            )
        day += dt.timedelta(days=7)
        week += 1
    name, licence = CARRIERS["decoration"]
    for enterprise, days_ago in zip(ctx.enterprises[2:6], (300, 210, 120, 30), strict=False):
        ctx.create(
            m.WasteCollection,
            by=staff,
            park=ctx.park,
            collected_on=ctx.today - dt.timedelta(days=days_ago),
            category="decoration",
            enterprise=enterprise,
            weight_kg=Decimal(rng.randint(2000, 8000)),
            carrier_name=name,
            carrier_licence=licence,
            note="装修垃圾，按装修申请清运",
        )


def _waste_facilities(ctx: DemoContext, staff) -> None:
    """Drop points, bins and vehicles (6.3.4.3) with a weekly wash-and-disinfect round over the
    last quarter; the B-building point missed its last round (deterministic: no rng draws, so
    the other parts of the demo stay as they were)."""
    K = m.WasteFacility.Kind
    rows = [
        (K.DROP_POINT, "A栋东侧投放点", "A栋一层东侧", "", 1, 7),
        (K.DROP_POINT, "B栋北侧投放点", "B栋一层北侧", "", 1, 7),
        (K.DROP_POINT, "员工餐厅投放点", "综合楼负一层餐厅后区", "", 1, 7),
        (K.DROP_POINT, "有害垃圾暂存点", "综合楼垃圾房", "hazardous", 1, 14),
        (K.BIN, "厨余垃圾桶（240L）", "各投放点", "kitchen", 12, None),
        (K.BIN, "可回收物桶（240L）", "各投放点", "recyclable", 10, None),
        (K.BIN, "其他垃圾桶（240L）", "各投放点", "other", 14, None),
        (K.BIN, "有害垃圾桶（120L）", "各投放点", "hazardous", 4, None),
        (K.VEHICLE, "园区电动清运车 1 号", "综合楼垃圾房", "", 1, 7),
        (K.VEHICLE, "园区电动清运车 2 号", "综合楼垃圾房", "", 1, 7),
    ]
    for kind, name, location, category, quantity, every in rows:
        facility = ctx.create(
            m.WasteFacility,
            by=staff,
            park=ctx.park,
            kind=kind,
            name=name,
            location=location,
            category=category,
            quantity=quantity,
            cleaning_every_days=every,
        )
        if every is None:
            continue
        last = 9 + every if name.startswith("B栋") else (ctx.today.toordinal() + len(name)) % every
        for days_ago in range(last, 91, every):
            ctx.create(
                m.WasteFacilityCleaning,
                by=staff,
                facility=facility,
                done_on=ctx.today - dt.timedelta(days=days_ago),
                work=m.WasteFacilityCleaning.Work.BOTH,
                disinfectant="含氯消毒液（500 mg/L）",
                done_by="园区保洁班",
            )


def _pollution(ctx: DemoContext, staff) -> None:

    chip, medical = ctx.enterprises[0], ctx.enterprises[1]
    points = [
        (
            "wastewater",
            "园区总排口",
            "园区西南角市政管网接驳井",
            None,
            (
                ("COD", "mg/L", "500", "GB 8978-1996 表4 三级标准", 180, 320),
                ("氨氮", "mg/L", "45", "GB/T 31962-2015 B 级", 12, 30),
            ),
        ),
        (
            "wastewater",
            "瑞康医疗 清洗废水排口",
            "C栋 2F 预处理池出口",
            medical,
            (
                ("COD", "mg/L", "500", "GB 8978-1996 表4 三级标准", 220, 420),
                ("悬浮物", "mg/L", "400", "GB 8978-1996 表4 三级标准", 80, 220),
            ),
        ),
        (
            "exhaust",
            "芯湾微电子 实验室废气排放口",
            "A栋 屋面 1 号排气筒",
            chip,
            (("非甲烷总烃", "mg/m³", "120", "GB 16297-1996 表2 二级", 20, 70),),
        ),
        (
            "noise",
            "东厂界",
            "园区东侧围墙外 1 m",
            None,
            (
                ("昼间等效声级", "dB(A)", "65", "GB 12348-2008 3 类", 54, 62),
                ("夜间等效声级", "dB(A)", "55", "GB 12348-2008 3 类", 44, 52),
            ),
        ),
        (
            "noise",
            "北厂界",
            "园区北门外 1 m",
            None,
            (
                ("昼间等效声级", "dB(A)", "65", "GB 12348-2008 3 类", 55, 63),
                ("夜间等效声级", "dB(A)", "55", "GB 12348-2008 3 类", 45, 53),
            ),
        ),
    ]
    rng = ctx.rng
    limits: dict[tuple[str, str], m.PollutantLimit] = {}
    for kind, name, location, enterprise, pollutants in points:
        point = ctx.create(
            m.MonitoringPoint,
            by=staff,
            park=ctx.park,
            kind=kind,
            name=name,
            location=location,
            enterprise=enterprise,
        )
        for pollutant, unit, limit, standard, low, high in pollutants:
            lim = ctx.create(
                m.PollutantLimit,
                by=staff,
                point=point,
                pollutant=pollutant,
                unit=unit,
                limit=Decimal(limit),
                standard=standard,
            )
            limits[name, pollutant] = lim
            for months_ago in range(12, 0, -1):
                day = ctx.today - dt.timedelta(days=30 * months_ago - 3)
                hour = 23 if pollutant.startswith("夜间") else 10
                value = Decimal(rng.randint(low * 10, high * 10)) / 10
                if (name, pollutant, months_ago) == ("瑞康医疗 清洗废水排口", "COD", 5):
                    value = Decimal("626")  # the exceedance closed by a re-test below
                services.record_reading(
                    point=point,
                    limit=lim,
                    value=value,
                    by=staff,
                    measured_at=_at(day, hour),
                    source="lab" if kind != "noise" else "manual",
                    notice_deadline=day + dt.timedelta(days=15),
                )
                if value == Decimal("626"):
                    _answer_and_retest(ctx, lim, staff, medical)
    # 芯湾's exhaust exceeded eight days ago: the notice is open and not yet answered.
    voc = limits["芯湾微电子 实验室废气排放口", "非甲烷总烃"]
    services.record_reading(
        point=voc.point,
        limit=voc,
        value=Decimal("156.4"),
        by=staff,
        measured_at=_at(ctx.today - dt.timedelta(days=8)),
        source="lab",
        notice_deadline=ctx.today + dt.timedelta(days=7),
    )


def _answer_and_retest(ctx: DemoContext, limit: m.PollutantLimit, staff, enterprise) -> None:
    """瑞康 answered its notice and the re-test a fortnight later passed."""
    from parkops.accounts.models import User

    exceedance = m.Exceedance.objects.get(limit=limit, status=m.Exceedance.Status.OPEN)
    tenant = User.objects.filter(username="tenant2", enterprise=enterprise).first()
    if tenant is not None:
        services.respond_to_notice(
            notice=exceedance.notice,
            by=tenant,
            response="经排查为清洗线换型时清洗剂投加过量；已调整投加量并增加预处理池停留时间，加装在线 pH 监控。",
        )
    services.record_reading(
        point=limit.point,
        limit=limit,
        value=Decimal("318"),
        by=staff,
        measured_at=exceedance.reading.measured_at + dt.timedelta(days=14),
        source="lab",
    )


def _pdf(title: str, lines: list[str]):
    """A one-page PDF standing in for the scanned document."""
    import io

    from django.core.files.base import ContentFile
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(72, 770, title)
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        pdf.drawString(72, 730 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name="document.pdf")


def _document(ctx: DemoContext, kind: str, title: str, lines: list[str], days_ago: int) -> None:
    from parkops.assessment.services import upload_document

    effective_on = ctx.today - dt.timedelta(days=days_ago)
    upload_document(
        park=ctx.park,
        kind=kind,
        by=ctx.admin,
        title=title,
        version="V2.0",
        effective_on=effective_on,
        expires_on=None,
        approver="园区总经理",
        file=_pdf(
            title, [ctx.park.name, f"版本：V2.0　生效日期：{effective_on:%Y-%m-%d}", *lines, "（演示数据）"]
        ),
    )
