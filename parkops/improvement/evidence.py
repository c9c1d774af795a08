"""What the internal evaluation proves for 表A.1: row 62 内部评价 (on-site inspections,
internal 测评, audit, management review and a customer satisfaction survey within the 12
months before the assessment date, covering every service area) and row 63 内部改进
(corrective actions on the year's findings, verified, with improvement documents)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, source
from parkops.assessment.titles import Title
from parkops.improvement.models import InspectionKind, ServiceArea


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


@source(
    row=62,
    key="improvement.internal_evaluation",
    title=Title(gettext_noop("近 12 个月内部评价：五种形式齐全并覆盖全部服务内容")),
)
def internal_evaluation(park, as_of: dt.date) -> Finding:
    """Five forms each count one sixth; coverage of the service areas by the year's checks the
    last sixth (clause 9.3: at least one check a year covering all service contents)."""
    from parkops.improvement.selectors import covered_areas, inspections_within, twelve_months_before

    since = twelve_months_before(as_of)
    inspections = list(inspections_within(park, as_of).order_by("-held_on"))
    evidence, missing = [], []
    present = 0
    for kind in InspectionKind:
        done = [i for i in inspections if i.kind == kind]
        if done:
            present += 1
            latest = done[0]
            label = gettext("%(kind)s：%(title)s") % {"kind": kind.label, "title": latest.title}
            if kind == InspectionKind.SATISFACTION_SURVEY:
                label += gettext("（调查：%(survey)s）") % {"survey": latest.survey_reference}
            evidence.append(
                Evidence(label=label, url=latest.get_absolute_url(), count=len(done), date=latest.held_on)
            )
        else:
            missing.append(
                gettext("%(since)s 至 %(as_of)s 没有%(kind)s记录")
                % {"since": f"{since:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d}", "kind": kind.label}
            )
    covered = covered_areas(i.area for i in inspections)
    uncovered = [str(a.label) for a in ServiceArea if a.value not in covered]
    if uncovered:
        missing.append(gettext("内部检查尚未覆盖：%(areas)s") % {"areas": gettext("、").join(uncovered)})
    fraction = (Decimal(present) + Decimal(len(covered)) / Decimal(len(ServiceArea))) / Decimal(
        len(InspectionKind) + 1
    )
    if not missing:
        return Finding.met(evidence)
    if not inspections:
        return Finding.unmet(*missing, effort=3)
    return Finding.partial(min(fraction, Decimal(1)), evidence, missing, effort=2)


@source(
    row=63,
    key="improvement.corrective_actions",
    title=Title(gettext_noop("针对内部评价结果的整改措施经验证并形成改进文件")),
)
def continuous_improvement(park, as_of: dt.date) -> Finding:
    """Fraction = verified actions ÷ all actions on the 12 months' findings; at least one action
    is needed, and a verified action without an improvement document is said to be missing."""
    from parkops.improvement.selectors import actions_within, is_verified

    actions = list(actions_within(park, as_of))
    if not actions:
        return Finding.unmet(gettext("近 12 个月的内部评价没有形成整改措施记录"), effort=3)
    verified = [a for a in actions if is_verified(a, as_of)]
    documented = [a for a in verified if a.improvement_document or a.improvement_file]
    evidence = [
        Evidence(
            label=gettext("已验证整改 %(verified)s/%(count)s 项")
            % {"verified": len(verified), "count": len(actions)},
            url=_url("improvement:correctiveaction_list", f"?park={park.pk}"),
            count=len(verified),
        )
    ]
    evidence += [
        Evidence(
            label=gettext("改进文件：%(document)s")
            % {"document": a.improvement_document or a.improvement_file.name.rsplit("/", 1)[-1]},
            url=a.get_absolute_url(),
            date=a.verified_on,
        )
        for a in documented[:10]
    ]
    missing = []
    open_count = len(actions) - len(verified)
    if open_count:
        missing.append(gettext("%(count)s 项整改措施尚未验证关闭") % {"count": open_count})
    if verified and not documented:
        missing.append(gettext("已验证的整改措施均未登记改进文件（修订的管理规范或服务规范）"))
    if not missing:
        return Finding.met(evidence)
    fraction = Decimal(len(verified)) / Decimal(len(actions))
    if verified and not documented:
        fraction = fraction / 2
    action = Action(
        _url("improvement:correctiveaction_list", f"?park={park.pk}&state=check"),
        gettext("验证待关闭的整改措施"),
        model="improvement.CorrectiveAction",
        permission="change",
    )
    if fraction == 0:
        return Finding.unmet(*missing, evidence=evidence, effort=2, action=action)
    return Finding.partial(fraction, evidence, missing, effort=2, action=action)
