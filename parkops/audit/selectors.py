"""Reads of the audit trail that other apps rely on."""

from __future__ import annotations

from parkops.audit.models import AuditChainHead
from parkops.audit.services import PLATFORM_CHAIN, chain_for_park


def write_mark(park_id: int | None) -> str:
    """A mark that changes with every audited write to ``park_id``'s records or to platform-wide
    records (rubric editions, industries, emission factors …): the two chain heads' sequence
    numbers and hashes. Every write is audited in its own transaction, so a result computed
    after reading this mark and cached under it is never stale: the next write moves the mark.
    """
    park_chain = chain_for_park(park_id)
    heads = {
        chain: f"{seq}.{digest[:16]}"
        for chain, seq, digest in AuditChainHead.objects.filter(
            chain__in=[park_chain, PLATFORM_CHAIN]
        ).values_list("chain", "seq", "hash")
    }
    return f"{heads.get(park_chain, '0')}:{heads.get(PLATFORM_CHAIN, '0')}"
