"""Function spaces, their equipment, floor plans and bookings (clause 5.3; indicators 9, 10, 11).

5.3 asks for a park's spaces and supporting facilities (配套功能空间) with complete equipment,
a distribution map (分布图), and rules for using them with a booking system. Double bookings are
refused by the database itself: an exclusion constraint on PostgreSQL, a trigger on SQLite
(both created in migration 0001); ``services.book`` turns the refusal into "该时段已被预约".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel, RestrictedQuerySet
from parkops.core.scope import ALL_DEPARTMENTS, DepartmentKind, Role

ZERO = Decimal("0")
SPACE_DEPARTMENTS = (DepartmentKind.ADMINISTRATION, DepartmentKind.SERVICE, DepartmentKind.ENGINEERING)
# Staff who approve, reject and cancel other people's bookings (besides operator administrators).
BOOKING_MANAGERS = (DepartmentKind.ADMINISTRATION, DepartmentKind.SERVICE, DepartmentKind.ENTERPRISE)
OVERLAP_CONSTRAINT = "spaces_booking_no_overlap"


class FunctionSpace(RestrictedModel):
    """配套功能空间: a meeting room, exhibition hall, canteen, gym, incubator desks… (clause 5.3;
    indicator 9 功能空间与配套设施, indicator 11 相关配套介绍)."""

    write_departments = SPACE_DEPARTMENTS
    tenant_visible = True  # the park's tenants see the spaces they can use

    class Kind(models.TextChoices):
        MEETING_ROOM = "meeting_room", _("会议室")
        EXHIBITION = "exhibition", _("展厅")
        CANTEEN = "canteen", _("食堂")
        GYM = "gym", _("健身房")
        INCUBATOR = "incubator", _("孵化工位")
        PARKING = "parking", _("停车场")
        ROADSHOW = "roadshow", _("路演厅")
        NEGOTIATION = "negotiation", _("洽谈室")
        OTHER = "other", _("其他")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="function_spaces", verbose_name=_("园区")
    )
    building = models.ForeignKey(
        "core.Building",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="function_spaces",
        verbose_name=_("楼栋"),
    )
    floor = models.ForeignKey(
        "core.Floor",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="function_spaces",
        verbose_name=_("楼层"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    capacity = models.PositiveIntegerField(_("容纳人数"), default=0)
    area = models.DecimalField(
        _("面积（㎡）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    description = models.TextField(
        _("介绍"), blank=True, help_text=_("位置、用途、开放对象等，作为园区配套介绍展示给企业")
    )
    photo = models.ImageField(_("照片"), upload_to="spaces/photos/%Y/", blank=True)
    bookable = models.BooleanField(_("可预约"), default=True)
    # Clause 5.3.1 and veto row 1: a space keeps the use its planning permit gives it. An actual
    # use recorded as different vetoes the park until the space is used as planned again (the
    # field cleared) or the planning authority approves the change (document number and date).
    planned_use = models.CharField(
        _("规划用途"), max_length=100, blank=True, help_text=_("建设工程规划许可或竣工验收文件载明的用途")
    )
    actual_use = models.CharField(
        _("实际用途"), max_length=100, blank=True, help_text=_("与规划用途不同时填写；按规划用途使用时留空")
    )
    use_change_approval_no = models.CharField(
        _("用途变更批准文号"), max_length=100, blank=True, help_text=_("规划部门批准变更用途的文号")
    )
    use_change_approved_on = models.DateField(_("用途变更批准日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("功能空间")
        verbose_name_plural = pgettext_lazy("list", "功能空间")
        ordering = ["park", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_function_space_name")]

    def clean(self) -> None:
        errors = {}
        if self.building_id and self.park_id and self.building.park_id != self.park_id:
            errors["building"] = gettext("楼栋不在本园区")
        if self.floor_id:
            if self.building_id and self.floor.building_id != self.building_id:
                errors["floor"] = gettext("楼层不属于所选楼栋")
            elif self.park_id and self.floor.building.park_id != self.park_id:
                errors["floor"] = gettext("楼层不在本园区")
        self.planned_use, self.actual_use = self.planned_use.strip(), self.actual_use.strip()
        if self.actual_use and not self.planned_use:
            errors["planned_use"] = gettext("登记实际用途前，请先登记规划用途")
        if bool(self.use_change_approval_no.strip()) != bool(self.use_change_approved_on):
            errors["use_change_approved_on"] = gettext("批准文号和批准日期须同时填写")
        if errors:
            raise ValidationError(errors)

    @property
    def use_differs(self) -> bool:
        """Used other than as planned (whether or not the change was approved)."""
        return bool(self.actual_use) and self.actual_use != self.planned_use

    def use_mismatch_on(self, as_of) -> bool:
        """Used other than as planned on ``as_of`` without the planning authority's approval:
        the condition that vetoes row 1."""
        approved = self.use_change_approved_on is not None and self.use_change_approved_on <= as_of
        return self.use_differs and not approved

    def save(self, *args, **kwargs):
        if self.floor_id and not self.building_id:
            self.building_id = self.floor.building_id
        super().save(*args, **kwargs)

    @property
    def location(self) -> str:
        if self.floor_id:
            return str(self.floor)
        return self.building.name if self.building_id else "园区公共区域"

    def __str__(self) -> str:
        return self.name


class Equipment(RestrictedModel):
    """配套设备设施 of a function space (indicator 10 设备设施清单)."""

    park_path = "space__park"
    write_departments = SPACE_DEPARTMENTS
    tenant_visible = True

    class Category(models.TextChoices):
        AV = "av", _("音视频")
        FURNITURE = "furniture", _("家具")
        NETWORK = "network", _("网络通信")
        CATERING = "catering", _("餐饮")
        FITNESS = "fitness", _("健身器材")
        SAFETY = "safety", _("安全消防")
        POWER = "power", _("电力照明")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        NORMAL = "normal", _("正常")
        REPAIR = "repair", _("维修中")
        RETIRED = "retired", _("停用")

    space = models.ForeignKey(
        FunctionSpace, models.CASCADE, related_name="equipment", verbose_name=_("功能空间")
    )
    name = models.CharField(_("设备名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.OTHER)
    model_no = models.CharField(_("型号规格"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NORMAL)
    last_checked_on = models.DateField(_("最近检查日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("设备设施")
        verbose_name_plural = pgettext_lazy("list", "设备设施")
        ordering = ["space", "category", "name"]

    def __str__(self) -> str:
        return f"{self.space.name}·{self.name}"


class FloorPlan(RestrictedModel):
    """楼层平面分布图: an image of one floor with its units and function spaces marked
    (indicator 9 功能空间分布图)."""

    park_path = "floor__building__park"
    write_departments = SPACE_DEPARTMENTS
    tenant_visible = True

    floor = models.OneToOneField("core.Floor", models.CASCADE, related_name="plan", verbose_name=_("楼层"))
    image = models.ImageField(_("平面图"), upload_to="spaces/plans/%Y/")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("楼层平面图")
        verbose_name_plural = pgettext_lazy("list", "楼层平面图")
        ordering = ["floor"]

    def __str__(self) -> str:
        return f"{self.floor} 平面图"


class FloorPlanMarkQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> FloorPlanMarkQuerySet:
        """A tenant sees the marks of the park's function spaces and of its own units, never
        which other unit is where (a unit's code is how the park names its occupant). One rule
        for the plan page, the marks list, its export and the API."""
        qs = super().restrict(user, action)
        if user is not None and getattr(user, "role", None) == Role.TENANT and not user.is_superuser:
            qs = qs.filter(Q(space__isnull=False) | Q(unit__enterprise_id=user.enterprise_id))
        return qs


class FloorPlanMark(RestrictedModel):
    """A mark on a floor plan: a unit or a function space at x/y percent of the image."""

    park_path = "plan__floor__building__park"
    write_departments = SPACE_DEPARTMENTS
    tenant_visible = True  # narrowed for tenants by FloorPlanMarkQuerySet.restrict

    objects = FloorPlanMarkQuerySet.as_manager()

    plan = models.ForeignKey(FloorPlan, models.CASCADE, related_name="marks", verbose_name=_("平面图"))
    unit = models.ForeignKey(
        "core.Unit", models.CASCADE, null=True, blank=True, related_name="plan_marks", verbose_name=_("房源")
    )
    space = models.ForeignKey(
        FunctionSpace,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_marks",
        verbose_name=_("功能空间"),
    )
    x = models.DecimalField(
        _("横向位置（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(100)],
    )
    y = models.DecimalField(
        _("纵向位置（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("平面图标注")
        verbose_name_plural = pgettext_lazy("list", "平面图标注")
        ordering = ["plan", "y", "x"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, space__isnull=True)
                | Q(unit__isnull=True, space__isnull=False),
                name="plan_mark_unit_xor_space",
                violation_error_message="标注须且只能对应一个房源或一个功能空间",
            )
        ]

    def clean(self) -> None:
        if bool(self.unit_id) == bool(self.space_id):
            raise ValidationError(gettext("标注须且只能对应一个房源或一个功能空间"))
        if not self.plan_id:
            return
        if self.unit_id and self.unit.floor_id != self.plan.floor_id:
            raise ValidationError({"unit": gettext("房源不在此楼层")})
        if self.space_id and self.space.park_id != self.plan.floor.building.park_id:
            raise ValidationError({"space": gettext("功能空间不在本园区")})
        if self.space_id and self.space.floor_id and self.space.floor_id != self.plan.floor_id:
            raise ValidationError({"space": gettext("功能空间不在此楼层")})

    @property
    def label(self) -> str:
        return self.unit.code if self.unit_id else self.space.name

    def __str__(self) -> str:
        return f"{self.plan}·{self.label}"


class BookingRule(RestrictedModel):
    """空间预约规则 of one space (clause 5.3 空间管理制度与预约系统; indicator 11)."""

    park_path = "space__park"
    write_departments = SPACE_DEPARTMENTS
    tenant_visible = True  # tenants see the rules before they book

    class Who(models.TextChoices):
        TENANTS = "tenants", _("仅入驻企业")
        STAFF = "staff", _("仅运营人员")
        BOTH = "both", _("入驻企业和运营人员")

    space = models.OneToOneField(
        FunctionSpace, models.CASCADE, related_name="rule", verbose_name=_("功能空间")
    )
    who = models.CharField(_("可预约对象"), max_length=10, choices=Who.choices, default=Who.BOTH)
    opens_at = models.TimeField(_("开放时间"), default=dt.time(8, 0))
    closes_at = models.TimeField(_("关闭时间"), default=dt.time(20, 0))
    max_minutes = models.PositiveIntegerField(
        _("单次最长（分钟）"), default=240, validators=[MinValueValidator(30)]
    )
    min_notice_minutes = models.PositiveIntegerField(_("至少提前（分钟）"), default=30)
    horizon_days = models.PositiveIntegerField(
        _("最多提前预约（天）"), default=60, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    needs_approval = models.BooleanField(_("需审批"), default=False)
    price_per_hour = models.DecimalField(
        _("价格（元/小时）"),
        max_digits=8,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("0 为免费"),
    )
    notes = models.TextField(_("使用须知"), blank=True)

    class Meta:
        verbose_name = _("预约规则")
        verbose_name_plural = pgettext_lazy("list", "预约规则")
        ordering = ["space"]

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": gettext("关闭时间须晚于开放时间")})
        for name in ("opens_at", "closes_at"):
            value = getattr(self, name)
            if value and (value.minute % 30 or value.second):
                raise ValidationError({name: gettext("请以整点或半点设置")})

    @property
    def open_minutes_per_day(self) -> int:
        return (self.closes_at.hour * 60 + self.closes_at.minute) - (
            self.opens_at.hour * 60 + self.opens_at.minute
        )

    def __str__(self) -> str:
        return f"{self.space.name} 预约规则"


class Booking(RestrictedModel):
    """空间预约 (clause 5.3 预约系统). Tenants see their own enterprise's bookings; the busy
    slots of a space are shown to everyone who may book it without saying who booked."""

    park_path = "space__park"
    enterprise_path = "enterprise"
    write_departments = (ALL_DEPARTMENTS,)  # any staff member may book; services decide the rest
    tenant_actions = ("add", "change")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已驳回")
        CANCELLED = "cancelled", _("已取消")

    ACTIVE = (Status.PENDING, Status.CONFIRMED)

    space = models.ForeignKey(
        FunctionSpace, models.CASCADE, related_name="bookings", verbose_name=_("功能空间")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="space_bookings", verbose_name=_("预约人")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="space_bookings",
        verbose_name=_("预约企业"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    purpose = models.CharField(_("用途"), max_length=200)
    attendees = models.PositiveIntegerField(_("参加人数"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    price = models.DecimalField(_("费用（元）"), max_digits=10, decimal_places=2, default=ZERO)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("空间预约")
        verbose_name_plural = pgettext_lazy("list", "空间预约")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["space", "starts_at"], name="spaces_booking_space_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="spaces_booking_ends_after_start",
                violation_error_message="结束时间须晚于开始时间",
            )
        ]

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / Decimal(3600)

    def __str__(self) -> str:
        from django.utils import timezone

        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{self.space.name} {start:%Y-%m-%d %H:%M}–{end:%H:%M}"
