"""Policy matching says, for one enterprise, why each policy fits or not; applications are
started only while a policy is open and move to their outcome."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkops.core.services import create_object, update_object
from parkops.enterprise import selectors, services
from parkops.enterprise.models import EnterpriseProfile, Policy, PolicyApplication, ServiceCase

TODAY = dt.date(2026, 11, 16)


def _policy(world, **conditions):
    data = {
        "park": world.alpha,
        "title": conditions.pop("title", "研发资助"),
        "issuer": "南山区科技创新局",
        "level": "district",
        "benefit": "按研发投入给予资助",
    }
    data.update(conditions)
    return create_object(model=Policy, data=data, by=world.qiye)


def _qualify(world, enterprise, kind, valid_until=None):
    from parkops.investment.models import EnterpriseQualification

    return create_object(
        model=EnterpriseQualification,
        data={
            "enterprise": enterprise,
            "kind": kind,
            "issued_on": dt.date(2025, 1, 1),
            "valid_until": valid_until,
        },
        by=world.admin,
    )


def _texts(match):
    return [(r.outcome, r.text) for r in match.reasons]


def test_each_criterion_says_why(es):
    ent = es.ent_a  # headcount 20, industry: the world's first industry, no founding date
    update_object(obj=ent, data={"established_on": dt.date(2020, 3, 1)}, by=es.admin)
    create_object(
        model=EnterpriseProfile,
        data={"enterprise": ent, "size": "small", "revenue": Decimal("800"), "revenue_year": 2025},
        by=es.qiye,
    )
    _qualify(es, ent, "high_tech", dt.date(2027, 12, 31))
    policy = _policy(
        es,
        qualifications=["high_tech", "specialised"],
        sizes=["small", "medium"],
        min_age_years=3,
        min_revenue=Decimal("500"),
        min_headcount=10,
    )
    policy.industries.set([ent.industry])
    match = selectors.check_policy(policy, ent, TODAY)
    assert match.verdict == selectors.FITS
    texts = _texts(match)
    assert (selectors.FITS, "具备有效的“国家高新技术企业”资质（有效期至 2027-12-31）") in texts
    assert (selectors.FITS, "企业规模“小型”符合") in texts
    assert (selectors.FITS, "成立 6 年，符合成立年限要求") in texts
    assert (selectors.FITS, "上年营收 800.00 万元，符合营收要求") in texts
    assert (selectors.FITS, "在园 20 人，符合人数要求") in texts
    assert any("在适用产业内" in t for _, t in texts)


def test_a_failed_criterion_names_the_gap(es):
    ent = es.ent_a
    _qualify(es, ent, "high_tech", dt.date(2026, 6, 30))  # expired before TODAY
    policy = _policy(es, qualifications=["high_tech"], max_headcount=10, max_age_years=3)
    match = selectors.check_policy(policy, ent, TODAY)
    assert match.verdict == selectors.FAILS
    texts = _texts(match)
    assert (selectors.FAILS, "档案中没有有效的“国家高新技术企业”资质") in texts
    assert (selectors.FAILS, "在园 20 人，多于 10 人") in texts
    assert (selectors.UNKNOWN, "企业档案未登记成立日期") in texts


def test_missing_figures_make_it_unknown_not_a_fit(es):
    policy = _policy(es, sizes=["small"], min_revenue=Decimal("100"))
    match = selectors.check_policy(policy, es.ent_a, TODAY)
    assert match.verdict == selectors.UNKNOWN
    assert {r.text for r in match.reasons} == {"未登记企业规模（政策限 小型）", "未登记上年营业收入"}


def test_a_closed_policy_does_not_fit_and_cannot_be_applied_for(es):
    policy = _policy(es, deadline=dt.date(2026, 11, 1))
    match = selectors.check_policy(policy, es.ent_a, TODAY)
    assert _texts(match) == [(selectors.FAILS, "申报已于 2026-11-01 截止")]
    with pytest.raises(ValidationError):
        services.start_application(by=es.tenant_a, policy=policy)


def test_matches_order_fits_first(es):
    fits = _policy(es, title="不限条件的政策")
    fails = _policy(es, title="限 5 人以下", max_headcount=5)
    matches = selectors.policy_matches(es.ent_a, TODAY)
    assert [m.policy for m in matches] == [fits, fails]


def test_application_to_outcome_counts_for_row_38(es):
    policy = _policy(es, deadline=dt.date(2026, 12, 31))
    application = services.start_application(by=es.tenant_a, policy=policy, enterprise=es.ent_b)
    assert application.enterprise == es.ent_a  # a tenant applies for its own enterprise
    with pytest.raises(ValidationError):  # one open application per policy and enterprise
        services.start_application(by=es.tenant_a, policy=policy)
    application = services.guide_application(application=application, by=es.qiye, note="材料预审通过")
    assert application.advisor == es.qiye
    with pytest.raises(ValidationError):  # no decision before it is submitted
        services.decide_application(application=application, by=es.qiye, approved=True, note="x")
    application = services.submit_application(application=application, by=es.tenant_a)
    application = services.decide_application(
        application=application, by=es.qiye, approved=True, note="获批", granted_amount=Decimal("20")
    )
    assert application.state == PolicyApplication.State.APPROVED
    assert selectors.approved_applications(es.alpha, TODAY).count() == 1
    assert not ServiceCase.objects.exists()


def test_matching_page_explains_for_the_tenant(es, client):
    _policy(es, title="限 5 人以下", max_headcount=5)
    client.force_login(es.tenant_a)
    page = client.get("/enterprise/policies/matches/").content.decode()
    assert "限 5 人以下" in page and "在园 20 人，多于 5 人" in page
