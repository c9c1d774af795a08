"""环境管养 (clause 6.3.4; indicators 32, 33): greening, waste sorting and collection, and
pollution monitoring with the exceedance → rectification notice → re-test loop."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

ENVIRONMENT = (DepartmentKind.ENVIRONMENT,)


class GreeningWork(models.TextChoices):
    PRUNING = "pruning", _("修剪")
    MOWING = "mowing", _("草坪修剪")
    FERTILISING = "fertilising", _("施肥")
    WATERING = "watering", _("浇水")
    PEST_CONTROL = "pest_control", _("病虫害防治")
    FLOWERS = "flowers", _("花卉养护")
    WEEDING = "weeding", _("除草")


class GreeningTask(RestrictedModel):
    """绿化养护计划项: an area, the work, and how often the maintenance standard asks for it (6.3.4.2)."""

    write_departments = ENVIRONMENT

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="greening_tasks", verbose_name=_("园区")
    )
    area = models.CharField(_("养护区域"), max_length=100)
    work = models.CharField(_("养护内容"), max_length=20, choices=GreeningWork.choices)
    every_days = models.PositiveSmallIntegerField(
        _("频次（天/次）"),
        validators=[MinValueValidator(1)],
        help_text=_("管养标准要求的间隔，如草坪 15 天修剪一次"),
    )
    standard = models.CharField(_("养护标准"), max_length=300, blank=True)
    active = models.BooleanField(_("执行中"), default=True)

    class Meta:
        verbose_name = _("绿化养护计划")
        verbose_name_plural = pgettext_lazy("list", "绿化养护计划")
        ordering = ["park", "area", "work"]

    def __str__(self) -> str:
        return f"{self.area}·{self.get_work_display()}（每 {self.every_days} 天）"


class GreeningRecord(RestrictedModel):
    """绿化养护记录 (6.3.4.2)."""

    write_departments = ENVIRONMENT

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="greening_records", verbose_name=_("园区")
    )
    task = models.ForeignKey(
        GreeningTask,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("养护计划"),
    )
    area = models.CharField(_("养护区域"), max_length=100)
    work = models.CharField(_("养护内容"), max_length=20, choices=GreeningWork.choices)
    done_on = models.DateField(_("日期"))
    done_by = models.CharField(_("作业人/单位"), max_length=100)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    photo = models.ImageField(_("照片"), upload_to="environment/greening/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("绿化养护记录")
        verbose_name_plural = pgettext_lazy("list", "绿化养护记录")
        ordering = ["-done_on", "-pk"]

    def clean(self) -> None:
        if self.task_id and self.park_id and self.task.park_id != self.park_id:
            raise ValidationError({"task": gettext("养护计划须属于同一园区")})

    def __str__(self) -> str:
        return f"{self.done_on:%Y-%m-%d} {self.area}·{self.get_work_display()}"


class WasteCategory(models.TextChoices):
    KITCHEN = "kitchen", _("厨余垃圾")
    DECORATION = "decoration", _("装修垃圾")
    GARDEN = "garden", _("园林绿化垃圾")
    HAZARDOUS = "hazardous", _("有害垃圾")
    RECYCLABLE = "recyclable", _("可回收物")
    OTHER = "other", _("其他垃圾")


class WasteCollection(RestrictedModel):
    """垃圾分类收运记录: by category and, where it is a tenant's, by enterprise (6.3.4.3)."""

    write_departments = ENVIRONMENT
    enterprise_path = "enterprise"

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="waste_collections", verbose_name=_("园区")
    )
    collected_on = models.DateField(_("收运日期"))
    category = models.CharField(_("类别"), max_length=12, choices=WasteCategory.choices)
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="waste_collections",
        verbose_name=_("产生企业"),
        help_text=_("园区公共区域产生的留空"),
    )
    weight_kg = models.DecimalField(
        _("重量（kg）"), max_digits=10, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    carrier_name = models.CharField(_("收运单位"), max_length=200)
    carrier_licence = models.CharField(_("收运单位许可证号"), max_length=60)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("垃圾收运记录")
        verbose_name_plural = pgettext_lazy("list", "垃圾收运记录")
        ordering = ["-collected_on", "-pk"]

    def clean(self) -> None:
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            raise ValidationError({"enterprise": gettext("产生企业须在本园区")})

    def __str__(self) -> str:
        return f"{self.collected_on:%Y-%m-%d} {self.get_category_display()} {self.weight_kg} kg"


class MonitoringPoint(RestrictedModel):
    """污染监测点: wastewater, exhaust or noise, at the park or at a discharging enterprise (6.3.4.4)."""

    write_departments = ENVIRONMENT
    enterprise_path = "enterprise"

    class Kind(models.TextChoices):
        WASTEWATER = "wastewater", _("废水")
        EXHAUST = "exhaust", _("废气")
        NOISE = "noise", _("噪声")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="pollution_points", verbose_name=_("园区")
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("监测点"), max_length=100)
    location = models.CharField(_("位置"), max_length=200)
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="pollution_points",
        verbose_name=_("排放企业"),
        help_text=_("园区公共监测点留空"),
    )
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("污染监测点")
        verbose_name_plural = pgettext_lazy("list", "污染监测点")
        ordering = ["park", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_monitoring_point_name")]

    def clean(self) -> None:
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            raise ValidationError({"enterprise": gettext("排放企业须在本园区")})

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.name}"


