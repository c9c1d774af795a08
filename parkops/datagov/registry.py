"""Data classification (clause 7.2.4; GB/T 43697-2024 数据分类分级规则; PIPL art. 28).

Every field of every model carries a level — 一般数据 general < 重要数据 important < 核心数据
core — and flags for personal information and sensitive personal information. The
classification is data, kept here rather than on the models of other apps:

- ``data/fields.csv`` lists each field of every app's models with its level, flags, the way
  it is masked and the reason, as the data officer decided it; a field missing from the file
  (a new model or a new field of any app) fails
  ``parkops/datagov/tests/test_classification_and_protection.py``, which names every
  unclassified field and suggests a line for it;
- the suggestion comes from name patterns (phones, ID numbers, emails, contacts, names of
  people, secrets) and otherwise the field's type (``by_pattern``); ``parkops classification
  --append`` writes the suggestions into the file for review. Nothing is classified by pattern
  at run time: an unlisted field has no level and is treated as above every clearance.

A record takes the highest level of its fields (就高从严): ``model_level(model)``.

Names of people are personal information (flagged) but shown: an operations platform whose
contact lists read "王*" cannot be worked with. Numbers that identify or reach a person
(phones, ID numbers), emails and addresses are masked by default.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DATA_FILE = Path(__file__).parent / "data" / "fields.csv"
COLUMNS = ("model", "field", "level", "personal", "sensitive", "mask", "note")


class Level(models.TextChoices):
    GENERAL = "general", pgettext_lazy("data level", "一般数据")
    IMPORTANT = "important", pgettext_lazy("data level", "重要数据")
    CORE = "core", pgettext_lazy("data level", "核心数据")


RANK = {Level.GENERAL: 0, Level.IMPORTANT: 1, Level.CORE: 2}


class Mask(models.TextChoices):
    """How a personal value is shown to those who may not see it whole."""

    NONE = "", _("不脱敏")
    PHONE = "phone", _("电话号码（保留前 3 位和后 4 位）")
    ID = "id", _("证件号码（保留前 3 位和后 4 位）")
    NAME = "name", _("姓名（保留首字）")
    EMAIL = "email", _("电子邮箱（保留首字符和域名）")
    ADDRESS = "address", _("地址（保留前 6 个字）")
    TEXT = "text", _("其他（保留首尾各 1 个字）")


@dataclass(frozen=True)
class FieldClass:
    level: str = Level.GENERAL
    personal: bool = False
    sensitive: bool = False
    mask: str = Mask.NONE
    note: str = ""
    source: str = "file"  # file | pattern | type (the last two only as suggestions)

    @property
    def rank(self) -> int:
        return RANK[Level(self.level)]


# Name patterns suggesting a class for a field not (yet) in the file: first match wins.
PATTERNS: tuple[tuple[re.Pattern, FieldClass], ...] = tuple(
    (re.compile(pattern), cls)
    for pattern, cls in (
        (
            r"password$|secret|token$|hashed_key|api_key|private_key|_mac$",
            FieldClass(Level.CORE, note="凭据"),
        ),
        (r"id_number|id_card|identity_no|passport", FieldClass(personal=True, sensitive=True, mask=Mask.ID)),
        (r"bank_account|card_no|account_no", FieldClass(personal=True, sensitive=True, mask=Mask.ID)),
        (r"health|medical|biometric|face|fingerprint|religion", FieldClass(personal=True, sensitive=True)),
        (r"phone|mobile|telephone|(^|_)tel$|wechat", FieldClass(personal=True, mask=Mask.PHONE)),
        (r"e_?mail$|e_?mail_address", FieldClass(personal=True, mask=Mask.EMAIL)),
        (r"home_address|residence|domicile", FieldClass(personal=True, mask=Mask.ADDRESS)),
        (r"contact", FieldClass(personal=True)),
        (
            r"(^|_)(person|people|attendee|participant|member|guard|inspector|manager|recorded_by|done_by)"
            r"(_names?)?$",
            FieldClass(personal=True),
        ),
        (r"(^|_)ip$|ip_address", FieldClass(personal=True, mask=Mask.TEXT)),
    )
)
# Models of people, whose ``name`` is a person's name.
PERSON_MODELS = re.compile(
    r"(staff|contact|manager|expert|person|member|mentor|guard|signup|attendee)$", re.I
)


def model_fields(model) -> list:
    """The fields a record holds: concrete ones and forward many-to-many."""
    return [f for f in model._meta.get_fields() if f.concrete or (f.many_to_many and not f.auto_created)]


def platform_models() -> list:
    return [m for m in apps.get_models() if m.__module__.startswith("parkops.")]


@cache
def _file() -> dict[tuple[str, str], FieldClass]:
    entries: dict[tuple[str, str], FieldClass] = {}
    if not DATA_FILE.exists():
        return entries
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entries[(row["model"], row["field"])] = FieldClass(
                level=Level(row["level"]),
                personal=row["personal"] == "1",
                sensitive=row["sensitive"] == "1",
                mask=Mask(row["mask"]),
                note=row["note"],
            )
    return entries


def by_pattern(model, field) -> FieldClass:
    """The suggested class of a field the file does not list: its name, then its type."""
    name = field.name.lower()
    if field.is_relation:  # an id; the related record's own fields carry the personal data
        return FieldClass(source="type")
    for pattern, cls in PATTERNS:
        if pattern.search(name):
            return FieldClass(cls.level, cls.personal, cls.sensitive, cls.mask, cls.note, "pattern")
    if name in ("name", "full_name") and PERSON_MODELS.search(model.__name__):
        return FieldClass(personal=True, source="pattern")
    return FieldClass(source="type")


def classify(model, field_name: str) -> FieldClass | None:
    """The field's class as the file lists it; None for a field the file does not list (it
    then has no level: readers are not shown it and the test suite names it)."""
    return _file().get((model._meta.label, field_name))


def model_level(model) -> str:
    """就高从严: the highest level of the record's fields."""
    best = Level.GENERAL
    for field in model_fields(model):
        cls = classify(model, field.name)
        if cls is not None and cls.rank > RANK[Level(best)]:
            best = Level(cls.level)
    return best


def unclassified_fields() -> list[str]:
    """Fields of the platform's models that the file does not list (each must be classified)."""
    return [
        f"{model._meta.label}.{field.name}"
        for model in platform_models()
        for field in model_fields(model)
        if classify(model, field.name) is None
    ]


def suggested_row(name: str) -> str:
    """A line of the file for an unclassified ``app.Model.field``, from its name and type."""
    app_model, field_name = name.rsplit(".", 1)
    model = apps.get_model(app_model)
    cls = by_pattern(model, model._meta.get_field(field_name))
    return ",".join(
        (
            app_model,
            field_name,
            str(cls.level),
            str(int(cls.personal)),
            str(int(cls.sensitive)),
            str(cls.mask),
            "",
        )
    )


def personal_fields(model) -> dict[str, FieldClass]:
    out = {}
    for field in model_fields(model):
        cls = classify(model, field.name)
        if cls is not None and cls.personal:
            out[field.name] = cls
    return out
