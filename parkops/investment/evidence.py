"""How investment promotion and the tenant archive answer 表A.1 rows 5, 18, 19, 20, 21 and
the archive half of 29. Each check reads live data of one park as of a date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.models import Enterprise, Unit

HALF = Decimal("0.5")


def _q(value: float) -> Decimal:
    return Decimal(str(round(value, 4)))


# Row 5 入园条件: 有明确的入园条件指引文件，现入驻企业符合园区定位要求。
document_source(
    row=5,
    key="investment.entry_guide",
    title=Title(gettext_noop("入园条件指引文件")),
    document_kind="entry_guide",
    share=HALF,
)


@source(
    row=5,
    key="investment.positioning_fit",
    title=Title(gettext_noop("现入驻企业符合园区定位")),
    share=HALF,
)
def positioning_fit(park, as_of: dt.date) -> Finding:
    """The share of residents that fit the park's own positioning (its leading or
    characteristic industries, or a supporting service it declares), counting those the
    operator accepted as exceptions with a reason; the ones that do not fit are named."""
    from parkops.investment.selectors import positioning_fit as fits

    rows = fits(park, as_of)
    if not rows:
        return Finding.unmet(gettext("园区暂无在园企业"))
    counts = {b: sum(1 for r in rows if r.basis == b) for b in ("leading", "characteristic", "supporting")}
    exceptions = [r for r in rows if r.basis == "exception"]
    outside = [r for r in rows if not r.fits]
    url = reverse("investment:positioning")
    evidence = [
        Evidence(
            label=gettext(
                "符合园区定位的在园企业 %(fit)s/%(count)s 家（主导产业 %(leading)s、特色产业 %(characteristic)s、配套服务 %(supporting)s、认可例外 %(exceptions)s）"
            )
            % {
                "fit": len(rows) - len(outside),
                "count": len(rows),
                "exceptions": len(exceptions),
                **counts,
            },
            url=url,
            count=len(rows) - len(outside),
            date=as_of,
        )
    ]
    evidence += [
        Evidence(
            label=gettext("%(enterprise)s 为认可的定位例外：%(reason)s")
            % {"enterprise": r.enterprise.name, "reason": r.detail[:60]},
            url=url,
        )
        for r in exceptions[:5]
    ]
    if not outside:
        return Finding.met(evidence)
    missing = [
        gettext("%(enterprise)s（%(industry)s）不在园区主导产业、特色产业或配套服务范围内")
        % {"enterprise": r.enterprise.name, "industry": r.detail or gettext("未登记产业")}
        for r in outside[:10]
    ]
    if len(outside) > 10:
        missing.append(
            gettext("另有 %(count)s 家不符合园区定位，见园区定位核验页") % {"count": len(outside) - 10}
        )
    action = Action(url, gettext("核验园区定位"), model="investment.PositioningException", permission="add")
    share = _q((len(rows) - len(outside)) / len(rows))
    if share == 0:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(share, evidence, missing, action=action)


# Row 18 招商团队: 团队人数不少于 3 人，且招商职责和任务指标明确。
@source(row=18, key="investment.team_targets", title=Title(gettext_noop("招商人员及年度任务指标")))
def team_targets(park, as_of: dt.date) -> Finding:
    from parkops.investment.models import InvestmentTarget

    targets = InvestmentTarget.objects.filter(park=park, year=as_of.year).exclude(duties="")
    targets = targets.filter(target_area__gt=0, target_leases__gt=0)
    people = targets.values("member").distinct().count()
    evidence = [
        Evidence(
            label=gettext("%(year)s 年有明确职责和指标的招商人员 %(count)s 人")
            % {"year": as_of.year, "count": people},
            url=reverse("investment:team"),
            count=people,
        )
    ]
    if people >= 3:
        return Finding.met(evidence)
    if people == 0:
        return Finding.unmet(gettext("%(year)s 年尚未为招商人员设定职责和任务指标") % {"year": as_of.year})
    missing = gettext("有职责和指标的招商人员仅 %(count)s 人，少于 3 人") % {"count": people}
    return Finding.partial(_q(people / 3), evidence, [missing])


# Row 19 招商推介: 每年定期或适时开展主导产业、行业招商推介活动。
@source(
    row=19, key="investment.promotion_events", title=Title(gettext_noop("近 12 个月主导产业招商推介活动"))
)
def promotion_events(park, as_of: dt.date) -> Finding:
    """Met: at least two events in the 12 months before ``as_of``, at least one focused on the
    park's leading or characteristic industries. One such event alone earns half."""
    from parkops.events.models import EventKind
    from parkops.events.selectors import events_of

    since = as_of - dt.timedelta(days=365)
    events = events_of(park, EventKind.PROMOTION, since, as_of)
    industries = set(park.leading_industries.values_list("pk", flat=True)) | set(
        park.characteristic_industries.values_list("pk", flat=True)
    )
    focused = events.filter(industries__in=industries).distinct()
    evidence = [
        Evidence(label=str(e), url=e.get_absolute_url(), date=timezone.localtime(e.starts_at).date())
        for e in events[:6]
    ]
    if focused.exists() and events.count() >= 2:
        return Finding.met(evidence)
    if focused.exists():
        return Finding.partial(HALF, evidence, [gettext("近 12 个月仅 1 场推介活动，未体现“定期”开展")])
    if events.exists():
        return Finding.partial(
            Decimal("0.25"), evidence, [gettext("近 12 个月的推介活动未聚焦园区主导或特色产业")]
        )
    return Finding.unmet(gettext("近 12 个月没有招商推介活动记录"))


