"""Canonical content and hashing of audit entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = (
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "park_id",
    "before",
    "after",
    "request_id",
    "ip",
    "prev_hash",
)


def to_jsonable(value: Any) -> Any:
    """Plain JSON values for a model field's value: the same text on every database."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


def canonical(entry_values: dict[str, Any]) -> bytes:
    content = {name: to_jsonable(entry_values[name]) for name in HASHED_FIELDS}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry_values: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(entry_values)).hexdigest()


def entry_values(entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}
