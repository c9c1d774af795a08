"""The demo logins: one per role, one per department (see organisation.py), and an API key."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from parkops.core import clock
from parkops.core.demo import names
from parkops.core.demo.context import ADMIN_USERNAME, PLATFORM_USERNAME, DemoContext
from parkops.core.demo.organisation import DEPARTMENTS
from parkops.core.scope import Role

EMAIL_DOMAIN = "demo.parkops.example"
TENANT_USERNAMES = ("tenant", "tenant2")  # the first two enterprises, park.SHOWCASE
ASSESSOR_USERNAME = "assessor"
API_USERNAME = "api"
API_KEY_NAME = "演示数据接口（只读）"
API_KEY_DAYS = 365
USERNAMES = (
    PLATFORM_USERNAME,
    ADMIN_USERNAME,
    *(spec.login for spec in DEPARTMENTS),
    *TENANT_USERNAMES,
    ASSESSOR_USERNAME,
    API_USERNAME,
)


def check_usernames_free() -> None:
    """Refuse before writing anything if a demo username belongs to someone else."""
    from parkops.accounts.models import User

    taken = sorted(User.objects.filter(username__in=USERNAMES).values_list("username", flat=True))
    if taken:
        raise ValidationError(
            "演示账号的用户名已被占用：%(names)s。请在新数据库上运行，或先为这些账号改名。",
            params={"names": "、".join(taken)},
        )


def create_platform_admin(ctx: DemoContext) -> None:
    # The platform itself creates its administrator: there is nobody else yet.
    ctx.platform = ctx.create_user(
        by=None,
        username=PLATFORM_USERNAME,
        role=Role.OPERATOR_ADMIN,
        display_name="平台管理员",
        email=f"{PLATFORM_USERNAME}@{EMAIL_DOMAIN}",
        is_superuser=True,
    )


def create_operator_admin(ctx: DemoContext) -> None:
    ctx.admin = ctx.create_user(
        by=ctx.platform,
        username=ADMIN_USERNAME,
        role=Role.OPERATOR_ADMIN,
        display_name="运营机构管理员",
        email=f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
        operator=ctx.operator,
        parks=[ctx.park],
    )


def create_outside_logins(ctx: DemoContext) -> None:
    """Tenants, the assessor and the API client, created by the operator administrator."""
    from parkops.accounts.services import issue_api_key

    for username, enterprise in zip(TENANT_USERNAMES, ctx.enterprises, strict=False):
        ctx.create_user(
            username=username,
            role=Role.TENANT,
            display_name=enterprise.contact_name,
            email=f"{username}@{EMAIL_DOMAIN}",
            enterprise=enterprise,
        )
    ctx.create_user(
        username=ASSESSOR_USERNAME,
        role=Role.ASSESSOR,
        display_name=names.person_name(ctx.rng),
        email=f"{ASSESSOR_USERNAME}@{EMAIL_DOMAIN}",
        parks=[ctx.park],
    )
    api = ctx.create_user(
        username=API_USERNAME,
        role=Role.API_CLIENT,
        display_name="数据开放接口",
        email=f"{API_USERNAME}@{EMAIL_DOMAIN}",
        operator=ctx.operator,
        parks=[ctx.park],
    )
    _key, ctx.api_key = issue_api_key(
        by=ctx.admin,
        owner=api,
        name=API_KEY_NAME,
        park_ids=[ctx.park.pk],
        can_write=False,
        expires_at=clock.now() + dt.timedelta(days=API_KEY_DAYS),
    )
