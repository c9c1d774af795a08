"""公共服务 (clause 6.6; indicators 46–48): industry public service platforms and government
service platforms with what they serve and their completed cases. Party-building (党建) and
group activities are on the park's calendar (kinds 党建活动 / 群团活动) with their records."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

PUBLIC_SERVICE = (DepartmentKind.ENTERPRISE, DepartmentKind.ADMINISTRATION)


class ServicePlatform(RestrictedModel):
    """产业公共服务平台 (6.6.1) or 政府公共服务平台 (6.6.2), set up or brought in by the operator,
    with what it serves. Tenants see the list to know where to turn."""

    write_departments = PUBLIC_SERVICE
    tenant_visible = True

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("产业公共服务平台")
        GOVERNMENT = "government", _("政府公共服务平台")

    class Origin(models.TextChoices):
        OWN = "own", _("自建")
        BROUGHT_IN = "brought_in", _("引入")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="service_platforms", verbose_name=_("园区")
    )
    kind = models.CharField(_("平台类型"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("平台名称"), max_length=200)
    origin = models.CharField(_("建立方式"), max_length=12, choices=Origin.choices, default=Origin.BROUGHT_IN)
    operator = models.CharField(_("运营/主管单位"), max_length=200)
    services = models.TextField(
        _("可服务内容"), help_text=_("每行一项，如：检验检测、知识产权代理、政策兑现")
    )
    contact = models.CharField(_("服务窗口/联系方式"), max_length=200, blank=True)
    url = models.URLField(_("网址"), blank=True)
    since = models.DateField(_("引入/建立日期"))
    active = models.BooleanField(_("服务中"), default=True)

    class Meta:
        verbose_name = _("公共服务平台")
        verbose_name_plural = pgettext_lazy("list", "公共服务平台")
        ordering = ["kind", "name"]

    def clean(self) -> None:
        if not self.services.strip():
            raise ValidationError({"services": gettext("请填写平台的可服务内容")})

    def __str__(self) -> str:
        return self.name


class PlatformCase(RestrictedModel):
    """平台服务案例 (indicator 46): an enterprise served by a platform, what was done, when it was
    completed and the result, with proof."""

    park_path = "platform__park"
    enterprise_path = "enterprise"
    write_departments = PUBLIC_SERVICE
    file_kinds = {"proof": "document"}

    platform = models.ForeignKey(
        ServicePlatform, models.PROTECT, related_name="cases", verbose_name=_("平台")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="platform_cases",
        verbose_name=_("服务企业"),
        help_text=_("园区外企业可留空，在服务对象中填写"),
    )
    client = models.CharField(_("服务对象"), max_length=200, blank=True)
    service = models.CharField(_("服务事项"), max_length=200)
    completed_on = models.DateField(_("完成日期"))
    result = models.TextField(_("服务成果"))
    proof = models.FileField(_("佐证材料"), upload_to="publicservice/cases/%Y/", blank=True)

    class Meta:
        verbose_name = _("平台服务案例")
        verbose_name_plural = pgettext_lazy("list", "平台服务案例")
        ordering = ["-completed_on", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.platform_id and self.enterprise.park_id != self.platform.park_id:
            errors["enterprise"] = gettext("企业须在平台所在园区")
        if not self.enterprise_id and not self.client.strip():
            errors["client"] = gettext("请选择服务企业或填写服务对象")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        who = self.enterprise.name if self.enterprise_id else self.client
        return f"{who} · {self.service}"
