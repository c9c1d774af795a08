"""Operator administrators manage their own operator's accounts, audited; nobody else's."""

import pytest
from django.test import Client

from parkops.accounts.models import User
from parkops.audit.models import AuditEntry


def sign_in(username, password):
    return Client().post("/login/", {"username": username, "password": password})


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_admin_lists_own_operators_accounts_only(world):
    body = client_for(world.admin).get("/accounts/users/").content.decode()
    assert "tenant_a" in body and "staff_invest" in body
    assert "tenant_c" not in body and "admin_beta" not in body


@pytest.mark.parametrize("username", ["staff_invest", "tenant_a", "assessor"])
def test_non_admins_cannot_manage_accounts(world, username):
    client = client_for(world.users[username])
    assert client.get("/accounts/users/").status_code == 403
    other = world.users["staff_safety"]
    assert client.get(f"/accounts/users/{other.pk}/edit/").status_code in (403, 404)
    response = client.post(f"/accounts/users/{other.pk}/password/", {"password": "Hijack-Password-2026"})
    assert response.status_code in (403, 404)


def test_other_operators_accounts_are_not_found(world):
    client = client_for(world.admin)
    for username in ("tenant_c", "admin_beta"):
        pk = world.users[username].pk
        assert client.get(f"/accounts/users/{pk}/").status_code == 404
        assert client.get(f"/accounts/users/{pk}/edit/").status_code == 404
        assert (
            client.post(f"/accounts/users/{pk}/password/", {"password": "Hijack-Password-2026"}).status_code
            == 404
        )


def test_admin_creates_a_staff_account_with_audit(world):
    client = client_for(world.admin)
    response = client.post(
        "/accounts/users/add/",
        {
            "username": "anquan2",
            "display_name": "李四",
            "email": "",
            "role": "staff",
            "department": "safety",
            "parks": [world.alpha.pk],
            "password": "Night-Patrol-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="anquan2")
    assert user.operator == world.admin.operator
    assert list(user.parks.all()) == [world.alpha]
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk), action="create")
    assert entry.after["role"] == "staff" and entry.chain == f"park:{world.alpha.pk}"


def test_bad_account_form_names_fields_and_creates_nothing(world):
    client = client_for(world.admin)
    response = client.post(
        "/accounts/users/add/",
        {
            "username": "t9",
            "role": "tenant",
            "parks": [world.alpha.pk],
            "password": "short",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "入驻企业用户必须指定所属企业" in body
    assert not User.objects.filter(username="t9").exists()


def test_admin_cannot_grant_another_operators_park(world):
    client = client_for(world.admin)
    response = client.post(
        "/accounts/users/add/",
        {
            "username": "sneaky",
            "role": "staff",
            "department": "safety",
            "parks": [world.beta.pk],
            "password": "Night-Patrol-2026",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="sneaky").exists()


def test_admin_resets_a_password_and_deactivates(world):
    client = client_for(world.admin)
    target = world.staff_safety
    response = client.post(f"/accounts/users/{target.pk}/password/", {"password": "Fresh-Start-Password-9"})
    assert response.status_code == 302
    assert sign_in("staff_safety", "Fresh-Start-Password-9").status_code == 302
    assert AuditEntry.objects.filter(event="password_reset", object_id=str(target.pk)).exists()
    response = client.post(
        f"/accounts/users/{target.pk}/edit/",
        {
            "display_name": "停用",
            "email": "",
            "role": "staff",
            "department": "safety",
            "parks": [world.alpha.pk],
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    assert sign_in("staff_safety", "Fresh-Start-Password-9").status_code == 200  # the form again


def test_keys_are_revoked_by_prefix_only_by_their_managers(world):
    import datetime as dt

    from django.utils import timezone

    from parkops.accounts.models import ApiKey
    from parkops.accounts.services import issue_api_key

    key, _ = issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="门禁",
        park_ids=[world.alpha.pk],
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=5),
    )
    assert client_for(world.admin_beta).post(f"/accounts/api-keys/{key.prefix}/revoke/").status_code in (
        403,
        404,
    )
    assert client_for(world.tenant_a).post(f"/accounts/api-keys/{key.prefix}/revoke/").status_code in (
        403,
        404,
    )
    assert not ApiKey.objects.get(pk=key.pk).revoked
    assert client_for(world.admin).post(f"/accounts/api-keys/{key.prefix}/revoke/").status_code == 302
    assert ApiKey.objects.get(pk=key.pk).revoked
    entries = AuditEntry.objects.filter(object_type="accounts.apikey", object_id=key.prefix)
    assert list(entries.order_by("id").values_list("action", flat=True)) == ["create", "update"]
