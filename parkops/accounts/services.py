"""Writes on accounts and API keys, audited like every other write."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

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
    """Accounts whose keys ``by`` may manage: platform admins all; operator admins their operator's."""
    if by.is_superuser:
        return User.objects.all()
    if by.role == Role.OPERATOR_ADMIN and by.operator_id:
        return User.objects.filter(operator_id=by.operator_id)
    return User.objects.none()


@transaction.atomic
def issue_api_key(
    *, by: User, owner: User, name: str, park_ids: list[int], can_write: bool, expires_at: dt.datetime | None
) -> tuple[ApiKey, str]:
    """Create a key; the plain key is returned once and only its hash is stored."""
    if not manageable_users(by).filter(pk=owner.pk).exists():
        raise PermissionDenied("无权为该账号签发接口密钥")
    if not name.strip():
        raise ValidationError({"name": "请填写密钥名称"})
    if not park_ids:
        raise ValidationError({"parks": "至少选择一个园区"})
    allowed = visible_park_ids(by)
    owner_parks = visible_park_ids(owner)
    for park_id in park_ids:
        if allowed is not None and park_id not in allowed:
            raise ValidationError({"parks": "只能选择您有权访问的园区"})
        if owner_parks is not None and park_id not in owner_parks:
            raise ValidationError({"parks": "密钥所属账号无权访问所选园区"})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expiry_date": "到期时间必须晚于现在"})
    key, raw = ApiKey.objects.create_key(name=name.strip(), user=owner, can_write=can_write, expiry_date=expires_at)
    key.parks.set(park_ids)
    for park_id in sorted(park_ids):
        audit.record(action="create", obj=key, by=by, park_id=park_id, after=_key_snapshot(key))
    return key, raw


@transaction.atomic
def revoke_api_key(*, by: User, key: ApiKey) -> ApiKey:
    if not manageable_users(by).filter(pk=key.user_id).exists():
        raise PermissionDenied("无权吊销该接口密钥")
    if key.revoked:
        return key
    before = _key_snapshot(key)
    key.revoked = True
    key.save(update_fields=["revoked"])
    for park_id in sorted(key.parks.values_list("pk", flat=True)):
        audit.record(action="update", obj=key, by=by, park_id=park_id, before=before, after=_key_snapshot(key))
    return key
