"""Writes of the data-governance domain, each with its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core import services as core_services
from parkops.core.scope import can
from parkops.datagov.models import (
    AccessLog,
    ExternalClient,
    KeyClearance,
    OpenDataKey,
    PersonalDataAccess,
    UserClearance,
)


def _park_id_of(obj) -> int | None:
    path = getattr(type(obj), "park_path", None)
    if not path:
        return None
    value = obj
    for part in path.replace("__id", "").split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
        if hasattr(value, "all"):  # a many-valued path (an operator's parks)
            value = value.first()
            if value is None:
                return None
    return getattr(value, "pk", None)


@transaction.atomic
def record_unmasking(*, by, obj, fields: Iterable[str], reason: str, channel: str) -> PersonalDataAccess:
    """Who saw whose personal data, when and why: a row and an audit entry."""
    fields = list(fields)
    park_id = _park_id_of(obj)
    access = PersonalDataAccess.objects.create(
        park_id=park_id,
        at=clock.now(),
        user=by if getattr(by, "pk", None) else None,
        user_name=by.get_username()[:150],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        fields="、".join(fields)[:500],
        reason=reason,
        channel=channel,
    )
    audit.record(
        action="view",
        obj=access,
        by=by,
        park_id=park_id,
        after={"object": f"{obj._meta.label_lower}:{obj.pk}", "fields": fields, "reason": reason},
        event="unmask_personal",
    )
    return access


@transaction.atomic
def set_key_clearance(*, api_key, level: str, by) -> KeyClearance:
    existing = KeyClearance.objects.filter(api_key=api_key).first()
    if existing is None:
        return core_services.create_object(
            model=KeyClearance, data={"api_key": api_key, "level": level}, by=by
        )
    return core_services.update_object(obj=existing, data={"level": level}, by=by)


@transaction.atomic
def set_user_clearance(*, user, level: str, by, reason: str = "") -> UserClearance:
    """Set the data level ``user`` may see (audited); it replaces the role's default."""
    existing = UserClearance.objects.filter(user=user).first()
    if existing is None:
        cleared = core_services.create_object(
            model=UserClearance, data={"user": user, "level": level, "reason": reason}, by=by
        )
    else:
        cleared = core_services.update_object(obj=existing, data={"level": level, "reason": reason}, by=by)
    user.__dict__.pop("_parkops_clearance", None)
    return cleared


@transaction.atomic
def issue_open_key(*, client: ExternalClient, by, name: str, days: int = 365) -> tuple[OpenDataKey, str]:
    """A key for an external client, shown once; expires after ``days``."""
    if not can(by, "change", client):
        raise PermissionDenied(_("无权为该接入单位签发密钥"))
    if not client.active:
        raise ValidationError(_("接入单位已停用"))
    key, raw = OpenDataKey.objects.create_key(
        client=client, name=name[:50], expiry_date=clock.now() + dt.timedelta(days=days)
    )
    audit.record(
        action="create",
        obj=key,
        by=by,
        park_id=client.park_id,
        after={"client": client.pk, "name": key.name, "expiry_date": key.expiry_date.isoformat()},
        event="open_key_issued",
        object_id=key.prefix,  # the key's id holds its hash, longer than an audit id (and not for the log)
    )
    return key, raw


@transaction.atomic
def revoke_open_key(*, key: OpenDataKey, by) -> OpenDataKey:
    if not can(by, "change", key.client):
        raise PermissionDenied(_("无权吊销该密钥"))
    key.revoked = True
    key.save(update_fields=["revoked"])
    audit.record(
        action="update",
        obj=key,
        by=by,
        park_id=key.client.park_id,
        after={"revoked": True},
        object_id=key.prefix,
    )
    return key


def log_access(*, client: ExternalClient, dataset: str, status: int, rows: int, path: str) -> AccessLog:
    """One line of the client's access log (not an audited business write: the log itself is
    the record, like a web server's access log)."""
    return AccessLog.objects.create(
        client=client, at=clock.now(), dataset=dataset[:40], status=status, rows=rows, path=path[:300]
    )
