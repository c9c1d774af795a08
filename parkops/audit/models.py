"""The audit trail: every write, hash-chained per park (MLPS 安全审计; clause 7.2.4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntry(models.Model):
    """One write: who, when (UTC), what object, before and after, request id, source IP.

    Entries form a chain per park (``park:<id>``) and one for platform-wide objects
    (``platform``); each entry's hash covers the previous hash and its own canonical content.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        EVENT = "event", _("事件")

    chain = models.CharField(_("链"), max_length=40)
    seq = models.PositiveBigIntegerField(_("序号"))
    at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    event = models.CharField(_("事件"), max_length=60, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象ID"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    park_id = models.BigIntegerField(_("园区ID"), null=True, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    request_id = models.CharField(_("请求ID"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)
    # 1: plain SHA-256 (written before the chain was keyed); 2: HMAC-SHA256 with the audit key.
    hash_version = models.PositiveSmallIntegerField(_("哈希算法"), default=2)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = pgettext_lazy("list", "审计日志")
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="unique_audit_chain_seq")]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["park_id", "at"], name="audit_park_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """The latest entry of each chain; locked while appending so entries queue in order,
    and compared with the chain's last entry so a removed tail is noticed."""

    chain = models.CharField(max_length=40, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    # After a purge of old entries, the chain starts after this entry.
    base_seq = models.PositiveBigIntegerField(default=0)
    base_hash = models.CharField(max_length=64, default="0" * 64)
    # Entries from this seq on are keyed; earlier ones were written before keying. Signed
    # with the audit key so an attacker cannot move it to pass rewritten entries off as old.
    keyed_from = models.PositiveBigIntegerField(default=1)
    keyed_mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = pgettext_lazy("list", "审计链头")

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}"
