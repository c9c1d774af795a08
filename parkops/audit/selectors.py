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


def may_read_log(user) -> bool:
    """Who may open the audit log: platform and operator administrators, assessors, and staff
    granted ``audit.view_auditentry`` (a security officer, say). Tenants never: a park's chain
    holds every enterprise's writes."""
    from parkops.core.scope import Role

    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.role in (Role.OPERATOR_ADMIN, Role.ASSESSOR):
        return True
    return user.role == Role.STAFF and user.has_perm("audit.view_auditentry")


def visible_entries(user):
    """The entries ``user`` may read: the chains of the parks they may see (a platform
    administrator: every chain, the platform's own included). Raises PermissionDenied for a
    user who may not open the log."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    from parkops.audit.models import AuditEntry
    from parkops.core.scope import visible_park_ids

    if not may_read_log(user):
        raise PermissionDenied(gettext("无权查看审计日志"))
    park_ids = visible_park_ids(user)
    if park_ids is None:
        return AuditEntry.objects.all()
    return AuditEntry.objects.filter(park_id__in=park_ids)
