"""Reads with rules: which policies an enterprise may qualify for and why, and how far each
service category is from what its row of 表A.1 asks (a list and two successful cases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext

from parkops.enterprise.models import (
    CATEGORY_ROWS,
    Category,
    EnterpriseProfile,
    EnterpriseService,
    Policy,
    PolicyApplication,
    Qualification,
    ServiceCase,
    Size,
)

CASES_NEEDED = 2  # 表A.1 rows 35–41: 不少于 2 个成功服务案例

FITS, UNKNOWN, FAILS = "fits", "unknown", "fails"


@dataclass
class Reason:
    """One criterion of a policy checked against the enterprise's archive."""

    outcome: str  # FITS | UNKNOWN | FAILS
    text: str


@dataclass
class PolicyMatch:
    policy: Policy
    reasons: list[Reason] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        outcomes = {r.outcome for r in self.reasons}
        if FAILS in outcomes:
            return FAILS
        return UNKNOWN if UNKNOWN in outcomes else FITS

    @property
    def verdict_label(self) -> str:
        return {
            FITS: gettext("符合申报条件"),
            UNKNOWN: gettext("可能符合，待补充企业资料"),
            FAILS: gettext("不符合"),
        }[self.verdict]


def years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    return years - 1 if (end.month, end.day) < (start.month, start.day) else years


def _valid_qualifications(enterprise, on: dt.date) -> dict[str, dt.date | None]:
    """Qualification kind → valid-until date, for those of the tenant archive valid on ``on``."""
    out: dict[str, dt.date | None] = {}
    for q in enterprise.qualifications.all():
        if q.valid_on(on):
            out[q.kind] = q.valid_until
    return out


def check_policy(
    policy: Policy, enterprise, on: dt.date, *, profile=None, qualifications=None
) -> PolicyMatch:
    """Check each criterion the policy sets against the enterprise's archive and profile, with
    the reason for each: fits, fails, or cannot be told because the archive lacks the figure."""
    if profile is None:
        profile = EnterpriseProfile.objects.filter(enterprise=enterprise).first()
    if qualifications is None:
        qualifications = _valid_qualifications(enterprise, on)
    match = PolicyMatch(policy)
    add = match.reasons.append

    if policy.deadline and policy.deadline < on:
        add(Reason(FAILS, gettext("申报已于 %(date)s 截止") % {"date": f"{policy.deadline:%Y-%m-%d}"}))
    elif policy.opens_on and policy.opens_on > on:
        add(Reason(FITS, gettext("申报将于 %(date)s 开始") % {"date": f"{policy.opens_on:%Y-%m-%d}"}))

    industries = list(policy.industries.all())
    if industries:
        names = "、".join(i.name for i in industries)
        if enterprise.industry_id is None:
            add(Reason(UNKNOWN, gettext("企业档案未登记所属产业（政策限 %(names)s）") % {"names": names}))
        elif enterprise.industry_id in {i.pk for i in industries}:
            add(
                Reason(
                    FITS, gettext("所属产业“%(industry)s”在适用产业内") % {"industry": enterprise.industry}
                )
            )
        else:
            add(
                Reason(
                    FAILS,
                    gettext("所属产业“%(industry)s”不在适用产业（%(names)s）内")
                    % {"industry": enterprise.industry, "names": names},
                )
            )

    if policy.qualifications:
        wanted = [Qualification(q) for q in policy.qualifications]
        held = [q for q in wanted if q.value in qualifications]
        if held:
            q = held[0]
            until = qualifications[q.value]
            text = (
                gettext("具备有效的“%(name)s”资质（有效期至 %(until)s）")
                % {"name": q.label, "until": f"{until:%Y-%m-%d}"}
                if until
                else gettext("具备有效的“%(name)s”资质") % {"name": q.label}
            )
            add(Reason(FITS, text))
        else:
            add(
                Reason(
                    FAILS,
                    gettext("档案中没有有效的%(names)s资质")
                    % {"names": "、".join(f"“{q.label}”" for q in wanted)},
                )
            )

    if policy.sizes:
        names = "、".join(str(Size(s).label) for s in policy.sizes)
        size = profile.size if profile else ""
        if not size:
            add(Reason(UNKNOWN, gettext("未登记企业规模（政策限 %(names)s）") % {"names": names}))
        elif size in policy.sizes:
            add(Reason(FITS, gettext("企业规模“%(size)s”符合") % {"size": Size(size).label}))
        else:
            add(
                Reason(
                    FAILS,
                    gettext("企业规模“%(size)s”不在适用范围（%(names)s）内")
                    % {"size": Size(size).label, "names": names},
                )
            )

    if policy.min_age_years is not None or policy.max_age_years is not None:
        if enterprise.established_on is None:
            add(Reason(UNKNOWN, gettext("企业档案未登记成立日期")))
        else:
            age = years_between(enterprise.established_on, on)
            params = {"age": age, "low": policy.min_age_years, "high": policy.max_age_years}
            if policy.min_age_years is not None and age < policy.min_age_years:
                add(Reason(FAILS, gettext("成立 %(age)s 年，不满 %(low)s 年") % params))
            elif policy.max_age_years is not None and age > policy.max_age_years:
                add(Reason(FAILS, gettext("成立 %(age)s 年，超过 %(high)s 年") % params))
            else:
                add(Reason(FITS, gettext("成立 %(age)s 年，符合成立年限要求") % params))

    if policy.min_revenue is not None or policy.max_revenue is not None:
        revenue = profile.revenue if profile else None
        if revenue is None:
            add(Reason(UNKNOWN, gettext("未登记上年营业收入")))
        else:
            params = {"revenue": revenue, "low": policy.min_revenue, "high": policy.max_revenue}
            if policy.min_revenue is not None and revenue < policy.min_revenue:
                add(Reason(FAILS, gettext("上年营收 %(revenue)s 万元，低于 %(low)s 万元") % params))
            elif policy.max_revenue is not None and revenue > policy.max_revenue:
                add(Reason(FAILS, gettext("上年营收 %(revenue)s 万元，高于 %(high)s 万元") % params))
            else:
                add(Reason(FITS, gettext("上年营收 %(revenue)s 万元，符合营收要求") % params))

    if policy.min_headcount is not None or policy.max_headcount is not None:
        count = enterprise.headcount
        if not count:
            add(Reason(UNKNOWN, gettext("企业档案未登记在园人数")))
        else:
            params = {"count": count, "low": policy.min_headcount, "high": policy.max_headcount}
            if policy.min_headcount is not None and count < policy.min_headcount:
                add(Reason(FAILS, gettext("在园 %(count)s 人，少于 %(low)s 人") % params))
            elif policy.max_headcount is not None and count > policy.max_headcount:
                add(Reason(FAILS, gettext("在园 %(count)s 人，多于 %(high)s 人") % params))
            else:
                add(Reason(FITS, gettext("在园 %(count)s 人，符合人数要求") % params))

    if not match.reasons:
        add(Reason(FITS, gettext("政策未设企业条件，园区企业均可申报")))
    return match


