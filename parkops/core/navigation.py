"""Navigation by the standard's areas. Apps register their pages in AppConfig.ready().

The sidebar is: a 常用 (most used) group from the user's own visits, then the standard's areas
→ one group per domain app (its verbose name) → entries. A user sees an entry only when the
page would open for it: the entry's model must be one the user may view under the same rules
as the restricted querysets (``parkops.core.scope``), and an entry whose view refuses some
users names the check the view itself makes (``allowed=``), so menu and page cannot disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from parkops.core.scope import Role, visible_park_ids

# The standard's first-level areas, in its order, plus the platform's own pages.
AREAS: list[tuple[str, str]] = [
    ("basics", _("基础条件")),
    ("operations", _("运营服务")),
    ("digital", _("数智化")),
    ("green", _("绿色低碳")),
    ("evaluation", _("评价与改进")),
    ("platform", _("平台管理")),
]

FREQUENT_SIZE = 5  # entries in the 常用 group


@dataclass(frozen=True)
class NavItem:
    area: str
    label: str
    url_name: str
    model: str | None = None  # "app_label.ModelName": shown only if the user may view it
    roles: tuple[str, ...] | None = None  # limit to these roles (superusers always see it)
    order: int = 100
    # The check the page's view makes before answering (e.g. "may use some importer"): an
    # entry whose page would answer 403 is not shown.
    allowed: Callable[[Any], bool] | None = None
    app: str | None = None  # domain group; defaults to the model's app, else the URL namespace

    @property
    def app_label(self) -> str:
        if self.app:
            return self.app
        if self.model:
            return self.model.split(".", 1)[0]
        if ":" in self.url_name:
            return self.url_name.split(":", 1)[0]
        return "core"


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item.area not in dict(AREAS):
            raise ValueError(f"unknown navigation area {item.area!r}")
        if item not in _items:
            _items.append(item)


def registered() -> list[NavItem]:
    return list(_items)


def model_visible(user, model_label: str) -> bool:
    """Whether ``Model.objects.restrict(user, "view")`` can hold any row for this user at
    all: the question the menu asks before offering a model's list."""
    model = apps.get_model(model_label)
    if user.is_superuser:
        return True
    if getattr(model, "park_path", None) is None:
        return getattr(model, "owner_filter", None) is not None
    if not visible_park_ids(user):
        return False
    if user.role == Role.TENANT:
        if not user.enterprise_id:
            return False
        return bool(getattr(model, "enterprise_path", None) or getattr(model, "tenant_visible", False))
    return not (user.role == Role.ASSESSOR and getattr(model, "assessor_hidden", False))


def visible(item: NavItem, user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if item.roles is not None and not user.is_superuser and user.role not in item.roles:
        return False
    if item.model is not None and not model_visible(user, item.model):
        return False
    return item.allowed is None or bool(item.allowed(user))


@functools.cache
def _url(url_name: str, prefix: str, urlconf: str) -> str | None:
    """An entry's URL: the same for every request of one deployment, while reversing each of
    some 170 entries on every page took about half of the menu's 15–30 ms."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _forget_urls(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _url.cache_clear()


setting_changed.connect(_forget_urls)


def _entries(user) -> list[tuple[NavItem, dict]]:
    out = []
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    for item in _items:
        if not visible(item, user):
            continue
        url = _url(item.url_name, prefix, urlconf)
        if url is None:
            continue
        out.append((item, {"label": str(item.label), "url": url, "name": item.url_name, "active": False}))
    return out


def _group_label(app_label: str) -> str:
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def _active(entries: list[tuple[NavItem, dict]], path: str) -> tuple[NavItem, dict] | None:
    """The entry the current page belongs to: the longest entry URL the path starts with
    (a hazard's page belongs to 隐患台账, not to the safety overview at /safety/)."""
    best = None
    for item, entry in entries:
        url = entry["url"]
        if url != "/" and path.startswith(url) and (best is None or len(url) > len(best[1]["url"])):
            best = (item, entry)
    return best


def count_visit(user, url_name: str) -> None:
    """One more visit of ``url_name`` by ``user``; concurrent first visits both count."""
    from parkops.core.models import PageVisit

    if PageVisit.objects.filter(user=user, url_name=url_name).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PageVisit.objects.create(user=user, url_name=url_name, count=1)
    except IntegrityError:
        PageVisit.objects.filter(user=user, url_name=url_name).update(count=F("count") + 1)


def frequent_names(user, limit: int = 20) -> list[str]:
    from parkops.core.models import PageVisit

    return list(
        PageVisit.objects.filter(user=user)
        .order_by("-count", "-last_visited")
        .values_list("url_name", flat=True)[:limit]
    )


def menu_for(user, path: str = "", current_app: str = "", record_visit: bool = False) -> dict:
    """The sidebar for ``user`` on the page at ``path``, labels in the active language:

    ``{"frequent": [entry], "areas": [{"key", "label", "groups": [{"key", "label", "items":
    [entry], "open"}]}]}``, an entry being ``{"label", "url", "name", "active"}``.
    ``record_visit`` counts the page towards the user's 常用 group first."""
    if not (user and user.is_authenticated):
        return {"frequent": [], "areas": []}
    entries = _entries(user)
    active = _active(entries, path) if path else None
    if active is not None:
        active[1]["active"] = True
        if record_visit:
            count_visit(user, active[0].url_name)
    open_app = active[0].app_label if active is not None else current_app
    by_name = {item.url_name: entry for item, entry in entries}
    frequent = [by_name[name] for name in frequent_names(user) if name in by_name][:FREQUENT_SIZE]

    areas = []
    for key, label in AREAS:
        in_area = sorted(
            ((item, entry) for item, entry in entries if item.area == key),
            key=lambda pair: (pair[0].order, pair[1]["label"]),
        )
        groups: dict[str, dict] = {}
        for item, entry in in_area:
            group = groups.setdefault(
                item.app_label,
                {"key": item.app_label, "label": _group_label(item.app_label), "items": [], "open": False},
            )
            group["items"].append(entry)
            group["open"] = group["open"] or entry["active"]
        if not groups:
            continue
        for group in groups.values():
            # A page with no entry of its own (a patrol scan) opens its app's group.
            group["open"] = group["open"] or (active is None and group["key"] == open_app)
        areas.append({"key": key, "label": str(label), "groups": list(groups.values())})
    return {"frequent": frequent, "areas": areas}
