"""Writes on accounts and API keys, audited like every other write."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parkops.accounts.models import ApiKey, User
from parkops.audit import services as audit
from parkops.core.scope import Role, visible_park_ids


def _key_snapshot(key: ApiKey) -> dict:
    return {
        "name": key.name,
        "prefix": key.prefix,
        "user": key.user_id,
        "parks": sorted(key.parks.values_list("pk", flat=True)),
        "can_write": key.can_write,
        "expiry_date": key.expiry_date.isoformat() if key.expiry_date else None,
        "revoked": key.revoked,
    }


def manageable_users(by: User):
    """Accounts (and their keys) ``by`` may manage: platform admins all; operator admins their operator's."""
    return User.objects.restrict(by, "change")


@transaction.atomic
def issue_api_key(
    *, by: User, owner: User, name: str, park_ids: list[int], can_write: bool, expires_at: dt.datetime | None
) -> tuple[ApiKey, str]:
    """Create a key; the plain key is returned once and only its hash is stored."""
    if not manageable_users(by).filter(pk=owner.pk).exists():
        raise PermissionDenied(_("无权为该账号签发接口密钥"))
    if not name.strip():
        raise ValidationError({"name": _("请填写密钥名称")})
    if not park_ids:
        raise ValidationError({"parks": _("至少选择一个园区")})
    allowed = visible_park_ids(by)
    owner_parks = visible_park_ids(owner)
    for park_id in park_ids:
        if allowed is not None and park_id not in allowed:
            raise ValidationError({"parks": _("只能选择您有权访问的园区")})
        if owner_parks is not None and park_id not in owner_parks:
            raise ValidationError({"parks": _("密钥所属账号无权访问所选园区")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expiry_date": _("到期时间必须晚于现在")})
    key, raw = ApiKey.objects.create_key(
        name=name.strip(), user=owner, can_write=can_write, expiry_date=expires_at
    )
    key.parks.set(park_ids)
    for park_id in sorted(park_ids):
        audit.record(
            action="create", obj=key, by=by, park_id=park_id, after=_key_snapshot(key), object_id=key.prefix
        )
    return key, raw


@transaction.atomic
def revoke_api_key(*, by: User, key: ApiKey) -> ApiKey:
    if not manageable_users(by).filter(pk=key.user_id).exists():
        raise PermissionDenied(_("无权吊销该接口密钥"))
    if key.revoked:
        return key
    before = _key_snapshot(key)
    key.revoked = True
    key.save(update_fields=["revoked"])
    for park_id in sorted(key.parks.values_list("pk", flat=True)):
        audit.record(
            object_id=key.prefix,
            action="update",
            obj=key,
            by=by,
            park_id=park_id,
            before=before,
            after=_key_snapshot(key),
        )
    return key


def _user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "department": user.department,
        "operator": user.operator_id,
        "enterprise": user.enterprise_id,
        "parks": sorted(user.parks.values_list("pk", flat=True)),
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "language": user.language,
    }


def _user_park_ids(user: User) -> list[int | None]:
    ids = sorted(user.parks.values_list("pk", flat=True))
    if user.enterprise_id:
        ids = [user.enterprise.park_id]
    return ids or [None]


@transaction.atomic
def create_user(
    *,
    by: User | None,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    email: str = "",
    department: str = "",
    operator=None,
    enterprise=None,
    parks=(),
    is_superuser: bool = False,
    is_active: bool = True,
) -> User:
    """Create an account; the password must pass the deployment's policy. ``by`` None means
    the platform itself (installation, demo set-up)."""
    from django.contrib.auth.password_validation import validate_password

    if by is not None and not by.is_superuser:
        if by.role != Role.OPERATOR_ADMIN or (operator is not None and operator.pk != by.operator_id):
            raise PermissionDenied(_("只有运营机构管理员可以为本机构创建账号"))
        if is_superuser:
            raise PermissionDenied(_("不能创建平台管理员"))
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        email=email,
        department=department,
        operator=operator,
        enterprise=enterprise,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        is_active=is_active,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    _check_parks(by, parks)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.parks.set(parks)
    snapshot = _user_snapshot(user)
    for park_id in _user_park_ids(user):
        audit.record(action="create", obj=user, by=by, park_id=park_id, after=snapshot)
    return user


@transaction.atomic
def update_user(*, by: User, user: User, data: dict) -> User:
    """Change an account's role, department, parks, enterprise, name or active state."""
    if not manageable_users(by).filter(pk=user.pk).exists():
        raise PermissionDenied(_("无权修改该账号"))
    if user.pk == by.pk and data.get("is_active") is False:
        raise ValidationError({"is_active": _("不能停用自己的账号")})
    if data.get("is_superuser") and not by.is_superuser:
        raise PermissionDenied(_("不能授予平台管理员权限"))
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = _user_snapshot(locked)
    parks = data.pop("parks", None)
    for name, value in data.items():
        setattr(user, name, value)
    _check_parks(by, parks)
    user.full_clean(exclude=["password"])
    user.save()
    if parks is not None:
        user.parks.set(parks)
    after = _user_snapshot(user)
    changed = sorted(k for k in after if after[k] != before[k])
    if changed:
        for park_id in _user_park_ids(user):
            audit.record(
                action="update",
                obj=user,
                by=by,
                park_id=park_id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return user


@transaction.atomic
def set_password(*, by: User, user: User, password: str) -> User:
    """An administrator sets a new password for an account (the policy applies)."""
    from django.contrib.auth.password_validation import validate_password

    if not manageable_users(by).filter(pk=user.pk).exists():
        raise PermissionDenied(_("无权重置该账号的密码"))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password", "password_changed_at"])
    for park_id in _user_park_ids(user):
        audit.record(
            action="event",
            event="password_reset",
            obj=user,
            by=by,
            park_id=park_id,
            after={"username": user.username},
        )
    return user


def _check_parks(by: User | None, parks) -> None:
    if by is None or parks is None:
        return
    allowed = visible_park_ids(by)
    if allowed is not None and any(p.pk not in allowed for p in parks):
        raise ValidationError({"parks": _("只能选择您有权访问的园区")})


@transaction.atomic
def choose_language(*, user: User, language: str) -> User:
    """A person keeps the interface language they chose with the switcher: the texts the
    platform writes for them later (notifications, e-mails) follow it, and their next
    sign-in on another browser opens in it."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("不支持的语言")})
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.language == language:
        return user
    before = locked.language
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    for park_id in _user_park_ids(user):
        audit.record(
            action="update",
            obj=user,
            by=user,
            park_id=park_id,
            before={"language": before},
            after={"language": language},
        )
    return user
