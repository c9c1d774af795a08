"""Generic writes for restricted models: permission, validation, save and audit entry in one
transaction. Domain services build on these; views, API views, imports and jobs call them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from parkops.audit import services as audit
from parkops.core.scope import ADD, CHANGE, DELETE, can, can_write_model, park_of, visible_park_ids

M = TypeVar("M", bound=models.Model)


def _park_id(obj: models.Model) -> int | None:
    park = park_of(obj)
    return park.pk if park is not None else None


def _assign(obj: models.Model, data: Mapping[str, Any]) -> dict[str, Iterable]:
    """Set plain and FK fields on obj; return m2m values to set after saving."""
    m2m: dict[str, Iterable] = {}
    m2m_names = {f.name for f in obj._meta.many_to_many}
    for name, value in data.items():
        if name in m2m_names:
            m2m[name] = value
        else:
            setattr(obj, name, value)
    return m2m


def _check_scope(obj: models.Model, by, action: str) -> None:
    if not can_write_model(by, type(obj), action):
        message = _("无权新增%(model)s") if action == ADD else _("无权修改%(model)s")
        raise PermissionDenied(message % {"model": obj._meta.verbose_name})
    park_ids = visible_park_ids(by)
    park = park_of(obj)
    if park_ids is not None and park is not None and park.pk not in park_ids:
        raise PermissionDenied(_("不能在您无权访问的园区中写入数据"))


@transaction.atomic
def create_object(*, model: type[M], data: Mapping[str, Any], by) -> M:
    obj = model()
    m2m = _assign(obj, data)
    _check_scope(obj, by, ADD)
    obj.full_clean()
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    if not can(by, "view", obj):
        # The writer must still see what it wrote, or the write goes outside its scope.
        raise PermissionDenied(_("写入后的%(model)s不在您的可见范围内") % {"model": obj._meta.verbose_name})
    audit.record(action="create", obj=obj, by=by, park_id=_park_id(obj), after=audit.snapshot(obj))
    return obj


@transaction.atomic
def update_object(*, obj: M, data: Mapping[str, Any], by) -> M:
    """Save ``obj`` with ``data`` applied. Everything set on ``obj`` is saved, so pass an
    object read in this transaction (a stale copy would put back old values); the audit
    entry compares with the row as locked here."""
    if not can(by, CHANGE, obj):
        raise PermissionDenied(_("无权修改此%(model)s") % {"model": obj._meta.verbose_name})
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(locked)
    m2m = _assign(obj, data)
    _check_scope(obj, by, CHANGE)
    obj.full_clean()
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    if not can(by, "view", obj):
        raise PermissionDenied(_("修改后的%(model)s不在您的可见范围内") % {"model": obj._meta.verbose_name})
    after = audit.snapshot(obj)
    changed = {k for k in after if before.get(k) != after.get(k)} - {"updated_at"}
    if changed:
        audit.record(
            action="update",
            obj=obj,
            by=by,
            park_id=_park_id(obj),
            before={k: before.get(k) for k in sorted(changed)},
            after={k: after[k] for k in sorted(changed)},
        )
    return obj


@transaction.atomic
def delete_object(*, obj: models.Model, by) -> None:
    if not can(by, DELETE, obj):
        raise PermissionDenied(_("无权删除此%(model)s") % {"model": obj._meta.verbose_name})
    before = audit.snapshot(obj)
    park_id, label, pk, text = _park_id(obj), obj._meta.label_lower, obj.pk, str(obj)
    try:
        obj.delete()
    except models.ProtectedError as exc:
        names = _("、").join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ValidationError(
            _("仍有关联的%(names)s，不能删除此%(model)s") % {"names": names, "model": obj._meta.verbose_name}
        ) from None
    audit.record(
        action="delete",
        by=by,
        park_id=park_id,
        before=before,
        object_type=label,
        object_id=str(pk),
        object_repr=text,
    )


def record_event(*, event: str, obj: models.Model | None, by, detail: dict | None = None) -> None:
    """Audit a non-CRUD event (a sign-in, an export, a key issued) in the object's chain."""
    with transaction.atomic():
        audit.record(
            action="event",
            event=event,
            obj=obj,
            by=by,
            park_id=_park_id(obj) if obj is not None else None,
            after=detail,
            object_type=obj._meta.label_lower if obj is not None else "platform",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj) if obj is not None else "",
        )
