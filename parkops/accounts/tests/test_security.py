"""Sign-in protection: lockout after repeated failures (not bypassed by a forged
X-Forwarded-For), idle and absolute session limits, both password policies."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from parkops.accounts.middleware import SESSION_STARTED
from parkops.audit.models import AuditEntry


def attempt(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def test_login_works_and_is_audited(world):
    client = Client()
    response = attempt(client, "admin_alpha", world.password)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(event="login", actor_name="admin_alpha").exists()


def test_lockout_after_five_failures_even_with_forged_forwarded_for(world):
    client = Client()
    for i in range(5):
        response = attempt(client, "staff_invest", "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
        assert response.status_code in (200, 429)  # the form again; 429 once locked
    # The right password, claimed from a "new" address and even sent from a real other
    # address, is refused while the account is locked.
    response = attempt(Client(), "staff_invest", world.password, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    response = attempt(Client(), "staff_invest", world.password, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 429
    # Other accounts are not locked, even from the same (possibly shared NAT) address.
    assert attempt(Client(), "staff_admin", world.password).status_code == 302


def test_lockout_is_per_account_not_per_claimed_address(world):
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.5  # 30 minutes, in hours
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_client_ip_ignores_forwarded_for_unless_from_a_trusted_proxy(rf):
    from parkops.core.middleware import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
    with override_settings(TRUSTED_PROXIES=["198.51.100.0/24"]):
        assert client_ip(request) == "1.2.3.4"
        spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4", REMOTE_ADDR="198.51.100.7")
        assert client_ip(spoofed) == "1.2.3.4"  # the right-most address the proxy saw


def test_idle_timeout_is_thirty_minutes_by_default():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_absolute_session_limit_signs_out(world):
    client = Client()
    client.force_login(world.admin)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED] = time.time() - 13 * 3600
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "password,policy,ok",
    [
        ("园区夜巡 lantern over harbour 7", "asvs", True),  # long passphrase, no composition rules
        ("Sh0rt!pass", "asvs", False),  # under 12 characters
        ("password1234", "asvs", False),  # a common password
        ("园区运营平台安全口令二零二六", "asvs", True),
        ("Qz7park9", "mlps", True),  # 8 characters, three classes
        ("abcdefgh12", "mlps", False),  # two classes
        ("Ab1!", "mlps", False),  # too short
    ],
)
def test_password_policies(password, policy, ok):
    with override_settings(PASSWORD_POLICY=policy):
        if ok:
            validate_password(password)
        else:
            with pytest.raises(ValidationError):
                validate_password(password)


def test_mlps_policy_forces_rotation(world):
    user = world.staff_admin
    user.password_changed_at = timezone.now() - timezone.timedelta(days=91)
    user.save(update_fields=["password_changed_at"])
    client = Client()
    client.force_login(user)
    with override_settings(PASSWORD_POLICY="mlps", PASSWORD_MAX_AGE_DAYS=90):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/password/"
        assert client.get("/password/").status_code == 200
    with override_settings(PASSWORD_POLICY="asvs"):
        assert client.get("/").status_code == 200


def test_passwords_are_hashed_with_argon2_outside_tests():
    from django.conf import settings

    assert "Argon2PasswordHasher" in settings.PASSWORD_HASHERS[1]
    assert any("Argon2" in h for h in settings.PASSWORD_HASHERS)


def test_logout_needs_post_and_ends_the_session(world):
    client = Client()
    client.force_login(world.admin)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_interface_is_chinese_unless_english_is_chosen(world):
    client = Client()
    body = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in body
    client.cookies["django_language"] = "en"
    response = client.get("/login/")
    assert 'lang="en"' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_signed_in_pages_are_not_cached(world):
    client = Client()
    client.force_login(world.tenant_a)
    response = client.get("/park/units/")
    assert response["Cache-Control"] == "private, no-store"
    assert "HX-Target" in response["Vary"]


def test_unchanged_text_area_records_no_change(world):
    from parkops.audit.models import AuditEntry

    client = Client()
    client.force_login(world.admin)
    park = world.alpha
    form = {
        "operator": park.operator_id,
        "code": park.code,
        "name": park.name,
        "district": park.district,
        "address": park.address,
        "land_area": park.land_area,
        "floor_area": park.floor_area,
        "positioning": "第一行\r\n第二行",
        "leading_industries": [i.pk for i in park.leading_industries.all()],
    }
    assert client.post(f"/park/parks/{park.pk}/edit/", form).status_code == 302
    count = AuditEntry.objects.filter(object_type="core.park", object_id=str(park.pk)).count()
    assert client.post(f"/park/parks/{park.pk}/edit/", form).status_code == 302
    assert AuditEntry.objects.filter(object_type="core.park", object_id=str(park.pk)).count() == count
