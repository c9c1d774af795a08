"""工程管理 (clause 6.3.2; indicators 26, 27): work orders with SLAs, preventive maintenance
plans and periodic tests of the public systems, the building condition ledger, and tenants'
decoration applications with their approvals, safety agreements and inspections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import Building, Enterprise, Floor, Park, RestrictedModel, Unit
from parkops.core.scope import CHANGE, DepartmentKind, Role, can
from parkops.core.workflow import TimelineEvent, Transition, Workflow

ENGINEERING = (DepartmentKind.ENGINEERING,)
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
FILE_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "jpg", "jpeg", "png", "dwg", "zip"]
image_validator = FileExtensionValidator(
    IMAGE_EXTENSIONS, _("只能上传以下格式的图片：%(allowed_extensions)s")
)
file_validator = FileExtensionValidator(FILE_EXTENSIONS, _("只能上传以下格式的文件：%(allowed_extensions)s"))


class System(models.TextChoices):
    """公共设施设备系统 (clause 6.3.2.3)."""

    POWER = "power", _("供配电")
    WATER = "water", _("给排水")
    HVAC = "hvac", _("暖通空调")
    FIRE = "fire", _("消防")
    ELEVATOR = "elevator", _("电梯")


def _may_handle(user, order) -> bool:
    """Engineering staff of the order's park and its administrators handle an order."""
    return getattr(user, "is_authenticated", False) and can(user, CHANGE, order)


def _may_confirm(user, order) -> bool:
    """The reporter confirms (or a colleague at the same enterprise); for an order with no
    person behind it (alarm, plan) engineering staff confirm on site."""
    if not getattr(user, "is_authenticated", False):
        return False
    if order.reporter_id and order.reporter_id == user.pk:
        return True
    if (
        getattr(user, "role", None) == Role.TENANT
        and order.enterprise_id
        and order.enterprise_id == user.enterprise_id
    ):
        return True
    return order.source in (WorkOrder.Source.ALARM, WorkOrder.Source.MAINTENANCE) and can(user, CHANGE, order)


