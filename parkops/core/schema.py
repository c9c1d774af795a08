"""Names for the API schema's enums.

Many models have a field called ``kind`` or ``status`` with choices of their own, and some
choice sets are shared by several fields. drf-spectacular then invents names (``KindB78Enum``)
and warns. This gives every choice set one stable name after the first model field that uses
it (``HazardGradeEnum``), registered before the schema is first generated."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def register_enum_names() -> None:
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    seen: set[tuple] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("parkops."):
            continue
        for field in model._meta.concrete_fields:
            if not field.choices or field.is_relation:
                continue
            choices = [(value, label) for value, label in field.flatchoices if value not in ("", None)]
            # drf-spectacular tells choice sets apart by their (value, label) pairs.
            key = tuple(sorted((str(value), str(label)) for value, label in choices))
            if key in seen:
                continue
            seen.add(key)
            overrides.setdefault(f"{model.__name__}{_camel(field.name)}Enum", choices)
