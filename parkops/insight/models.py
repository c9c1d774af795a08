"""数智应用 registers (clause 7.3; rows 55, 56) and the explore page's saved views (7.2)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

DIGITAL = (DepartmentKind.DIGITAL, DepartmentKind.ADMINISTRATION)


class InnovationScenario(RestrictedModel):
    """创新应用场景 (clause 7.3; row 55 "具有代表性和示范性的创新应用场景不少于 1 个"): a
    scenario in use in the park, what it does, since when, and the document that shows it
    (方案、验收报告、示范认定). Only a scenario in use, marked representative and with its
    document counts for row 55."""

    write_departments = DIGITAL
    file_kinds = {"document": "document"}

    class Field(models.TextChoices):
        SECURITY = "security", _("智慧安防")
        ENERGY = "energy", _("智慧能源")
        TRAFFIC = "traffic", _("智慧通行与停车")
        TWIN = "twin", _("数字孪生")
        SERVICE = "service", _("智慧服务")
        PRODUCTION = "production", _("智能制造与研发")
        OTHER = "other", _("其他")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="innovation_scenarios", verbose_name=_("园区")
    )
    name = models.CharField(_("场景名称"), max_length=100)
    field = models.CharField(_("应用领域"), max_length=12, choices=Field.choices)
    description = models.TextField(_("场景说明"), help_text=_("解决的问题、使用的技术、服务的对象"))
    launched_on = models.DateField(_("投入使用日期"))
    in_use = models.BooleanField(_("在用"), default=True)
    representative = models.BooleanField(
        _("具有代表性和示范性"), default=False, help_text=_("如获评示范项目、被同行参观借鉴、可复制推广")
    )
    recognition = models.CharField(_("示范认定/获奖"), max_length=200, blank=True)
    document = models.FileField(_("证明文件"), upload_to="insight/scenarios/%Y/", blank=True)

    class Meta:
        verbose_name = _("创新应用场景")
        verbose_name_plural = pgettext_lazy("list", "创新应用场景")
        ordering = ["park", "-launched_on", "pk"]

    def __str__(self) -> str:
        return self.name


class ComputingCentre(RestrictedModel):
    """智算中心、存储中心 built in or introduced to the park (clause 7.3; row 56 "已建成或引入的
    智算中心、存储中心不少于 1 个"), with its capacity and the document that shows it
    (竣工验收、合作协议、服务合同)."""

    write_departments = DIGITAL
    file_kinds = {"document": "document"}

    class Kind(models.TextChoices):
        COMPUTING = "computing", _("智算中心")
        STORAGE = "storage", _("存储中心")

    class Origin(models.TextChoices):
        BUILT = "built", _("园区建成")
        INTRODUCED = "introduced", _("引入")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="computing_centres", verbose_name=_("园区")
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    origin = models.CharField(_("建成或引入"), max_length=12, choices=Origin.choices)
    provider = models.CharField(_("建设/运营单位"), max_length=200)
    capacity = models.CharField(_("规模"), max_length=100, help_text=_("如 200 PFLOPS（FP16）、5 PB"))
    in_service_on = models.DateField(_("投入使用日期"))
    in_service = models.BooleanField(_("在用"), default=True)
    document = models.FileField(_("证明文件"), upload_to="insight/computing/%Y/", blank=True)

    class Meta:
        verbose_name = _("智算/存储中心")
        verbose_name_plural = pgettext_lazy("list", "智算/存储中心")
        ordering = ["park", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class SavedView(RestrictedModel):
    """A saved explore view (clause 7.2 数据分析): a dataset with its filters, grouping and
    measure, shared with everyone of the park who may read that dataset."""

    write_departments = tuple(DepartmentKind.values)

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="saved_views", verbose_name=_("园区"))
    name = models.CharField(_("名称"), max_length=100)
    dataset = models.CharField(_("数据集"), max_length=40)
    query = models.JSONField(_("条件"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("分析视图")
        verbose_name_plural = pgettext_lazy("list", "分析视图")
        ordering = ["park", "name"]

    def clean(self) -> None:
        from parkops.insight.explore import DATASETS

        if self.dataset and self.dataset not in DATASETS:
            raise ValidationError({"dataset": gettext("没有这个数据集")})

    def __str__(self) -> str:
        return self.name
