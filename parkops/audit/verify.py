"""Walking the audit chains: every entry's hash recomputed, every link checked, and the
chains compared with checkpoints published earlier."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from parkops.audit.chain import GENESIS, KEYED, PLAIN, entry_hash, entry_values, head_mac
from parkops.audit.models import AuditChainHead, AuditEntry


@dataclass
class Break:
    entry_id: int | None
    chain: str
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = (
            f"entry {self.entry_id} (chain {self.chain}, seq {self.seq})"
            if self.entry_id
            else f"chain {self.chain}"
        )
        return f"{where}: {self.reason}"


@dataclass
class Result:
    entries: int
    chains: int
    broken: Break | None
    unkeyed: int = 0  # entries written before keying, verified by plain SHA-256


def verify_chain(chain: str) -> tuple[int, Break | None, int]:
    """(entries read, the first break or None, how many were written before keying)."""
    head = AuditChainHead.objects.filter(chain=chain).first()
    expected_prev = head.base_hash if head else GENESIS
    expected_seq = (head.base_seq if head else 0) + 1
    keyed_from = head.keyed_from if head else 1
    if head is not None and not hmac.compare_digest(head.keyed_mac, head_mac(chain, head.keyed_from)):
        return (
            0,
            Break(
                None,
                chain,
                None,
                "链头的加密起点签名不符：链头被改动，或审计密钥不是写入时的密钥（keyed_from signature mismatch）",
            ),
            0,
        )
    count = unkeyed = 0
    last = None
    for entry in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            return (
                count,
                Break(entry.pk, chain, entry.seq, f"序号不连续：应为 {expected_seq}（sequence gap）"),
                unkeyed,
            )
        if entry.prev_hash != expected_prev:
            return (
                count,
                Break(
                    entry.pk, chain, entry.seq, "前一哈希不符：上一条记录被改动或删除（prev_hash mismatch）"
                ),
                unkeyed,
            )
        expected_version = KEYED if entry.seq >= keyed_from else PLAIN
        if entry.hash_version != expected_version:
            return (
                count,
                Break(
                    entry.pk,
                    chain,
                    entry.seq,
                    f"哈希算法应为第 {expected_version} 版：该记录被改写（hash_version mismatch）",
                ),
                unkeyed,
            )
        if not hmac.compare_digest(entry_hash(entry_values(entry)), entry.hash):
            return (
                count,
                Break(
                    entry.pk, chain, entry.seq, "内容与哈希不符：该记录被改动（content does not match hash）"
                ),
                unkeyed,
            )
        unkeyed += entry.hash_version == PLAIN
        expected_prev, expected_seq, last = entry.hash, entry.seq + 1, entry
    if head is None:
        if count:
            return count, Break(None, chain, None, "缺少链头记录（chain head missing）"), unkeyed
        return count, None, unkeyed
    if last is None and head.seq != head.base_seq:
        return (
            count,
            Break(None, chain, None, f"链尾记录缺失：链头为第 {head.seq} 条，实有 0 条（tail removed）"),
            unkeyed,
        )
    if last is not None and (head.seq != last.seq or head.hash != last.hash):
        return (
            count,
            Break(
                last.pk,
                chain,
                last.seq,
                f"链尾记录缺失：链头为第 {head.seq} 条，最后一条为第 {last.seq} 条（tail removed）",
            ),
            unkeyed,
        )
    return count, None, unkeyed


def all_chains() -> list[str]:
    return sorted(
        set(AuditEntry.objects.values_list("chain", flat=True).distinct())
        | set(AuditChainHead.objects.values_list("chain", flat=True))
    )


def verify(chains: list[str] | None = None) -> Result:
    if chains is None:
        chains = all_chains()
    total = unkeyed = 0
    for chain in chains:
        count, broken, old = verify_chain(chain)
        total += count
        unkeyed += old
        if broken:
            return Result(total, len(chains), broken, unkeyed)
    return Result(total, len(chains), None, unkeyed)


def compare_with_checkpoint(checkpoint: dict, chains: list[str] | None = None) -> tuple[int, Break | None]:
    """Whether each chain still holds, at the checkpoint's position, the head the checkpoint
    recorded: (heads compared, the first chain that does not). A rewrite re-signed with the
    key still changes the hashes from the rewritten entry on, so an earlier head is gone."""
    compared = 0
    when = checkpoint["created_at"]
    for item in checkpoint["heads"]:
        chain, seq, digest = item["chain"], int(item["seq"]), item["hash"]
        if chains is not None and chain not in chains:
            continue
        if seq == 0:
            continue
        entry = AuditEntry.objects.filter(chain=chain, seq=seq).only("pk", "hash").first()
        if entry is not None:
            if not hmac.compare_digest(entry.hash, digest):
                return compared, Break(
                    entry.pk,
                    chain,
                    seq,
                    f"与 {when} 的检查点不符：第 {seq} 条已不是当时的记录，链在检查点之后被重写"
                    "（differs from checkpoint: chain rewritten）",
                )
            compared += 1
            continue
        head = AuditChainHead.objects.filter(chain=chain).first()
        if head is not None and seq < head.base_seq:
            continue  # purged after the retention period: nothing left to compare
        if head is not None and seq == head.base_seq and hmac.compare_digest(head.base_hash, digest):
            compared += 1
            continue
        return compared, Break(
            None,
            chain,
            seq,
            f"{when} 的检查点记录的第 {seq} 条已不在链中（checkpoint head missing: chain rewritten or truncated）",
        )
    return compared, None
