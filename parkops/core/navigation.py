"""Navigation by the standard's areas. Apps register their pages in AppConfig.ready();
a user sees an entry only when it may view the entry's model."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from parkops.core.scope import Role

# The standard's first-level areas, in its order, plus the platform's own pages.
AREAS: list[tuple[str, str]] = [
    ("basics", _("基础条件")),
    ("operations", _("运营服务")),
    ("digital", _("数智化")),
    ("green", _("绿色低碳")),
    ("evaluation", _("评价与改进")),
    ("platform", _("平台管理")),
]


@dataclass(frozen=True)
class NavItem:
    area: str
    label: str
    url_name: str
    model: str | None = None  # "app_label.ModelName": shown only if the user may view it
    roles: tuple[str, ...] | None = None  # limit to these roles (superusers always see it)
    order: int = 100


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item.area not in dict(AREAS):
            raise ValueError(f"unknown navigation area {item.area!r}")
        if item not in _items:
            _items.append(item)


def _visible(item: NavItem, user) -> bool:
    if item.roles is not None and not user.is_superuser and user.role not in item.roles:
        return False
    if item.model is None:
        return True
    from django.apps import apps

    model = apps.get_model(item.model)
    if user.role == Role.TENANT and not user.is_superuser:
        return bool(getattr(model, "enterprise_path", None) or getattr(model, "tenant_visible", False))
    if user.role == Role.ASSESSOR and getattr(model, "assessor_hidden", False):
        return False
    return getattr(model, "park_path", None) is not None or getattr(model, "owner_filter", None) is not None


def menu_for(user) -> list[dict]:
    """[{"key", "label", "items": [{"label", "url"}]}] for the areas that have visible items."""
    if not (user and user.is_authenticated):
        return []
    sections = []
    for key, label in AREAS:
        entries = []
        for item in sorted((i for i in _items if i.area == key), key=lambda i: (i.order, str(i.label))):
            if not _visible(item, user):
                continue
            try:
                entries.append(
                    {"label": str(item.label), "url": reverse(item.url_name), "name": item.url_name}
                )
            except NoReverseMatch:
                continue
        if entries:
            sections.append({"key": key, "label": str(label), "items": entries})
    return sections
