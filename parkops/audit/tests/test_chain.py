"""The audit chain: verify passes on an intact log, and names the entry edited behind the
platform's back."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from parkops.audit.models import AuditChainHead, AuditEntry
from parkops.core import models as core
from parkops.core.services import update_object


def run_verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue() + err.getvalue()


def raw_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_intact_chains_verify_ok(world):
    code, output = run_verify()
    assert code == 0
    assert output.startswith("ok: ")
    count = AuditEntry.objects.count()
    assert f"ok: {count} entries" in output


def test_each_park_has_its_own_chain(world):
    chains = set(AuditEntry.objects.values_list("chain", flat=True))
    assert {f"park:{world.alpha.pk}", f"park:{world.beta.pk}", "platform"} <= chains
    code, output = run_verify("--park", "BETA")
    assert code == 0
    assert (
        output.strip()
        == f"ok: {AuditEntry.objects.filter(chain=f'park:{world.beta.pk}').count()} entries in 1 chains"
    )


@pytest.mark.sqlite
def test_edited_entry_is_named(world):
    unit = core.Unit.objects.get(code="A-103")
    update_object(obj=unit, data={"listed_rent": 88}, by=world.admin)
    entry = AuditEntry.objects.filter(object_type="core.unit", object_id=str(unit.pk)).latest("seq")
    # Edit behind the platform's back: the after value is changed directly in the database.
    raw_sql("UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"listed_rent": "8.00"}', entry.pk])
    code, output = run_verify()
    assert code == 1
    assert f"entry {entry.pk} " in output
    assert "content does not match hash" in output
    code, output = run_verify("--park", "BETA")
    assert code == 0  # the other park's chain is untouched


@pytest.mark.sqlite
def test_deleted_entry_breaks_the_link(world):
    chain = f"park:{world.alpha.pk}"
    entries = list(AuditEntry.objects.filter(chain=chain).order_by("seq"))
    victim, successor = entries[2], entries[3]
    raw_sql("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    code, output = run_verify("--park", "ALPHA")
    assert code == 1
    assert f"entry {successor.pk} " in output


@pytest.mark.sqlite
def test_removed_tail_is_noticed(world):
    chain = f"park:{world.beta.pk}"
    last = AuditEntry.objects.filter(chain=chain).latest("seq")
    raw_sql("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    code, output = run_verify("--park", "BETA")
    assert code == 1
    assert "tail removed" in output


def test_purge_refuses_less_than_retention(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "purge", "--older-than", "30")
    assert "180" in str(excinfo.value)


@pytest.mark.sqlite
def test_purge_keeps_the_chain_verifiable(world):
    chain = f"park:{world.beta.pk}"
    old = list(AuditEntry.objects.filter(chain=chain).order_by("seq")[:3])
    long_ago = (timezone.now() - dt.timedelta(days=400)).isoformat()
    # Age the first three entries (the hash covers `at`, so re-hash them as if written then).
    from parkops.audit.chain import GENESIS, entry_hash, entry_values

    prev = GENESIS
    for entry in AuditEntry.objects.filter(chain=chain).order_by("seq"):
        if entry.pk in {e.pk for e in old}:
            entry.at = dt.datetime.fromisoformat(long_ago)
        entry.prev_hash = prev
        entry.hash = entry_hash(entry_values(entry))
        raw_sql(
            "UPDATE audit_auditentry SET at = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [entry.at, entry.prev_hash, entry.hash, entry.pk],
        )
        prev = entry.hash
    AuditChainHead.objects.filter(chain=chain).update(hash=prev)
    assert run_verify("--park", "BETA")[0] == 0
    out = io.StringIO()
    call_command("audit", "purge", "--older-than", "365", stdout=out)
    assert "purged: 3 entries" in out.getvalue()
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert run_verify("--park", "BETA")[0] == 0


def test_batched_entries_chain_like_single_ones(world):
    from parkops.audit.services import record_many

    floor = core.Floor.objects.get(building__code="A")
    units = [
        core.Unit.objects.create(floor=floor, code=f"A-5{i:02d}", area=50, state="vacant") for i in range(3)
    ]
    entries = record_many(action="create", objs=units, by=world.admin, park_id=world.alpha.pk)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
    assert entries[0].after["code"] == "A-500"
    assert run_verify("--park", "ALPHA")[0] == 0


@pytest.mark.sqlite
@pytest.mark.parametrize("field", ["actor_name", "actor_id", "action", "event", "object_type", "object_repr"])
def test_every_hashed_field_edited_is_named(world, field):
    # Who did it matters as much as what was done: each of these, changed behind the
    # platform's back, must break the entry's hash.
    unit = core.Unit.objects.get(code="A-103")
    update_object(obj=unit, data={"listed_rent": 77}, by=world.admin)
    entry = AuditEntry.objects.filter(object_type="core.unit", object_id=str(unit.pk)).latest("seq")
    value = world.staff_safety.pk if field == "actor_id" else "staff_safety"
    assert getattr(entry, field) != value
    raw_sql(f"UPDATE audit_auditentry SET {field} = %s WHERE id = %s", [value, entry.pk])
    code, output = run_verify("--park", "ALPHA")
    assert code == 1
    assert f"entry {entry.pk} " in output and "content does not match hash" in output


def age_entries(chain: str, ages: list[dt.timedelta]) -> list[AuditEntry]:
    """Backdate the chain's first entries by ``ages`` (oldest first), re-hashed as if written
    then (the hash covers `at`); the aged entries."""
    from parkops.audit.chain import GENESIS, entry_hash, entry_values

    now = timezone.now()
    entries = list(AuditEntry.objects.filter(chain=chain).order_by("seq"))
    prev = GENESIS
    for entry, age in zip(entries, [*ages, *([None] * len(entries))], strict=False):
        if age is not None:
            entry.at = now - age
        entry.prev_hash = prev
        entry.hash = entry_hash(entry_values(entry))
        raw_sql(
            "UPDATE audit_auditentry SET at = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [entry.at, entry.prev_hash, entry.hash, entry.pk],
        )
        prev = entry.hash
    AuditChainHead.objects.filter(chain=chain).update(hash=prev)
    return entries[: len(ages)]


@pytest.mark.sqlite
def test_purge_boundary_is_180_days(world):
    # The Cybersecurity Law keeps logs six months: 179 days is refused, 180 accepted, and with
    # 180 only entries older than 180 days go (181 days and 180 days + 1 hour), not 180 days
    # − 1 hour nor 179 days.
    from django.core.management.base import CommandError

    day, hour = dt.timedelta(days=1), dt.timedelta(hours=1)
    chain = f"park:{world.beta.pk}"
    aged = age_entries(chain, [181 * day, 180 * day + hour, 180 * day - hour, 179 * day])
    assert run_verify("--park", "BETA")[0] == 0
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "purge", "--older-than", "179")
    assert "180" in str(excinfo.value)
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in aged]).count() == 4
    out = io.StringIO()
    call_command("audit", "purge", "--older-than", "180", stdout=out)
    assert "purged: 2 entries older than 180 days" in out.getvalue()
    left = set(AuditEntry.objects.filter(pk__in=[e.pk for e in aged]).values_list("pk", flat=True))
    assert left == {aged[2].pk, aged[3].pk}
    assert run_verify("--park", "BETA")[0] == 0


def test_recorded_events_chain_like_single_ones(world):
    from django.db import transaction

    from parkops.audit.services import Event, record, record_events

    with transaction.atomic():
        single = record(
            action="create",
            event="x.one",
            object_type="x.thing",
            object_id="1",
            object_repr="一",
            by=world.admin,
            park_id=world.alpha.pk,
            after={"n": 1},
        )
        entries = record_events(
            action="create",
            events=[Event("x.many", "x.thing", str(i), f"物{i}", after={"n": i}) for i in range(2, 5)],
            by=world.admin,
            park_id=world.alpha.pk,
        )
    assert [e.seq for e in entries] == [single.seq + 1, single.seq + 2, single.seq + 3]
    assert entries[0].prev_hash == single.hash and entries[2].prev_hash == entries[1].hash
    stored = AuditEntry.objects.get(pk=entries[1].pk)
    assert (stored.event, stored.object_id, stored.after, stored.actor_id) == (
        "x.many",
        "3",
        {"n": 3},
        world.admin.pk,
    )
    assert run_verify("--park", "ALPHA")[0] == 0