class PollutantLimit(RestrictedModel):
    """排放限值 of one pollutant at a point, with its unit and the standard it comes from."""

    park_path = "point__park"
    enterprise_path = "point__enterprise"
    write_departments = ENVIRONMENT

    point = models.ForeignKey(
        MonitoringPoint, models.CASCADE, related_name="limits", verbose_name=_("监测点")
    )
    pollutant = models.CharField(_("污染物/指标"), max_length=60)
    unit = models.CharField(_("单位"), max_length=20)
    limit = models.DecimalField(
        _("限值"), max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )
    standard = models.CharField(_("依据标准"), max_length=200, help_text=_("如 GB 8978-1996 表 4 三级标准"))

    class Meta:
        verbose_name = _("排放限值")
        verbose_name_plural = pgettext_lazy("list", "排放限值")
        ordering = ["point", "pollutant"]
        constraints = [
            models.UniqueConstraint(fields=["point", "pollutant"], name="unique_limit_per_pollutant")
        ]

    def __str__(self) -> str:
        return f"{self.pollutant} ≤ {self.limit.normalize():f} {self.unit}"


class Reading(RestrictedModel):
    """监测读数: entered by hand now; ``source`` says where it came from once sensors report."""

    park_path = "point__park"
    enterprise_path = "point__enterprise"
    write_departments = ENVIRONMENT

    class Source(models.TextChoices):
        MANUAL = "manual", _("人工录入")
        SENSOR = "sensor", _("在线监测设备")
        LAB = "lab", _("第三方检测报告")

    point = models.ForeignKey(
        MonitoringPoint, models.CASCADE, related_name="readings", verbose_name=_("监测点")
    )
    limit = models.ForeignKey(
        PollutantLimit, models.PROTECT, related_name="readings", verbose_name=_("污染物")
    )
    measured_at = models.DateTimeField(_("监测时间"))
    value = models.DecimalField(_("监测值"), max_digits=12, decimal_places=3)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    exceeds = models.BooleanField(_("超标"), default=False)
    retest_of = models.ForeignKey(
        "Exceedance",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="retests",
        verbose_name=_("复测的超标事件"),
    )

    class Meta:
        verbose_name = _("监测读数")
        verbose_name_plural = pgettext_lazy("list", "监测读数")
        ordering = ["-measured_at", "-pk"]

    def clean(self) -> None:
        if self.limit_id and self.point_id and self.limit.point_id != self.point_id:
            raise ValidationError({"limit": gettext("所选污染物不属于该监测点")})
        if self.measured_at and self.measured_at > clock.now() + dt.timedelta(minutes=5):
            raise ValidationError({"measured_at": gettext("监测时间不能晚于现在")})

    label_related = ("limit",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.limit.pollutant} {self.value.normalize():f} {self.limit.unit}"


class Exceedance(RestrictedModel):
    """超标事件: opened by a reading above the limit, closed only by a passing re-test reading."""

    write_departments = ENVIRONMENT
    enterprise_path = "enterprise"

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        CLOSED = "closed", _("复测达标，已关闭")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="exceedances", verbose_name=_("园区"))
    point = models.ForeignKey(
        MonitoringPoint, models.PROTECT, related_name="exceedances", verbose_name=_("监测点")
    )
    limit = models.ForeignKey(
        PollutantLimit, models.PROTECT, related_name="exceedances", verbose_name=_("污染物")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="exceedances",
        verbose_name=_("排放企业"),
    )
    reading = models.OneToOneField(Reading, models.PROTECT, related_name="opened", verbose_name=_("超标读数"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closing_reading = models.OneToOneField(
        Reading, models.PROTECT, null=True, blank=True, related_name="closed", verbose_name=_("达标复测读数")
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("超标事件")
        verbose_name_plural = pgettext_lazy("list", "超标事件")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(closing_reading__isnull=False),
                name="exceedance_closed_by_retest",
                violation_error_message="超标事件须经复测达标后才能关闭",
            )
        ]

    def clean(self) -> None:
        if self.status == self.Status.CLOSED:
            r = self.closing_reading
            if r is None or r.value > self.limit.limit or r.measured_at <= self.reading.measured_at:
                raise ValidationError({"status": gettext("超标事件须经复测达标后才能关闭")})

    label_related = ("point", "limit")  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.point.name} {self.limit.pollutant} 超标"


