"""In-platform notifications and the park's group webhooks (WeCom / DingTalk).

Not a clause of the standard by itself: the channel through which reminders, escalations and
notices required elsewhere (6.3.1 hazards and inspections, 6.3.4 pollution notices, …) reach
people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel


class Notification(RestrictedModel):
    """站内通知: one message to one user; also sent by email when the user has an address."""

    # A notification belongs to its recipient, whatever park it concerns.
    park_path = None

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("接收人")
    )
    park = models.ForeignKey(
        "core.Park",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("园区"),
    )
    kind = models.CharField(_("类别"), max_length=60, db_index=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    object_type = models.CharField(_("关联对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("关联对象编号"), max_length=40, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_error = models.CharField(_("邮件发送失败原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("list", "通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read")]

    @staticmethod
    def owner_filter(user) -> Q:
        return Q(recipient=user)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def __str__(self) -> str:
        return self.subject


class WebhookEndpoint(RestrictedModel):
    """园区工作群机器人：企业微信或钉钉群的 Webhook 地址，通知同时推送到群里。"""

    assessor_hidden = True  # the URL carries the robot's key

    class Kind(models.TextChoices):
        WECOM = "wecom", _("企业微信群机器人")
        DINGTALK = "dingtalk", _("钉钉群机器人")

    class LastStatus(models.TextChoices):
        NONE = "", _("尚未推送")
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="webhooks", verbose_name=_("园区"))
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("Webhook 地址"), max_length=500)
    secret = models.CharField(
        _("加签密钥"),
        max_length=200,
        blank=True,
        help_text=_("钉钉机器人“加签”安全设置的密钥（SEC 开头）；企业微信留空"),
    )
    kinds = models.CharField(
        _("推送的通知类别"),
        max_length=500,
        blank=True,
        help_text=_("以逗号分隔的通知类别前缀，如 safety.hazard,environment；留空表示全部推送"),
    )
    enabled = models.BooleanField(_("启用"), default=True)
    last_status = models.CharField(
        _("最近推送结果"), max_length=10, choices=LastStatus.choices, blank=True, default=""
    )
    last_attempt_at = models.DateTimeField(_("最近推送时间"), null=True, blank=True)
    last_error = models.CharField(_("最近失败原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = pgettext_lazy("list", "群机器人")
        ordering = ["park", "name"]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.WECOM and self.secret:
            raise ValidationError({"secret": gettext("企业微信群机器人不使用加签密钥，请留空")})
        if self.url and not self.url.startswith(("https://", "http://")):
            raise ValidationError({"url": gettext("Webhook 地址必须以 http:// 或 https:// 开头")})

    def accepts(self, kind: str) -> bool:
        prefixes = [p.strip() for p in self.kinds.replace("，", ",").split(",") if p.strip()]
        return not prefixes or any(kind == p or kind.startswith(p.rstrip(".") + ".") for p in prefixes)

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class Delivery(RestrictedModel):
    """投递记录: one attempt to send a notification by email or to a group webhook."""

    assessor_hidden = True

    class Channel(models.TextChoices):
        EMAIL = "email", _("邮件")
        WECOM = "wecom", _("企业微信")
        DINGTALK = "dingtalk", _("钉钉")

    class Result(models.TextChoices):
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")

    park = models.ForeignKey(
        "core.Park",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_deliveries",
        verbose_name=_("园区"),
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("群机器人"),
    )
    target = models.CharField(_("发送对象"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("通知投递记录")
        verbose_name_plural = pgettext_lazy("list", "通知投递记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}·{self.subject}"
