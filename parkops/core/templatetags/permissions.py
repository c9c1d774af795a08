"""``{% can user "add" "safety.Hazard" as may_report %}``: whether a button or link may be shown,
asked of the same rules the views and services apply (``parkops.core.scope``), so a page never
offers what would answer 403.

The target is a model label (``"app.Model"``) for adding or for a model's pages, or an object
for viewing, changing or deleting that object."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.db import models

from parkops.core.scope import ACTIONS, VIEW, can_write_model, visible_park_ids
from parkops.core.scope import can as can_object

register = template.Library()


def allowed(user, action: str, target) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not (user is not None and getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if target is None or target == "":
        return False
    if isinstance(target, str):
        target = apps.get_model(target)
    if isinstance(target, type) and issubclass(target, models.Model):
        if action == VIEW:
            from parkops.core.navigation import model_visible

            return model_visible(user, target._meta.label)
        # A new row belongs to one of the user's parks: without a park there is nothing to add to.
        parks = visible_park_ids(user)
        return can_write_model(user, target, action) and (parks is None or bool(parks))
    return can_object(user, action, target)


@register.simple_tag
def can(user, action: str, target) -> bool:
    return allowed(user, action, target)