def policy_matches(enterprise, on: dt.date, policies=None) -> list[PolicyMatch]:
    """Every active policy of the enterprise's park checked against it: fits first, then
    those that may fit, then the rest; within each, the nearest deadline first."""
    if policies is None:
        policies = Policy.objects.filter(park=enterprise.park_id, active=True)
    policies = policies.prefetch_related("industries")
    profile = EnterpriseProfile.objects.filter(enterprise=enterprise).first()
    qualifications = _valid_qualifications(enterprise, on)
    matches = [
        check_policy(p, enterprise, on, profile=profile, qualifications=qualifications) for p in policies
    ]
    order = {FITS: 0, UNKNOWN: 1, FAILS: 2}
    return sorted(
        matches,
        key=lambda m: (order[m.verdict], m.policy.deadline or dt.date.max, m.policy.title),
    )


# --- Service categories against rows 35–41 ----------------------------------------------------


@dataclass
class CategoryCoverage:
    category: str
    row: int
    services: int
    cases: int

    @property
    def label(self) -> str:
        return str(Category(self.category).label)

    @property
    def cases_short(self) -> int:
        return max(0, CASES_NEEDED - self.cases)

    @property
    def met(self) -> bool:
        return self.services > 0 and self.cases_short == 0


def successful_cases(park, category: str, as_of: dt.date):
    """Successful service cases of a category served by ``as_of``."""
    return ServiceCase.objects.filter(
        park=park, category=category, successful=True, served_on__lte=as_of
    ).exclude(result="")


def approved_applications(park, as_of: dt.date):
    """Policy applications approved by ``as_of``: each is a successful policy-service case."""
    return PolicyApplication.objects.filter(
        policy__park=park, state=PolicyApplication.State.APPROVED, decided_on__lte=as_of
    )


def listed_services(park, category: str, as_of: dt.date):
    return EnterpriseService.objects.filter(
        park=park, category=category, active=True, created_at__date__lte=as_of
    )


def category_coverage(park, as_of: dt.date) -> list[CategoryCoverage]:
    out = []
    for category, row in CATEGORY_ROWS.items():
        cases = successful_cases(park, category, as_of).count()
        if category == Category.POLICY:
            cases += approved_applications(park, as_of).count()
        out.append(CategoryCoverage(category, row, listed_services(park, category, as_of).count(), cases))
    return out


def upcoming_deadlines(enterprise, today: dt.date, within_days: int = 60):
    """Open policies of the park with a deadline in the coming weeks."""
    return Policy.objects.filter(
        Q(opens_on__isnull=True) | Q(opens_on__lte=today),
        park=enterprise.park_id,
        active=True,
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=within_days),
    ).order_by("deadline")
