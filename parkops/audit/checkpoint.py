"""Checkpoints: the chain heads signed with the audit key, published outside the database.

A checkpoint file is one JSON object, or JSON lines (one checkpoint a line, as the daily task
appends them). Whoever keeps a copy can later prove that the stored chains still contain
those heads at those positions, even against someone who holds the key and re-signed a
rewritten chain.
"""

from __future__ import annotations

import hmac
import json
import logging
from pathlib import Path

from django.utils import timezone

from parkops.audit.chain import mac
from parkops.audit.models import AuditChainHead

FORMAT = "parkops-audit-checkpoint/1"
logger = logging.getLogger("parkops.audit")


class CheckpointError(ValueError):
    """A checkpoint file that cannot be trusted or read; the message names the file and line."""


def _body(checkpoint: dict) -> bytes:
    content = {k: checkpoint[k] for k in ("format", "created_at", "heads")}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def make_checkpoint(chains: list[str] | None = None) -> dict:
    """The current head of every chain (or of ``chains``), signed. Audit keeps real time."""
    heads = AuditChainHead.objects.order_by("chain")
    if chains is not None:
        heads = heads.filter(chain__in=chains)
    checkpoint = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "heads": [{"chain": h.chain, "seq": h.seq, "hash": h.hash} for h in heads],
    }
    checkpoint["signature"] = mac(_body(checkpoint))
    return checkpoint


def dumps(checkpoint: dict) -> str:
    return json.dumps(checkpoint, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check(checkpoint: dict, where: str = "checkpoint") -> dict:
    """The checkpoint if its form and signature are right; CheckpointError otherwise."""
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT:
        raise CheckpointError(f"{where}: 不是审计检查点（expected format {FORMAT}）")
    try:
        body = _body(checkpoint)
        well_formed = all(
            isinstance(h["chain"], str) and isinstance(h["seq"], int) and isinstance(h["hash"], str)
            for h in checkpoint["heads"]
        )
    except (KeyError, TypeError) as exc:
        raise CheckpointError(f"{where}: 检查点缺少字段（{exc}）") from None
    if not well_formed:
        raise CheckpointError(f"{where}: 检查点的链头格式不对（chain, seq, hash）")
    if not hmac.compare_digest(str(checkpoint.get("signature", "")), mac(body)):
        raise CheckpointError(
            f"{where}: 签名不符，拒绝使用：检查点被改动，或不是用本系统的审计密钥签发（signature mismatch）"
        )
    return checkpoint


def load(path: str | Path) -> list[dict]:
    """Every checkpoint in the file, each checked; CheckpointError naming the line otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CheckpointError(f"{path}: 无法读取（{exc.strerror}）") from None
    try:
        return [check(json.loads(text), str(path))]
    except json.JSONDecodeError:
        pass
    checkpoints = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CheckpointError(f"{path} 第 {number} 行: 不是 JSON（{exc.msg}）") from None
        checkpoints.append(check(item, f"{path} 第 {number} 行"))
    if not checkpoints:
        raise CheckpointError(f"{path}: 文件中没有检查点")
    return checkpoints


def publish(path: str | Path | None = None) -> dict:
    """Write today's checkpoint to the log and append it to the append-only checkpoint file."""
    from django.conf import settings

    checkpoint = make_checkpoint()
    line = dumps(checkpoint)
    logger.info("audit checkpoint %s", line)
    target = Path(path or settings.AUDIT_CHECKPOINT_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    return checkpoint
