"""The language a person picks with the switcher stays with their account: texts the platform
writes for them later follow it, and their next sign-in on another browser opens in it."""

from django.conf import settings
from django.test import Client

from parkops.accounts.models import User
from parkops.audit.models import AuditEntry
from parkops.notifications.services import Message, notify
from parkops.testing.world import PASSWORD


def test_switching_language_is_kept_on_the_account_and_audited(world):
    tenant = world.users["tenant_a"]
    client = Client()
    client.force_login(tenant)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=tenant.pk).language == "en"
    entry = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(tenant.pk)).latest("pk")
    assert entry.before == {"language": ""} and entry.after == {"language": "en"}
    assert entry.actor_id == tenant.pk


def test_an_unknown_language_changes_nothing(world):
    tenant = world.users["tenant_a"]
    client = Client()
    client.force_login(tenant)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert User.objects.get(pk=tenant.pk).language == ""


def test_notifications_are_written_in_the_recipients_chosen_language(world):
    tenant, staff = world.users["tenant_a"], world.users["staff_invest"]
    User.objects.filter(pk=tenant.pk).update(language="en")
    tenant.refresh_from_db()
    english, chinese = notify(
        recipients=[tenant, staff],
        kind="test",
        subject=Message("查看：%(link)s", link="/x/"),
        park=world.alpha,
    )
    assert english.subject == "View: /x/"
    assert chinese.subject == "查看：/x/"


def test_signing_in_on_a_new_browser_opens_in_the_chosen_language(world):
    tenant = world.users["tenant_a"]
    User.objects.filter(pk=tenant.pk).update(language="en")
    response = Client().post("/login/", {"username": "tenant_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # Someone who never chose gets no cookie: the platform's Chinese.
    response = Client().post("/login/", {"username": "tenant_b", "password": PASSWORD})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
