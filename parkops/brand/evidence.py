"""How brand management answers 表A.1 rows 49–51 (clause 6.7). Each check reads one park's live
data as of a date; a row short of what it asks says what is missing and where to add it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.brand.models import BrandDocument, Campaign, MediaCoverage
from parkops.core.scope import DepartmentKind

HALF = Decimal("0.5")
THIRD = Decimal(1) / 3


def _finding(
    fraction: Decimal, evidence: list[Evidence], missing: list[str], action: Action | None
) -> Finding:
    fraction = min(Decimal(1), fraction).quantize(Decimal("0.0001"))
    if not missing:
        return Finding.met(evidence)
    if fraction <= 0:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(fraction, evidence, missing, action=action)


def _current(park, kind: str, as_of: dt.date):
    return BrandDocument.objects.filter(park=park, kind=kind, valid_from__lte=as_of).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=as_of)
    )


# Row 49 定位规划: 有明确的品牌定位及建设规划，提供相关证明文件。
@source(row=49, key="brand.positioning_plan", title=Title(gettext_noop("品牌定位及建设规划文件")))
def positioning_and_plan(park, as_of: dt.date) -> Finding:
    """Half for a brand positioning document in force on ``as_of``, half for a brand-building
    plan in force on it."""
    evidence, missing, fraction = [], [], Decimal(0)
    action = None
    for kind, absent in (
        (BrandDocument.Kind.POSITIONING, gettext("没有有效的品牌定位文件")),
        (BrandDocument.Kind.PLAN, gettext("没有覆盖当前的品牌建设规划")),
    ):
        doc = _current(park, kind, as_of).order_by("-valid_from").first()
        if doc is None:
            missing.append(absent)
            action = action or Action(
                reverse("brand:branddocument_add") + f"?kind={kind}",
                gettext("上传品牌文件"),
                model="brand.BrandDocument",
                permission="add",
            )
        else:
            fraction += HALF
            evidence.append(Evidence(label=str(doc), url=doc.get_absolute_url(), date=doc.valid_from))
    return _finding(fraction, evidence, missing, action)


# Row 50 策划宣传: 提供园区品牌推广策划方案、活动清单及媒体报道案例。
@source(row=50, key="brand.campaigns", title=Title(gettext_noop("品牌推广策划方案、活动清单及媒体报道案例")))
def campaigns(park, as_of: dt.date) -> Finding:
    """A third each: a campaign plan (a campaign started by ``as_of`` with its plan document),
    the list of brand-promotion activities held (from the calendar), and media coverage."""
    from parkops.events.models import EventKind
    from parkops.events.selectors import events_of

    plans = Campaign.objects.filter(park=park, starts_on__lte=as_of).exclude(plan="")
    held = events_of(park, EventKind.BRAND, until=as_of)
    coverage = MediaCoverage.objects.filter(park=park, published_on__lte=as_of)
    evidence, missing, fraction, action = [], [], Decimal(0), None
    if plans.exists():
        fraction += THIRD
        evidence += [Evidence(label=c.title, url=c.get_absolute_url(), date=c.starts_on) for c in plans[:3]]
    else:
        missing.append(gettext("没有品牌推广策划方案"))
        action = Action(
            reverse("brand:campaign_add"), gettext("登记推广策划"), model="brand.Campaign", permission="add"
        )
    if held.exists():
        fraction += THIRD
        evidence.append(
            Evidence(
                label=gettext("品牌推广活动：%(count)s 场") % {"count": held.count()},
                url=reverse("events:event_list") + f"?kind={EventKind.BRAND}",
                count=held.count(),
            )
        )
    else:
        missing.append(gettext("日历上没有已开展的品牌推广活动"))
        action = action or Action(
            reverse("events:event_add") + f"?kind={EventKind.BRAND}",
            gettext("安排推广活动"),
            model="events.Event",
            permission="add",
        )
    if coverage.exists():
        fraction += THIRD
        evidence += [
            Evidence(label=str(c), url=c.get_absolute_url(), date=c.published_on) for c in coverage[:4]
        ]
    else:
        missing.append(gettext("没有媒体报道案例，还需 1 个"))
        action = action or Action(
            reverse("brand:mediacoverage_add"),
            gettext("登记媒体报道"),
            model="brand.MediaCoverage",
            permission="add",
        )
    return _finding(fraction, evidence, missing, action)


# Row 51 舆情管控: 提供舆情管控机制文件。
document_source(
    row=51,
    key="brand.opinion_mechanism",
    title=Title(gettext_noop("舆情监测与管控机制")),
    document_kind="opinion_mechanism",
    departments=(DepartmentKind.BRAND,),
)
