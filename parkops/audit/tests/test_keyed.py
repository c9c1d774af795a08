"""The keyed chain and its checkpoints: a rewrite recomputed with plain SHA-256 fails verify
(the key); a rewrite re-signed with the key fails against an earlier checkpoint; a checkpoint
whose signature was altered is refused; the daily task publishes one."""

import hashlib
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from parkops.audit import checkpoint as checkpoints
from parkops.audit.chain import KEYED, PLAIN, canonical, entry_hash, entry_values, head_mac
from parkops.audit.models import AuditChainHead, AuditEntry
from parkops.audit.tasks import daily_checkpoint


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue() + err.getvalue()


def plain_sha256(values):
    return hashlib.sha256(canonical(values)).hexdigest()


def rewrite(chain, seq, hasher, *, version=None, actor_name="mallory"):
    """What someone with database access does: change one entry and recompute every later
    link and the chain head, with the given hash function."""
    entries = list(AuditEntry.objects.filter(chain=chain).order_by("seq"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER parkops_audit_no_update")
        prev = None
        for entry in entries:
            if entry.seq < seq:
                prev = entry.hash
                continue
            if entry.seq == seq:
                entry.actor_name = actor_name
            if version is not None:
                entry.hash_version = version
            entry.prev_hash = prev if prev is not None else entry.prev_hash
            entry.hash = prev = hasher(entry_values(entry))
            cursor.execute(
                "UPDATE audit_auditentry SET actor_name = %s, hash_version = %s, prev_hash = %s, hash = %s"
                " WHERE id = %s",
                [entry.actor_name, entry.hash_version, entry.prev_hash, entry.hash, entry.pk],
            )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER parkops_audit_no_update")
    AuditChainHead.objects.filter(chain=chain).update(hash=prev)
    return entries


def test_new_entries_are_keyed(world):
    entry = AuditEntry.objects.filter(chain=f"park:{world.alpha.pk}").latest("seq")
    assert entry.hash_version == KEYED
    assert entry.hash == entry_hash(entry_values(entry))
    assert entry.hash != plain_sha256(entry_values(entry))


def test_rewrite_recomputed_with_plain_sha256_is_caught_by_the_key(world):
    chain = f"park:{world.alpha.pk}"
    victim = AuditEntry.objects.filter(chain=chain).order_by("seq")[2]
    rewrite(chain, victim.seq, plain_sha256)
    code, output = run("verify", "--park", "ALPHA")
    assert code == 1
    assert f"entry {victim.pk} (chain {chain}" in output
    assert "content does not match hash" in output


def test_rewrite_passed_off_as_pre_key_entries_is_caught(world):
    """Marking the rewritten entries as written before keying does not help: where keying
    began is signed."""
    chain = f"park:{world.alpha.pk}"
    victim = AuditEntry.objects.filter(chain=chain).order_by("seq")[2]
    rewrite(chain, victim.seq, plain_sha256, version=PLAIN)
    code, output = run("verify", "--park", "ALPHA")
    assert code == 1
    assert f"entry {victim.pk} " in output and "hash_version mismatch" in output
    # Nor does moving the start of keying past the rewritten entries.
    AuditChainHead.objects.filter(chain=chain).update(keyed_from=10_000)
    code, output = run("verify", "--park", "ALPHA")
    assert code == 1 and "keyed_from signature mismatch" in output


def test_entries_written_before_keying_verify_and_are_reported(world):
    """What the migration leaves: older entries with plain SHA-256, keying signed from the next."""
    chain = f"park:{world.beta.pk}"
    entries = rewrite(chain, 1, plain_sha256, version=PLAIN, actor_name="system")
    last = entries[-1].seq
    AuditChainHead.objects.filter(chain=chain).update(
        keyed_from=last + 1, keyed_mac=head_mac(chain, last + 1)
    )
    code, output = run("verify", "--park", "BETA")
    assert code == 0, output
    assert f"({len(entries)} written before keying" in output
    # New writes continue the chain keyed.
    from parkops.core.services import update_object

    update_object(obj=world.beta, data={"name": "乙园区（改名）"}, by=world.platform)
    newest = AuditEntry.objects.filter(chain=chain).latest("seq")
    assert newest.seq == last + 1 and newest.hash_version == KEYED
    assert run("verify", "--park", "BETA")[0] == 0


def test_rewrite_resigned_with_the_key_is_caught_by_an_earlier_checkpoint(world, tmp_path):
    chain = f"park:{world.alpha.pk}"
    path = tmp_path / "checkpoint.json"
    code, output = run("checkpoint", "--out", str(path))
    assert code == 0 and "checkpoint written" in output
    assert run("verify", "--checkpoint", str(path))[0] == 0
    victim = AuditEntry.objects.filter(chain=chain).order_by("seq")[2]
    rewrite(chain, victim.seq, entry_hash)  # with the key: the chain itself verifies
    code, output = run("verify")
    assert code == 0, output
    code, output = run("verify", "--checkpoint", str(path))
    assert code == 1
    assert f"chain {chain}" in output and "chain rewritten" in output
    # The other park's chain still matches the same checkpoint.
    assert run("verify", "--park", "BETA", "--checkpoint", str(path))[0] == 0


def test_truncated_chain_is_caught_by_an_earlier_checkpoint(world, tmp_path):
    chain = f"park:{world.beta.pk}"
    path = tmp_path / "checkpoint.json"
    run("checkpoint", "--out", str(path))
    head = AuditChainHead.objects.get(chain=chain)
    last = AuditEntry.objects.get(chain=chain, seq=head.seq)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER parkops_audit_no_update")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER parkops_audit_no_update")
    AuditChainHead.objects.filter(chain=chain).update(seq=head.seq - 1, hash=last.prev_hash)
    assert run("verify", "--park", "BETA")[0] == 0  # consistent on its own
    code, output = run("verify", "--park", "BETA", "--checkpoint", str(path))
    assert code == 1 and f"chain {chain}" in output and "checkpoint head missing" in output


def test_altered_checkpoint_is_refused(world, tmp_path):
    cp = checkpoints.make_checkpoint()
    cp["heads"][0]["hash"] = "f" * 64  # e.g. to make a rewritten chain look expected
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(cp))
    with pytest.raises(CommandError, match="signature mismatch"):
        call_command("audit", "verify", "--checkpoint", str(path))
    cp = checkpoints.make_checkpoint()
    cp["signature"] = cp["signature"][:-1] + ("0" if cp["signature"][-1] != "0" else "1")
    path.write_text(json.dumps(cp))
    with pytest.raises(CommandError, match="refused: .*signature mismatch"):
        call_command("audit", "verify", "--checkpoint", str(path))
    path.write_text("not json\n")
    with pytest.raises(CommandError, match="第 1 行"):
        call_command("audit", "verify", "--checkpoint", str(path))


def test_daily_task_appends_a_signed_checkpoint_and_logs_it(world, tmp_path, settings, caplog):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    with caplog.at_level(logging.INFO, logger="parkops.audit"):
        daily_checkpoint.call_local()
        daily_checkpoint.call_local()
    lines = settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    assert len(lines) == 2  # appended, never overwritten
    loaded = checkpoints.load(settings.AUDIT_CHECKPOINT_FILE)
    heads = {h["chain"]: h for h in loaded[-1]["heads"]}
    alpha = AuditChainHead.objects.get(chain=f"park:{world.alpha.pk}")
    assert heads[alpha.chain] == {"chain": alpha.chain, "seq": alpha.seq, "hash": alpha.hash}
    assert any(lines[-1] in message for message in caplog.messages)
    code, output = run("verify", "--checkpoint", str(settings.AUDIT_CHECKPOINT_FILE))
    assert code == 0 and "match 2 checkpoints" in output
