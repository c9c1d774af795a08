"""Walking the audit chains: every entry's hash recomputed, every link checked."""

from __future__ import annotations

from dataclasses import dataclass

from parkops.audit.chain import GENESIS, entry_hash, entry_values
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


def verify_chain(chain: str) -> tuple[int, Break | None]:
    head = AuditChainHead.objects.filter(chain=chain).first()
    expected_prev = head.base_hash if head else GENESIS
    expected_seq = (head.base_seq if head else 0) + 1
    count = 0
    last = None
    for entry in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            return count, Break(
                entry.pk, chain, entry.seq, f"序号不连续：应为 {expected_seq}（sequence gap）"
            )
        if entry.prev_hash != expected_prev:
            return count, Break(
                entry.pk, chain, entry.seq, "前一哈希不符：上一条记录被改动或删除（prev_hash mismatch）"
            )
        if entry_hash(entry_values(entry)) != entry.hash:
            return count, Break(
                entry.pk, chain, entry.seq, "内容与哈希不符：该记录被改动（content does not match hash）"
            )
        expected_prev, expected_seq, last = entry.hash, entry.seq + 1, entry
    if head is None:
        if count:
            return count, Break(None, chain, None, "缺少链头记录（chain head missing）")
        return count, None
    if last is None and head.seq != head.base_seq:
        return count, Break(
            None, chain, None, f"链尾记录缺失：链头为第 {head.seq} 条，实有 0 条（tail removed）"
        )
    if last is not None and (head.seq != last.seq or head.hash != last.hash):
        return count, Break(
            last.pk,
            chain,
            last.seq,
            f"链尾记录缺失：链头为第 {head.seq} 条，最后一条为第 {last.seq} 条（tail removed）",
        )
    return count, None


def verify(chains: list[str] | None = None) -> Result:
    if chains is None:
        chains = sorted(
            set(AuditEntry.objects.values_list("chain", flat=True).distinct())
            | set(AuditChainHead.objects.values_list("chain", flat=True))
        )
    total = 0
    for chain in chains:
        count, broken = verify_chain(chain)
        total += count
        if broken:
            return Result(total, len(chains), broken)
    return Result(total, len(chains), None)
