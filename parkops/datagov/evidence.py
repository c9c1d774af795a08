"""How data governance answers 表A.1 row 54 (数字化 · 开放与保护, 2 points): "提供数据访问接口
文档、数据分类分级保护制度文件；提供接入案例。"

Three parts, one third each, exactly as the row reads:
- 数据访问接口文档: the park publishes open datasets whose documentation (fields, level, update
  frequency, example request) the platform generates, next to its OpenAPI document;
- 数据分类分级保护制度文件: a current document of that kind in the library (the platform drafts
  it from the classification it enforces);
- 接入案例: outside systems registered with organisation and purpose that have actually
  connected (a successful request in the access log).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind

THIRD = Decimal("0.3333")
PROTECTION_KIND = "data_classification"

document_source(
    row=54,
    key="datagov.protection",
    title=Title(gettext_noop("数据分类分级保护制度文件")),
    document_kind=PROTECTION_KIND,
    share=Decimal("0.3334"),
    departments=(DepartmentKind.DIGITAL,),
    generate="datagov:protection_doc",
)


@source(
    row=54, key="datagov.api_docs", title=Title(gettext_noop("数据访问接口文档（开放数据目录）")), share=THIRD
)
def api_docs(park, as_of: dt.date) -> Finding:
    from parkops.datagov.models import OpenDataset
    from parkops.datagov.open_data import DATASETS

    published = [
        d
        for d in OpenDataset.objects.filter(park=park, published=True).order_by("code")
        if d.code in DATASETS and (d.published_on is None or d.published_on <= as_of)
    ]
    if not published:
        return Finding.unmet(
            gettext("开放数据目录中还没有发布的数据集：至少发布 1 个数据集，平台即生成其接口文档"),
            action=Action(
                reverse("datagov:opendataset_add"),
                gettext("发布数据集"),
                model="datagov.OpenDataset",
                permission="add",
            ),
        )
    return Finding.met(
        [
            Evidence(
                label=gettext("已发布 %(count)s 个开放数据集，接口文档含字段、级别、更新频率和示例请求")
                % {"count": len(published)},
                url=reverse("datagov:opendataset_list"),
                count=len(published),
            )
        ]
    )


@source(
    row=54, key="datagov.access_cases", title=Title(gettext_noop("接入案例（外部系统已接入）")), share=THIRD
)
def access_cases(park, as_of: dt.date) -> Finding:
    from parkops.datagov.models import AccessLog, ExternalClient

    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    connected = (
        ExternalClient.objects.filter(park=park, registered_on__lte=as_of)
        .filter(accesses__status__lt=400, accesses__at__lt=end)
        .distinct()
        .order_by("organisation")
    )
    cases = list(connected)
    if not cases:
        registered = ExternalClient.objects.filter(park=park).count()
        missing = (
            gettext("已登记 %(count)s 个外部接入单位，但还没有一次成功访问") % {"count": registered}
            if registered
            else gettext("还没有登记外部接入单位：至少 1 个外部系统登记并成功接入")
        )
        return Finding.unmet(
            missing,
            action=Action(
                reverse("datagov:externalclient_add"),
                gettext("登记接入单位"),
                model="datagov.ExternalClient",
                permission="add",
            ),
        )
    first = {
        c.pk: AccessLog.objects.filter(client=c, status__lt=400)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
        for c in cases
    }
    return Finding.met(
        [
            Evidence(
                label=gettext("%(organisation)s（%(system)s）：%(purpose)s")
                % {"organisation": c.organisation, "system": c.system, "purpose": c.purpose[:60]},
                url=c.get_absolute_url(),
                date=first[c.pk].date() if first[c.pk] else None,
            )
            for c in cases
        ]
    )
