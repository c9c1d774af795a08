"""Who may see and change what: the one place every read and write is narrowed.

Each restricted model says how it hangs off a park (``park_path``) and, where a tenant
enterprise owns the row, off an enterprise (``enterprise_path``). ``RestrictedQuerySet``
applies the rules below before a page, an API call, an export or a report sees a row, so
new code inherits them by using ``Model.objects.restrict(user, action)``.

- platform administrators (superusers) see and change everything;
- operator administrators see and change everything in their parks;
- staff see their parks and change the models of their department;
- assessors see their assigned parks, read-only;
- tenant users see their own enterprise's rows, plus what the model marks as public to
  the park's tenants, and change only what the model lets tenants change;
- API clients act as their owner, narrowed to the key's parks and, for a read-only key,
  to reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from parkops.accounts.models import User

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)
ALL_DEPARTMENTS = "*"


class Role(models.TextChoices):
    OPERATOR_ADMIN = "operator_admin", _("运营机构管理员")
    STAFF = "staff", _("运营人员")
    TENANT = "tenant", _("入驻企业用户")
    ASSESSOR = "assessor", _("评估专家")
    API_CLIENT = "api_client", _("接口客户端")


class DepartmentKind(models.TextChoices):
    """The operator's functional departments (clause 5.2, 6.x)."""

    INVESTMENT = "investment", _("招商")
    ENTERPRISE = "enterprise", _("企业服务")
    SAFETY = "safety", _("安全")
    ENGINEERING = "engineering", _("工程")
    SERVICE = "service", _("客服")
    ENVIRONMENT = "environment", _("环境")
    BRAND = "brand", _("品牌")
    DIGITAL = "digital", _("智慧化/数据")
    ADMINISTRATION = "administration", _("综合管理")


def _is_active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def visible_park_ids(user: User) -> set[int] | None:
    """Park ids the user may see; None means every park (platform administrators)."""
    if not _is_active(user):
        return set()
    cached = getattr(user, "_parkops_park_ids", None)
    if cached is not None:
        return cached
    key_parks = getattr(user, "_parkops_key_park_ids", None)
    if user.is_superuser:
        ids: set[int] | None = None if key_parks is None else set(key_parks)
    else:
        from parkops.core.models import Park

        ids = set(user.parks.values_list("id", flat=True))
        if user.role == Role.OPERATOR_ADMIN and user.operator_id:
            ids |= set(Park.objects.filter(operator_id=user.operator_id).values_list("id", flat=True))
        if user.role == Role.TENANT:
            ids = {user.enterprise.park_id} if user.enterprise_id else set()
        if key_parks is not None:
            ids &= set(key_parks)
    user._parkops_park_ids = ids
    return ids


def can_write_model(user: User, model: type[models.Model], action: str) -> bool:
    """Whether the user's role may perform a write action on this kind of object at all."""
    if not _is_active(user) or action == VIEW:
        return _is_active(user)
    if getattr(user, "_parkops_read_only", False):
        return False
    if user.is_superuser:
        return True
    if getattr(model, "platform_managed", False):
        return False
    role = user.role
    if role == Role.OPERATOR_ADMIN:
        return not getattr(model, "admin_read_only", False)
    departments = getattr(model, "write_departments", ())
    if role == Role.STAFF:
        return ALL_DEPARTMENTS in departments or user.department in departments
    if role == Role.API_CLIENT:
        # An integration account may write whatever some department may write in its parks.
        return bool(departments)
    if role == Role.TENANT:
        return action in getattr(model, "tenant_actions", ())
    return False


