"""Protection by classification (clause 7.2.4): who sees a field, and how personal data is
masked, for API responses (and for any export that asks).

- A field above the reader's clearance is left out. Clearance: platform and operator
  administrators ``core``; other signed-in users ``important``; an API key ``general``
  unless its ``KeyClearance`` says more.
- Personal data is masked by default (phone and ID numbers keep the first 3 and last 4
  characters). A reader with the ``datagov.unmask_personal`` permission (or an operator
  administrator) who asks (``?unmask=1&reason=…``) sees it whole, and each such reading is
  recorded — who saw whose data, when and why — in ``PersonalDataAccess`` and the audit trail.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from parkops.datagov.registry import RANK, FieldClass, Level, Mask, classify

TRUE = ("1", "true", "yes")


def mask_value(value, mask: str):
    """The masked form of a personal value (non-text values are withheld as None)."""
    if value is None or value == "":
        return value
    if not isinstance(value, str):
        return None
    if mask in (Mask.PHONE, Mask.ID):
        if len(value) <= 7:
            return "*" * len(value)
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if mask == Mask.NAME:
        return value[:1] + "*" * max(len(value) - 1, 1)
    if mask == Mask.EMAIL:
        local, _at, domain = value.partition("@")
        return (local[:1] + "***@" + domain) if domain else value[:1] + "***"
    if mask == Mask.ADDRESS:
        return value[:6] + "***"
    # Text that may hold a name and a number: its ends only.
    if len(value) <= 2:
        return "*" * len(value)
    return value[:1] + "*" * (len(value) - 2) + value[-1:]


def clearance_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return Level.GENERAL
    key = getattr(user, "_parkops_api_key", None)
    if key is not None:
        from parkops.datagov.models import KeyClearance

        level = KeyClearance.objects.filter(api_key_id=key.pk).values_list("level", flat=True).first()
        return Level(level) if level else Level.GENERAL
    from parkops.core.scope import Role

    if user.is_superuser or user.role == Role.OPERATOR_ADMIN:
        return Level.CORE
    return Level.IMPORTANT


def may_unmask(user) -> bool:
    from parkops.core.scope import Role

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "_parkops_api_key", None) is not None:
        return user.has_perm("datagov.unmask_personal")
    return user.is_superuser or user.role == Role.OPERATOR_ADMIN or user.has_perm("datagov.unmask_personal")


def field_class(serializer, name: str) -> FieldClass | None:
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None:
        return None
    field = serializer.fields.get(name)
    source = getattr(field, "source", name)
    if source in ("*", "") or isinstance(field, serializers.SerializerMethodField):
        source = name
    if "." in source:
        return None
    return classify(model, source)


def withheld_fields(serializer, clearance: str) -> set[str]:
    """Fields of a serializer above a clearance."""
    out = set()
    for name in serializer.fields:
        cls = field_class(serializer, name)
        if cls is not None and cls.rank > RANK[Level(clearance)]:
            out.add(name)
    return out


def _unmask_request(request) -> tuple[bool, str]:
    if request is None or request.query_params.get("unmask", "").lower() not in TRUE:
        return False, ""
    reason = request.query_params.get("reason", "").strip()
    if not may_unmask(request.user):
        raise exceptions.PermissionDenied(_("无权查看未脱敏的个人信息"))
    if not reason:
        raise exceptions.ValidationError({"reason": [_("查看未脱敏的个人信息须说明理由")]})
    return True, reason[:200]


def protect_representation(serializer, instance, data):
    """Leave out fields above the reader's clearance; mask personal fields unless unmasking
    was asked for and allowed (then record it)."""
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    cache = serializer.context.setdefault("_parkops_protection", {})
    if "clearance" not in cache:
        cache["clearance"] = clearance_of(user)
        cache["unmask"], cache["reason"] = _unmask_request(request)
    clearance = cache["clearance"]
    revealed = []
    for name in list(data):
        cls = field_class(serializer, name)
        if cls is None:
            continue
        if cls.rank > RANK[Level(clearance)]:
            del data[name]
        elif cls.personal and cls.mask and isinstance(data[name], str) and data[name]:
            if cache["unmask"]:
                revealed.append(name)
            else:
                data[name] = mask_value(data[name], cls.mask)
    if revealed:
        from parkops.datagov.services import record_unmasking

        record_unmasking(by=user, obj=instance, fields=revealed, reason=cache["reason"], channel="api")
    return data
