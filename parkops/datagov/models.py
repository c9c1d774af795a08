"""Data governance and open data (clauses 7.2.3 开放数据接口, 7.2.4 数据分类分级保护; 表A.1 row 54).

The classification itself is data (``registry.py`` and ``data/fields.csv``); these models hold
what people decide and what happens: the clearance of an API key, each unmasking of personal
data, the park's open-data catalogue, the external clients with their keys, and every access.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework_api_key.models import AbstractAPIKey

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind
from parkops.core.validators import validate_mainland_phone
from parkops.datagov.registry import Level

DIGITAL = (DepartmentKind.DIGITAL,)


class UserClearance(RestrictedModel):
    """The highest data level a person may see on pages, exports, reports and the API (7.2.4),
    set by an administrator where the role's default does not fit: a temporary worker or an
    outside assessor held to 一般数据, a security officer raised to 核心数据. Without one:
    administrators 核心数据, everyone else 重要数据 (``protection.clearance_of``)."""

    park_path = "user__parks__id"
    scope_distinct = True
    write_departments = ()  # operator administrators only: nobody raises their own level
    assessor_hidden = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="data_clearance", verbose_name=_("用户")
    )
    level = models.CharField(
        _("可查看的数据级别"), max_length=10, choices=Level.choices, default=Level.GENERAL
    )
    reason = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("如：临时人员、外部评估"))

    class Meta:
        verbose_name = _("用户数据级别")
        verbose_name_plural = pgettext_lazy("list", "用户数据级别")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_level_display()}"


class KeyClearance(RestrictedModel):
    """The highest data level an API key may receive (7.2.4); a key without one: 一般数据."""

    park_path = "api_key__parks__id"
    scope_distinct = True
    write_departments = DIGITAL
    assessor_hidden = True

    api_key = models.OneToOneField(
        "accounts.ApiKey", models.CASCADE, related_name="clearance", verbose_name=_("接口密钥")
    )
    level = models.CharField(
        _("可接收的数据级别"), max_length=10, choices=Level.choices, default=Level.GENERAL
    )

    class Meta:
        verbose_name = _("接口密钥数据级别")
        verbose_name_plural = pgettext_lazy("list", "接口密钥数据级别")
        ordering = ["api_key__name"]

    def __str__(self) -> str:
        return f"{self.api_key.name}：{self.get_level_display()}"


class PersonalDataAccess(RestrictedModel):
    """One viewing of personal data without masking: who saw whose data, when and why (PIPL;
    MLPS audit). Written only by ``services.record_unmasking``; nobody edits it."""

    write_departments = ()
    admin_read_only = True
    assessor_hidden = True

    class Channel(models.TextChoices):
        API = "api", _("接口")
        PAGE = "page", _("页面")
        EXPORT = "export", _("导出")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("园区")
    )
    at = models.DateTimeField(_("查看时间"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("查看人")
    )
    user_name = models.CharField(_("查看人账号"), max_length=150)
    object_type = models.CharField(_("数据对象类型"), max_length=100)
    object_id = models.CharField(_("数据对象编号"), max_length=64)
    object_repr = models.CharField(_("数据对象"), max_length=200)
    fields = models.CharField(_("查看的字段"), max_length=500)
    reason = models.CharField(_("理由"), max_length=200)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = pgettext_lazy("list", "个人信息查看记录")
        ordering = ["-at", "-id"]
        permissions = [("unmask_personal", _("可查看未脱敏的个人信息"))]

    def __str__(self) -> str:
        return f"{self.user_name} → {self.object_repr}（{self.at:%Y-%m-%d %H:%M}）"


class UpdateFrequency(models.TextChoices):
    REALTIME = "realtime", _("实时")
    DAILY = "daily", _("每日")
    MONTHLY = "monthly", _("每月")
    ON_CHANGE = "on_change", _("变更时")


class OpenDataset(RestrictedModel):
    """A dataset of the park's open-data catalogue (7.2.3): which of the platform's open
    datasets (``open_data.DATASETS``) the park publishes, how often it is updated."""

    write_departments = DIGITAL

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="open_datasets", verbose_name=_("园区")
    )
    code = models.CharField(_("数据集"), max_length=40)
    description = models.TextField(_("说明"), blank=True)
    frequency = models.CharField(
        _("更新频率"), max_length=12, choices=UpdateFrequency.choices, default=UpdateFrequency.ON_CHANGE
    )
    published = models.BooleanField(_("已发布"), default=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("开放数据集")
        verbose_name_plural = pgettext_lazy("list", "开放数据目录")
        ordering = ["park", "code"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="unique_open_dataset_per_park")]

    @property
    def definition(self):
        from parkops.datagov.open_data import DATASETS

        return DATASETS.get(self.code)

    def __str__(self) -> str:
        definition = self.definition
        return str(definition.title) if definition else self.code


class ExternalClient(RestrictedModel):
    """An outside system using the park's open data: who, for what, since when (an 接入案例
    for row 54 once it has connected), with its own rate limit."""

    write_departments = DIGITAL
    assessor_hidden = False

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="external_clients", verbose_name=_("园区")
    )
    organisation = models.CharField(_("接入单位"), max_length=200)
    system = models.CharField(_("接入系统"), max_length=200)
    purpose = models.TextField(_("用途"))
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_mainland_phone]
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    registered_on = models.DateField(_("登记日期"))
    datasets = models.ManyToManyField(
        OpenDataset, related_name="clients", blank=True, verbose_name=_("可访问的数据集")
    )
    rate_per_minute = models.PositiveIntegerField(_("每分钟请求上限"), default=60)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("外部接入单位")
        verbose_name_plural = pgettext_lazy("list", "外部接入单位")
        ordering = ["park", "organisation"]

    def __str__(self) -> str:
        return f"{self.organisation}（{self.system}）"


class OpenDataKey(AbstractAPIKey):
    """An external client's key (``Authorization: Open-Key <key>``): stored hashed, limited
    to the client's datasets, expiring and revocable."""

    client = models.ForeignKey(
        ExternalClient, models.CASCADE, related_name="keys", verbose_name=_("接入单位")
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("开放数据密钥")
        verbose_name_plural = pgettext_lazy("list", "开放数据密钥")


class AccessLog(RestrictedModel):
    """One request of an external client (kept for the access statistics and row 54)."""

    park_path = "client__park"
    admin_read_only = True

    client = models.ForeignKey(
        ExternalClient, models.CASCADE, related_name="accesses", verbose_name=_("接入单位")
    )
    at = models.DateTimeField(_("时间"))
    dataset = models.CharField(_("数据集"), max_length=40, blank=True)
    status = models.PositiveSmallIntegerField(_("状态码"))
    rows = models.PositiveIntegerField(_("返回条数"), default=0)
    path = models.CharField(_("请求路径"), max_length=300)

    class Meta:
        verbose_name = _("开放数据访问日志")
        verbose_name_plural = pgettext_lazy("list", "开放数据访问日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "at"])]

    def __str__(self) -> str:
        return f"{self.client} {self.path} {self.status}"
