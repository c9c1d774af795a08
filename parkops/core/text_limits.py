"""A length limit for every free-text field.

A ``TextField`` has no length limit in the database, so a 100,000-character work-order
description used to be stored as it came. Every ``TextField`` of every ``RestrictedModel`` is
checked when the model is cleaned (``RestrictedModel.clean_fields`` calls
:func:`text_errors`); forms, the API, imports and services all pass through ``full_clean``.

The limit of a field, first found wins:

1. the model's ``text_max_lengths = {"field": n}`` (no migration needed);
2. the field's own ``max_length`` (``models.TextField(max_length=n)``, which also gives the
   form's textarea its ``maxlength``);
3. ``PARKOPS_TEXT_MAX_LENGTH`` (settings; 10,000 characters unless set).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext

DEFAULT_TEXT_MAX_LENGTH = 10_000


def text_limit(model: type[models.Model], field: models.Field) -> int:
    per_model = getattr(model, "text_max_lengths", None) or {}
    if field.name in per_model:
        return per_model[field.name]
    if field.max_length:
        return field.max_length
    return getattr(settings, "PARKOPS_TEXT_MAX_LENGTH", DEFAULT_TEXT_MAX_LENGTH)


def text_errors(instance: models.Model, *, exclude=()) -> dict[str, list[str]]:
    """``{field name: [message]}`` for every text field of ``instance`` over its limit."""
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.TextField) or field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        limit = text_limit(type(instance), field)
        if len(value) > limit:
            errors[field.name] = [
                gettext("“%(field)s”不能超过 %(limit)s 个字符（现有 %(count)s 个）")
                % {"field": field.verbose_name, "limit": limit, "count": len(value)}
            ]
    return errors
