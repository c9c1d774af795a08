"""Keyed audit chains: entries written before this migration keep their plain SHA-256
(``hash_version`` 1) and verify as before; every chain is keyed from its next entry on, and
that starting point is signed with the audit key."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def sign_heads(apps, schema_editor):
    Head = apps.get_model("audit", "AuditChainHead")
    for head in Head.objects.all():
        head.keyed_from = head.seq + 1
        head.keyed_mac = hmac.new(
            settings.AUDIT_KEY, f"{head.chain}|{head.keyed_from}".encode(), hashlib.sha256
        ).hexdigest()
        head.save(update_fields=["keyed_from", "keyed_mac"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_base")]

    operations = [
        # Existing rows are version 1 (no UPDATE of entries: PostgreSQL refuses those).
        migrations.AddField(
            model_name="auditentry",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="哈希算法"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=2, verbose_name="哈希算法"),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="keyed_from",
            field=models.PositiveBigIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="keyed_mac",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(sign_heads, migrations.RunPython.noop),
    ]
