"""How the insight domain answers 表A.1 rows 52, 53, 55 and 56 (clauses 7.1–7.3).

Row 52 (3 points) "已建成满足园区运营需要的智慧管理平台。具有可视化的数据监控面板，各项监测功能运行
正常": the park's monitoring panel is fed by its own records (each of its monitoring functions
has data), the platform's status checks pass, and the platform's construction document is
current. Row 53 (1 point) "已搭建数据分析平台且具备数据挖掘和统计分析功能。提供系统建设文件，演示
系统功能": the analysis runs on the park's data (tenant health over its residents, explore
datasets with rows), the construction document, and the live demonstration to the assessor,
which only a person can record. Rows 55 and 56 count register entries with their documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, judgement_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind
from parkops.insight.models import ComputingCentre, InnovationScenario

CONSTRUCTION_KIND = "platform_construction"
CONSTRUCTION_TITLE = Title(gettext_noop("智慧管理平台系统建设文件（模块、数据流、接口、部署）"))

document_source(
    row=52,
    key="insight.construction_52",
    title=CONSTRUCTION_TITLE,
    document_kind=CONSTRUCTION_KIND,
    share=Decimal("0.2"),
    departments=(DepartmentKind.DIGITAL,),
    generate="insight:construction_doc",
)
document_source(
    row=53,
    key="insight.construction_53",
    title=CONSTRUCTION_TITLE,
    document_kind=CONSTRUCTION_KIND,
    share=Decimal("0.4"),
    departments=(DepartmentKind.DIGITAL,),
    generate="insight:construction_doc",
)
judgement_source(
    row=53,
    key="insight.demonstration",
    title=Title(gettext_noop("现场演示数据分析平台功能（评估专家记录）")),
    share=Decimal("0.2"),
)


def _url(name: str, **query) -> str:
    from urllib.parse import urlencode

    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def _fraction(done: int, total: int) -> Decimal:
    return (Decimal(done) / total).quantize(Decimal("0.0001")) if total else Decimal(0)


@source(
    row=52,
    key="insight.panel",
    title=Title(gettext_noop("可视化数据监控面板：各项监测功能有本园区数据")),
    share=Decimal("0.5"),
)
def panel(park, as_of: dt.date) -> Finding:
    """Each monitoring function of the panel (occupancy, pipeline, bills, work orders, hazards,
    environment readings, satisfaction) counts when the park has records feeding it in the
    12 months up to ``as_of`` (units and customers: any registered)."""
    from parkops.insight.selectors import monitoring_functions

    functions = monitoring_functions(park, as_of)
    fed = [f for f in functions if f["count"]]
    evidence = [
        Evidence(
            label=gettext("%(name)s：%(count)s 条记录") % {"name": f["name"], "count": f["count"]},
            url=f["url"],
        )
        for f in fed
    ]
    evidence.insert(
        0, Evidence(label=gettext("园区监测面板与大屏"), url=_url("insight:dashboard", park=park.pk))
    )
    missing = [
        gettext("%(name)s：没有数据，面板该项无法监测") % {"name": f["name"]}
        for f in functions
        if not f["count"]
    ]
    if not missing:
        return Finding.met(evidence)
    fraction = _fraction(len(fed), len(functions))
    first = next(f for f in functions if not f["count"])
    action = Action(first["url"], gettext("去登记"), model=first["model"], permission="view")
    if not fed:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(fraction, evidence, missing, action=action)


@source(
    row=52,
    key="insight.status",
    title=Title(gettext_noop("平台运行状态：数据库、缓存、任务队列、审计检查点正常")),
    share=Decimal("0.3"),
)
def platform_running(park, as_of: dt.date) -> Finding:
    """The platform's status checks as they stand now (a past date cannot be re-checked):
    each check that fails takes its part off."""
    from parkops.insight.status import platform_status

    checks = [c for c in platform_status() if c.ok is not None]
    ok = [c for c in checks if c.ok]
    evidence = [
        Evidence(
            label=gettext("平台运行状态：%(ok)s / %(total)s 项正常") % {"ok": len(ok), "total": len(checks)},
            url=_url("insight:status"),
        )
    ]
    missing = [
        gettext("%(check)s异常：%(detail)s") % {"check": c.label, "detail": c.detail}
        for c in checks
        if not c.ok
    ]
    if not missing:
        return Finding.met(evidence)
    if not ok:
        return Finding.unmet(*missing, evidence=evidence)
    return Finding.partial(_fraction(len(ok), len(checks)), evidence, missing)


@source(
    row=53,
    key="insight.analysis",
    title=Title(gettext_noop("数据挖掘和统计分析：租户健康度模型与数据探索运行在本园区数据上")),
    share=Decimal("0.4"),
)
def analysis(park, as_of: dt.date) -> Finding:
    """Mining: the tenant-health model scores the park's residents with an active lease.
    Statistics: the explore page's datasets hold the park's rows. Half each."""
    from parkops.insight.explore import dataset_counts
    from parkops.investment.models import Lease

    residents = (
        Lease.objects.filter(park=park, status=Lease.Status.ACTIVE, start__lte=as_of)
        .values("enterprise")
        .distinct()
        .count()
    )
    counts = dataset_counts(park)
    with_rows = [name for name, n in counts.items() if n]
    evidence = [
        Evidence(
            label=gettext("租户健康度：%(count)s 家在租企业") % {"count": residents},
            url=_url("insight:health", park=park.pk),
            count=residents,
        ),
        Evidence(
            label=gettext("数据探索：%(count)s 个数据集有本园区数据") % {"count": len(with_rows)},
            url=_url("insight:explore", park=park.pk),
            count=len(with_rows),
        ),
    ]
    missing = []
    fraction = Decimal(0)
    if residents:
        fraction += Decimal("0.5")
    else:
        missing.append(gettext("没有在租企业，租户健康度模型无数据可分析"))
    if with_rows:
        fraction += Decimal("0.5")
    else:
        missing.append(gettext("数据探索的各数据集都没有本园区数据"))
    if not missing:
        return Finding.met(evidence)
    if not fraction:
        return Finding.unmet(*missing, evidence=evidence)
    return Finding.partial(fraction, evidence, missing)


@source(
    row=55,
    key="insight.scenarios",
    title=Title(gettext_noop("具有代表性和示范性的创新应用场景（不少于 1 个，附证明文件）")),
)
def scenarios(park, as_of: dt.date) -> Finding:
    """At least one scenario in use by ``as_of``, marked representative and with its document."""
    listed = list(
        InnovationScenario.objects.filter(park=park, launched_on__lte=as_of).order_by("-launched_on")
    )
    good = [s for s in listed if s.in_use and s.representative and s.document]
    action = Action(
        _url("insight:innovationscenario_add"),
        gettext("登记创新应用场景"),
        model="insight.InnovationScenario",
        permission="add",
    )
    evidence = [
        Evidence(
            label=f"{s.name}（{s.get_field_display()}，{s.launched_on:%Y-%m-%d}）",
            url=s.get_absolute_url(),
            date=s.launched_on,
        )
        for s in good
    ]
    if good:
        return Finding.met(evidence)
    missing = [gettext("还需 1 个在用、具有代表性和示范性并附证明文件的创新应用场景")]
    for s in listed:
        reasons = []
        if not s.in_use:
            reasons.append(gettext("已停用"))
        if not s.representative:
            reasons.append(gettext("未认定具有代表性和示范性"))
        if not s.document:
            reasons.append(gettext("缺少证明文件"))
        missing.append(gettext("%(name)s：%(reasons)s") % {"name": s.name, "reasons": "、".join(reasons)})
    if listed:
        action = Action(
            listed[0].get_absolute_url(),
            gettext("补充场景材料"),
            model="insight.InnovationScenario",
            permission="change",
        )
    return Finding.unmet(*missing, action=action)


@source(
    row=56,
    key="insight.computing",
    title=Title(gettext_noop("已建成或引入的智算中心、存储中心（不少于 1 个，附证明文件）")),
)
def computing(park, as_of: dt.date) -> Finding:
    """At least one computing or storage centre in service by ``as_of`` with its document."""
    listed = list(ComputingCentre.objects.filter(park=park, in_service_on__lte=as_of))
    good = [c for c in listed if c.in_service and c.document]
    evidence = [
        Evidence(
            label=f"{c}：{c.get_origin_display()}，{c.capacity}",
            url=c.get_absolute_url(),
            date=c.in_service_on,
        )
        for c in good
    ]
    if good:
        return Finding.met(evidence)
    missing = [gettext("还需 1 个在用并附证明文件的智算中心或存储中心")]
    for c in listed:
        missing.append(
            gettext("%(name)s：%(reason)s")
            % {"name": c, "reason": gettext("已停用") if not c.in_service else gettext("缺少证明文件")}
        )
    action = Action(
        listed[0].get_absolute_url() if listed else _url("insight:computingcentre_add"),
        gettext("补充证明文件") if listed else gettext("登记智算/存储中心"),
        model="insight.ComputingCentre",
        permission="change" if listed else "add",
    )
    return Finding.unmet(*missing, action=action)
