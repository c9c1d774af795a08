"""What the assessment app's own registers prove for 表A.1: the veto rows 1 and 2 (incident
register), 13 goals and KPIs, 14 service system and supplier pool, 15 the yearly operation
evaluation report, 17 innovation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def _veto(row: int, park, as_of: dt.date) -> Finding:
    from parkops.assessment.models import Incident
    from parkops.assessment.selectors import two_years_before, veto_incidents

    # A change of planned use is a condition that vetoes until restored, whenever it was found:
    # the use-change register (parkops.core.evidence.planned_use) answers it, not this window.
    categories = (
        [c for c in Incident.ROW_1 if c != Incident.Category.LAND_USE] if row == 1 else Incident.ROW_2
    )
    since = two_years_before(as_of)
    found = list(veto_incidents(park, as_of, categories))
    if found:
        return Finding.unmet(
            *(
                gettext("%(date)s %(category)s：%(description)s")
                % {
                    "date": f"{i.occurred_on:%Y-%m-%d}",
                    "category": i.get_category_display(),
                    "description": i.description[:60],
                }
                for i in found
            ),
            evidence=[Evidence(label=str(i), url=i.get_absolute_url(), date=i.occurred_on) for i in found],
            effort=5,
        )
    label = gettext("否决项事件登记：%(since)s 至 %(as_of)s 无此类事件") % {
        "since": f"{since:%Y-%m-%d}",
        "as_of": f"{as_of:%Y-%m-%d}",
    }
    return Finding.met(
        [Evidence(label=label, url=_url("assessment:incident_list", f"?park={park.pk}"), count=0)]
    )


@source(
    row=1,
    key="assessment.veto_violations",
    title=Title(gettext_noop("近两年无违法违规行为（事件登记）")),
    share=Decimal("0.5"),
)
def no_violations(park, as_of: dt.date) -> Finding:
    return _veto(1, park, as_of)


@source(row=2, key="assessment.veto_accidents", title=Title(gettext_noop("近两年无重大责任事故（事件登记）")))
def no_accidents(park, as_of: dt.date) -> Finding:
    return _veto(2, park, as_of)


@source(row=13, key="assessment.goals", title=Title(gettext_noop("年度总体发展目标及综合考核指标")))
def yearly_goals(park, as_of: dt.date) -> Finding:
    from parkops.assessment.models import Goal

    goals = list(Goal.objects.filter(park=park, year=as_of.year).prefetch_related("kpis").order_by("pk"))
    if not goals:
        return Finding.unmet(
            gettext("尚未制定 %(year)s 年度总体发展目标及考核指标") % {"year": as_of.year}, effort=2
        )
    without = [g.title for g in goals if not g.kpis.all()]
    kpis = sum(len(g.kpis.all()) for g in goals)
    evidence = [
        Evidence(
            label=gettext("%(year)s 年度目标：%(goal)s（考核指标 %(count)s 项）")
            % {"year": g.year, "goal": g.title, "count": len(g.kpis.all())},
            url=g.get_absolute_url(),
            count=len(g.kpis.all()),
        )
        for g in goals
    ]
    if kpis == 0:
        return Finding.partial(
            Decimal("0.5"), evidence, [gettext("年度目标尚无可考核的指标（目标值）")], effort=1
        )
    if without:
        fraction = Decimal(len(goals) - len(without)) / len(goals)
        missing = gettext("以下目标尚无考核指标：%(goals)s") % {"goals": gettext("、").join(without)}
        return Finding.partial(fraction, evidence, [missing], effort=1)
    return Finding.met(evidence)


document_source(
    row=14,
    key="assessment.service_system",
    title=Title(gettext_noop("产业运营服务体系文件")),
    document_kind="service_system",
    share=Decimal("0.4"),
    departments=(DepartmentKind.ENTERPRISE,),
)


@source(
    row=14,
    key="assessment.service_catalogue",
    title=Title(gettext_noop("服务目录与供应商库")),
    share=Decimal("0.4"),
)
def service_catalogue(park, as_of: dt.date) -> Finding:
    from parkops.assessment.models import ServiceOffering, Supplier

    offerings = ServiceOffering.objects.filter(park=park, active=True).count()
    suppliers = Supplier.objects.filter(park=park, active=True).count()
    evidence = []
    if offerings:
        evidence.append(
            Evidence(
                label=gettext("服务目录 %(count)s 项") % {"count": offerings},
                url=_url("assessment:serviceoffering_list", f"?park={park.pk}"),
                count=offerings,
            )
        )
    if suppliers:
        evidence.append(
            Evidence(
                label=gettext("供应商库 %(count)s 家") % {"count": suppliers},
                url=_url("assessment:supplier_list", f"?park={park.pk}"),
                count=suppliers,
            )
        )
    missing = []
    if not offerings:
        missing.append(gettext("服务目录为空：请登记园区提供的产业运营服务"))
    if not suppliers:
        missing.append(gettext("供应商库为空：请登记服务供应商"))
    if not missing:
        return Finding.met(evidence)
    if evidence:
        return Finding.partial(Decimal("0.5"), evidence, missing, effort=2)
    return Finding.unmet(*missing, effort=2)


@source(
    row=14,
    key="assessment.service_improvement",
    title=Title(gettext_noop("服务体系持续完善（12个月内有修订）")),
    share=Decimal("0.2"),
)
def service_improvement(park, as_of: dt.date) -> Finding:
    """Improvement means revisions within the 12 months up to ``as_of``: a new version of the
    service-system document replacing an earlier one, or services added to the catalogue,
    changed in content, withdrawn or resumed, as the revision log records them. Saving a
    catalogue entry or a supplier unchanged revises nothing."""
    from parkops.assessment.models import Document, ServiceRevision

    since = as_of - dt.timedelta(days=365)
    documents = Document.objects.filter(park=park, kind="service_system")
    first = documents.order_by("effective_on", "pk").first()
    versions = list(
        documents.filter(effective_on__gte=since, effective_on__lte=as_of)
        .exclude(pk=getattr(first, "pk", None))
        .order_by("-effective_on", "-pk")
    )
    revisions = list(
        ServiceRevision.objects.filter(park=park, revised_on__gte=since, revised_on__lte=as_of).order_by(
            "-revised_on", "-pk"
        )
    )
    evidence = [
        Evidence(
            label=gettext("服务体系文件修订：《%(title)s》%(version)s（%(date)s 生效）")
            % {"title": d.title, "version": d.version, "date": f"{d.effective_on:%Y-%m-%d}"},
            url=d.get_absolute_url(),
            date=d.effective_on,
        )
        for d in versions
    ]
    if revisions:
        counts = {}
        for r in revisions:
            counts[r.get_change_display()] = counts.get(r.get_change_display(), 0) + 1
        evidence.append(
            Evidence(
                label=gettext("服务目录修订 %(count)s 次（%(kinds)s），最近：%(latest)s")
                % {
                    "count": len(revisions),
                    "kinds": gettext("、").join(f"{k} {n}" for k, n in counts.items()),
                    "latest": revisions[0],
                },
                url=_url("assessment:servicerevision_list", f"?park={park.pk}"),
                count=len(revisions),
                date=revisions[0].revised_on,
            )
        )
    if evidence:
        return Finding.met(evidence)
    return Finding.unmet(
        gettext(
            "%(since)s 至 %(as_of)s 服务体系文件没有新版本，服务目录没有新增、内容变更或停止的服务，未体现持续完善改进"
        )
        % {"since": f"{since:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d}"},
        effort=2,
        action=Action(
            _url("assessment:serviceoffering_list", f"?park={park.pk}"),
            gettext("修订服务目录"),
            model="assessment.ServiceOffering",
            permission="change",
        ),
    )


document_source(
    row=15,
    key="assessment.yearly_evaluation",
    title=Title(gettext_noop("年度运营评估报告")),
    document_kind="annual_operation_evaluation",
    max_age_days=365,
    generate="assessment:yearly_report",
)


@source(row=17, key="assessment.innovation", title=Title(gettext_noop("服务模式、技术应用创新及新服务领域")))
def innovation(park, as_of: dt.date) -> Finding:
    """Row 17 asks to explore at least one new service area or growth point: an item of that
    kind (what it is, since when) started within the 12 months up to ``as_of`` earns the row;
    innovations of service model or technology are shown beside it but do not replace it."""
    from parkops.assessment.models import InnovationItem

    since = as_of - dt.timedelta(days=365)
    items = list(
        InnovationItem.objects.filter(park=park, started_on__gte=since, started_on__lte=as_of).order_by(
            "-started_on", "pk"
        )
    )
    new_areas = [i for i in items if i.kind == InnovationItem.Kind.NEW_AREA]
    evidence = [
        Evidence(
            label=gettext("%(kind)s：%(title)s（%(date)s 起）")
            % {"kind": i.get_kind_display(), "title": i.title, "date": f"{i.started_on:%Y-%m-%d}"},
            url=i.get_absolute_url(),
            date=i.started_on,
        )
        for i in new_areas + [i for i in items if i not in new_areas]
    ]
    if new_areas:
        return Finding.met(evidence)
    return Finding.unmet(
        gettext("%(since)s 至 %(as_of)s 没有探索新的服务领域或增长点（登记其内容和开展日期）")
        % {"since": f"{since:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d}"},
        evidence=evidence,
        effort=3,
        action=Action(
            _url("assessment:innovationitem_add", f"?park={park.pk}&kind={InnovationItem.Kind.NEW_AREA}"),
            gettext("登记新服务领域"),
            model="assessment.InnovationItem",
            permission="add",
        ),
    )
