"""Devices, their measuring points, readings, quarantine, rollups and alarms: the park's live data
(clauses 7.1.2 智慧化设施, 8 绿色低碳 metering, 6.3.1.8 monitoring, 6.3.4.4 pollution monitoring).

Readings arrive over HTTP (``POST /api/telemetry/``) and MQTT (``parkops mqtt-ingest``) and go
through ``parkops.telemetry.ingest``; rollups per point at 15 minutes, hour, day and calendar
month (Asia/Shanghai) are kept current there, so no page scans raw readings for a period
longer than a day (``parkops.telemetry.selectors``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

WRITERS = (DepartmentKind.DIGITAL, DepartmentKind.ENGINEERING)
# A device or point code is one MQTT topic level: no '/', '+', '#', no spaces.
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$", _("编码只能包含字母、数字和 _ . : -，最长 64 位")
)
VALUE_DIGITS = {"max_digits": 20, "decimal_places": 6}


class Device(RestrictedModel):
    """物联设备: a meter, sensor, equipment monitor, camera or alarm panel of the park (7.1.2).
    Its online state comes from its own reports (``last_seen_at``), never from a form."""

    write_departments = WRITERS

    class Kind(models.TextChoices):
        ELECTRICITY = "electricity", _("电表")
        WATER = "water", _("水表")
        GAS = "gas", _("燃气表")
        HEAT = "heat", _("热（冷）量表")
        ENVIRONMENT = "environment", _("环境传感器")
        EQUIPMENT = "equipment", _("设备运行监测")
        CAMERA = "camera", _("摄像机")
        ALARM_PANEL = "alarm_panel", _("报警主机")

    METER_KINDS = (Kind.ELECTRICITY, Kind.WATER, Kind.GAS, Kind.HEAT)

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="devices", verbose_name=_("园区"))
    code = models.CharField(_("设备编码"), max_length=64, validators=[CODE_VALIDATOR])
    name = models.CharField(_("设备名称"), max_length=100)
    kind = models.CharField(_("设备类型"), max_length=20, choices=Kind.choices)
    building = models.ForeignKey(
        "core.Building",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("楼栋"),
    )
    floor = models.ForeignKey(
        "core.Floor", models.SET_NULL, null=True, blank=True, related_name="devices", verbose_name=_("楼层")
    )
    unit = models.ForeignKey(
        "core.Unit", models.SET_NULL, null=True, blank=True, related_name="devices", verbose_name=_("房源")
    )
    space = models.ForeignKey(
        "spaces.FunctionSpace",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("功能空间"),
    )
    location = models.CharField(_("安装位置"), max_length=200, blank=True)
    expected_interval_minutes = models.PositiveIntegerField(
        _("上报间隔上限（分钟）"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("超过此时长未上报即视为离线"),
    )
    monitoring_device = models.ForeignKey(
        "safety.MonitoringDevice",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="telemetry_devices",
        verbose_name=_("对应的安全监控设备"),
        help_text=_("上报数据即更新该监控设备的运行状态（指标25）"),
    )
    pollution_point = models.ForeignKey(
        "environment.MonitoringPoint",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="telemetry_devices",
        verbose_name=_("对应的污染监测点"),
    )
    installed_on = models.DateField(_("安装日期"), null=True, blank=True)
    active = models.BooleanField(_("在用"), default=True)
    last_seen_at = models.DateTimeField(_("最近上报时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("物联设备")
        verbose_name_plural = pgettext_lazy("list", "物联设备")
        ordering = ["park", "code"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="unique_device_code_per_park")]

    def clean(self) -> None:
        errors = {}
        for name in ("building", "monitoring_device", "pollution_point", "space"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.park_id and related.park_id != self.park_id:
                errors[name] = gettext("须属于同一园区")
        if self.floor_id and self.park_id and self.floor.building.park_id != self.park_id:
            errors["floor"] = gettext("须属于同一园区")
        if self.floor_id and self.building_id and self.floor.building_id != self.building_id:
            errors["floor"] = gettext("楼层须在所选楼栋")
        if self.unit_id and self.park_id and self.unit.floor.building.park_id != self.park_id:
            errors["unit"] = gettext("须属于同一园区")
        if errors:
            raise ValidationError(errors)

    @property
    def is_meter(self) -> bool:
        return self.kind in self.METER_KINDS

    @property
    def online(self) -> bool:
        """Reported within its expected interval; a device that never reported is offline."""
        return self.last_seen_at is not None and clock.now() - self.last_seen_at <= dt.timedelta(
            minutes=self.expected_interval_minutes
        )

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Quantity(models.TextChoices):
    """What a point measures."""

    ENERGY = "energy", _("电能（累计）")
    POWER = "power", _("有功功率")
    WATER = "water", _("用水量（累计）")
    GAS = "gas", _("燃气量（累计）")
    HEAT = "heat", _("热（冷）量（累计）")
    PV = "pv", _("光伏发电量（累计）")
    TEMPERATURE = "temperature", _("温度")
    HUMIDITY = "humidity", _("湿度")
    PM25 = "pm25", _("PM2.5")
    NOISE = "noise", _("噪声")
    POLLUTANT = "pollutant", _("污染物浓度")
    STATUS = "status", _("运行状态")
    OTHER = "other", _("其他")


class Point(RestrictedModel):
    """测点: one quantity a device reports, with its unit and physical range. A cumulative point
    (a meter register) gives consumption as differences between readings."""

    park_path = "device__park"
    write_departments = WRITERS

    device = models.ForeignKey(Device, models.CASCADE, related_name="points", verbose_name=_("设备"))
    code = models.CharField(_("测点编码"), max_length=64, validators=[CODE_VALIDATOR])
    name = models.CharField(_("测点名称"), max_length=100)
    quantity = models.CharField(_("测量内容"), max_length=20, choices=Quantity.choices)
    unit = models.CharField(_("单位"), max_length=20, blank=True, help_text=_("状态量等无单位的测点可留空"))
    min_value = models.DecimalField(_("物理下限"), null=True, blank=True, **VALUE_DIGITS)
    max_value = models.DecimalField(_("物理上限"), null=True, blank=True, **VALUE_DIGITS)
    cumulative = models.BooleanField(
        _("累计值"), default=False, help_text=_("表计读数（累计量）：用量按相邻读数之差计算")
    )
    rollover = models.DecimalField(
        _("计数器满量程"),
        null=True,
        blank=True,
        help_text=_("累计值回零前的最大读数；留空则回零后从 0 起算"),
        **VALUE_DIGITS,
    )
    pollutant_limit = models.ForeignKey(
        "environment.PollutantLimit",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="telemetry_points",
        verbose_name=_("对应的排放限值"),
        help_text=_("超过阈值的读数进入环境模块的超标闭环（6.3.4.4）"),
    )
    last_ts = models.DateTimeField(_("最新读数时间"), null=True, blank=True, editable=False)
    last_value = models.DecimalField(_("最新读数"), null=True, blank=True, editable=False, **VALUE_DIGITS)

    class Meta:
        verbose_name = _("测点")
        verbose_name_plural = pgettext_lazy("list", "测点")
        ordering = ["device", "code"]
        constraints = [
            models.UniqueConstraint(fields=["device", "code"], name="unique_point_code_per_device")
        ]

    def clean(self) -> None:
        if self.min_value is not None and self.max_value is not None and self.min_value >= self.max_value:
            raise ValidationError({"max_value": gettext("物理上限须大于下限")})
        if self.rollover is not None and not self.cumulative:
            raise ValidationError({"rollover": gettext("只有累计值测点有计数器满量程")})
        if (
            self.pollutant_limit_id
            and self.device_id
            and self.device.pollution_point_id != self.pollutant_limit.point_id
        ):
            raise ValidationError({"pollutant_limit": gettext("排放限值须属于设备对应的污染监测点")})

    def __str__(self) -> str:
        return f"{self.device.code}/{self.code}"


class Reading(RestrictedModel):
    """读数: one value of one point at one time, stored once (unique point and time). Written
    only by the ingest, in bulk; no per-row audit entry (one per accepted batch)."""

    park_path = "point__device__park"
    write_departments = ()
    created_at = None  # type: ignore[assignment]  # millions of rows: keep them narrow
    updated_at = None  # type: ignore[assignment]

    # No index of its own: the unique (point, ts) index serves every lookup by point, and one
    # index less to maintain per stored reading is ingest throughput.
    point = models.ForeignKey(
        Point, models.CASCADE, related_name="readings", verbose_name=_("测点"), db_index=False
    )
    ts = models.DateTimeField(_("时间"))
    value = models.DecimalField(_("读数"), **VALUE_DIGITS)

    class Meta:
        verbose_name = _("读数")
        verbose_name_plural = pgettext_lazy("list", "读数")
        ordering = ["point", "ts"]
        constraints = [models.UniqueConstraint(fields=["point", "ts"], name="unique_reading_point_ts")]

    def __str__(self) -> str:
        return f"{self.point_id}@{self.ts.isoformat()}={self.value}"


class MeterReplacement(RestrictedModel):
    """换表记录: the old meter's final reading and the new one's first, so that consumption across
    the change is (old final − last reading) + (next reading − new initial), nothing lost."""

    park_path = "point__device__park"
    write_departments = WRITERS

    point = models.ForeignKey(Point, models.CASCADE, related_name="replacements", verbose_name=_("测点"))
    replaced_at = models.DateTimeField(_("换表时间"))
    old_final_value = models.DecimalField(_("旧表止码"), **VALUE_DIGITS)
    new_initial_value = models.DecimalField(_("新表起码"), **VALUE_DIGITS)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("换表记录")
        verbose_name_plural = pgettext_lazy("list", "换表记录")
        ordering = ["point", "replaced_at"]
        constraints = [
            models.UniqueConstraint(fields=["point", "replaced_at"], name="unique_replacement_per_point_time")
        ]

    def clean(self) -> None:
        if self.point_id and not self.point.cumulative:
            raise ValidationError({"point": gettext("只有累计值测点需要登记换表")})
        if self.replaced_at and self.replaced_at > clock.now():
            raise ValidationError({"replaced_at": gettext("换表时间不能晚于现在")})

    def __str__(self) -> str:
        return f"{self.point} {self.replaced_at:%Y-%m-%d %H:%M}"


class Rollup(RestrictedModel):
    """汇总: one point over one 15-minute, hour, day or calendar-month interval (Asia/Shanghai).

    ``count``/``total``/``minimum``/``maximum`` summarise the readings whose time falls in
    [start, start + interval). For a cumulative point ``consumption`` is the sum of the
    differences between consecutive readings whose later reading falls in (start, end];
    ``gap_consumption`` is the part of it measured across a gap in the 15-minute record (the
    quarter-hours in between have no row: a gap is shown, never spread out or invented)."""

    park_path = "point__device__park"
    write_departments = ()
    created_at = None  # type: ignore[assignment]
    updated_at = None  # type: ignore[assignment]

    class Interval(models.TextChoices):
        QUARTER = "15m", _("15 分钟")
        HOUR = "1h", _("小时")
        DAY = "1d", _("日")
        MONTH = "1mo", _("月")

    # Served by the unique (point, interval, start) index, like Reading.point.
    point = models.ForeignKey(
        Point, models.CASCADE, related_name="rollups", verbose_name=_("测点"), db_index=False
    )
    interval = models.CharField(_("周期"), max_length=3, choices=Interval.choices)
    start = models.DateTimeField(_("开始时间"))
    count = models.PositiveIntegerField(_("读数个数"), default=0)
    total = models.DecimalField(_("读数之和"), default=Decimal(0), **VALUE_DIGITS)
    minimum = models.DecimalField(_("最小值"), null=True, blank=True, **VALUE_DIGITS)
    maximum = models.DecimalField(_("最大值"), null=True, blank=True, **VALUE_DIGITS)
    consumption = models.DecimalField(_("用量"), null=True, blank=True, **VALUE_DIGITS)
    gap_consumption = models.DecimalField(_("跨缺测时段的用量"), default=Decimal(0), **VALUE_DIGITS)
    resets = models.PositiveIntegerField(_("回零/换表次数"), default=0)

    class Meta:
        verbose_name = _("汇总")
        verbose_name_plural = pgettext_lazy("list", "汇总")
        ordering = ["point", "interval", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "interval", "start"], name="unique_rollup_point_interval"
            )
        ]

    @property
    def average(self) -> Decimal | None:
        return self.total / self.count if self.count else None


class Quarantine(RestrictedModel):
    """隔离区: a reading the ingest refused, with its raw payload and reason, kept for staff to
    review and release (store it) or dismiss. Nothing is dropped without a trace."""

    write_departments = WRITERS

    class Reason(models.TextChoices):
        MALFORMED = "malformed", _("格式错误")
        UNKNOWN_PARK = "unknown_park", _("未知园区")
        UNKNOWN_DEVICE = "unknown_device", _("未知设备")
        UNKNOWN_POINT = "unknown_point", _("未知测点")
        NOT_NUMBER = "not_number", _("读数不是数值")
        BAD_TIME = "bad_time", _("时间格式错误或缺少时区")
        OUT_OF_RANGE = "out_of_range", _("超出物理量程")
        FUTURE = "future", _("时间晚于现在 5 分钟以上")
        CONFLICT = "conflict", _("与已存读数不一致")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        RELEASED = "released", _("已放行入库")
        DISMISSED = "dismissed", _("已确认作废")

    class Source(models.TextChoices):
        HTTP = "http", _("HTTP 接口")
        MQTT = "mqtt", _("MQTT")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, null=True, blank=True, related_name="quarantined", verbose_name=_("园区")
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    received_at = models.DateTimeField(_("接收时间"))
    reason = models.CharField(_("原因"), max_length=20, choices=Reason.choices)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    payload = models.JSONField(_("原始数据"))
    device_code = models.CharField(_("设备编码"), max_length=200, blank=True)
    point_code = models.CharField(_("测点编码"), max_length=200, blank=True)
    point = models.ForeignKey(
        Point, models.SET_NULL, null=True, blank=True, related_name="quarantined", verbose_name=_("测点")
    )
    ts = models.DateTimeField(_("读数时间"), null=True, blank=True)
    value = models.DecimalField(_("读数"), null=True, blank=True, **VALUE_DIGITS)
    stored_value = models.DecimalField(_("已存读数"), null=True, blank=True, **VALUE_DIGITS)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("隔离读数")
        verbose_name_plural = pgettext_lazy("list", "隔离读数")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["park", "status"], name="quarantine_park_status")]

    def __str__(self) -> str:
        return f"{self.device_code}/{self.point_code} {self.get_reason_display()}"


class Severity(models.TextChoices):
    INFO = "info", _("提示")
    WARNING = "warning", _("一般")
    CRITICAL = "critical", _("严重")


class AlarmRule(RestrictedModel):
    """告警规则 for one point or every device of a kind: a threshold, no data for N minutes, or
    consumption unusual for the hour against the same hour of earlier weeks."""

    write_departments = WRITERS

    class Condition(models.TextChoices):
        ABOVE = "above", _("高于阈值")
        BELOW = "below", _("低于阈值")
        OFFLINE = "offline", _("无数据（离线）")
        UNUSUAL = "unusual", _("用量异常（同比往周同时段）")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="alarm_rules", verbose_name=_("园区"))
    name = models.CharField(_("规则名称"), max_length=100)
    point = models.ForeignKey(
        Point, models.CASCADE, null=True, blank=True, related_name="alarm_rules", verbose_name=_("测点")
    )
    device_kind = models.CharField(
        _("设备类型"),
        max_length=20,
        choices=Device.Kind.choices,
        blank=True,
        help_text=_("不选测点时按设备类型适用"),
    )
    condition = models.CharField(_("条件"), max_length=10, choices=Condition.choices)
    threshold = models.DecimalField(_("阈值"), null=True, blank=True, **VALUE_DIGITS)
    minutes = models.PositiveIntegerField(_("无数据分钟数"), null=True, blank=True)
    factor = models.DecimalField(
        _("异常倍数"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("本小时用量超过往周同时段平均值的倍数"),
    )
    weeks = models.PositiveSmallIntegerField(_("比较周数"), default=4)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("告警规则")
        verbose_name_plural = pgettext_lazy("list", "告警规则")
        ordering = ["park", "name"]

    def clean(self) -> None:
        errors = {}
        if not self.point_id and not self.device_kind:
            errors["point"] = gettext("请选择测点或设备类型")
        if self.point_id and self.park_id and self.point.device.park_id != self.park_id:
            errors["point"] = gettext("须属于同一园区")
        if self.condition in (self.Condition.ABOVE, self.Condition.BELOW) and self.threshold is None:
            errors["threshold"] = gettext("阈值告警须填写阈值")
        if self.condition == self.Condition.OFFLINE and not self.minutes:
            errors["minutes"] = gettext("离线告警须填写无数据分钟数")
        if self.condition == self.Condition.UNUSUAL and not self.factor:
            errors["factor"] = gettext("用量异常告警须填写异常倍数")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return self.name


class Alarm(RestrictedModel):
    """告警: opened when a rule's condition holds (with a work order and a notification),
    cleared when it ends."""

    write_departments = WRITERS

    class Status(models.TextChoices):
        OPEN = "open", _("告警中")
        CLEARED = "cleared", _("已恢复")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="alarms", verbose_name=_("园区"))
    rule = models.ForeignKey(AlarmRule, models.CASCADE, related_name="alarms", verbose_name=_("规则"))
    device = models.ForeignKey(Device, models.CASCADE, related_name="alarms", verbose_name=_("设备"))
    point = models.ForeignKey(
        Point, models.CASCADE, null=True, blank=True, related_name="alarms", verbose_name=_("测点")
    )
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("告警时间"))
    value = models.DecimalField(_("触发值"), null=True, blank=True, **VALUE_DIGITS)
    message = models.CharField(_("告警内容"), max_length=300)
    cleared_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    work_order = models.ForeignKey(
        "engineering.WorkOrder",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="telemetry_alarms",
        verbose_name=_("工单"),
    )

    class Meta:
        verbose_name = _("告警")
        verbose_name_plural = pgettext_lazy("list", "告警")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "device", "point"],
                condition=Q(status="open"),
                name="one_open_alarm_per_rule_target",
            )
        ]

    @property
    def alarm_ref(self) -> str:
        return f"telemetry:{self.rule_id}:{self.device_id}:{self.point_id or '-'}"

    def __str__(self) -> str:
        return self.message
