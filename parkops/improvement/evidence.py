"""What the internal evaluation proves for 表A.1: row 62 内部评价 (on-site inspections,
internal 测评, audit, management review and the evaluation of a customer satisfaction survey of
the platform that ended within the 12 months before the assessment date, covering every
service area; customer and smart evaluations (9.1.1) are shown beside them) and row 63 内部改进
(corrective actions on the year's findings, verified, with improvement documents; actions
still within their deadline are shown, not counted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, source
from parkops.assessment.titles import Title
from parkops.improvement.models import PLATFORM_KINDS, ROW_62_KINDS, InspectionKind, ServiceArea


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
    last sixth (clause 9.3: at least one check a year covering all service contents). A
    satisfaction-survey record counts only while the survey it links ended in the window."""
    from parkops.improvement.figures import headline
    from parkops.improvement.selectors import (
        covered_areas,
        inspections_within,
        survey_in_window,
        twelve_months_before,
    )

    since = twelve_months_before(as_of)
    inspections = list(inspections_within(park, as_of).select_related("survey").order_by("-held_on", "-pk"))
    surveys = [i for i in inspections if i.kind == InspectionKind.SATISFACTION_SURVEY]
    stale = [i for i in surveys if not survey_in_window(i, as_of)]
    counted = [i for i in inspections if i not in stale]
    evidence, missing = [], []
    present = 0
    for kind in ROW_62_KINDS:
        done = [i for i in counted if i.kind == kind]
        if done:
            present += 1
            latest = done[0]
            label = gettext("%(kind)s：%(title)s") % {"kind": kind.label, "title": latest.title}
            if kind == InspectionKind.SATISFACTION_SURVEY:
                label += gettext("（调查：%(survey)s，%(date)s 结束）") % {
                    "survey": latest.survey.title,
                    "date": f"{latest.survey.closed_on:%Y-%m-%d}",
                }
            evidence.append(
                Evidence(label=label, url=latest.get_absolute_url(), count=len(done), date=latest.held_on)
            )
        else:
            missing.append(
                gettext("%(since)s 至 %(as_of)s 没有%(kind)s记录")
                % {"since": f"{since:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d}", "kind": kind.label}
            )
    for record in stale:
        if record.survey_id is None:
            text = gettext("内部评价记录“%(title)s”未选择平台上的满意度调查，不计入") % {
                "title": record.title
            }
        else:
            text = gettext(
                "内部评价记录“%(title)s”所评价的调查“%(survey)s”结束于 %(date)s，不在评价期内，不计入"
            ) % {
                "title": record.title,
                "survey": record.survey.title,
                "date": f"{record.survey.closed_on:%Y-%m-%d}" if record.survey.closed_on else "—",
            }
        if not any(i.kind == InspectionKind.SATISFACTION_SURVEY for i in counted):
            missing.append(text)
        else:
            evidence.append(Evidence(label=text, url=record.get_absolute_url(), date=record.held_on))
    for kind in PLATFORM_KINDS:
        done = [i for i in counted if i.kind == kind]
        if done:
            latest = done[0]
            evidence.append(
                Evidence(
                    label=gettext("%(kind)s：%(title)s（%(figures)s）")
                    % {"kind": kind.label, "title": latest.title, "figures": headline(latest.figures)},
                    url=latest.get_absolute_url(),
                    count=len(done),
                    date=latest.held_on,
                )
            )
    covered = covered_areas(i.area for i in counted)
    uncovered = [str(a.label) for a in ServiceArea if a.value not in covered]
    if uncovered:
        missing.append(gettext("内部检查尚未覆盖：%(areas)s") % {"areas": gettext("、").join(uncovered)})
    fraction = (Decimal(present) + Decimal(len(covered)) / Decimal(len(ServiceArea))) / Decimal(
        len(ROW_62_KINDS) + 1
    )
    if not missing:
        return Finding.met(evidence)
    action = Action(
        _url("improvement:inspection_add"),
        gettext("登记内部评价记录"),
        model="improvement.Inspection",
        permission="add",
    )
    if not counted:
        return Finding.unmet(*missing, evidence=evidence, effort=3, action=action)
    return Finding.partial(min(fraction, Decimal(1)), evidence, missing, effort=2, action=action)


@source(
    row=63,
    key="improvement.corrective_actions",
    title=Title(gettext_noop("针对内部评价结果的整改措施经验证并形成改进文件")),
)
def continuous_improvement(park, as_of: dt.date) -> Finding:
    """Fraction = verified actions ÷ actions due (deadline passed, or verified) on the 12 months'
    findings; actions still within their deadline are listed but not counted. A verified action
    without an improvement document is said to be missing."""
    from parkops.improvement.selectors import actions_within, is_due, is_verified

    actions = list(actions_within(park, as_of))
    if not actions:
        return Finding.unmet(gettext("近 12 个月的内部评价没有形成整改措施记录"), effort=3)
    due = [a for a in actions if is_due(a, as_of)]
    pending = [a for a in actions if a not in due]
    verified = [a for a in due if is_verified(a, as_of)]
    documented = [a for a in verified if a.improvement_document or a.improvement_file]
    evidence = [
        Evidence(
            label=gettext("已验证整改 %(verified)s/%(count)s 项（已到期或已验证的整改措施）")
            % {"verified": len(verified), "count": len(due)},
            url=_url("improvement:correctiveaction_list", f"?park={park.pk}"),
            count=len(verified),
        )
    ]
    if pending:
        evidence.append(
            Evidence(
                label=gettext("%(count)s 项整改措施尚未到期（最早期限 %(date)s），不计入")
                % {"count": len(pending), "date": f"{min(a.deadline for a in pending):%Y-%m-%d}"},
                url=_url("improvement:correctiveaction_list", f"?park={park.pk}&overdue=false"),
                count=len(pending),
            )
        )
    evidence += [
        Evidence(
            label=gettext("改进文件：%(document)s")
            % {"document": a.improvement_document or a.improvement_file.name.rsplit("/", 1)[-1]},
            url=a.get_absolute_url(),
            date=a.verified_on,
        )
        for a in documented[:10]
    ]
    if not due:
        return Finding.unmet(gettext("整改措施均未到期，尚无经验证的改进结果"), evidence=evidence, effort=2)
    missing = []
    open_count = len(due) - len(verified)
    if open_count:
        missing.append(gettext("%(count)s 项已到期的整改措施尚未验证关闭") % {"count": open_count})
    if verified and not documented:
        missing.append(gettext("已验证的整改措施均未登记改进文件（修订的管理规范或服务规范）"))
    if not missing:
        return Finding.met(evidence)
    fraction = Decimal(len(verified)) / Decimal(len(due))
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
