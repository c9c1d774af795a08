"""How enterprise services answer 表A.1 rows 34–42 (clause 6.4).

- Row 34 (提供企业需求清单及对应服务台账): the demand ledger, each demand with its service
  record (assigned, matched, followed up, closed).
- Rows 35–41 (提供……服务清单及不少于 2 个成功服务案例): the category's service list and its
  successful cases; for policy services (row 38) an approved policy application is a case too.
- Row 42 (提供与生态伙伴单位签订的合作协议或建立关系的相关证明文件): an agreement or proof of
  relationship with a partner, with its file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, source
from parkops.assessment.titles import Title
from parkops.enterprise import selectors
from parkops.enterprise.models import CATEGORY_ROWS, Category, Demand, PartnerAgreement

HALF = Decimal("0.5")


def _url(name: str) -> str:
    return reverse(f"enterprise:{name}")


@source(row=34, key="enterprise.demands", title=Title(gettext_noop("企业需求清单及对应服务台账")))
def demand_ledger(park, as_of: dt.date) -> Finding:
    """Met when the ledger holds enterprises' demands and each one past its assignment
    deadline has been taken up (assigned, matched, followed up or closed); half when some
    still wait for it."""
    demands = Demand.objects.filter(park=park, raised_at__date__lte=as_of)
    action = Action(_url("demand_add"), gettext("登记企业需求"), model="enterprise.Demand", permission="add")
    total = demands.count()
    if not total:
        return Finding.unmet(gettext("企业需求台账中没有需求"), action=action, effort=2)
    closed = demands.filter(state=Demand.State.CLOSED).count()
    # A demand is owed its service record once its assignment deadline has passed.
    waiting = demands.filter(state=Demand.State.SUBMITTED, assign_by__lt=as_of).count()
    evidence = [
        Evidence(
            label=gettext("企业需求 %(count)s 条，已办结并评价 %(closed)s 条")
            % {"count": total, "closed": closed},
            url=_url("demand_list"),
            count=total,
        )
    ]
    if waiting:
        return Finding.partial(
            HALF,
            evidence,
            [gettext("%(count)s 条需求超过分派时限仍未分派") % {"count": waiting}],
            action=Action(
                _url("demand_list") + "?state=submitted",
                gettext("分派需求"),
                model="enterprise.Demand",
                permission="change",
            ),
            effort=1,
        )
    return Finding.met(evidence)


def _category_check(category: str):
    def check(park, as_of: dt.date) -> Finding:
        label = Category(category).label
        services = selectors.listed_services(park, category, as_of).count()
        cases = selectors.successful_cases(park, category, as_of)
        count = cases.count()
        approved = 0
        if category == Category.POLICY:
            approved = selectors.approved_applications(park, as_of).count()
        total = count + approved
        evidence = []
        if services:
            evidence.append(
                Evidence(
                    label=gettext("%(category)s服务清单：%(count)s 项")
                    % {"category": label, "count": services},
                    url=_url("enterpriseservice_list") + f"?category={category}",
                    count=services,
                )
            )
        if count:
            evidence.append(
                Evidence(
                    label=gettext("%(category)s成功服务案例 %(count)s 个")
                    % {"category": label, "count": count},
                    url=_url("servicecase_list") + f"?category={category}&successful=true",
                    count=count,
                )
            )
        if approved:
            evidence.append(
                Evidence(
                    label=gettext("获批的政策申报 %(count)s 项") % {"count": approved},
                    url=_url("policyapplication_list") + "?state=approved",
                    count=approved,
                )
            )
        missing = []
        action = None
        if not services:
            missing.append(gettext("没有%(category)s服务清单") % {"category": label})
            action = Action(
                _url("enterpriseservice_add") + f"?category={category}",
                gettext("登记服务项目"),
                model="enterprise.EnterpriseService",
                permission="add",
            )
        short = max(0, selectors.CASES_NEEDED - total)
        if short:
            missing.append(
                gettext("%(category)s成功服务案例还需 %(count)s 个（要求不少于 2 个）")
                % {"category": label, "count": short}
            )
            action = action or Action(
                _url("servicecase_add") + f"?category={category}",
                gettext("登记服务案例"),
                model="enterprise.ServiceCase",
                permission="add",
            )
        if not missing:
            return Finding.met(evidence)
        # The list is half of what the row asks, the two cases the other half.
        fraction = (HALF if services else Decimal(0)) + HALF * Decimal(min(total, 2)) / 2
        if fraction <= 0:
            return Finding.unmet(*missing, evidence=evidence, action=action, effort=3)
        return Finding.partial(fraction, evidence, missing, action=action, effort=3)

    check.__qualname__ = f"category_check_{category}"
    check.__doc__ = f"Row {CATEGORY_ROWS[category]}: the {category} service list and two successful cases."
    return check


TITLES = {
    Category.MARKET: gettext_noop("市场对接服务清单及成功案例"),
    Category.FINANCE: gettext_noop("金融服务清单及成功案例"),
    Category.TALENT: gettext_noop("人才服务清单及成功案例"),
    Category.POLICY: gettext_noop("政策服务清单及成功案例"),
    Category.RESEARCH: gettext_noop("产学研服务清单及成功案例"),
    Category.BRAND: gettext_noop("品牌服务清单及成功案例"),
    Category.CUSTOM: gettext_noop("定制化服务清单及成功案例"),
}

for _category, _row in CATEGORY_ROWS.items():
    source(row=_row, key=f"enterprise.{_category}", title=Title(TITLES[_category]))(
        _category_check(_category)
    )


@source(row=42, key="enterprise.partners", title=Title(gettext_noop("与生态伙伴单位的合作协议或关系证明")))
def ecosystem(park, as_of: dt.date) -> Finding:
    """Met when at least one agreement or proof of relationship with an ecosystem partner,
    with its file, is in force on ``as_of``."""
    agreements = [
        a
        for a in PartnerAgreement.objects.filter(partner__park=park, signed_on__lte=as_of).select_related(
            "partner"
        )
        if a.in_force(as_of) and a.document
    ]
    action = Action(
        _url("partneragreement_add"),
        gettext("上传合作协议"),
        model="enterprise.PartnerAgreement",
        permission="add",
    )
    if not agreements:
        return Finding.unmet(
            gettext("没有在有效期内的生态伙伴合作协议或关系证明文件"), action=action, effort=3
        )
    kinds = sorted({str(a.partner.get_kind_display()) for a in agreements})
    evidence = [
        Evidence(
            label=gettext("与 %(count)s 家生态伙伴的合作协议或证明（%(kinds)s）")
            % {"count": len({a.partner_id for a in agreements}), "kinds": "、".join(kinds)},
            url=_url("partneragreement_list"),
            count=len(agreements),
        )
    ]
    return Finding.met(evidence)
