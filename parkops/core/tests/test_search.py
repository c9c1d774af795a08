"""Search finds only what the user may open."""

from django.test import Client


def search_as(user, text):
    client = Client()
    client.force_login(user)
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_within_scope(world):
    body = search_as(world.admin, "企业")
    assert "甲企业" in body and "乙企业" in body
    assert "丙企业" not in body


def test_tenant_search_finds_only_its_own_enterprise(world):
    body = search_as(world.tenant_a, "企业")
    assert "甲企业" in body
    assert "乙企业" not in body and "丙企业" not in body
    assert "没有找到" in search_as(world.tenant_a, "张三")  # staff are not for tenants


def test_search_by_credit_code(world):
    assert "乙企业" in search_as(world.admin, world.ent_b.credit_code)
    assert "没有找到" in search_as(world.admin_beta, world.ent_b.credit_code)
