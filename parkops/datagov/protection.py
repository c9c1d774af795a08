"""Protection by classification (clause 7.2.4): who sees a field, and how personal data is
masked, for API responses (and for any export that asks).

- A field above the reader's clearance is left out. Clearance: platform and operator
  administrators ``core``; other signed-in users ``important``; an API key ``general``
  unless its ``KeyClearance`` says more; a person's ``UserClearance``, where an administrator
  set one, replaces the role's default.
- Personal data is masked by default (phone and ID numbers keep the first 3 and last 4
  characters). A reader with the ``datagov.unmask_personal`` permission (or an operator
  administrator) who asks (``?unmask=1&reason=…``) sees it whole, and each such reading is
  recorded — who saw whose data, when and why — in ``PersonalDataAccess`` and the audit trail.
"""

from __future__ import annotations

from functools import cache

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

    cached = getattr(user, "_parkops_clearance", None)
    if cached is not None:
        return cached
    from parkops.datagov.models import UserClearance

    level = UserClearance.objects.filter(user_id=user.pk).values_list("level", flat=True).first()
    if level:
        cleared = Level(level)
    elif user.is_superuser or user.role == Role.OPERATOR_ADMIN:
        cleared = Level.CORE
    else:
        cleared = Level.IMPORTANT
    user._parkops_clearance = cleared  # once per request: the user object lives as long
    return cleared


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


def reader_of(context) -> dict:
    """The reader of an API answer, worked out once per request: clearance and unmasking."""
    cache = context.setdefault("_parkops_protection", {})
    if "clearance" not in cache:
        request = context.get("request")
        cache["clearance"] = clearance_of(getattr(request, "user", None))
        cache["unmask"], cache["reason"] = _unmask_request(request)
    return cache


def protect_representation(serializer, instance, data):
    """Leave out fields above the reader's clearance; mask personal fields unless unmasking
    was asked for and allowed (then record it)."""
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    cache = reader_of(serializer.context)
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


# --- Pages, exports and reports --------------------------------------------------------


class Protection:
    """What one reader may see of the records on a page, in an export or a report: fields
    above the reader's clearance are left out (``visible``), personal values are masked
    (``show``) unless unmasking was asked for, allowed and given a reason; every value shown
    whole is recorded once per object (``record``), like the API's readings."""

    def __init__(self, user, *, unmask: bool = False, reason: str = "", channel: str = "page"):
        self.user = user
        self.clearance = clearance_of(user)
        self.unmask = unmask
        self.reason = reason
        self.channel = channel
        self.masked = False  # whether anything was masked (the page offers unmasking then)
        self._revealed: dict[tuple[str, object], tuple[object, list[str]]] = {}

    def visible(self, model, name: str) -> bool:
        cls = classify(model, name) if _is_field(model, name) else None
        return cls is None or cls.rank <= RANK[Level(self.clearance)]

    def sees(self, label: str) -> bool:
        """``visible`` for ``"app.Model.field"``: what a hand-made page, export or report asks
        before it shows a figure drawn from that field."""
        from django.apps import apps

        model_label, name = label.rsplit(".", 1)
        return self.visible(apps.get_model(model_label), name)

    def visible_names(self, model, names) -> list[str]:
        return [name for name in names if self.visible(model, name)]

    def show(self, obj, name: str, value):
        """The value as this reader may see it."""
        if not isinstance(value, str) or not value or not _is_field(obj.__class__, name):
            return value
        cls = classify(obj.__class__, name)
        if cls is None or not (cls.personal and cls.mask):
            return value
        if self.unmask:
            fields = self._revealed.setdefault((obj._meta.label_lower, obj.pk), (obj, []))[1]
            if name not in fields:
                fields.append(name)
            return value
        self.masked = True
        return mask_value(value, cls.mask)

    def stored_values(self, model, data):
        """A record's stored values kept elsewhere (an audit entry's before and after) as this
        reader may see them: fields above the reader's clearance, or unclassified, are left
        out; personal values are masked, always — unmasking is recorded against the object,
        so it is done on the object's own page. Keys that are no field of ``model`` (event
        details) are kept."""
        if model is None or not isinstance(data, dict):
            return data
        names = {f.attname: f.name for f in model._meta.concrete_fields} | {
            f.name: f.name for f in model._meta.get_fields() if f.concrete or f.many_to_many
        }
        allowed = RANK[Level(self.clearance)]
        out = {}
        for key, value in data.items():
            name = names.get(key)
            if name is None:
                out[key] = value
                continue
            cls = classify(model, name)
            if cls is None or cls.rank > allowed:
                continue
            if cls.personal and cls.mask and isinstance(value, str) and value:
                value = mask_value(value, cls.mask)
                self.masked = True
            out[key] = value
        return out

    def display(self, obj) -> str:
        """The object's name as this reader may see it (``safe_display``; personal values in a
        name stay masked even when unmasking: the fields are where a reading is recorded)."""
        return safe_display(obj, self.clearance)

    def record(self) -> None:
        """Record the unmasked readings so far (who saw whose data, when, why)."""
        from parkops.datagov.services import record_unmasking

        for obj, fields in self._revealed.values():
            record_unmasking(by=self.user, obj=obj, fields=fields, reason=self.reason, channel=self.channel)
        self._revealed.clear()


