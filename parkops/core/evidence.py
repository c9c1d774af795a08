"""What the park's own profile and organisation prove for 表A.1: rows 3 (industry
positioning), 4 (feasibility plans), 6 (operating experience), 7 (team and training) and 8
(organisation and job responsibilities), and the veto of row 1 for a change of planned use
(clause 5.3.1). Row 5 (入园条件) belongs to the investment app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind


def _url(name: str, *args, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


@source(
    row=3,
    key="core.positioning",
    title=Title(gettext_noop("产业定位：主导产业、特色产业及与深圳市产业目录的符合性")),
)
def positioning(park, as_of: dt.date) -> Finding:
    from parkops.core.models import IndustryCatalogue

    leading = list(park.leading_industries.select_related("catalogue").order_by("id"))
    characteristic = list(park.characteristic_industries.order_by("id"))
    current = IndustryCatalogue.objects.filter(is_current=True).first()
    park_url = _url("core:park_detail", park.pk)
    evidence: list[Evidence] = []
    missing: list[str] = []
    earned = 0
    join = gettext("、").join
    if leading:
        earned += 1
        evidence.append(
            Evidence(
                label=gettext("主导产业：%(names)s") % {"names": join(i.name for i in leading)},
                url=park_url,
                count=len(leading),
            )
        )
    else:
        missing.append(gettext("园区未登记主导产业"))
    if characteristic:
        earned += 1
        evidence.append(
            Evidence(
                label=gettext("特色产业：%(names)s") % {"names": join(i.name for i in characteristic)},
                url=park_url,
                count=len(characteristic),
            )
        )
    else:
        missing.append(gettext("园区未登记特色产业"))
    if leading and current is not None:
        off = [i.name for i in leading if i.catalogue_id != current.pk]
        unverified = [i.name for i in leading if i.catalogue_id == current.pk and not i.verified]
        if off:
            missing.append(
                gettext("以下主导产业不在现行《%(catalogue)s》中：%(names)s")
                % {"catalogue": current.title, "names": join(off)}
            )
        else:
            earned += 1
            label = gettext("主导产业均在现行《%(catalogue)s》中") % {"catalogue": current.title}
            if unverified:
                label += gettext("（其中 %(names)s 的名称待官方中文名称核实）") % {"names": join(unverified)}
            evidence.append(
                Evidence(label=label, url=_url("core:park_detail", park.pk), date=current.published_on)
            )
    elif leading:
        missing.append(gettext("平台尚无现行深圳市产业目录，无法核对主导产业"))
    if earned == 3:
        return Finding.met(evidence)
    if earned:
        return Finding.partial(Decimal(earned) / 3, evidence, missing, effort=1)
    return Finding.unmet(*missing, effort=1)


document_source(
    row=4,
    key="core.feasibility_plan",
    title=Title(gettext_noop("可行性规划/服务规划方案")),
    document_kind="feasibility_plan",
    departments=(DepartmentKind.INVESTMENT,),
)


@source(row=6, key="core.experience", title=Title(gettext_noop("团队负责人经验及机构同类项目经验")))
def experience(park, as_of: dt.date) -> Finding:
    """Half for the team lead: recorded roles in an industrial park or incubation space (role,
    place, from–to, what was done) covering the row's 规划、招商、运营管理, a third for each;
    half for the operator: a case of a similar project (park or incubation space) with its
    document. Free text ("有") earns nothing."""
    from parkops.core.models import LeadExperience, ProjectCase, Staff

    leads = list(Staff.objects.filter(park=park, active=True, is_team_lead=True).order_by("employee_no"))
    entries = list(
        LeadExperience.objects.filter(staff__in=leads, started_on__lte=as_of)
        .select_related("staff")
        .order_by("staff__employee_no", "-started_on")
    )
    evidence, missing = [], []
    lead_part = Decimal(0)
    if not leads:
        missing.append(gettext("未登记团队负责人（员工档案勾选“团队负责人”）"))
    else:
        covered = {e.area for e in entries}
        lead_part = Decimal(len(covered)) / len(LeadExperience.Area.choices)
        for e in entries[:6]:
            evidence.append(
                Evidence(
                    label=gettext("%(name)s：%(start)s至%(end)s 在%(place)s任%(role)s（%(area)s）")
                    % {
                        "name": e.staff.name,
                        "start": f"{e.started_on:%Y-%m}",
                        "end": f"{e.ended_on:%Y-%m}" if e.ended_on else gettext("今"),
                        "place": e.place,
                        "role": e.role,
                        "area": e.get_area_display(),
                    },
                    url=e.get_absolute_url(),
                    date=e.started_on,
                )
            )
        lacking = [str(label) for code, label in LeadExperience.Area.choices if code not in covered]
        if lacking:
            missing.append(
                gettext("团队负责人尚无产业园区或孵化空间的%(areas)s经历记录")
                % {"areas": gettext("、").join(lacking)}
            )
    cases = list(
        ProjectCase.objects.filter(operator=park.operator, started_on__lte=as_of).order_by("-started_on")
    )
    documented = [c for c in cases if c.document]
    for c in documented[:4]:
        evidence.append(
            Evidence(
                label=gettext("%(operator)s同类项目案例：%(case)s（%(kind)s，%(start)s起）")
                % {
                    "operator": park.operator.name,
                    "case": c.name,
                    "kind": c.get_place_kind_display(),
                    "start": f"{c.started_on:%Y-%m}",
                },
                url=c.get_absolute_url(),
                date=c.started_on,
            )
        )
    if not documented:
        missing.append(
            gettext("运营机构的同类项目案例缺少证明文件")
            if cases
            else gettext("运营机构未登记运营同类项目的经验案例")
        )
    fraction = (lead_part + (1 if documented else 0)) / 2
    if not missing:
        return Finding.met(evidence)
    if not leads or lead_part < 1:
        action = Action(
            _url("core:leadexperience_add"),
            gettext("登记从业经历"),
            model="core.LeadExperience",
            permission="add",
        )
    else:
        action = Action(
            _url("core:projectcase_add"), gettext("登记经验案例"), model="core.ProjectCase", permission="add"
        )
    if fraction:
        return Finding.partial(
            fraction.quantize(Decimal("0.0001")), evidence, missing, effort=1, action=action
        )
    return Finding.unmet(*missing, effort=1, action=action)


@source(row=7, key="core.team", title=Title(gettext_noop("团队规模及专业岗位人员培训考核")))
def team(park, as_of: dt.date) -> Finding:
    from django.db.models import Sum

    from parkops.core.models import Position, Staff, StaffAssessment, TrainingRecord

    since = as_of - dt.timedelta(days=365)
    staff = Staff.objects.filter(park=park, active=True, hired_on__lte=as_of)
    headcount = staff.count()
    planned = Position.objects.filter(department__park=park).aggregate(n=Sum("headcount"))["n"] or 0
    evidence, missing = [], []
    if planned:
        size = min(Decimal(1), Decimal(headcount) / planned)
        evidence.append(
            Evidence(
                label=gettext("在职 %(headcount)s 人，岗位编制 %(planned)s 人")
                % {"headcount": headcount, "planned": planned},
                url=_url("core:staff_list", query=f"?park={park.pk}"),
                count=headcount,
            )
        )
        if headcount < planned:
            missing.append(
                gettext("在职人数 %(headcount)s 人少于岗位编制 %(planned)s 人")
                % {"headcount": headcount, "planned": planned}
            )
    else:
        size = Decimal(0)
        missing.append(gettext("未设置岗位编制，无法判断团队规模是否满足需要"))
    professionals = list(staff.filter(position__professional=True).order_by("employee_no"))
    trained = set(
        TrainingRecord.objects.filter(
            staff__in=professionals, passed=True, held_on__gte=since, held_on__lte=as_of
        ).values_list("staff_id", flat=True)
    )
    assessed = set(
        StaffAssessment.objects.filter(
            staff__in=professionals,
            result__in=["pass", "excellent"],
            assessed_on__gte=since,
            assessed_on__lte=as_of,
        ).values_list("staff_id", flat=True)
    )
    if professionals:
        ok = [s for s in professionals if s.pk in trained and s.pk in assessed]
        qualified = Decimal(len(ok)) / len(professionals)
        evidence.append(
            Evidence(
                label=gettext("专业岗位 %(count)s 人，近 12 个月培训并考核通过 %(qualified)s 人")
                % {"count": len(professionals), "qualified": len(ok)},
                url=_url("core:trainingrecord_list", query=f"?park={park.pk}"),
                count=len(ok),
            )
        )
        lacking = [s for s in professionals if s not in ok]
        for s in lacking:
            if s.pk not in trained and s.pk not in assessed:
                text = gettext("%(name)s（%(number)s）近 12 个月缺少通过的培训、考核记录")
            elif s.pk not in trained:
                text = gettext("%(name)s（%(number)s）近 12 个月缺少通过的培训记录")
            else:
                text = gettext("%(name)s（%(number)s）近 12 个月缺少通过的考核记录")
            missing.append(text % {"name": s.name, "number": s.employee_no})
    else:
        qualified = Decimal(0)
        missing.append(gettext("未设置专业岗位或专业岗位无在职人员"))
    fraction = (size + qualified) / 2
    if not missing:
        return Finding.met(evidence)
    if fraction > 0:
        return Finding.partial(fraction, evidence, missing, effort=3)
    return Finding.unmet(*missing, evidence=evidence, effort=3)


@source(
    row=8,
    key="core.organisation",
    title=Title(gettext_noop("组织架构：部门职责与岗位职责")),
    share=Decimal("0.5"),
)
def organisation(park, as_of: dt.date) -> Finding:
    from parkops.core.models import Department, Position

    departments = list(Department.objects.filter(park=park).order_by("name"))
    positions = Position.objects.filter(department__park=park)
    if not departments:
        return Finding.unmet(gettext("未登记部门"), effort=2)
    without = [d.name for d in departments if not d.duties.strip()]
    count = positions.exclude(responsibilities="").count()
    evidence = [
        Evidence(
            label=gettext("部门 %(count)s 个") % {"count": len(departments)},
            url=_url("core:department_list", query=f"?park={park.pk}"),
            count=len(departments),
        ),
        Evidence(
            label=gettext("岗位职责 %(count)s 个") % {"count": count},
            url=_url("core:position_list"),
            count=count,
        ),
    ]
    missing = []
    if without:
        missing.append(gettext("以下部门未填写部门职责：%(names)s") % {"names": gettext("、").join(without)})
    if not count:
        missing.append(gettext("未登记岗位及岗位职责"))
    if not missing:
        return Finding.met(evidence)
    fraction = (Decimal(len(departments) - len(without)) / len(departments) + (1 if count else 0)) / 2
    return (
        Finding.partial(fraction, evidence, missing, effort=1)
        if fraction
        else Finding.unmet(*missing, effort=1)
    )


document_source(
    row=8,
    key="core.org_document",
    title=Title(gettext_noop("组织架构及岗位职责文件")),
    document_kind="org_structure",
    share=Decimal("0.5"),
)


@source(
    row=1,
    key="core.planned_use",
    title=Title(gettext_noop("园区空间未改变规划用途")),
    share=Decimal("0.25"),
)
def planned_use(park, as_of: dt.date) -> Finding:
    """A condition, not an event in a window: every change of planned use found by ``as_of``
    and not yet restored or approved vetoes, however long ago it was found."""
    from parkops.core.models import UseChange

    found = UseChange.objects.filter(unit__floor__building__park=park, found_on__lte=as_of)
    open_ = list(UseChange.open_in(park, as_of))
    url = _url("core:usechange_list", query=f"?park={park.pk}")
    if open_:
        return Finding.unmet(
            *(
                gettext("%(unit)s 规划用途为%(planned)s，实际用作%(actual)s（%(date)s 发现，尚未恢复或获批）")
                % {
                    "unit": str(c.unit),
                    "planned": c.get_planned_use_display(),
                    "actual": c.actual_use,
                    "date": f"{c.found_on:%Y-%m-%d}",
                }
                for c in open_
            ),
            evidence=[Evidence(label=str(c), url=c.get_absolute_url(), date=c.found_on) for c in open_],
            effort=5,
            action=Action(url, gettext("处理改变规划用途情形"), model="core.UseChange", permission="change"),
        )
    resolved = found.count()
    label = gettext("截至 %(as_of)s 无未恢复的改变规划用途情形（已处理 %(count)s 起）") % {
        "as_of": f"{as_of:%Y-%m-%d}",
        "count": resolved,
    }
    return Finding.met([Evidence(label=label, url=url)])
