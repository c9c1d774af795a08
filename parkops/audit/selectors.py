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


def cached_under_writes(name: str, park_id: int, parts, compute, seconds: int):
    """``compute()``, kept in the cache under the code's version and ``write_mark(park_id)``.

    The mark is read before ``compute`` runs, and the next audited write to the park's records
    (or to platform-wide ones) moves it, so a result cached here is never stale. ``parts`` are
    what the result depends on without a write (the day, the reader's language …)."""
    from django.core.cache import cache

    from parkops.core.version import code_mark

    key = ":".join([name, code_mark(), str(park_id), *map(str, parts), write_mark(park_id)])
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, seconds)
    return result


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


def seen_actor_ids(user, entries) -> set[int]:
    """The accounts among ``entries``' actors that ``user`` may see. An entry whose actor is
    another operator's or a platform account, or a tenant's the reader may not look up, shows
    that an account acted, not which (its name would tell the reader of an account it cannot
    open)."""
    from parkops.accounts.models import User

    ids = {e.actor_id for e in entries if e.actor_id}
    return set(User.objects.restrict(user, "view").filter(pk__in=ids).values_list("pk", flat=True))


def hidden_objects(user, entries) -> set[tuple[str, str]]:
    """(object_type, object_id) of the entries' records that still exist and that ``user`` may
    not open (an account of another operator, a tenant's login): the log says a record of
    that kind changed, not its name or values. Deleted records stay as logged: their park's
    chain is the reader's."""
    from django.apps import apps

    by_type: dict[str, set[str]] = {}
    for e in entries:
        if e.object_type and e.object_id:
            by_type.setdefault(e.object_type, set()).add(str(e.object_id))
    hidden = set()
    for label, ids in by_type.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        manager = model._default_manager
        if not hasattr(manager.all(), "restrict"):
            continue
        pks = [pk for pk in ids if pk.isdigit()]
        existing = {str(pk) for pk in manager.filter(pk__in=pks).values_list("pk", flat=True)}
        seen = {
            str(pk) for pk in manager.restrict(user, "view").filter(pk__in=pks).values_list("pk", flat=True)
        }
        hidden.update((label, pk) for pk in existing - seen)
    return hidden