def _is_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a property or method, not a stored field
        return False
    return True


def request_protection(request, channel: str = "page") -> Protection:
    """The protection of one page or export request (``?unmask=1&reason=…`` asks to unmask;
    without the permission that answers 403; without a reason the values stay masked and
    ``missing_reason`` is set for the page to say why)."""
    from django.core.exceptions import PermissionDenied

    cache = getattr(request, "_parkops_protection", None)
    if cache is not None and cache.channel == channel:
        return cache
    unmask = request.GET.get("unmask", "").lower() in TRUE
    reason = request.GET.get("reason", "").strip()[:200]
    if unmask and not may_unmask(request.user):
        raise PermissionDenied(_("无权查看未脱敏的个人信息"))
    protection = Protection(request.user, unmask=unmask and bool(reason), reason=reason, channel=channel)
    protection.missing_reason = unmask and not reason
    protection.may_unmask = may_unmask(request.user)
    request._parkops_protection = protection
    return protection


@cache
def _guarded_fields(model) -> tuple[tuple[str, str, int, str], ...]:
    """(field name, attribute, rank, mask) of the model's stored fields that are above
    一般数据 or masked personal data: the values a record's name must not carry as they are."""
    out = []
    for field in model._meta.concrete_fields:
        if field.is_relation:
            continue
        cls = classify(model, field.name)
        if cls is not None and (cls.rank > 0 or (cls.personal and cls.mask)):
            out.append((field.name, field.attname, cls.rank, cls.mask if cls.personal else ""))
    return tuple(out)


def safe_display(obj, clearance: str, *, unmask: bool = False) -> str:
    """``str(obj)`` for a reader of ``clearance``: a record whose name carries a value above
    that level is named by its kind and id (``监控区域 #3``); a personal value in the name is
    masked like the field itself (unless unmasking was asked for and allowed)."""
    text = str(obj)
    guarded = _guarded_fields(obj.__class__)
    if not guarded:
        return text
    allowed = RANK[Level(clearance)]
    for _name, attname, rank, mask in guarded:
        value = getattr(obj, attname, None)
        if value is None or value == "" or isinstance(value, bool):
            continue
        value = str(value)
        if len(value) < 2 or value not in text:
            continue
        if rank > allowed:
            return f"{obj._meta.verbose_name} #{obj.pk}"
        if mask and not unmask:
            text = text.replace(value, mask_value(value, mask) or "")
    return text


# --- Filters, ordering and search -----------------------------------------------------


def path_class(model, path: str) -> tuple[object, str, FieldClass | None] | None:
    """The model, field name and class a lookup path (``lease__rent_per_m2__gte``) ends on,
    following relations; None when the path names no stored field (a method filter, or a
    lookup the model does not have)."""
    found = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a lookup (gte, icontains…) ends the path
            break
        if getattr(field, "auto_created", False) and not getattr(field, "concrete", False):
            # A reverse relation: the field lives on the other model.
            found = None
            model = field.related_model
            continue
        found = (model, field.name, classify(model, field.name))
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return found


def hidden_reason(user, model, path: str) -> str | None:
    """Why ``user`` may not filter, order or search by ``path`` of ``model`` (a field above
    the reader's clearance, an unclassified one, or masked personal data the reader may not
    unmask: a filter would confirm the hidden value); None when the reader may."""
    found = path_class(model, path)
    if found is None:
        return None
    owner, name, cls = found
    label = f"{owner._meta.verbose_name}.{owner._meta.get_field(name).verbose_name}"
    if cls is None or cls.rank > RANK[Level(clearance_of(user))]:
        return _("无权按字段“%(field)s”查询：超出可接收的数据级别") % {"field": label}
    if cls.personal and cls.mask and not may_unmask(user):
        return _("无权按字段“%(field)s”查询：个人信息须脱敏") % {"field": label}
    return None
