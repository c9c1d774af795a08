"""能源与碳排放 (clause 8; indicators 57–61): the meter tree with GB 17167 levels, virtual
meters, dated emission factors, time-of-use tariffs, energy-saving measures, distributed
energy (PV, storage), the energy manager, green facilities and green training/activities.

Consumption is never stored here: a physical meter names a telemetry point, and
``parkops.energy.selectors`` reads the point's rollups (see the docs)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

ENERGY = (DepartmentKind.ENGINEERING, DepartmentKind.ENVIRONMENT)
GREEN = (DepartmentKind.ENVIRONMENT, DepartmentKind.ENGINEERING)


class EnergyCategory(models.TextChoices):
    """分类分项 codes of Chinese building-energy monitoring (category and sub-item)."""

    ELECTRICITY = "01000", _("电")
    LIGHTING_SOCKETS = "01A00", _("照明插座用电")
    INDOOR_LIGHTING = "01A10", _("室内照明")
    CORRIDOR_LIGHTING = "01A20", _("走廊和应急照明")
    OUTDOOR_LIGHTING = "01A30", _("室外景观照明")
    OFFICE_SOCKETS = "01A40", _("办公设备插座")
    AIR_CONDITIONING = "01B00", _("空调用电")
    CHILLER_PLANT = "01B10", _("冷热站")
    AC_TERMINALS = "01B20", _("空调末端")
    SPLIT_AC = "01B30", _("分体式空调")
    POWER = "01C00", _("动力用电")
    ELEVATORS = "01C10", _("电梯")
    PUMPS = "01C20", _("水泵")
    FANS = "01C30", _("通风机")
    WATER_HEATERS = "01C40", _("热水器")
    SPECIAL = "01D00", _("特殊用电")
    DATA_CENTRE = "01D10", _("信息中心")
    KITCHEN = "01D20", _("厨房餐厅")
    SPECIAL_EQUIPMENT = "01D30", _("其他特殊用电")
    WATER = "02000", _("水")
    NATURAL_GAS = "03A00", _("天然气")
    COKE_OVEN_GAS = "03B00", _("焦炉煤气")
    OTHER_GAS = "03C00", _("其他燃气")
    DISTRICT_HEAT = "04000", _("集中供热")
    DISTRICT_COOLING = "05000", _("集中供冷")


# The energy kind (分类) of a code: its first two characters, or "03A" style for gases.
KINDS = {
    "01": EnergyCategory.ELECTRICITY,
    "02": EnergyCategory.WATER,
    "03A": EnergyCategory.NATURAL_GAS,
    "03B": EnergyCategory.COKE_OVEN_GAS,
    "03C": EnergyCategory.OTHER_GAS,
    "04": EnergyCategory.DISTRICT_HEAT,
    "05": EnergyCategory.DISTRICT_COOLING,
}
UNITS = {
    EnergyCategory.ELECTRICITY: "kWh",
    EnergyCategory.WATER: "m³",
    EnergyCategory.NATURAL_GAS: "m³",
    EnergyCategory.COKE_OVEN_GAS: "m³",
    EnergyCategory.OTHER_GAS: "m³",
    EnergyCategory.DISTRICT_HEAT: "GJ",
    EnergyCategory.DISTRICT_COOLING: "kWh",
}
KIND_CHOICES = [(k.value, k.label) for k in dict.fromkeys(KINDS.values())]


def energy_kind(code: str) -> EnergyCategory:
    """The 分类 of a 分类分项 code: 01A10 → 01000 (electricity), 03A00 → 03A00."""
    return KINDS.get(code[:3]) or KINDS[code[:2]]


def unit_of(code: str) -> str:
    return UNITS[energy_kind(code)]


class MeteringLevel(models.IntegerChoices):
    """GB 17167 的三级计量: the organisation, its main secondary units, its main equipment."""

    ORGANISATION = 1, _("一级：进出用能单位")
    SECONDARY = 2, _("二级：进出主要次级用能单位")
    EQUIPMENT = 3, _("三级：主要用能设备")


class Meter(RestrictedModel):
    """能源计量器具 in the park's meter tree (clause 8.1; indicator 57): park → building →
    tenant or system → equipment. A physical meter reads a telemetry point (× multiplier); a
    virtual meter is the signed sum of other meters (e.g. public areas = building − tenants)."""

    write_departments = ENERGY
    enterprise_path = "enterprise"

    class Scope(models.TextChoices):
        PARK = "park", _("园区总表")
        BUILDING = "building", _("楼栋总表")
        TENANT = "tenant", _("企业分户表")
        PUBLIC = "public", _("公共区域")
        SYSTEM = "system", _("系统/分项")
        EQUIPMENT = "equipment", _("设备")

    class Direction(models.TextChoices):
        CONSUMPTION = "consumption", _("用能")
        GENERATION = "generation", _("发电（光伏等）")
        STORAGE_CHARGE = "charge", _("储能充电")
        STORAGE_DISCHARGE = "discharge", _("储能放电")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="energy_meters", verbose_name=_("园区")
    )
    code = models.CharField(
        _("表计编号"),
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9_.-]+$", _("编号只能包含字母、数字、点、下划线和连字符"))],
    )
    name = models.CharField(_("名称"), max_length=100)
    category = models.CharField(_("分类分项"), max_length=5, choices=EnergyCategory.choices)
    scope = models.CharField(_("计量对象"), max_length=12, choices=Scope.choices)
    level = models.PositiveSmallIntegerField(_("GB 17167 计量级别"), choices=MeteringLevel.choices)
    direction = models.CharField(
        _("方向"), max_length=12, choices=Direction.choices, default=Direction.CONSUMPTION
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级表计")
    )
    building = models.ForeignKey(
        "core.Building",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="energy_meters",
        verbose_name=_("楼栋"),
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="energy_meters",
        verbose_name=_("企业"),
        help_text=_("企业分户表填写；企业只能看到自己的表计"),
    )
    virtual = models.BooleanField(
        _("虚拟表"), default=False, help_text=_("由其他表计加减得出，如公共区域 = 楼栋总表 − 各企业分户表")
    )
    point = models.ForeignKey(
        "telemetry.Point",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="energy_meters",
        verbose_name=_("采集点"),
        help_text=_("实体表计的在线采集点（累计量）"),
    )
    multiplier = models.DecimalField(
        _("倍率"),
        max_digits=10,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    accuracy_class = models.CharField(
        _("准确度等级"), max_length=10, blank=True, help_text=_("如 1.0、0.5S、2 级")
    )
    calibrated_until = models.DateField(_("检定/校准有效期至"), null=True, blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("能源计量表")
        verbose_name_plural = pgettext_lazy("list", "能源计量表")
        ordering = ["park", "level", "code"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="unique_energy_meter_code")]

    def clean(self) -> None:
        errors = {}
        for name in ("building", "enterprise"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.park_id and related.park_id != self.park_id:
                errors[name] = gettext("须属于同一园区")
        if self.parent_id and self.park_id and self.parent.park_id != self.park_id:
            errors["parent"] = gettext("须属于同一园区")
        if self.parent_id and self.pk:
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if node.pk == self.pk:
                    errors["parent"] = gettext("上级表计不能是自己或自己的下级")
                    break
                seen.add(node.pk)
                node = node.parent
        if self.virtual and self.point_id:
            errors["point"] = gettext("虚拟表没有采集点")
        if self.scope == self.Scope.TENANT and not self.enterprise_id:
            errors["enterprise"] = gettext("企业分户表须选择企业")
        if self.scope in (self.Scope.BUILDING, self.Scope.PUBLIC, self.Scope.TENANT) and not self.building_id:
            errors["building"] = gettext("楼栋总表、公共区域和企业分户表须选择楼栋")
        if errors:
            raise ValidationError(errors)

    @property
    def kind(self) -> EnergyCategory:
        return energy_kind(self.category)

    @property
    def unit(self) -> str:
        return unit_of(self.category)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class VirtualMeterTerm(RestrictedModel):
    """One term of a virtual meter's equation: + or − another meter of the same energy."""

    park_path = "meter__park"
    write_departments = ENERGY

    meter = models.ForeignKey(Meter, models.CASCADE, related_name="terms", verbose_name=_("虚拟表"))
    source = models.ForeignKey(
        Meter, models.PROTECT, related_name="used_in", verbose_name=_("参与计算的表计")
    )
    sign = models.SmallIntegerField(_("加减"), choices=[(1, "+"), (-1, "−")], default=1)

    class Meta:
        verbose_name = _("虚拟表计算项")
        verbose_name_plural = pgettext_lazy("list", "虚拟表计算项")
        ordering = ["meter", "-sign", "source__code"]
        constraints = [models.UniqueConstraint(fields=["meter", "source"], name="unique_virtual_term")]

    def clean(self) -> None:
        if not (self.meter_id and self.source_id):
            return
        if not self.meter.virtual:
            raise ValidationError({"meter": gettext("只有虚拟表才有计算项")})
        if self.source.park_id != self.meter.park_id:
            raise ValidationError({"source": gettext("须属于同一园区")})
        if self.source.kind != self.meter.kind:
            raise ValidationError({"source": gettext("参与计算的表计须是同一能源种类")})
        if self.source_id == self.meter_id or _uses(self.source, self.meter_id):
            raise ValidationError({"source": gettext("虚拟表不能引用自己（含间接引用）")})

    label_related = ("source",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{'+' if self.sign > 0 else '−'} {self.source.code}"


def _uses(meter: Meter, target_id: int, depth: int = 0) -> bool:
    if depth > 20:
        return True
    return any(
        t.source_id == target_id or _uses(t.source, target_id, depth + 1)
        for t in meter.terms.select_related("source")
    )


class EmissionFactor(RestrictedModel):
    """碳排放因子 of one energy kind for one year (8.3): the grid factor of the reading's year is
    used; the operator adds next year's when it is published. Editable reference data."""

    write_departments = ENERGY

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="emission_factors", verbose_name=_("园区")
    )
    energy = models.CharField(_("能源种类"), max_length=5, choices=KIND_CHOICES)
    year = models.PositiveSmallIntegerField(_("数据年份"), validators=[MinValueValidator(2000)])
    region = models.CharField(_("区域/口径"), max_length=60, help_text=_("如 南方电网区域"))
    value = models.DecimalField(
        _("排放因子（kgCO2/单位）"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(_("来源"), max_length=300)

    class Meta:
        verbose_name = _("碳排放因子")
        verbose_name_plural = pgettext_lazy("list", "碳排放因子")
        ordering = ["park", "energy", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["park", "energy", "year"], name="unique_emission_factor_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_energy_display()} {self.year}：{self.value.normalize():f}"


class TariffPeriod(RestrictedModel):
    """分时电价 (time-of-use) period: from a time of day to another, a price per unit, valid
    from a date. Tiered, demand and basic charges are described in the docs, not modelled."""

    write_departments = ENERGY

    class Band(models.TextChoices):
        PEAK = "peak", _("峰")
        SHOULDER = "flat", _("平")
        VALLEY = "valley", _("谷")
        SHARP = "sharp", _("尖峰")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="tariff_periods", verbose_name=_("园区")
    )
    energy = models.CharField(
        _("能源种类"), max_length=5, choices=KIND_CHOICES, default=EnergyCategory.ELECTRICITY
    )
    band = models.CharField(_("时段"), max_length=8, choices=Band.choices)
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"), help_text=_("不含；跨零点时结束早于开始"))
    price = models.DecimalField(
        _("单价（元）"), max_digits=8, decimal_places=4, validators=[MinValueValidator(Decimal("0"))]
    )
    valid_from = models.DateField(_("执行日期"))

    class Meta:
        verbose_name = _("分时电价")
        verbose_name_plural = pgettext_lazy("list", "分时电价")
        ordering = ["park", "energy", "-valid_from", "start"]

    def covers(self, hour: int) -> bool:
        start, end = self.start.hour, self.end.hour
        return start <= hour < end if start < end else hour >= start or hour < end

    def __str__(self) -> str:
        return f"{self.get_band_display()} {self.start:%H:%M}–{self.end:%H:%M} {self.price.normalize():f}"


class EnergySavingMeasure(RestrictedModel):
    """新采用的节能设备或节能措施 (8.2; indicator 57), its saving measured by a meter before and
    after (or, for a measure with no meter of its own, the figures entered from the survey)."""

    write_departments = ENERGY

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("节能设备")
        CONTROL = "control", _("节能控制措施")
        OPERATION = "operation", _("运行管理措施")

    class Area(models.TextChoices):
        LIGHTING = "lighting", _("公共照明")
        ELEVATOR = "elevator", _("电梯")
        HVAC = "hvac", _("空调系统")
        VENTILATION = "ventilation", _("通风系统")
        ELECTRICAL = "electrical", _("电气设施")
        WATER = "water", _("给排水")
        OTHER = "other", _("其他")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="saving_measures", verbose_name=_("园区")
    )
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    area = models.CharField(_("应用范围"), max_length=12, choices=Area.choices)
    description = models.TextField(_("说明"), blank=True)
    commissioned_on = models.DateField(_("投用日期"))
    meter = models.ForeignKey(
        Meter,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="saving_measures",
        verbose_name=_("计量表计"),
    )
    before_from = models.DateField(_("改造前计量起"), null=True, blank=True)
    before_to = models.DateField(_("改造前计量止"), null=True, blank=True)
    after_from = models.DateField(_("改造后计量起"), null=True, blank=True)
    after_to = models.DateField(_("改造后计量止"), null=True, blank=True)
    before_per_day = models.DecimalField(
        _("改造前日均能耗（无表计时填写）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    after_per_day = models.DecimalField(
        _("改造后日均能耗（无表计时填写）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("节能设备与措施")
        verbose_name_plural = pgettext_lazy("list", "节能设备与措施")
        ordering = ["park", "-commissioned_on"]

    def clean(self) -> None:
        errors = {}
        if self.meter_id and self.park_id and self.meter.park_id != self.park_id:
            errors["meter"] = gettext("须属于同一园区")
        for start, end in (("before_from", "before_to"), ("after_from", "after_to")):
            a, b = getattr(self, start), getattr(self, end)
            if (a is None) != (b is None) or (a and b and b < a):
                errors[end] = gettext("计量期须有起止日期，且止不早于起")
        if self.before_to and self.after_from and self.after_from <= self.before_to:
            errors["after_from"] = gettext("改造后计量期须在改造前计量期之后")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return self.name


class DistributedEnergy(RestrictedModel):
    """分布式能源设施 (8.4; indicator 58): rooftop PV, storage, and what they generate or store,
    read from their meters."""

    write_departments = ENERGY

    class Kind(models.TextChoices):
        PV = "pv", _("光伏发电")
        STORAGE = "storage", _("储能")
        SOLAR_WATER = "solar_water", _("太阳能热水")
        HEAT_PUMP = "heat_pump", _("空气源热泵")
        OTHER = "other", _("其他")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="distributed_energy", verbose_name=_("园区")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=120)
    building = models.ForeignKey(
        "core.Building", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("楼栋")
    )
    capacity_kw = models.DecimalField(
        _("装机容量/功率（kW）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    capacity_kwh = models.DecimalField(
        _("储能容量（kWh）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    commissioned_on = models.DateField(_("投运日期"))
    meter = models.ForeignKey(
        Meter,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("发电/放电计量表"),
    )
    operator_name = models.CharField(_("建设/运营单位"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("分布式能源设施")
        verbose_name_plural = pgettext_lazy("list", "分布式能源设施")
        ordering = ["park", "kind", "name"]

    def clean(self) -> None:
        if self.meter_id and self.park_id and self.meter.park_id != self.park_id:
            raise ValidationError({"meter": gettext("须属于同一园区")})

    def __str__(self) -> str:
        return self.name


class MajorEquipment(RestrictedModel):
    """主要用能设备 (GB 17167 level 3; 8.1 对高能耗设备实施重点监管): the equipment that must be
    metered individually; coverage at level 3 is how many of them have a meter."""

    write_departments = ENERGY

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="major_equipment", verbose_name=_("园区")
    )
    name = models.CharField(_("设备名称"), max_length=120)
    building = models.ForeignKey(
        "core.Building", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("楼栋")
    )
    energy = models.CharField(
        _("能源种类"), max_length=5, choices=KIND_CHOICES, default=EnergyCategory.ELECTRICITY
    )
    rated_kw = models.DecimalField(
        _("额定功率（kW）"), max_digits=10, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    meter = models.ForeignKey(
        Meter, models.SET_NULL, null=True, blank=True, related_name="equipment", verbose_name=_("计量表计")
    )

    class Meta:
        verbose_name = _("主要用能设备")
        verbose_name_plural = pgettext_lazy("list", "主要用能设备")
        ordering = ["park", "name"]

    def clean(self) -> None:
        if self.meter_id and self.park_id and self.meter.park_id != self.park_id:
            raise ValidationError({"meter": gettext("须属于同一园区")})

    def __str__(self) -> str:
        return self.name


class EnergyManager(RestrictedModel):
    """能源管理专人 (8.7): who manages energy saving and environment protection day to day."""

    write_departments = ENERGY

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="energy_managers", verbose_name=_("园区")
    )
    name = models.CharField(_("姓名"), max_length=50)
    staff = models.ForeignKey(
        "core.Staff", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("员工档案")
    )
    duties = models.CharField(_("职责"), max_length=300)
    certificate = models.CharField(_("资格证书"), max_length=120, blank=True, help_text=_("如 能源管理师"))
    appointed_on = models.DateField(_("任命日期"))
    until = models.DateField(_("卸任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("能源管理专人")
        verbose_name_plural = pgettext_lazy("list", "能源管理专人")
        ordering = ["park", "-appointed_on"]

    def clean(self) -> None:
        if self.until and self.appointed_on and self.until < self.appointed_on:
            raise ValidationError({"until": gettext("卸任日期不能早于任命日期")})
        if self.staff_id and self.park_id and self.staff.park_id != self.park_id:
            raise ValidationError({"staff": gettext("须属于同一园区")})

    def __str__(self) -> str:
        return self.name


class GreenFacility(RestrictedModel):
    """节水器具及绿色设施 (8.5; indicator 59)."""

    write_departments = GREEN
    file_kinds = {"photo": "image"}

    class Kind(models.TextChoices):
        WATER_SAVING = "water_saving", _("节水器具")
        LEAK_CONTROL = "leak_control", _("管道阀门防漏措施")
        CONDENSATE = "condensate", _("空调冷凝水收集")
        RAINWATER = "rainwater", _("雨水集蓄回用")
        RECLAIMED = "reclaimed", _("中水回用")
        OTHER = "other", _("其他绿色设施")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="green_facilities", verbose_name=_("园区")
    )
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("名称/型号"), max_length=120)
    location = models.CharField(_("位置"), max_length=200)
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    installed_on = models.DateField(_("投用日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    photo = models.ImageField(_("照片"), upload_to="energy/green/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("绿色设施")
        verbose_name_plural = pgettext_lazy("list", "节水器具及绿色设施")
        ordering = ["park", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.name}"


class GreenActivity(RestrictedModel):
    """绿色、低碳主题培训和活动 (8.7; indicator 61), for staff and for tenants."""

    write_departments = GREEN
    file_kinds = {"photo": "image"}

    class Kind(models.TextChoices):
        TRAINING = "training", _("培训")
        ACTIVITY = "activity", _("活动")

    class Audience(models.TextChoices):
        STAFF = "staff", _("运营人员")
        TENANTS = "tenants", _("入驻企业")
        BOTH = "both", _("运营人员和入驻企业")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="green_activities", verbose_name=_("园区")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    audience = models.CharField(_("对象"), max_length=10, choices=Audience.choices)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    organiser = models.CharField(_("组织/授课"), max_length=120, blank=True)
    note = models.TextField(_("内容摘要"), blank=True)
    photo = models.ImageField(_("现场照片"), upload_to="energy/activities/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("绿色低碳培训与活动")
        verbose_name_plural = pgettext_lazy("list", "绿色低碳培训与活动")
        ordering = ["park", "-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"
