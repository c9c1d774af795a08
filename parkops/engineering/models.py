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
from django.utils import timezone

from parkops.core.models import Building, Enterprise, Floor, Park, RestrictedModel, Unit
from parkops.core.scope import DepartmentKind

ENGINEERING = (DepartmentKind.ENGINEERING,)
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
FILE_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "jpg", "jpeg", "png", "dwg", "zip"]
image_validator = FileExtensionValidator(IMAGE_EXTENSIONS, "只能上传以下格式的图片：%(allowed_extensions)s")
file_validator = FileExtensionValidator(FILE_EXTENSIONS, "只能上传以下格式的文件：%(allowed_extensions)s")


class System(models.TextChoices):
    """公共设施设备系统 (clause 6.3.2.3)."""

    POWER = "power", "供配电"
    WATER = "water", "给排水"
    HVAC = "hvac", "暖通空调"
    FIRE = "fire", "消防"
    ELEVATOR = "elevator", "电梯"


class WorkOrder(RestrictedModel):
    """报修工单 (clause 6.3.2; indicator 27): reported by staff, a tenant or an alarm, assigned
    to an engineer, done, confirmed by its reporter and rated."""

    enterprise_path = "enterprise"
    write_departments = ENGINEERING
    tenant_actions = ("add",)

    class Source(models.TextChoices):
        STAFF = "staff", "员工报修"
        TENANT = "tenant", "企业报修"
        ALARM = "alarm", "设备告警"
        MAINTENANCE = "maintenance", "计划维保"

    class Category(models.TextChoices):
        UTILITIES = "utilities", "水电"
        HVAC = "hvac", "空调"
        ELEVATOR = "elevator", "电梯"
        FIRE = "fire", "消防"
        CIVIL = "civil", "土建"
        NETWORK = "network", "网络"
        OTHER = "other", "其他"

    class Priority(models.TextChoices):
        NORMAL = "normal", "一般"
        URGENT = "urgent", "紧急"

    class State(models.TextChoices):
        REPORTED = "reported", "报修"
        ASSIGNED = "assigned", "已派单"
        ACCEPTED = "accepted", "已接单"
        DONE = "done", "处理完成"
        CONFIRMED = "confirmed", "已确认"
        RATED = "rated", "已评价"
        CANCELLED = "cancelled", "已取消"

    OPEN_STATES = (State.REPORTED, State.ASSIGNED, State.ACCEPTED)
    UNANSWERED_STATES = (State.REPORTED, State.ASSIGNED)

    park = models.ForeignKey(Park, models.CASCADE, related_name="work_orders", verbose_name="园区")
    number = models.CharField("工单号", max_length=30, unique=True, editable=False)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.STAFF)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    priority = models.CharField("优先级", max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    enterprise = models.ForeignKey(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name="报修企业",
    )
    building = models.ForeignKey(
        Building, models.SET_NULL, null=True, blank=True, related_name="work_orders", verbose_name="楼栋"
    )
    unit = models.ForeignKey(
        Unit, models.SET_NULL, null=True, blank=True, related_name="work_orders", verbose_name="房源"
    )
    location = models.CharField("具体位置", max_length=200, blank=True, help_text="如 A栋 12F 茶水间")
    description = models.TextField("故障描述")
    photo = models.ImageField(
        "现场照片", upload_to="engineering/orders/%Y/%m/", blank=True, validators=[image_validator]
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_work_orders",
        verbose_name="报修人",
    )
    alarm_ref = models.CharField("告警编号", max_length=100, blank=True)
    plan = models.ForeignKey(
        "MaintenancePlan",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name="维保计划",
    )
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.REPORTED)
    reported_at = models.DateTimeField("报修时间", default=timezone.now)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_work_orders",
        verbose_name="维修人员",
    )
    assigned_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    work_done = models.TextField("处理情况", blank=True)
    materials = models.TextField("使用材料", blank=True)
    completion_photo = models.ImageField(
        "完工照片", upload_to="engineering/orders/%Y/%m/", blank=True, validators=[image_validator]
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        "评分", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField("评价", blank=True)
    reopen_count = models.PositiveSmallIntegerField("退回次数", default=0)
    respond_due_at = models.DateTimeField("响应时限", null=True, blank=True)
    complete_due_at = models.DateTimeField("完成时限", null=True, blank=True)
    escalated_at = models.DateTimeField("超时升级时间", null=True, blank=True)

    class Meta:
        verbose_name = "报修工单"
        verbose_name_plural = "报修工单"
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
            errors["enterprise"] = "报修企业不在本园区"
        if self.building_id and self.park_id and self.building.park_id != self.park_id:
            errors["building"] = "楼栋不在本园区"
        if self.unit_id and self.park_id and self.unit.floor.building.park_id != self.park_id:
            errors["unit"] = "房源不在本园区"
        if not (self.building_id or self.unit_id or self.location.strip()):
            errors["location"] = "请填写报修位置（楼栋、房源或具体位置）"
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
            self.respond_due_at
            and self.state in self.UNANSWERED_STATES
            and timezone.now() > self.respond_due_at
        )

    @property
    def completion_overdue(self) -> bool:
        late_open = (
            self.state in self.OPEN_STATES and self.complete_due_at and timezone.now() > self.complete_due_at
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


class WorkOrderEvent(RestrictedModel):
    """One step in a work order's life: who did what, when, with what note."""

    park_path = "order__park"
    enterprise_path = "order__enterprise"
    write_departments = ENGINEERING

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="events", verbose_name="工单")
    action = models.CharField("操作", max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "工单记录"
        verbose_name_plural = "工单记录"
        ordering = ["order", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order.number} {self.action}"


class WorkOrderSla(RestrictedModel):
    """报修响应与完成时限 per category and priority (clause 6.3.2.3: 及时处理)."""

    write_departments = ENGINEERING

    park = models.ForeignKey(Park, models.CASCADE, related_name="work_order_slas", verbose_name="园区")
    category = models.CharField("类别", max_length=20, choices=WorkOrder.Category.choices)
    priority = models.CharField("优先级", max_length=10, choices=WorkOrder.Priority.choices)
    respond_minutes = models.PositiveIntegerField("响应时限（分钟）", validators=[MinValueValidator(1)])
    complete_hours = models.PositiveIntegerField("完成时限（小时）", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "工单时限"
        verbose_name_plural = "工单时限"
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
        CALENDAR = "calendar", "按周期"
        METER = "meter", "按运行读数"

    class Unit(models.TextChoices):
        DAYS = "days", "天"
        WEEKS = "weeks", "周"
        MONTHS = "months", "月"
        HOURS = "hours", "运行小时"
        KWH = "kwh", "千瓦时"

    CALENDAR_UNITS = (Unit.DAYS, Unit.WEEKS, Unit.MONTHS)
    METER_UNITS = (Unit.HOURS, Unit.KWH)

    park = models.ForeignKey(Park, models.CASCADE, related_name="maintenance_plans", verbose_name="园区")
    system = models.CharField("系统", max_length=20, choices=System.choices)
    title = models.CharField("计划名称", max_length=200)
    asset = models.CharField("设备/资产", max_length=200, help_text="如 1# 冷水机组、A栋 1# 客梯")
    building = models.ForeignKey(
        Building,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="maintenance_plans",
        verbose_name="楼栋",
    )
    tasks = models.TextField("维保内容", help_text="每次维保要做的检查与保养项目")
    schedule = models.CharField(
        "计划方式", max_length=20, choices=Schedule.choices, default=Schedule.CALENDAR
    )
    interval = models.PositiveIntegerField("间隔", validators=[MinValueValidator(1)])
    interval_unit = models.CharField("间隔单位", max_length=10, choices=Unit.choices, default=Unit.MONTHS)
    next_due_on = models.DateField("下次到期日", null=True, blank=True, help_text="按周期的计划必填")
    last_reading = models.DecimalField(
        "上次维保时读数", max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_reading = models.DecimalField("当前读数", max_digits=14, decimal_places=2, null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="默认维保人员",
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "维保计划"
        verbose_name_plural = "维保计划"
        ordering = ["park", "system", "title"]

    def clean(self) -> None:
        errors = {}
        if self.schedule == self.Schedule.CALENDAR:
            if self.interval_unit not in self.CALENDAR_UNITS:
                errors["interval_unit"] = "按周期的计划，间隔单位须为天、周或月"
            if self.next_due_on is None:
                errors["next_due_on"] = "按周期的计划须填写下次到期日"
        else:
            if self.interval_unit not in self.METER_UNITS:
                errors["interval_unit"] = "按运行读数的计划，间隔单位须为运行小时或千瓦时"
            if self.last_reading is None:
                errors["last_reading"] = "按运行读数的计划须填写上次维保时读数"
        if self.building_id and self.park_id and self.building.park_id != self.park_id:
            errors["building"] = "楼栋不在本园区"
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
        MaintenancePlan, models.CASCADE, related_name="readings", verbose_name="维保计划"
    )
    read_on = models.DateField("读数日期")
    value = models.DecimalField("读数", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "设备读数"
        verbose_name_plural = "设备读数"
        ordering = ["plan", "-read_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.asset} {self.read_on:%Y-%m-%d}：{self.value}"


class PeriodicTest(RestrictedModel):
    """定期检验检测 record of a public system (clause 6.3.2.3; indicator 27)."""

    write_departments = ENGINEERING

    class Result(models.TextChoices):
        PASS = "pass", "合格"
        RECTIFY = "rectify", "整改后合格"
        FAIL = "fail", "不合格"

    park = models.ForeignKey(Park, models.CASCADE, related_name="periodic_tests", verbose_name="园区")
    system = models.CharField("系统", max_length=20, choices=System.choices)
    name = models.CharField(
        "检验检测项目", max_length=200, help_text="如 电梯定期检验、防雷检测、消防设施年度检测"
    )
    tested_on = models.DateField("检测日期")
    agency = models.CharField("检测机构", max_length=200, blank=True)
    result = models.CharField("结论", max_length=10, choices=Result.choices)
    next_due_on = models.DateField("下次检测日期", null=True, blank=True)
    report = models.FileField(
        "检测报告", upload_to="engineering/tests/%Y/", blank=True, validators=[file_validator]
    )
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "定期检验检测"
        verbose_name_plural = "定期检验检测"
        ordering = ["-tested_on", "-pk"]

    def clean(self) -> None:
        if self.next_due_on and self.tested_on and self.next_due_on <= self.tested_on:
            raise ValidationError({"next_due_on": "下次检测日期须晚于检测日期"})

    def __str__(self) -> str:
        return f"{self.name}（{self.tested_on:%Y-%m-%d}）"


class BuildingConditionRecord(RestrictedModel):
    """建筑本体维护台账 with photos (clause 6.3.2.1; indicator 26 first half)."""

    park_path = "building__park"
    write_departments = ENGINEERING

    class Element(models.TextChoices):
        CEILING = "ceiling", "天花"
        WALL = "wall", "墙面"
        FLOOR = "floor", "地面"
        FACADE = "facade", "外立面"
        DOORS = "doors", "门窗"

    class Condition(models.TextChoices):
        GOOD = "good", "完好整洁"
        MINOR = "minor", "轻微污损"
        DEFECT = "defect", "破损待修"
        REPAIRED = "repaired", "已修复"

    building = models.ForeignKey(
        Building, models.CASCADE, related_name="condition_records", verbose_name="楼栋"
    )
    floor = models.ForeignKey(
        Floor, models.SET_NULL, null=True, blank=True, related_name="condition_records", verbose_name="楼层"
    )
    area = models.CharField("部位", max_length=100, help_text="如 大堂、3F 公共走廊")
    element = models.CharField("构件", max_length=20, choices=Element.choices)
    condition = models.CharField("状况", max_length=20, choices=Condition.choices)
    description = models.TextField("说明", blank=True)
    photo = models.ImageField(
        "照片", upload_to="engineering/condition/%Y/%m/", blank=True, validators=[image_validator]
    )
    inspected_on = models.DateField("检查日期")
    inspector = models.CharField("检查人", max_length=50)
    repair_order = models.ForeignKey(
        WorkOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="condition_records",
        verbose_name="维修工单",
    )

    class Meta:
        verbose_name = "建筑本体检查记录"
        verbose_name_plural = "建筑本体维护台账"
        ordering = ["-inspected_on", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.floor_id and self.building_id and self.floor.building_id != self.building_id:
            errors["floor"] = "楼层不属于所选楼栋"
        if self.repair_order_id and self.building_id and self.repair_order.park_id != self.building.park_id:
            errors["repair_order"] = "维修工单不在本园区"
        if self.condition == self.Condition.DEFECT and not self.description.strip():
            errors["description"] = "破损待修须说明破损情况"
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
        SUBMITTED = "submitted", "待工程审核"
        ENGINEERING_OK = "engineering_ok", "待安全审核"
        SAFETY_OK = "safety_ok", "待行政审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"
        IN_PROGRESS = "in_progress", "施工中"
        COMPLETED = "completed", "已验收"

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="decoration_applications", verbose_name="园区"
    )
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="decoration_applications", verbose_name="申请企业"
    )
    unit = models.ForeignKey(
        Unit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decoration_applications",
        verbose_name="装修房源",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请人",
    )
    scope = models.TextField("装修范围与内容")
    drawings = models.FileField(
        "装修图纸", upload_to="engineering/decoration/%Y/", blank=True, validators=[file_validator]
    )
    planned_start = models.DateField("计划开工日期")
    planned_end = models.DateField("计划完工日期")
    contractor = models.CharField("施工单位", max_length=200)
    contractor_contact = models.CharField("施工负责人及电话", max_length=100, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED)
    agreement_signed = models.BooleanField("已签安全管理协议", default=False)
    agreement_signed_on = models.DateField("协议签订日期", null=True, blank=True)
    agreement_file = models.FileField(
        "安全管理协议（签字版）",
        upload_to="engineering/agreements/%Y/",
        blank=True,
        validators=[file_validator],
    )
    works_started_on = models.DateField("实际开工日期", null=True, blank=True)
    completed_on = models.DateField("验收日期", null=True, blank=True)

    class Meta:
        verbose_name = "装修申请"
        verbose_name_plural = "装修申请"
        ordering = ["-created_at", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            errors["enterprise"] = "申请企业不在本园区"
        if self.unit_id and self.enterprise_id and self.unit.enterprise_id != self.enterprise_id:
            errors["unit"] = "只能为本企业使用的房源申请装修"
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = "计划完工日期不能早于开工日期"
        if self.agreement_signed and not (self.agreement_signed_on and self.agreement_file):
            errors["agreement_file"] = "已签协议须填写签订日期并上传签字版协议"
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.enterprise.name} 装修申请（{self.planned_start:%Y-%m-%d}）"


class DecorationReview(RestrictedModel):
    """One approval step of a decoration application: engineering, safety or administration."""

    park_path = "application__park"
    enterprise_path = "application__enterprise"
    write_departments = (DepartmentKind.ENGINEERING, DepartmentKind.SAFETY, DepartmentKind.ADMINISTRATION)

    class Step(models.TextChoices):
        ENGINEERING = "engineering", "工程审核"
        SAFETY = "safety", "安全审核"
        ADMIN = "admin", "行政审批"

    class Decision(models.TextChoices):
        APPROVED = "approved", "同意"
        REJECTED = "rejected", "驳回"

    application = models.ForeignKey(
        DecorationApplication, models.CASCADE, related_name="reviews", verbose_name="装修申请"
    )
    step = models.CharField("审批环节", max_length=20, choices=Step.choices)
    decision = models.CharField("意见", max_length=10, choices=Decision.choices)
    comment = models.TextField("审批意见", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name="审批人"
    )

    class Meta:
        verbose_name = "装修审批记录"
        verbose_name_plural = "装修审批记录"
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}：{self.get_decision_display()}"


class FireInspection(RestrictedModel):
    """装修期间消防检查 (clause 6.3.2.2)."""

    park_path = "application__park"
    enterprise_path = "application__enterprise"
    write_departments = (DepartmentKind.ENGINEERING, DepartmentKind.SAFETY)

    class Result(models.TextChoices):
        PASS = "pass", "合格"
        ISSUES = "issues", "发现问题"

    application = models.ForeignKey(
        DecorationApplication, models.CASCADE, related_name="fire_inspections", verbose_name="装修申请"
    )
    inspected_on = models.DateField("检查日期")
    result = models.CharField("结果", max_length=10, choices=Result.choices)
    issues = models.TextField("发现问题及整改要求", blank=True)
    inspector = models.CharField("检查人", max_length=50)

    class Meta:
        verbose_name = "装修消防检查"
        verbose_name_plural = "装修消防检查"
        ordering = ["application", "-inspected_on", "-pk"]

    def clean(self) -> None:
        if self.result == self.Result.ISSUES and not self.issues.strip():
            raise ValidationError({"issues": "发现问题时须写明问题及整改要求"})

    def __str__(self) -> str:
        return f"消防检查 {self.inspected_on:%Y-%m-%d} {self.get_result_display()}"


class CompletionAcceptance(RestrictedModel):
    """装修竣工验收 (clause 6.3.2.2)."""

    park_path = "application__park"
    enterprise_path = "application__enterprise"
    write_departments = ENGINEERING

    application = models.ForeignKey(
        DecorationApplication, models.CASCADE, related_name="acceptances", verbose_name="装修申请"
    )
    accepted_on = models.DateField("验收日期")
    passed = models.BooleanField("验收通过")
    notes = models.TextField("验收意见", blank=True)
    inspector = models.CharField("验收人", max_length=50)

    class Meta:
        verbose_name = "竣工验收"
        verbose_name_plural = "竣工验收"
        ordering = ["application", "-accepted_on", "-pk"]

    def clean(self) -> None:
        if self.passed is False and not self.notes.strip():
            raise ValidationError({"notes": "验收不通过时须写明整改意见"})

    def __str__(self) -> str:
        return f"竣工验收 {self.accepted_on:%Y-%m-%d} {'通过' if self.passed else '不通过'}"
