"""What the spaces domain proves for 表A.1 (clause 5.3): row 9 服务空间 (a list of function
spaces and their distribution maps), row 10 设备设施 (an equipment list for every space),
row 11 空间管理 (a space management policy document, plus the introduction of the facilities
and the booking system the platform itself holds)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title

HALF = Decimal("0.5")


def _url(name: str, *args, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


def _spaces(park, as_of: dt.date):
    from parkops.spaces.models import FunctionSpace

    return FunctionSpace.objects.filter(park=park, created_at__date__lte=as_of)


@source(row=9, key="spaces.list_and_plans", title=Title(gettext_noop("功能空间清单及楼层平面分布图")))
def spaces_and_plans(park, as_of: dt.date) -> Finding:
    """Half for the list of function spaces, half for distribution maps: a floor plan with
    marks for every floor that has a function space (coverage)."""
    from parkops.spaces.models import FloorPlan

    spaces = list(_spaces(park, as_of).select_related("floor__building"))
    if not spaces:
        return Finding.unmet(gettext("尚未登记功能空间清单"), effort=2)
    kinds = sorted({str(s.get_kind_display()) for s in spaces})
    evidence = [
        Evidence(
            label=gettext("功能空间清单：%(count)s 处（%(kinds)s）")
            % {"count": len(spaces), "kinds": gettext("、").join(kinds)},
            url=_url("spaces:overview"),
            count=len(spaces),
        )
    ]
    plans = (
        FloorPlan.objects.filter(floor__building__park=park, created_at__date__lte=as_of)
        .annotate(n=Count("marks"))
        .filter(n__gt=0)
        .select_related("floor__building")
    )
    marked = {p.floor_id: p for p in plans}
    needed = {s.floor_id: s.floor for s in spaces if s.floor_id}
    missing: list[str] = []
    if needed:
        covered = [f for fid, f in needed.items() if fid in marked]
        coverage = Decimal(len(covered)) / Decimal(len(needed))
        for fid, floor in sorted(needed.items(), key=lambda kv: str(kv[1])):
            if fid not in marked:
                missing.append(gettext("%(floor)s 有功能空间，但没有带标注的平面分布图") % {"floor": floor})
    else:
        coverage = Decimal(1) if marked else Decimal(0)
        if not marked:
            missing.append(gettext("没有带标注的楼层平面分布图"))
    for plan in marked.values():
        evidence.append(
            Evidence(
                label=gettext("%(floor)s 平面分布图（%(count)s 处标注）")
                % {"floor": plan.floor, "count": plan.n},
                url=plan.get_absolute_url(),
                count=plan.n,
            )
        )
    fraction = HALF + HALF * coverage
    if fraction == 1:
        return Finding.met(evidence)
    first = next(
        (f for fid, f in sorted(needed.items(), key=lambda kv: str(kv[1])) if fid not in marked), None
    )
    action = Action(
        _url("spaces:floorplan_add", query=f"?floor={first.pk}" if first else ""),
        gettext("上传楼层平面分布图"),
        model="spaces.FloorPlan",
        permission="add",
    )
    return Finding.partial(fraction.quantize(Decimal("0.0001")), evidence, missing, effort=2, action=action)


@source(row=10, key="spaces.equipment_lists", title=Title(gettext_noop("各功能空间的设备设施配备清单")))
def equipment_lists(park, as_of: dt.date) -> Finding:
    """The fraction of function spaces that have an equipment list."""
    spaces = list(
        _spaces(park, as_of).annotate(
            items=Count("equipment", filter=Q(equipment__created_at__date__lte=as_of)),
            broken=Count("equipment", filter=Q(equipment__status="repair")),
        )
    )
    if not spaces:
        return Finding.unmet(gettext("尚未登记功能空间，无法提供设备设施清单"), effort=2)
    listed = [s for s in spaces if s.items]
    total_items = sum(s.items for s in spaces)
    evidence = [
        Evidence(
            label=gettext("%(listed)s/%(count)s 个功能空间有设备设施清单，共 %(items)s 项")
            % {"listed": len(listed), "count": len(spaces), "items": total_items},
            url=_url("spaces:equipment_list"),
            count=total_items,
        )
    ]
    broken = sum(s.broken for s in spaces)
    if broken:
        evidence.append(
            Evidence(
                label=gettext("%(count)s 项设备维修中") % {"count": broken},
                url=_url("spaces:equipment_list", query="?status=repair"),
            )
        )
    missing = [gettext("%(space)s 没有设备设施清单") % {"space": s.name} for s in spaces if not s.items]
    if not missing:
        return Finding.met(evidence)
    if not listed:
        return Finding.unmet(*missing, evidence=evidence, effort=2)
    fraction = (Decimal(len(listed)) / Decimal(len(spaces))).quantize(Decimal("0.0001"))
    return Finding.partial(fraction, evidence, missing, effort=2)


document_source(
    row=11,
    key="spaces.management_policy",
    title=Title(gettext_noop("空间管理制度（含预订系统、使用规范、保障机制）")),
    document_kind="space_management_policy",
    share=HALF,
)


@source(
    row=11,
    key="spaces.facilities_introduction",
    title=Title(gettext_noop("相关配套介绍及预约系统")),
    share=HALF,
)
def facilities_introduction(park, as_of: dt.date) -> Finding:
    """The introduction of the facilities is the list of spaces itself: each space described;
    the booking system: every bookable space has booking rules (5.3.3 预订系统)."""
    spaces = list(_spaces(park, as_of).select_related("rule"))
    if not spaces:
        return Finding.unmet(gettext("尚未登记功能空间及配套介绍"), effort=2)
    described = [s for s in spaces if s.description.strip()]
    bookable = [s for s in spaces if s.bookable]
    with_rules = [s for s in bookable if hasattr(s, "rule")]
    evidence = [
        Evidence(
            label=gettext("配套介绍：%(described)s/%(count)s 个功能空间有介绍")
            % {"described": len(described), "count": len(spaces)},
            url=_url("spaces:overview"),
        ),
    ]
    if bookable:
        evidence.append(
            Evidence(
                label=gettext("预约系统：%(ruled)s/%(count)s 个可预约空间已设置预约规则")
                % {"ruled": len(with_rules), "count": len(bookable)},
                url=_url("spaces:bookingrule_list"),
                count=len(with_rules),
            )
        )
    missing = [gettext("%(space)s 没有介绍") % {"space": s.name} for s in spaces if not s.description.strip()]
    missing += [
        gettext("%(space)s 可预约但未设置预约规则") % {"space": s.name}
        for s in bookable
        if not hasattr(s, "rule")
    ]
    if not bookable:
        missing.append(gettext("没有开放预约的功能空间（空间管理制度应包括预订系统）"))
    parts = [Decimal(len(described)) / Decimal(len(spaces))]
    parts.append(Decimal(len(with_rules)) / Decimal(len(bookable)) if bookable else Decimal(0))
    fraction = (sum(parts) / Decimal(len(parts))).quantize(Decimal("0.0001"))
    if not missing:
        return Finding.met(evidence)
    if fraction == 0:
        return Finding.unmet(*missing, evidence=evidence, effort=1)
    return Finding.partial(fraction, evidence, missing, effort=1)


@source(
    row=1,
    key="spaces.planned_use",
    title=Title(gettext_noop("功能空间按规划用途使用")),
    share=Decimal("0.25"),
)
def spaces_planned_use(park, as_of: dt.date) -> Finding:
    """Veto row 1 for function spaces: a space whose recorded actual use differs from its
    planned use, without the planning authority's approval, vetoes until it is used as planned
    again or the change is approved. Spaces without a recorded planned use are named, not
    vetoed: the standard forbids a change, not a gap in the register."""
    from parkops.spaces.selectors import use_mismatches

    mismatched = use_mismatches(park, as_of)
    url = _url("spaces:functionspace_list", query=f"?park={park.pk}&use_differs=true")
    if mismatched:
        return Finding.unmet(
            *(
                gettext("%(space)s 规划用途为%(planned)s，实际用作%(actual)s，尚未恢复或获批")
                % {"space": s.name, "planned": s.planned_use, "actual": s.actual_use}
                for s in mismatched
            ),
            evidence=[Evidence(label=s.name, url=s.get_absolute_url()) for s in mismatched],
            effort=5,
            action=Action(
                url, gettext("处理功能空间用途不符"), model="spaces.FunctionSpace", permission="change"
            ),
        )
    spaces = _spaces(park, as_of)
    unrecorded = spaces.filter(planned_use="").count()
    label = gettext("功能空间 %(count)s 处均按规划用途使用") % {"count": spaces.count()}
    if unrecorded:
        label += gettext("（%(count)s 处尚未登记规划用途）") % {"count": unrecorded}
    return Finding.met(
        [Evidence(label=label, url=_url("spaces:functionspace_list", query=f"?park={park.pk}"))]
    )
