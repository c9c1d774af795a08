"""One lock for every way in: a locked account's API keys and open sessions stop working,
wrong current passwords on the change-password form count like failed sign-ins, and an
address that keeps sending invalid API keys is held back with 429."""

import datetime as dt
import re

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from parkops.accounts.services import issue_api_key


def key_client(raw: str, address: str = "198.51.100.20") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def make_key(world):
    return issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="楼宇系统",
        park_ids=[world.alpha.pk],
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )


def fail_logins(username: str, times: int) -> None:
    for _ in range(times):
        Client().post("/login/", {"username": username, "password": "wrong-password"})


def signed_in(world, username: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": world.password}).status_code == 302
    return client


def test_locked_accounts_key_is_refused_until_unlocked(world):
    _, raw = make_key(world)
    assert key_client(raw).get("/api/buildings/").status_code == 200
    fail_logins("api_alpha", settings.AXES_FAILURE_LIMIT)
    response = key_client(raw).get("/api/buildings/")
    assert response.status_code in (401, 403)
    assert "锁定" in response.json()["detail"]
    AccessAttempt.objects.filter(username="api_alpha").delete()  # what axes_reset_username does
    assert key_client(raw).get("/api/buildings/").status_code == 200


def test_a_lock_signs_out_the_accounts_other_sessions(world):
    other = signed_in(world, "staff_invest")
    bystander = signed_in(world, "staff_safety")
    assert other.get("/").status_code == 200
    fail_logins("staff_invest", settings.AXES_FAILURE_LIMIT - 1)
    assert other.get("/").status_code == 200  # not yet locked
    fail_logins("staff_invest", 1)
    response = other.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "_auth_user_id" not in other.session
    assert bystander.get("/").status_code == 200


def test_wrong_current_passwords_on_change_password_lock_the_account(world):
    client = signed_in(world, "staff_invest")
    form = {
        "old_password": "not-my-password",
        "new_password1": "Tz8#park-ops",
        "new_password2": "Tz8#park-ops",
    }
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/password/", form)
        assert response.status_code == 200  # the form again, with the error
    response = client.post("/password/", form)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Now even the right password is refused at sign-in.
    locked = Client().post("/login/", {"username": "staff_invest", "password": world.password})
    assert locked.status_code == 429


def test_right_current_password_after_a_slip_is_not_locked(world):
    client = signed_in(world, "staff_invest")
    client.post("/password/", {"old_password": "typo", "new_password1": "x", "new_password2": "x"})
    response = client.post(
        "/password/",
        {
            "old_password": world.password,
            "new_password1": "Tz8#park-ops-22",
            "new_password2": "Tz8#park-ops-22",
        },
    )
    assert response.status_code == 302


@override_settings(API_KEY_FAILURE_LIMIT=20)
def test_many_invalid_keys_from_one_address_get_429_with_retry_after(world):
    _, raw = make_key(world)
    statuses = [key_client(f"bogus.{i}").get("/api/buildings/").status_code for i in range(30)]
    assert statuses[:20] == [401] * 20 or set(statuses[:20]) <= {401, 403}
    assert statuses[20:] == [429] * 10
    response = key_client("bogus.again").get("/api/buildings/")
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= settings.API_KEY_FAILURE_WINDOW_SECONDS
    detail = response.json()["detail"]
    assert len(re.findall(r"\d+ ?秒", detail)) == 1, detail  # the wait, said once
    # Even a valid key is held back from that address, so guessing cannot continue...
    assert key_client(raw).get("/api/buildings/").status_code == 429
    # ...while another address is not affected.
    assert key_client(raw, address="198.51.100.99").get("/api/buildings/").status_code == 200


@override_settings(API_KEY_FAILURE_LIMIT=20, TRUSTED_PROXIES=[])
def test_a_forged_forwarded_for_does_not_escape_the_invalid_key_limit(world):
    for i in range(20):
        client = key_client(f"bogus.{i}")
        client.get("/api/buildings/", HTTP_X_FORWARDED_FOR=f"10.1.0.{i}")
    response = key_client("bogus.x").get("/api/buildings/", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