def restrict_queryset(qs: models.QuerySet, user: User, action: str = VIEW) -> models.QuerySet:
    model = qs.model
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _is_active(user):
        return qs.none()
    if action != VIEW and not can_write_model(user, model, action):
        return qs.none()
    park_ids = visible_park_ids(user)
    park_path: str | None = getattr(model, "park_path", None)
    enterprise_path: str | None = getattr(model, "enterprise_path", None)

    if user.is_superuser and park_ids is None:
        return qs
    if park_path is None:
        # A platform-wide object with no park: only platform administrators reach it,
        # unless the model says which users it belongs to.
        owner_filter = getattr(model, "owner_filter", None)
        return qs.filter(owner_filter(user)) if owner_filter else qs.none()

    in_parks = Q(**{f"{park_path}__in": park_ids or []})
    if user.role == Role.TENANT and not user.is_superuser:
        if not user.enterprise_id:
            return qs.none()
        if action == VIEW and getattr(model, "tenant_visible", False):
            narrowed = qs.filter(in_parks)
        elif enterprise_path:
            narrowed = qs.filter(in_parks, Q(**{enterprise_path: user.enterprise_id}))
        else:
            return qs.none()
    elif user.role == Role.ASSESSOR and getattr(model, "assessor_hidden", False):
        return qs.none()
    else:
        narrowed = qs.filter(in_parks)
    # Paths through a many-valued relation (an operator's parks) would repeat rows.
    return narrowed.distinct() if getattr(model, "scope_distinct", False) else narrowed


def reads_whole_park(user: User, park_id: int, model_classes) -> bool:
    """Whether ``restrict(user, VIEW)`` keeps every row of park ``park_id`` of each model in
    ``model_classes`` — the rules above, asked of one park. True for whoever sees the park
    (administrators, staff, assessors, API clients) unless a model hides its rows from the
    role; for a tenant only where every model is public to the park's tenants. Whatever is
    computed from the park's rows alone for one such reader is the same for every other, so
    it may be shared between them (a result cached per park)."""
    if not _is_active(user):
        return False
    park_ids = visible_park_ids(user)
    if park_ids is not None and park_id not in park_ids:
        return False
    for model in model_classes:
        if user.is_superuser and park_ids is None:
            continue
        if getattr(model, "park_path", None) is None:
            return False
        if user.role == Role.TENANT and not user.is_superuser:
            if not (user.enterprise_id and getattr(model, "tenant_visible", False)):
                return False
        elif user.role == Role.ASSESSOR and getattr(model, "assessor_hidden", False):
            return False
    return True


def can(user: User, action: str, obj: models.Model) -> bool:
    """Object-level check used after a write and before showing a single object."""
    if obj.pk is None:
        return can_write_model(user, type(obj), action) and _park_allowed(user, obj)
    qs = type(obj)._default_manager.filter(pk=obj.pk)
    # A model with rules of its own (accounts) narrows itself; the rest follow park_path.
    narrowed = qs.restrict(user, action) if hasattr(qs, "restrict") else restrict_queryset(qs, user, action)
    return narrowed.exists()


def _park_allowed(user: User, obj: models.Model) -> bool:
    park_ids = visible_park_ids(user)
    if park_ids is None:
        return True
    park = park_of(obj)
    if park is None:
        return bool(user.is_superuser)
    if user.role == Role.TENANT:
        enterprise_path = getattr(type(obj), "enterprise_path", None)
        if not enterprise_path:
            return False
        owner = _follow(obj, enterprise_path)
        owner_id = owner if isinstance(owner, int) else getattr(owner, "pk", None)
        if owner_id != user.enterprise_id:
            return False
    return park.pk in park_ids


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        if part == "id":
            return obj.pk
        obj = getattr(obj, part)
    return obj


def park_of(obj: models.Model):
    """The park an object belongs to, following its model's ``park_path``; None if platform-wide."""
    from parkops.core.models import Park

    if isinstance(obj, Park):
        return obj
    path = getattr(type(obj), "park_path", None)
    if not path or path.endswith("parks"):
        return None
    path = path[: -len("__id")] if path.endswith("__id") else path
    value = _follow(obj, path)
    return value if isinstance(value, Park) else None