# Row 20 客户管理: 有入驻客户分类分级管理制度并实施。
document_source(
    row=20,
    key="investment.grading_policy",
    title=Title(gettext_noop("入驻客户分类分级管理制度")),
    document_kind="customer_grading_policy",
    share=HALF,
)


@source(
    row=20,
    key="investment.grading_applied",
    title=Title(gettext_noop("分类分级已对在园企业实施")),
    share=HALF,
)
def grading_applied(park, as_of: dt.date) -> Finding:
    """The grading rule applied within the last 12 months to the current residents."""
    from parkops.investment.models import ResidentGrade

    residents = Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT)
    total = residents.count()
    if not total:
        return Finding.unmet(gettext("园区暂无在园企业"))
    graded = residents.filter(
        grades__graded_on__gt=as_of - dt.timedelta(days=365), grades__graded_on__lte=as_of
    )
    count = graded.distinct().count()
    latest = (
        ResidentGrade.objects.filter(enterprise__park=park, graded_on__lte=as_of)
        .order_by("-graded_on")
        .first()
    )
    evidence = [
        Evidence(
            label=gettext("近 12 个月已分级在园企业 %(graded)s/%(count)s 家")
            % {"graded": count, "count": total},
            url=reverse("investment:grading"),
            count=count,
            date=latest.graded_on if latest else None,
        )
    ]
    share = count / total
    if share >= 0.9:
        return Finding.met(evidence)
    if count == 0:
        return Finding.unmet(gettext("近 12 个月未按分级规则对在园企业分级"))
    missing = gettext("尚有 %(count)s 家在园企业未分级") % {"count": total - count}
    return Finding.partial(_q(share), evidence, [missing])


# Row 21 招商平台: 提供招商服务智慧化平台、资源及相关政策等清单、入驻企业清单。
@source(row=21, key="investment.public_platform", title=Title(gettext_noop("招商服务平台（公开页）")))
def public_platform(park, as_of: dt.date) -> Finding:
    """The public page lists vacant units and residents by itself; it needs published policies
    or resources to be complete."""
    from parkops.investment.models import PolicyLink

    url = reverse("investment:public", args=[park.code])
    policies = PolicyLink.objects.filter(park=park, published=True).count()
    vacant = Unit.objects.filter(floor__building__park=park, state=Unit.State.VACANT).count()
    residents = Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).count()
    evidence = [
        Evidence(
            label=gettext("公开招商页：可租房源 %(vacant)s 套、入驻企业 %(residents)s 家")
            % {"vacant": vacant, "residents": residents},
            url=url,
        ),
        Evidence(
            label=gettext("公开的政策与资源 %(count)s 项") % {"count": policies},
            url=reverse("investment:policylink_list"),
            count=policies,
        ),
    ]
    missing = []
    if not policies:
        missing.append(gettext("招商平台尚未公开政策与资源清单"))
    if not residents:
        missing.append(gettext("暂无入驻企业清单"))
    if not missing:
        return Finding.met(evidence)
    return Finding.partial(HALF if len(missing) == 1 else Decimal("0"), evidence, missing)


# Row 29 客户服务 (archive half): 建立完善的入驻客户档案 — the items clause 6.3.3.2 names.
@source(row=29, key="investment.tenant_archive", title=Title(gettext_noop("入驻客户档案完整")), share=HALF)
def tenant_archive(park, as_of: dt.date) -> Finding:
    """Each resident's archive against the five items of 6.3.3.2 (客户基本信息、入驻信息、需求分析、
    反馈记录、业务合作情况); the fraction earned is the share of items present over all residents,
    so an archive 95 % complete earns 95 %, and only a complete one earns the whole."""
    from parkops.investment.selectors import ARCHIVE_ITEMS, archive_items

    residents = list(Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).order_by("name"))
    if not residents:
        return Finding.unmet(gettext("园区暂无在园企业"))
    items = [(e, archive_items(e, as_of)) for e in residents]
    url = reverse("investment:archive_list")
    evidence = []
    present_total = 0
    for key, title in ARCHIVE_ITEMS:
        present = sum(1 for _e, found in items if not found[key])
        present_total += present
        evidence.append(
            Evidence(
                label=gettext("%(item)s齐全的在园企业 %(present)s/%(count)s 家")
                % {"item": gettext(title), "present": present, "count": len(residents)},
                url=url,
                count=present,
            )
        )
    incomplete = [(e, found) for e, found in items if any(found.values())]
    complete = len(residents) - len(incomplete)
    evidence.insert(
        0,
        Evidence(
            label=gettext("档案完整的在园企业 %(complete)s/%(count)s 家")
            % {"complete": complete, "count": len(residents)},
            url=url,
            count=complete,
        ),
    )
    if not incomplete:
        return Finding.met(evidence)
    missing = [
        gettext("%(enterprise)s：%(gaps)s")
        % {
            "enterprise": e.name,
            "gaps": gettext("、").join(gettext(gap) for gaps in found.values() for gap in gaps),
        }
        for e, found in incomplete[:10]
    ]
    if len(incomplete) > 10:
        missing.append(
            gettext("另有 %(count)s 家档案不完整，见入驻客户档案页") % {"count": len(incomplete) - 10}
        )
    fraction = Decimal(present_total) / (len(residents) * len(ARCHIVE_ITEMS))
    action = Action(
        reverse("investment:archiverecord_add"),
        gettext("登记档案记录"),
        model="investment.ArchiveRecord",
        permission="add",
    )
    if fraction == 0:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(fraction.quantize(Decimal("0.0001")), evidence, missing, action=action)
