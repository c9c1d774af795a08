"""Every enterprise-services page opens for the team and, read-only, for the assessor; tenants
see the catalogue, their own demands and their policy matches."""

import pytest
from django.urls import reverse

LISTS = [
    "demand",
    "enterpriseservice",
    "servicecase",
    "partner",
    "partneragreement",
    "policy",
    "policyapplication",
    "enterpriseprofile",
]


@pytest.mark.parametrize("who", ["qiye", "assessor", "tenant_a"])
def test_pages_open(es, client, who):
    client.force_login(getattr(es, who))
    for name in LISTS:
        assert client.get(reverse(f"enterprise:{name}_list")).status_code == 200, name
    assert client.get(reverse("enterprise:policy_matches")).status_code == 200
    assert client.get(reverse("enterprise:overview")).status_code == (403 if who == "tenant_a" else 200)
    expected_add = 403 if who == "assessor" else 200
    assert client.get(reverse("enterprise:demand_add")).status_code == expected_add
    expected_service = 200 if who == "qiye" else 403
    assert client.get(reverse("enterprise:enterpriseservice_add")).status_code == expected_service
    assert client.get(reverse("enterprise:policy_add")).status_code == expected_service


def test_tenant_raises_a_demand_from_the_page(es, client):
    client.force_login(es.tenant_a)
    response = client.post(
        reverse("enterprise:demand_add"),
        {"category": "finance", "title": "贷款", "description": "需要流动资金"},
    )
    assert response.status_code == 302
    from parkops.enterprise.models import Demand

    assert Demand.objects.get().enterprise == es.ent_a


def test_staff_policy_form_saves_conditions(es, client):
    client.force_login(es.qiye)
    response = client.post(
        reverse("enterprise:policy_add"),
        {
            "park": es.alpha.pk,
            "title": "专精特新奖励",
            "issuer": "工信局",
            "level": "municipal",
            "qualifications": ["specialised", "little_giant"],
            "sizes": ["small"],
            "benefit": "奖励 50 万元",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from parkops.enterprise.models import Policy

    policy = Policy.objects.get()
    assert policy.qualifications == ["specialised", "little_giant"] and policy.sizes == ["small"]
