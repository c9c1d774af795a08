"""`parkops audit verify [--park CODE] [--checkpoint FILE ...]`, `parkops audit checkpoint
[--out FILE]` and `parkops audit purge --older-than DAYS`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from parkops.audit.checkpoint import CheckpointError, dumps, load, make_checkpoint
from parkops.audit.models import AuditChainHead, AuditEntry
from parkops.audit.services import PLATFORM_CHAIN, chain_for_park
from parkops.audit.verify import compare_with_checkpoint, verify


class Command(BaseCommand):
    help = "审计日志：校验哈希链（verify），签发链头检查点（checkpoint），或清理超过保留期的旧记录（purge）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="逐条重算哈希，报告第一条被破坏的记录")
        check.add_argument("--park", help="只校验该园区代码的链")
        check.add_argument("--platform", action="store_true", help="只校验平台链")
        check.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="并与此前签发的检查点比对：链在该位置须仍是当时的链头（可重复）",
        )
        point = sub.add_parser("checkpoint", help="签发各链当前链头的检查点，保存到数据库以外")
        point.add_argument("--out", default="-", metavar="FILE", help="写入该文件（默认输出到屏幕）")
        purge = sub.add_parser("purge", help="删除早于保留期的记录（不少于 180 天）")
        purge.add_argument("--older-than", type=int, required=True, help="天数，不少于 180")

    def handle(self, *args, action, **options):
        if action == "verify":
            self.verify(options.get("park"), options.get("platform"), options.get("checkpoint") or [])
        elif action == "checkpoint":
            self.checkpoint(options["out"])
        else:
            self.purge(options["older_than"])

    def verify(self, park_code: str | None, platform: bool, checkpoint_files: list[str]) -> None:
        chains = None
        if park_code:
            from parkops.core.models import Park

            park = Park.objects.filter(code=park_code).first()
            if park is None:
                raise CommandError(f"没有代码为 {park_code} 的园区", returncode=2)
            chains = [chain_for_park(park.pk)]
        elif platform:
            chains = [PLATFORM_CHAIN]
        try:
            checkpoints = [(name, cp) for name in checkpoint_files for cp in load(name)]
        except CheckpointError as exc:
            raise CommandError(f"refused: {exc}", returncode=2) from None
        result = verify(chains)
        if result.broken:
            self.stderr.write(f"broken: {result.broken}")
            raise SystemExit(1)
        compared = 0
        for name, checkpoint in checkpoints:
            count, broken = compare_with_checkpoint(checkpoint, chains)
            compared += count
            if broken:
                self.stderr.write(f"broken: {broken} [{name}]")
                raise SystemExit(1)
        line = f"ok: {result.entries} entries in {result.chains} chains"
        if result.unkeyed:
            line += f" ({result.unkeyed} written before keying, verified by plain SHA-256)"
        if checkpoints:
            line += f"; {compared} heads match {len(checkpoints)} checkpoints"
        self.stdout.write(line)

    def checkpoint(self, out: str) -> None:
        line = dumps(make_checkpoint())
        if out == "-":
            self.stdout.write(line)
            return
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(line + "\n")
        self.stdout.write(f"checkpoint written to {out}")

    def purge(self, days: int) -> None:
        minimum = settings.AUDIT_MIN_RETENTION_DAYS
        if days < minimum:
            raise CommandError(
                f"审计日志至少保留 {minimum} 天，--older-than 不能小于 {minimum}", returncode=2
            )
        cutoff = timezone.now() - dt.timedelta(days=days)
        removed = 0
        for head in AuditChainHead.objects.all():
            with transaction.atomic():
                head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
                # Only a prefix of the chain goes, so what remains still links up from the base.
                last_old = (
                    AuditEntry.objects.filter(chain=head.chain, at__lt=cutoff, seq__lt=head.seq)
                    .order_by("-seq")
                    .first()
                )
                if last_old is None:
                    continue
                head.base_seq, head.base_hash = last_old.seq, last_old.hash
                head.save(update_fields=["base_seq", "base_hash"])
                removed += AuditEntry.objects.filter(chain=head.chain, seq__lte=last_old.seq).delete()[0]
        self.stdout.write(f"purged: {removed} entries older than {days} days")
