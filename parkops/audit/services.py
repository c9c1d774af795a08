"""Writing audit entries; called by every service in the same transaction as its write."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from parkops.audit.chain import GENESIS, KEYED, entry_hash, head_mac
from parkops.audit.models import AuditChainHead, AuditEntry
from parkops.core.middleware import current_context

PLATFORM_CHAIN = "platform"


def chain_for_park(park_id: int | None) -> str:
    return f"park:{park_id}" if park_id else PLATFORM_CHAIN


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's stored state: concrete fields by attribute (FKs as ids), m2m as id lists."""
    from parkops.audit.chain import to_jsonable

    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("password",):
            data[field.attname] = "(hidden)" if getattr(obj, field.attname) else ""
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal | int):
            # The stored form (e.g. "95.00"), whatever was passed in.
            value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
        data[field.attname] = to_jsonable(value)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def _locked_head(chain: str) -> AuditChainHead:
    """The chain's head, locked until the write commits; a new chain is keyed from entry 1."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        chain=chain, defaults={"hash": GENESIS, "keyed_from": 1, "keyed_mac": head_mac(chain, 1)}
    )
    return head


def record(
    *,
    action: str,
    obj: models.Model | None = None,
    by,
    park_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
    event: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one entry to the park's chain (or the platform's). Must run inside the write's
    transaction: the entry exists exactly when the write does."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    chain = chain_for_park(park_id)
    head = _locked_head(chain)
    ctx = current_context()
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    values: dict[str, Any] = {
        "chain": chain,
        "seq": head.seq + 1,
        "at": timezone.now(),
        "actor_id": actor.pk if actor else None,
        "actor_name": (actor.get_username() if actor else (str(by) if by else "system"))[:150],
        "action": action,
        "event": event,
        "object_type": object_type or (obj._meta.label_lower if obj is not None else ""),
        "object_id": str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        "object_repr": (object_repr if object_repr is not None else str(obj) if obj is not None else "")[
            :200
        ],
        "park_id": park_id,
        "before": before,
        "after": after,
        "request_id": ctx.request_id,
        "ip": ctx.ip,
        "prev_hash": head.hash,
        "hash_version": KEYED,
    }
    values["hash"] = entry_hash(values)
    entry = AuditEntry.objects.create(**values)
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class Event:
    """One entry of ``record_events``: what ``record`` takes besides action, actor and park."""

    event: str
    object_type: str
    object_id: str
    object_repr: str
    after: dict | None = None
    before: dict | None = None


def record_events(*, action: str, events: list[Event], by, park_id: int | None) -> list[AuditEntry]:
    """Append one entry per event to one chain, locking its head once and inserting the entries
    together: the same chain, hashes and content as calling ``record`` for each (all at one
    time), for writes that record several things at once, such as a batch of readings from
    many devices. Must run inside the write's transaction."""
    if not events:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_events must be called inside the write's transaction")
    chain = chain_for_park(park_id)
    head = _locked_head(chain)
    ctx = current_context()
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    actor_name = (actor.get_username() if actor else (str(by) if by else "system"))[:150]
    now = timezone.now()
    entries = []
    seq, prev = head.seq, head.hash
    for item in events:
        seq += 1
        values: dict[str, Any] = {
            "chain": chain,
            "seq": seq,
            "at": now,
            "actor_id": actor.pk if actor else None,
            "actor_name": actor_name,
            "action": action,
            "event": item.event,
            "object_type": item.object_type,
            "object_id": str(item.object_id),
            "object_repr": item.object_repr[:200],
            "park_id": park_id,
            "before": item.before,
            "after": item.after,
            "request_id": ctx.request_id,
            "ip": ctx.ip,
            "prev_hash": prev,
            "hash_version": KEYED,
        }
        values["hash"] = prev = entry_hash(values)
        entries.append(AuditEntry(**values))
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return entries


def record_many(*, action: str, objs: list[models.Model], by, park_id: int | None) -> list[AuditEntry]:
    """Append one entry per object to one chain (``record_events``), for bulk writes such as
    imports: the same chain, hashes and content as calling ``record`` for each."""
    events = [
        Event(
            event="",
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj),
            after=snapshot(obj) if action != "delete" else None,
        )
        for obj in objs
    ]
    return record_events(action=action, events=events, by=by, park_id=park_id)
