"""`parkops audit verify [--park CODE]` and `parkops audit purge --older-than DAYS`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from parkops.audit.models import AuditChainHead, AuditEntry
from parkops.audit.services import PLATFORM_CHAIN, chain_for_park
from parkops.audit.verify import verify


class Command(BaseCommand):
    help = "审计日志：校验哈希链（verify），或清理超过保留期的旧记录（purge）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="逐条重算哈希，报告第一条被破坏的记录")
        check.add_argument("--park", help="只校验该园区代码的链")
        check.add_argument("--platform", action="store_true", help="只校验平台链")
        purge = sub.add_parser("purge", help="删除早于保留期的记录（不少于 180 天）")
        purge.add_argument("--older-than", type=int, required=True, help="天数，不少于 180")

    def handle(self, *args, action, **options):
        if action == "verify":
            self.verify(options.get("park"), options.get("platform"))
        else:
            self.purge(options["older_than"])

    def verify(self, park_code: str | None, platform: bool) -> None:
        chains = None
        if park_code:
            from parkops.core.models import Park

            park = Park.objects.filter(code=park_code).first()
            if park is None:
                raise CommandError(f"没有代码为 {park_code} 的园区", returncode=2)
            chains = [chain_for_park(park.pk)]
        elif platform:
            chains = [PLATFORM_CHAIN]
        result = verify(chains)
        if result.broken:
            self.stderr.write(f"broken: {result.broken}")
            raise SystemExit(1)
        self.stdout.write(f"ok: {result.entries} entries in {result.chains} chains")

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
