"""Rows 34–42 from the enterprise-services data: each short case says how many more it needs."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from parkops.assessment.registry import Status, sources_for
from parkops.core.services import create_object
from parkops.enterprise import services
from parkops.enterprise.models import EnterpriseService, Partner, PartnerAgreement, ServiceCase

TODAY = dt.date(2026, 11, 16)


def _check(row, park):
    (src,) = [s for s in sources_for(row) if s.key.startswith("enterprise.")]
    return src.check(park, TODAY)


def _case(world, category="finance", successful=True, **kw):
    return create_object(
        model=ServiceCase,
        data={
            "park": world.alpha,
            "category": category,
            "enterprise": world.ent_a,
            "title": "贷款",
            "served_on": dt.date(2026, 10, 1),
            "work": "对接银行",
            "successful": successful,
            "result": "获批贷款",
            **kw,
        },
        by=world.qiye,
    )


def test_rows_35_to_41_need_the_list_and_two_successful_cases(es):
    finding = _check(36, es.alpha)
    assert finding.status == Status.UNMET
    assert "金融成功服务案例还需 2 个（要求不少于 2 个）" in finding.missing
    assert finding.action.url.startswith("/enterprise/services/add/")
    create_object(
        model=EnterpriseService,
        data={"park": es.alpha, "category": "finance", "name": "金融驿站", "description": "融资对接"},
        by=es.qiye,
    )
    _case(es)
    _case(es, successful=False)  # an unsuccessful case does not count
    _case(es, category="talent")  # nor one of another category
    finding = _check(36, es.alpha)
    assert finding.status == Status.PARTIAL and finding.fraction == Decimal("0.75")
    assert finding.missing == ["金融成功服务案例还需 1 个（要求不少于 2 个）"]
    assert finding.action.url.startswith("/enterprise/cases/add/")
    _case(es)
    assert _check(36, es.alpha).status == Status.MET


def test_row_34_counts_the_ledger_and_waits_for_assignment(es, clock_at):
    assert _check(34, es.alpha).status == Status.UNMET
    demand = services.raise_demand(by=es.tenant_a, category="talent", title="招聘", description="招聘工程师")
    assert _check(34, es.alpha).status == Status.MET  # within its assignment deadline
    from parkops.enterprise.evidence import demand_ledger

    finding = demand_ledger(es.alpha, TODAY + dt.timedelta(days=5))
    assert finding.status == Status.PARTIAL
    assert finding.missing == ["1 条需求超过分派时限仍未分派"]
    services.assign_demand(demand=demand, by=es.qiye, assignee=es.qiye)
    assert demand_ledger(es.alpha, TODAY + dt.timedelta(days=5)).status == Status.MET


def test_row_42_needs_an_agreement_in_force_with_its_file(es):
    assert _check(42, es.alpha).status == Status.UNMET
    partner = create_object(
        model=Partner, data={"park": es.alpha, "name": "南方科技大学", "kind": "university"}, by=es.qiye
    )
    create_object(
        model=PartnerAgreement,
        data={
            "partner": partner,
            "title": "产学研合作协议",
            "signed_on": dt.date(2024, 1, 1),
            "valid_until": dt.date(2025, 12, 31),  # expired
            "document": ContentFile(b"%PDF-1.4\n% test\n", name="a.pdf"),
        },
        by=es.qiye,
    )
    assert _check(42, es.alpha).status == Status.UNMET
    create_object(
        model=PartnerAgreement,
        data={
            "partner": partner,
            "title": "续签协议",
            "signed_on": dt.date(2026, 1, 1),
            "document": ContentFile(b"%PDF-1.4\n% test\n", name="b.pdf"),
        },
        by=es.qiye,
    )
    finding = _check(42, es.alpha)
    assert finding.status == Status.MET and "大学" in finding.evidence[0].label


def test_row_38_counts_approved_applications(es):
    from parkops.enterprise.models import Policy

    create_object(
        model=EnterpriseService,
        data={"park": es.alpha, "category": "policy", "name": "政策申报辅导", "description": "辅导"},
        by=es.qiye,
    )
    policy = create_object(
        model=Policy,
        data={
            "park": es.alpha,
            "title": "创业资助",
            "issuer": "人社局",
            "level": "municipal",
            "benefit": "资助",
        },
        by=es.qiye,
    )
    _case(es, category="policy")
    assert _check(38, es.alpha).status == Status.PARTIAL
    application = services.start_application(by=es.tenant_a, policy=policy)
    application = services.submit_application(application=application, by=es.qiye)
    services.decide_application(application=application, by=es.qiye, approved=True, note="获批")
    assert _check(38, es.alpha).status == Status.MET