class PollutionNotice(RestrictedModel):
    """整改通知 to the exceeding enterprise; the tenant sees it and answers (6.3.4.4 督促整改)."""

    park_path = "exceedance__park"
    enterprise_path = "enterprise"
    write_departments = ENVIRONMENT
    tenant_actions = ("change",)  # the enterprise answers its own notice (through the service)

    exceedance = models.OneToOneField(
        Exceedance, models.CASCADE, related_name="notice", verbose_name=_("超标事件")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", models.PROTECT, related_name="pollution_notices", verbose_name=_("企业")
    )
    content = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("下发人")
    )
    response = models.TextField(_("企业整改回复"), blank=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回复人"),
    )

    class Meta:
        verbose_name = _("污染整改通知")
        verbose_name_plural = pgettext_lazy("list", "污染整改通知")
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("environment:exceedance_detail", args=[self.exceedance_id])

    label_related = (
        "enterprise",
        "exceedance__point",
        "exceedance__limit",
    )  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.exceedance}"


class WasteFacility(RestrictedModel):
    """垃圾分类设施 register (clause 6.3.4.3): the drop points, bins and collection vehicles the
    park sets up and equips, each cleaned and disinfected regularly."""

    write_departments = ENVIRONMENT

    class Kind(models.TextChoices):
        DROP_POINT = "drop_point", _("垃圾分类投放点")
        BIN = "bin", _("垃圾桶")
        VEHICLE = "vehicle", _("清运车辆")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="waste_facilities", verbose_name=_("园区")
    )
    kind = models.CharField(_("设施类型"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("名称/编号"), max_length=100, help_text=_("如 A栋东侧投放点、粤B·12345"))
    location = models.CharField(_("位置"), max_length=200, blank=True)
    category = models.CharField(
        _("垃圾类别"),
        max_length=12,
        choices=WasteCategory.choices,
        blank=True,
        help_text=_("只收一类垃圾的桶或车填写；投放点等多类别设施留空"),
    )
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    cleaning_every_days = models.PositiveSmallIntegerField(
        _("园区规定清洁消毒周期（天）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("园区自己的管养规定；标准只要求定期清洁和消毒，未规定天数"),
    )
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("垃圾分类设施")
        verbose_name_plural = pgettext_lazy("list", "垃圾分类设施")
        ordering = ["park", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["park", "kind", "name"], name="unique_waste_facility_name")
        ]

    def last_cleaned_on(self) -> dt.date | None:
        latest = self.cleanings.order_by("-done_on").first()
        return latest.done_on if latest else None

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.name}"


class WasteFacilityCleaning(RestrictedModel):
    """垃圾处理设施清洁、消毒记录 (clause 6.3.4.3: 定期对垃圾处理设施进行清洁和消毒)."""

    park_path = "facility__park"
    write_departments = ENVIRONMENT

    class Work(models.TextChoices):
        CLEANING = "cleaning", _("清洁")
        DISINFECTION = "disinfection", _("消毒")
        BOTH = "both", _("清洁并消毒")

    facility = models.ForeignKey(
        WasteFacility, models.CASCADE, related_name="cleanings", verbose_name=_("设施")
    )
    done_on = models.DateField(_("日期"))
    work = models.CharField(_("作业内容"), max_length=12, choices=Work.choices)
    disinfectant = models.CharField(_("消毒剂"), max_length=100, blank=True, help_text=_("消毒时填写"))
    done_by = models.CharField(_("作业人/单位"), max_length=100)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    photo = models.ImageField(_("照片"), upload_to="environment/waste/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("设施清洁消毒记录")
        verbose_name_plural = pgettext_lazy("list", "设施清洁消毒记录")
        ordering = ["-done_on", "-pk"]

    @property
    def disinfected(self) -> bool:
        return self.work in (self.Work.DISINFECTION, self.Work.BOTH)

    def clean(self) -> None:
        errors = {}
        if self.done_on and self.done_on > clock.localdate():
            errors["done_on"] = gettext("清洁消毒日期不能晚于今天")
        if self.work in (self.Work.DISINFECTION, self.Work.BOTH) and not self.disinfectant.strip():
            errors["disinfectant"] = gettext("消毒记录须填写所用消毒剂")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.done_on:%Y-%m-%d} {self.facility}·{self.get_work_display()}"
