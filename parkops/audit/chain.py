"""Canonical content and hashing of audit entries.

Entries are keyed (``hash_version`` 2): HMAC-SHA256 with ``settings.AUDIT_KEY``, a key kept
outside the database, over the canonical content including the version, so someone who can
write to the database but lacks the key cannot recompute a rewritten chain. Entries written
before keying (version 1) keep their plain SHA-256 and verify as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64
PLAIN = 1  # SHA-256 of the content: entries written before the chain was keyed
KEYED = 2  # HMAC-SHA256 with settings.AUDIT_KEY
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
    names = (
        HASHED_FIELDS
        if entry_values.get("hash_version", KEYED) == PLAIN
        else (*HASHED_FIELDS, "hash_version")
    )
    content = {name: to_jsonable(entry_values[name]) for name in names}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def audit_key() -> bytes:
    from django.conf import settings

    return settings.AUDIT_KEY


def mac(data: bytes) -> str:
    return hmac.new(audit_key(), data, hashlib.sha256).hexdigest()


def entry_hash(entry_values: dict[str, Any]) -> str:
    """The entry's hash by its own ``hash_version`` (keyed unless the entry says otherwise)."""
    version = entry_values.get("hash_version", KEYED)
    if version == PLAIN:
        return hashlib.sha256(canonical(entry_values)).hexdigest()
    if version == KEYED:
        return mac(canonical(entry_values))
    raise ValueError(f"unknown audit hash_version {version!r}")


def head_mac(chain: str, keyed_from: int) -> str:
    """Signs where keying began in a chain, so entries cannot be passed off as pre-key ones."""
    return mac(f"{chain}|{keyed_from}".encode())


def entry_values(entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in (*HASHED_FIELDS, "hash_version")}