class WorkOrder(RestrictedModel):
    """报修工单 (clause 6.3.2; indicator 27): reported by staff, a tenant or an alarm, assigned
    to an engineer, done, confirmed by its reporter and rated."""

    enterprise_path = "enterprise"
    write_departments = ENGINEERING
    tenant_actions = ("add",)

    class Source(models.TextChoices):
        STAFF = "staff", _("员工报修")
        TENANT = "tenant", _("企业报修")
        ALARM = "alarm", _("设备告警")
        MAINTENANCE = "maintenance", _("计划维保")

    class Category(models.TextChoices):
        UTILITIES = "utilities", _("水电")
        HVAC = "hvac", _("空调")
        ELEVATOR = "elevator", _("电梯")
        FIRE = "fire", _("消防")
        CIVIL = "civil", _("土建")
        NETWORK = "network", _("网络")
        OTHER = "other", _("其他")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("一般")
        URGENT = "urgent", _("紧急")

    class State(models.TextChoices):
        REPORTED = "reported", _("报修")
        ASSIGNED = "assigned", _("已派单")
        ACCEPTED = "accepted", _("已接单")
        DONE = "done", _("处理完成")
        CONFIRMED = "confirmed", _("已确认")
        RATED = "rated", _("已评价")
        CANCELLED = "cancelled", _("已取消")

    OPEN_STATES = (State.REPORTED, State.ASSIGNED, State.ACCEPTED)
    UNANSWERED_STATES = (State.REPORTED, State.ASSIGNED)

    HANDLER_DENIED = _("只有工程部人员或管理员可以处理工单")
    REPORTER_DENIED = _("只有报修人可以确认或退回工单")
    workflow = Workflow(
        field="state",
        events="events",
        transitions=[
            Transition(
                "assign",
                source=OPEN_STATES,
                target=State.ASSIGNED,
                step="派单",
                allowed=_may_handle,
                denied=HANDLER_DENIED,
                refused=lambda order: (
                    gettext("“%(get_state_display)s”状态的工单不能派单")
                    % {"get_state_display": order.get_state_display()}
                ),
            ),
            Transition(
                "accept",
                source=[State.ASSIGNED],
                target=State.ACCEPTED,
                step="接单",
                allowed=_may_handle,
                denied=HANDLER_DENIED,
                refused=_("只有已派单的工单可以接单"),
            ),
            Transition(
                "complete",
                source=[State.ACCEPTED],
                target=State.DONE,
                step="处理完成",
                allowed=_may_handle,
                denied=HANDLER_DENIED,
                refused=_("只有已接单的工单可以填写完工"),
            ),
            Transition(
                "confirm",
                source=[State.DONE],
                target=State.CONFIRMED,
                step="确认完成",
                allowed=_may_confirm,
                denied=REPORTER_DENIED,
                refused=_("只有处理完成的工单可以确认"),
            ),
            Transition(
                "reject",
                source=[State.DONE],
                target=(State.ASSIGNED, State.REPORTED),
                step="退回重修",
                audit_event="reopen",
                allowed=_may_confirm,
                denied=REPORTER_DENIED,
                refused=_("只有处理完成的工单可以退回"),
            ),
            Transition(
                "rate",
                source=[State.CONFIRMED],
                target=State.RATED,
                step="评价",
                allowed=_may_confirm,
                denied=REPORTER_DENIED,
                refused=_("确认完成后才能评价"),
            ),
        ],
    )

    park = models.ForeignKey(Park, models.CASCADE, related_name="work_orders", verbose_name=_("园区"))
    number = models.CharField(_("工单号"), max_length=30, unique=True, editable=False)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.STAFF)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    enterprise = models.ForeignKey(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("报修企业"),
    )
    building = models.ForeignKey(
        Building, models.SET_NULL, null=True, blank=True, related_name="work_orders", verbose_name=_("楼栋")
    )
    unit = models.ForeignKey(
        Unit, models.SET_NULL, null=True, blank=True, related_name="work_orders", verbose_name=_("房源")
    )
    location = models.CharField(_("具体位置"), max_length=200, blank=True, help_text=_("如 A栋 12F 茶水间"))
    description = models.TextField(_("故障描述"))
    photo = models.ImageField(
        _("现场照片"), upload_to="engineering/orders/%Y/%m/", blank=True, validators=[image_validator]
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_work_orders",
        verbose_name=_("报修人"),
    )
    alarm_ref = models.CharField(_("告警编号"), max_length=100, blank=True)
    plan = models.ForeignKey(
        "MaintenancePlan",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("维保计划"),
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.REPORTED)
    reported_at = models.DateTimeField(_("报修时间"), default=clock.now)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_work_orders",
        verbose_name=_("维修人员"),
    )
    assigned_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接单时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    work_done = models.TextField(_("处理情况"), blank=True)
    materials = models.TextField(_("使用材料"), blank=True)
    completion_photo = models.ImageField(
        _("完工照片"), upload_to="engineering/orders/%Y/%m/", blank=True, validators=[image_validator]
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("评价"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    respond_due_at = models.DateTimeField(_("响应时限"), null=True, blank=True)
    complete_due_at = models.DateTimeField(_("完成时限"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("超时升级时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报修工单")
        verbose_name_plural = pgettext_lazy("list", "报修工单")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["park", "state"], name="eng_workorder_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="eng_workorder_rating_1_5",
                violation_error_message="评分须为 1–5 星",
            )
        ]

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            errors["enterprise"] = gettext("报修企业不在本园区")
        if self.building_id and self.park_id and self.building.park_id != self.park_id:
            errors["building"] = gettext("楼栋不在本园区")
        if self.unit_id and self.park_id and self.unit.floor.building.park_id != self.park_id:
            errors["unit"] = gettext("房源不在本园区")
        if not (self.building_id or self.unit_id or self.location.strip()):
            errors["location"] = gettext("请填写报修位置（楼栋、房源或具体位置）")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        parts = [
            str(self.unit) if self.unit_id else (str(self.building) if self.building_id else ""),
            self.location,
        ]
        return " ".join(p for p in parts if p) or "—"

    @property
    def response_overdue(self) -> bool:
        return bool(
            self.respond_due_at and self.state in self.UNANSWERED_STATES and clock.now() > self.respond_due_at
        )

    @property
    def completion_overdue(self) -> bool:
        late_open = (
            self.state in self.OPEN_STATES and self.complete_due_at and clock.now() > self.complete_due_at
        )
        late_done = self.completed_at and self.complete_due_at and self.completed_at > self.complete_due_at
        return bool(late_open or late_done)

    @property
    def overdue(self) -> bool:
        return self.response_overdue or (self.state in self.OPEN_STATES and self.completion_overdue)

    @property
    def response_minutes(self) -> int | None:
        if self.accepted_at is None:
            return None
        return int((self.accepted_at - self.reported_at).total_seconds() // 60)

    def __str__(self) -> str:
        return f"{self.number} {self.get_category_display()}"


class WorkOrderEvent(TimelineEvent, RestrictedModel):
    """One step in a work order's life: who did what, when, with what note
    (``parkops.core.workflow.TimelineEvent``)."""

    subject_field = "order"
    park_path = "order__park"
    enterprise_path = "order__enterprise"
    write_departments = ENGINEERING

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="events", verbose_name=_("工单"))

    class Meta:
        verbose_name = _("工单记录")
        verbose_name_plural = pgettext_lazy("list", "工单记录")
        ordering = ["order", "created_at", "pk"]

    label_related = ("order",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.order.number} {self.label}"


class WorkOrderSla(RestrictedModel):
    """报修响应与完成时限 per category and priority (clause 6.3.2.3: 及时处理)."""

    write_departments = ENGINEERING

    park = models.ForeignKey(Park, models.CASCADE, related_name="work_order_slas", verbose_name=_("园区"))
    category = models.CharField(_("类别"), max_length=20, choices=WorkOrder.Category.choices)
    priority = models.CharField(_("优先级"), max_length=10, choices=WorkOrder.Priority.choices)
    respond_minutes = models.PositiveIntegerField(_("响应时限（分钟）"), validators=[MinValueValidator(1)])
    complete_hours = models.PositiveIntegerField(_("完成时限（小时）"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("工单时限")
        verbose_name_plural = pgettext_lazy("list", "工单时限")
        ordering = ["park", "category", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["park", "category", "priority"], name="eng_unique_sla")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}·{self.get_priority_display()}"


class MaintenancePlan(RestrictedModel):
    """预防性维保计划 for a public system (clause 6.3.2.3; indicator 27), by calendar or by
    the reading of the plan's asset (run hours, kWh)."""

    write_departments = ENGINEERING

    class Schedule(models.TextChoices):
        CALENDAR = "calendar", _("按周期")
        METER = "meter", _("按运行读数")

    class Unit(models.TextChoices):
        DAYS = "days", _("天")
        WEEKS = "weeks", _("周")
        MONTHS = "months", _("月")
        HOURS = "hours", _("运行小时")
        KWH = "kwh", _("千瓦时")

    CALENDAR_UNITS = (Unit.DAYS, Unit.WEEKS, Unit.MONTHS)
    METER_UNITS = (Unit.HOURS, Unit.KWH)

    park = models.ForeignKey(Park, models.CASCADE, related_name="maintenance_plans", verbose_name=_("园区"))
    system = models.CharField(_("系统"), max_length=20, choices=System.choices)
    title = models.CharField(_("计划名称"), max_length=200)
    asset = models.CharField(_("设备/资产"), max_length=200, help_text=_("如 1# 冷水机组、A栋 1# 客梯"))
    building = models.ForeignKey(
        Building,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="maintenance_plans",
        verbose_name=_("楼栋"),
    )
    tasks = models.TextField(_("维保内容"), help_text=_("每次维保要做的检查与保养项目"))
    schedule = models.CharField(
        _("计划方式"), max_length=20, choices=Schedule.choices, default=Schedule.CALENDAR
    )
    interval = models.PositiveIntegerField(_("间隔"), validators=[MinValueValidator(1)])
    interval_unit = models.CharField(_("间隔单位"), max_length=10, choices=Unit.choices, default=Unit.MONTHS)
    next_due_on = models.DateField(_("下次到期日"), null=True, blank=True, help_text=_("按周期的计划必填"))
    last_reading = models.DecimalField(
        _("上次维保时读数"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_reading = models.DecimalField(
        _("当前读数"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("默认维保人员"),
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("维保计划")
        verbose_name_plural = pgettext_lazy("list", "维保计划")
        ordering = ["park", "system", "title"]

    def clean(self) -> None:
        errors = {}
        if self.schedule == self.Schedule.CALENDAR:
            if self.interval_unit not in self.CALENDAR_UNITS:
                errors["interval_unit"] = gettext("按周期的计划，间隔单位须为天、周或月")
            if self.next_due_on is None:
                errors["next_due_on"] = gettext("按周期的计划须填写下次到期日")
        else:
            if self.interval_unit not in self.METER_UNITS:
                errors["interval_unit"] = gettext("按运行读数的计划，间隔单位须为运行小时或千瓦时")
            if self.last_reading is None:
                errors["last_reading"] = gettext("按运行读数的计划须填写上次维保时读数")
        if self.building_id and self.park_id and self.building.park_id != self.park_id:
            errors["building"] = gettext("楼栋不在本园区")
        if errors:
            raise ValidationError(errors)

    @property
    def category(self) -> str:
        return {
            System.POWER: WorkOrder.Category.UTILITIES,
            System.WATER: WorkOrder.Category.UTILITIES,
            System.HVAC: WorkOrder.Category.HVAC,
            System.FIRE: WorkOrder.Category.FIRE,
            System.ELEVATOR: WorkOrder.Category.ELEVATOR,
        }[self.system]

    def is_due(self, on: dt.date) -> bool:
        if not self.active:
            return False
        if self.schedule == self.Schedule.CALENDAR:
            return self.next_due_on is not None and self.next_due_on <= on
        if self.current_reading is None or self.last_reading is None:
            return False
        return self.current_reading - self.last_reading >= Decimal(self.interval)

    def __str__(self) -> str:
        return self.title


class AssetReading(RestrictedModel):
    """运行读数 of a plan's asset (run hours or kWh), entered by engineering staff."""

    park_path = "plan__park"
    write_departments = ENGINEERING

    plan = models.ForeignKey(
        MaintenancePlan, models.CASCADE, related_name="readings", verbose_name=_("维保计划")
    )
    read_on = models.DateField(_("读数日期"))
    value = models.DecimalField(_("读数"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("设备读数")
        verbose_name_plural = pgettext_lazy("list", "设备读数")
        ordering = ["plan", "-read_on", "-pk"]

    label_related = ("plan",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.plan.asset} {self.read_on:%Y-%m-%d}：{self.value}"


class PeriodicTest(RestrictedModel):
    """定期检验检测 record of a public system (clause 6.3.2.3; indicator 27)."""

    write_departments = ENGINEERING

    class Result(models.TextChoices):
        PASS = "pass", _("合格")
        RECTIFY = "rectify", _("整改后合格")
        FAIL = "fail", _("不合格")

    park = models.ForeignKey(Park, models.CASCADE, related_name="periodic_tests", verbose_name=_("园区"))
    system = models.CharField(_("系统"), max_length=20, choices=System.choices)
    name = models.CharField(
        _("检验检测项目"), max_length=200, help_text=_("如 电梯定期检验、防雷检测、消防设施年度检测")
    )
    tested_on = models.DateField(_("检测日期"))
    agency = models.CharField(_("检测机构"), max_length=200, blank=True)
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    next_due_on = models.DateField(_("下次检测日期"), null=True, blank=True)
    report = models.FileField(
        _("检测报告"), upload_to="engineering/tests/%Y/", blank=True, validators=[file_validator]
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("定期检验检测")
        verbose_name_plural = pgettext_lazy("list", "定期检验检测")
        ordering = ["-tested_on", "-pk"]

    def clean(self) -> None:
        if self.next_due_on and self.tested_on and self.next_due_on <= self.tested_on:
            raise ValidationError({"next_due_on": gettext("下次检测日期须晚于检测日期")})

    def __str__(self) -> str:
        return f"{self.name}（{self.tested_on:%Y-%m-%d}）"


class BuildingConditionRecord(RestrictedModel):
    """建筑本体维护台账 with photos (clause 6.3.2.1; indicator 26 first half)."""

    park_path = "building__park"
    write_departments = ENGINEERING

    class Element(models.TextChoices):
        CEILING = "ceiling", _("天花")
        WALL = "wall", _("墙面")
        FLOOR = "floor", _("地面")
        FACADE = "facade", _("外立面")
        DOORS = "doors", _("门窗")

    class Condition(models.TextChoices):
        GOOD = "good", _("完好整洁")
        MINOR = "minor", _("轻微污损")
        DEFECT = "defect", _("破损待修")
        REPAIRED = "repaired", _("已修复")

    building = models.ForeignKey(
        Building, models.CASCADE, related_name="condition_records", verbose_name=_("楼栋")
    )
    floor = models.ForeignKey(
        Floor,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="condition_records",
        verbose_name=_("楼层"),
    )
    area = models.CharField(_("部位"), max_length=100, help_text=_("如 大堂、3F 公共走廊"))
    element = models.CharField(_("构件"), max_length=20, choices=Element.choices)
    condition = models.CharField(_("状况"), max_length=20, choices=Condition.choices)
    description = models.TextField(_("说明"), blank=True)
    photo = models.ImageField(
        _("照片"), upload_to="engineering/condition/%Y/%m/", blank=True, validators=[image_validator]
    )
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.CharField(_("检查人"), max_length=50)
    repair_order = models.ForeignKey(
        WorkOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="condition_records",
        verbose_name=_("维修工单"),
    )

    class Meta:
        verbose_name = _("建筑本体检查记录")
        verbose_name_plural = pgettext_lazy("list", "建筑本体维护台账")
        ordering = ["-inspected_on", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.floor_id and self.building_id and self.floor.building_id != self.building_id:
            errors["floor"] = gettext("楼层不属于所选楼栋")
        if self.repair_order_id and self.building_id and self.repair_order.park_id != self.building.park_id:
            errors["repair_order"] = gettext("维修工单不在本园区")
        if self.condition == self.Condition.DEFECT and not self.description.strip():
            errors["description"] = gettext("破损待修须说明破损情况")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return (
            f"{self.building.name} {self.area} {self.get_element_display()}（{self.inspected_on:%Y-%m-%d}）"
        )


class DecorationApplication(RestrictedModel):
    """装修申请 of a tenant (clause 6.3.2.2; indicator 26 second half): reviewed by engineering,
    safety and administration, a signed 安全管理协议 before works start, fire inspections
    during works and a completion acceptance."""

    enterprise_path = "enterprise"
    write_departments = ENGINEERING
    tenant_actions = ("add",)

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("待工程审核")
        ENGINEERING_OK = "engineering_ok", _("待安全审核")
        SAFETY_OK = "safety_ok", _("待行政审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已驳回")
        IN_PROGRESS = "in_progress", _("施工中")
        COMPLETED = "completed", _("已验收")

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="decoration_applications", verbose_name=_("园区")
    )
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="decoration_applications", verbose_name=_("申请企业")
    )
    unit = models.ForeignKey(
        Unit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decoration_applications",
        verbose_name=_("装修房源"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申请人"),
    )
    scope = models.TextField(_("装修范围与内容"))
    drawings = models.FileField(
        _("装修图纸"), upload_to="engineering/decoration/%Y/", blank=True, validators=[file_validator]
    )
    planned_start = models.DateField(_("计划开工日期"))
    planned_end = models.DateField(_("计划完工日期"))
    contractor = models.CharField(_("施工单位"), max_length=200)
    contractor_contact = models.CharField(_("施工负责人及电话"), max_length=100, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    agreement_signed = models.BooleanField(_("已签安全管理协议"), default=False)
    agreement_signed_on = models.DateField(_("协议签订日期"), null=True, blank=True)
    agreement_file = models.FileField(
        _("安全管理协议（签字版）"),
        upload_to="engineering/agreements/%Y/",
        blank=True,
        validators=[file_validator],
    )
    works_started_on = models.DateField(_("实际开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("验收日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("装修申请")
        verbose_name_plural = pgettext_lazy("list", "装修申请")
        ordering = ["-created_at", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            errors["enterprise"] = gettext("申请企业不在本园区")
        if self.unit_id and self.enterprise_id and self.unit.enterprise_id != self.enterprise_id:
            errors["unit"] = gettext("只能为本企业使用的房源申请装修")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = gettext("计划完工日期不能早于开工日期")
        if self.agreement_signed and not (self.agreement_signed_on and self.agreement_file):
            errors["agreement_file"] = gettext("已签协议须填写签订日期并上传签字版协议")
        if errors:
            raise ValidationError(errors)

    label_related = ("enterprise",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.enterprise.name} 装修申请（{self.planned_start:%Y-%m-%d}）"


class DecorationReview(RestrictedModel):
    """One approval step of a decoration application: engineering, safety or administration."""

    park_path = "application__park"
    enterprise_path = "application__enterprise"
    write_departments = (DepartmentKind.ENGINEERING, DepartmentKind.SAFETY, DepartmentKind.ADMINISTRATION)

    class Step(models.TextChoices):
        ENGINEERING = "engineering", _("工程审核")
        SAFETY = "safety", _("安全审核")
        ADMIN = "admin", _("行政审批")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        REJECTED = "rejected", _("驳回")

    application = models.ForeignKey(
        DecorationApplication, models.CASCADE, related_name="reviews", verbose_name=_("装修申请")
    )
    step = models.CharField(_("审批环节"), max_length=20, choices=Step.choices)
    decision = models.CharField(_("意见"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("审批意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("审批人")
    )

    class Meta:
        verbose_name = _("装修审批记录")
        verbose_name_plural = pgettext_lazy("list", "装修审批记录")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}：{self.get_decision_display()}"


class FireInspection(RestrictedModel):
    """装修期间消防检查 (clause 6.3.2.2)."""

    park_path = "application__park"
    enterprise_path = "application__enterprise"
    write_departments = (DepartmentKind.ENGINEERING, DepartmentKind.SAFETY)

    class Result(models.TextChoices):
        PASS = "pass", _("合格")
        ISSUES = "issues", _("发现问题")

    application = models.ForeignKey(
        DecorationApplication, models.CASCADE, related_name="fire_inspections", verbose_name=_("装修申请")
    )
    inspected_on = models.DateField(_("检查日期"))
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    issues = models.TextField(_("发现问题及整改要求"), blank=True)
    inspector = models.CharField(_("检查人"), max_length=50)

    class Meta:
        verbose_name = _("装修消防检查")
        verbose_name_plural = pgettext_lazy("list", "装修消防检查")
        ordering = ["application", "-inspected_on", "-pk"]

    def clean(self) -> None:
        if self.result == self.Result.ISSUES and not self.issues.strip():
            raise ValidationError({"issues": gettext("发现问题时须写明问题及整改要求")})

    def __str__(self) -> str:
        return f"消防检查 {self.inspected_on:%Y-%m-%d} {self.get_result_display()}"


class CompletionAcceptance(RestrictedModel):
    """装修竣工验收 (clause 6.3.2.2)."""

    park_path = "application__park"
    enterprise_path = "application__enterprise"
    write_departments = ENGINEERING

    application = models.ForeignKey(
        DecorationApplication, models.CASCADE, related_name="acceptances", verbose_name=_("装修申请")
    )
    accepted_on = models.DateField(_("验收日期"))
    passed = models.BooleanField(_("验收通过"))
    notes = models.TextField(_("验收意见"), blank=True)
    inspector = models.CharField(_("验收人"), max_length=50)

    class Meta:
        verbose_name = _("竣工验收")
        verbose_name_plural = pgettext_lazy("list", "竣工验收")
        ordering = ["application", "-accepted_on", "-pk"]

    def clean(self) -> None:
        if self.passed is False and not self.notes.strip():
            raise ValidationError({"notes": gettext("验收不通过时须写明整改意见")})

    def __str__(self) -> str:
        return f"竣工验收 {self.accepted_on:%Y-%m-%d} {'通过' if self.passed else '不通过'}"
