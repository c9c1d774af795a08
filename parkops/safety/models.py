"""安全管理 (clause 6.3.1; indicators 22–25): plans and drills, patrols, hazards, registers with
expiry dates, security staff and training, and the monitoring system."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import RestrictedModel
from parkops.core.scope import ADD, CHANGE, DepartmentKind, can
from parkops.core.workflow import TimelineEvent, Transition, Workflow

SAFETY = (DepartmentKind.SAFETY,)
SAFETY_AND_ENGINEERING = (DepartmentKind.SAFETY, DepartmentKind.ENGINEERING)
REMIND_DAYS = 30  # inspections are requested a month ahead (特种设备定期检验)
OUT_OF_SERVICE = "停用：检验过期，不得使用"


def _token() -> str:
    return secrets.token_urlsafe(16)


class Result(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# --- Plans and drills (6.3.1.1) -----------------------------------------------------------


class SafetyPlan(RestrictedModel):
    """安全管理制度或应急预案 (clause 6.3.1.1)."""

    write_departments = SAFETY

    class Category(models.TextChoices):
        RULE = "rule", _("安全管理制度")
        PLAN = "plan", _("应急预案")

    class Topic(models.TextChoices):
        PRODUCTION = "production", _("安全生产")
        FIRE = "fire", _("消防")
        TYPHOON = "typhoon", _("防台风")
        FLOOD = "flood", _("防汛")
        PUBLIC_ORDER = "public_order", _("治安")
        NETWORK = "network", _("网络信息安全")
        ANTI_TERROR = "anti_terror", _("反恐")
        SPECIAL_EQUIPMENT = "special_equipment", _("特种设备")
        OTHER = "other", _("其他")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="safety_plans", verbose_name=_("园区"))
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    topic = models.CharField(_("领域"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("名称"), max_length=200)
    owner = models.CharField(_("责任部门/责任人"), max_length=100)
    version = models.CharField(_("版本"), max_length=20, default="1.0")
    effective_on = models.DateField(_("生效日期"))
    document = models.FileField(_("文件"), upload_to="safety/plans/%Y/", blank=True)
    summary = models.TextField(_("要点（责任主体、处置流程）"), blank=True)

    class Meta:
        verbose_name = _("安全制度与应急预案")
        verbose_name_plural = pgettext_lazy("list", "安全制度与应急预案")
        ordering = ["park", "category", "topic", "title"]

    def __str__(self) -> str:
        return f"{self.title}（V{self.version}）"


class Drill(RestrictedModel):
    """应急演练 record (clause 6.3.1.1 定期开展演练)."""

    park_path = "plan__park"
    write_departments = SAFETY

    plan = models.ForeignKey(SafetyPlan, models.PROTECT, related_name="drills", verbose_name=_("应急预案"))
    held_on = models.DateField(_("演练日期"))
    scenario = models.CharField(_("演练场景"), max_length=200)
    participants_count = models.PositiveIntegerField(_("参演人数"), validators=[MinValueValidator(1)])
    participant_names = models.TextField(_("参演人员"), blank=True)
    photo = models.ImageField(_("现场照片"), upload_to="safety/drills/%Y/", blank=True)
    review = models.TextField(_("演练总结与评估"))

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = pgettext_lazy("list", "应急演练")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.scenario}"


# --- Patrols (6.3.1.6) -------------------------------------------------------------------


class PatrolRoute(RestrictedModel):
    """巡查路线 of ordered checkpoints (clause 6.3.1.6 24 小时值班巡查)."""

    write_departments = SAFETY

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="patrol_routes", verbose_name=_("园区")
    )
    name = models.CharField(_("路线名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("巡查路线")
        verbose_name_plural = pgettext_lazy("list", "巡查路线")
        ordering = ["park", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_patrol_route_name")]

    def __str__(self) -> str:
        return self.name


class Checkpoint(RestrictedModel):
    """巡查点: a place on a route, with a QR code carrying a random token."""

    park_path = "route__park"
    write_departments = SAFETY

    route = models.ForeignKey(
        PatrolRoute, models.CASCADE, related_name="checkpoints", verbose_name=_("巡查路线")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(_("巡查点"), max_length=100)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    token = models.CharField(_("二维码令牌"), max_length=40, unique=True, default=_token, editable=False)

    class Meta:
        verbose_name = _("巡查点")
        verbose_name_plural = pgettext_lazy("list", "巡查点")
        ordering = ["route", "order", "pk"]

    def scan_path(self) -> str:
        from django.urls import reverse

        return reverse("safety:scan", args=[self.token])

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class CheckItem(RestrictedModel):
    """巡查项 of a checkpoint, e.g. 消防通道畅通, 灭火器压力正常."""

    park_path = "checkpoint__route__park"
    write_departments = SAFETY

    checkpoint = models.ForeignKey(Checkpoint, models.CASCADE, related_name="items", verbose_name=_("巡查点"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    text = models.CharField(_("检查内容"), max_length=200)
    hazard_category = models.CharField(_("不合格时的隐患类别"), max_length=20, default="fire")

    class Meta:
        verbose_name = _("巡查项")
        verbose_name_plural = pgettext_lazy("list", "巡查项")
        ordering = ["checkpoint", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class PatrolSchedule(RestrictedModel):
    """巡查排班: a shift of the 24-hour duty with its route and guards."""

    park_path = "route__park"
    write_departments = SAFETY

    route = models.ForeignKey(
        PatrolRoute, models.CASCADE, related_name="schedules", verbose_name=_("巡查路线")
    )
    shift = models.CharField(_("班次"), max_length=20)
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    rounds = models.PositiveSmallIntegerField(_("每班巡查次数"), default=2, validators=[MinValueValidator(1)])
    guards = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="patrol_schedules", verbose_name=_("巡查人员")
    )

    class Meta:
        verbose_name = _("巡查排班")
        verbose_name_plural = pgettext_lazy("list", "巡查排班")
        ordering = ["route", "starts_at"]

    label_related = ("route",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.route.name}·{self.shift}（{self.starts_at:%H:%M}–{self.ends_at:%H:%M}）"


class PatrolRun(RestrictedModel):
    """一次巡查: a guard walks a route, scanning its checkpoints."""

    write_departments = SAFETY

    class Status(models.TextChoices):
        RUNNING = "running", _("进行中")
        FINISHED = "finished", _("已完成")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="patrol_runs", verbose_name=_("园区"))
    route = models.ForeignKey(PatrolRoute, models.PROTECT, related_name="runs", verbose_name=_("巡查路线"))
    guard = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="patrol_runs", verbose_name=_("巡查人员")
    )
    started_at = models.DateTimeField(_("开始时间"), default=clock.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    missed_count = models.PositiveSmallIntegerField(_("漏检点数"), default=0)
    missed_names = models.TextField(_("漏检巡查点"), blank=True)
    failed_count = models.PositiveSmallIntegerField(_("不合格项数"), default=0)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("巡查记录")
        verbose_name_plural = pgettext_lazy("list", "巡查记录")
        ordering = ["-started_at"]

    label_related = ("route",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.route.name} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"


class CheckpointVisit(RestrictedModel):
    """打卡: who reached which checkpoint when (by scanning its QR code or choosing it)."""

    park_path = "run__park"
    write_departments = SAFETY

    class Method(models.TextChoices):
        QR = "qr", _("扫码")
        MANUAL = "manual", _("手动选择")

    run = models.ForeignKey(PatrolRun, models.CASCADE, related_name="visits", verbose_name=_("巡查记录"))
    checkpoint = models.ForeignKey(
        Checkpoint, models.PROTECT, related_name="visits", verbose_name=_("巡查点")
    )
    visited_at = models.DateTimeField(_("打卡时间"), default=clock.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("打卡人")
    )
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices, default=Method.QR)

    class Meta:
        verbose_name = _("巡查打卡")
        verbose_name_plural = pgettext_lazy("list", "巡查打卡")
        ordering = ["run", "visited_at"]
        constraints = [models.UniqueConstraint(fields=["run", "checkpoint"], name="one_visit_per_checkpoint")]

    label_related = ("checkpoint",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.checkpoint.name} {timezone.localtime(self.visited_at):%H:%M}"


class CheckResult(RestrictedModel):
    """巡查项结果: pass or fail, with note and photo; a failure opens a hazard."""

    park_path = "visit__run__park"
    write_departments = SAFETY

    visit = models.ForeignKey(CheckpointVisit, models.CASCADE, related_name="results", verbose_name=_("打卡"))
    item = models.ForeignKey(CheckItem, models.PROTECT, related_name="results", verbose_name=_("巡查项"))
    passed = models.BooleanField(_("合格"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    photo = models.ImageField(_("照片"), upload_to="safety/patrol/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("巡查项结果")
        verbose_name_plural = pgettext_lazy("list", "巡查项结果")
        ordering = ["visit", "item"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_result_per_item")]

    def __str__(self) -> str:
        return f"{self.item.text}：{'合格' if self.passed else '不合格'}"


# --- Hazards (6.3.1.6 及时发现并处理各类安全隐患) -------------------------------------------


def _may_add(model):
    """Whoever may add ``model``'s record for this hazard (and, with ``change``, edit it)."""

    def allowed(user, hazard, change: bool = False) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return can(user, ADD, model(hazard=hazard)) and (not change or can(user, CHANGE, hazard))

    return allowed


def _may_issue(user, hazard) -> bool:
    return _may_add(RectificationNotice)(user, hazard, change=True)


def _may_report(user, hazard) -> bool:
    """The rectification owner may be an engineer, who reports but may not edit the hazard."""
    return _may_add(RectificationReport)(user, hazard)


def _may_follow_up(user, hazard) -> bool:
    return _may_add(FollowUpInspection)(user, hazard, change=True)


class Hazard(RestrictedModel):
    """安全隐患: found → rectification notice → rectified → follow-up inspection (复查) → closed."""

    write_departments = SAFETY

    class Grade(models.TextChoices):
        GENERAL = "general", _("一般")
        SERIOUS = "serious", _("较大")
        MAJOR = "major", _("重大")

    class Category(models.TextChoices):
        FIRE = "fire", _("消防安全")
        ELECTRICAL = "electrical", _("用电安全")
        GAS = "gas", _("燃气安全")
        SPECIAL_EQUIPMENT = "special_equipment", _("特种设备")
        STRUCTURE = "structure", _("建筑结构")
        PUBLIC_ORDER = "public_order", _("治安")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        PATROL = "patrol", _("巡查")
        INSPECTION = "inspection", _("专项检查")
        REPORT = "report", _("报告/举报")

    class Status(models.TextChoices):
        OPEN = "open", _("待下发整改")
        RECTIFYING = "rectifying", _("整改中")
        REPORTED = "reported", _("待复查")
        CLOSED = "closed", _("已关闭")

    workflow = Workflow(
        field="status",
        events="events",
        transitions=[
            Transition(
                "notice",
                source=[Status.OPEN, Status.RECTIFYING],
                target=Status.RECTIFYING,
                step="下发整改通知",
                audit_event="",
                allowed=_may_issue,
                refused=lambda hazard: (
                    gettext("隐患当前状态为“%(get_status_display)s”，不能下发整改通知")
                    % {"get_status_display": hazard.get_status_display()}
                ),
            ),
            Transition(
                "rectified",
                source=[Status.RECTIFYING],
                target=Status.REPORTED,
                step=gettext_noop("报告整改"),
                audit_event="",
                allowed=_may_report,
                refused=lambda hazard: (
                    gettext("隐患当前状态为“%(get_status_display)s”，不能报告整改")
                    % {"get_status_display": hazard.get_status_display()}
                ),
            ),
            Transition(
                "follow_up",
                source=[Status.REPORTED],
                target=(Status.CLOSED, Status.RECTIFYING),
                step="复查",
                audit_event="",
                allowed=_may_follow_up,
                refused=_("只有已报告整改的隐患才能复查"),
            ),
        ],
    )

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="hazards", verbose_name=_("园区"))
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices, default=Grade.GENERAL)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    place = models.CharField(_("部位"), max_length=200)
    description = models.TextField(_("隐患描述"))
    photo = models.ImageField(_("照片"), upload_to="safety/hazards/%Y/%m/", blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="hazards_found", verbose_name=_("发现人")
    )
    found_at = models.DateTimeField(_("发现时间"), default=clock.now)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.INSPECTION)
    check_result = models.OneToOneField(
        CheckResult,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazard",
        verbose_name=_("巡查项结果"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("安全隐患")
        verbose_name_plural = pgettext_lazy("list", "安全隐患")
        ordering = ["-found_at"]

    def clean(self) -> None:
        if self.status == self.Status.CLOSED and (
            self.pk is None or not self.follow_ups.filter(passed=True).exists()
        ):
            raise ValidationError({"status": gettext("隐患须经复查合格后才能关闭")})

    @property
    def overdue(self) -> bool:
        return bool(self.deadline and self.status != self.Status.CLOSED and self.deadline < clock.localdate())

    @property
    def title(self) -> str:
        """What is wrong, then where: "消防通道堵塞 — A栋 1F 东侧通道" (the description's first
        line names the problem)."""
        lines = [line.strip() for line in self.description.splitlines() if line.strip()]
        problem = lines[0] if lines else ""
        if len(problem) > 40:
            problem = problem[:39] + "…"
        return f"{problem} — {self.place}" if problem else self.place

    def __str__(self) -> str:
        return self.title


class RectificationNotice(RestrictedModel):
    """隐患整改通知: owner, deadline and measures; a major hazard also needs funds and a contingency plan."""

    park_path = "hazard__park"
    write_departments = SAFETY

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="notices", verbose_name=_("隐患"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="rectifications_owned",
        verbose_name=_("整改责任人"),
    )
    deadline = models.DateField(_("整改期限"))
    measures = models.TextField(_("整改措施"))
    funds = models.DecimalField(
        _("整改资金（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    contingency_plan = models.TextField(_("应急预案/临时防范措施"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("下发人")
    )

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = pgettext_lazy("list", "整改通知")
        ordering = ["-created_at"]

    def clean(self) -> None:
        errors = {}
        if self.hazard_id and self.hazard.grade == Hazard.Grade.MAJOR:
            if self.funds is None:
                errors["funds"] = gettext("重大隐患须落实整改资金")
            if not self.contingency_plan.strip():
                errors["contingency_plan"] = gettext("重大隐患须制定应急预案")
        if self.deadline and self.pk is None and self.deadline < clock.localdate():
            errors["deadline"] = gettext("整改期限不能早于今天")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"整改通知（期限 {self.deadline:%Y-%m-%d}）"


class RectificationReport(RestrictedModel):
    """整改情况报告: what was done, with photos."""

    park_path = "hazard__park"
    write_departments = SAFETY_AND_ENGINEERING

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="reports", verbose_name=_("隐患"))
    done = models.TextField(_("整改情况"))
    photo = models.ImageField(_("整改后照片"), upload_to="safety/rectified/%Y/%m/", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("报告人")
    )

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = pgettext_lazy("list", "整改报告")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"整改报告 {timezone.localtime(self.created_at):%Y-%m-%d}" if self.created_at else "整改报告"


class FollowUpInspection(RestrictedModel):
    """复查: passing closes the hazard, failing sends it back to rectification."""

    park_path = "hazard__park"
    write_departments = SAFETY

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="follow_ups", verbose_name=_("隐患"))
    passed = models.BooleanField(_("复查合格"))
    note = models.TextField(_("复查意见"))
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("复查人")
    )

    class Meta:
        verbose_name = _("隐患复查")
        verbose_name_plural = pgettext_lazy("list", "隐患复查")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"复查{'合格' if self.passed else '不合格'}"


class HazardEvent(TimelineEvent, RestrictedModel):
    """One step of a hazard's life: found, notice issued, rectification reported, follow-up,
    escalation (``parkops.core.workflow.TimelineEvent``)."""

    subject_field = "hazard"
    park_path = "hazard__park"
    write_departments = SAFETY

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="events", verbose_name=_("隐患"))

    class Meta:
        verbose_name = _("隐患处理记录")
        verbose_name_plural = pgettext_lazy("list", "隐患处理记录")
        ordering = ["hazard", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.hazard.title} {self.label}"


# --- Registers with expiry dates (6.3.1.2–6.3.1.5) -------------------------------------------


class DueMixin(models.Model):
    """Something inspected periodically: next due date, and the due date already reminded of."""

    last_inspected_on = models.DateField(_("最近检验/检查日期"), null=True, blank=True)
    next_due = models.DateField(_("下次检验/检查日期"), null=True, blank=True)
    reminded_for = models.DateField(_("已提醒的到期日"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def overdue(self) -> bool:
        return bool(self.next_due and self.next_due < clock.localdate())

    @property
    def due_soon(self) -> bool:
        today = clock.localdate()
        return bool(self.next_due and today <= self.next_due <= today + dt.timedelta(days=REMIND_DAYS))

    @property
    def due_state(self) -> str:
        if not self.next_due:
            return gettext("未登记检验日期")
        if self.overdue:
            return gettext("已过期")
        return gettext("即将到期") if self.due_soon else gettext("在有效期内")


class SpecialEquipment(DueMixin, RestrictedModel):
    """特种设备 register entry (clause 6.3.1.3): use registration, self-inspections, periodic inspection."""

    write_departments = SAFETY_AND_ENGINEERING

    class Kind(models.TextChoices):
        ELEVATOR = "elevator", _("电梯")
        CRANE = "crane", _("起重机械")
        PRESSURE_VESSEL = "pressure_vessel", _("压力容器")
        BOILER = "boiler", _("锅炉")
        PRESSURE_PIPING = "pressure_piping", _("压力管道")
        VEHICLE = "vehicle", _("场（厂）内专用机动车辆")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="special_equipment", verbose_name=_("园区")
    )
    kind = models.CharField(_("种类"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("设备名称/编号"), max_length=100)
    location = models.CharField(_("安装位置"), max_length=200)
    registration_no = models.CharField(_("使用登记证编号"), max_length=60)
    put_into_use_on = models.DateField(_("投入使用日期"))
    registered_on = models.DateField(_("办理使用登记日期"))
    maintenance_unit = models.CharField(_("维护保养单位"), max_length=200)
    maintenance_licence_no = models.CharField(
        _("维保单位许可证编号"), max_length=60, blank=True, help_text=_("电梯须由取得许可的单位维护保养")
    )

    class Meta:
        verbose_name = _("特种设备")
        verbose_name_plural = pgettext_lazy("list", "特种设备")
        ordering = ["park", "kind", "name"]

    def clean(self) -> None:
        errors = {}
        if (
            self.put_into_use_on
            and self.registered_on
            and (self.registered_on - self.put_into_use_on).days > 30
        ):
            errors["registered_on"] = gettext("特种设备应在投入使用前或投入使用后 30 日内办理使用登记")
        if self.kind == self.Kind.ELEVATOR and not self.maintenance_licence_no.strip():
            errors["maintenance_licence_no"] = gettext(
                "电梯须由取得许可的单位维护保养，请填写维保单位许可证编号"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def usable(self) -> bool:
        return not self.overdue and self.next_due is not None

    @property
    def use_state(self) -> str:
        if self.overdue:
            return gettext("停用：检验过期，不得使用")  # OUT_OF_SERVICE, in the reader's language
        if self.next_due is None:
            return gettext("停用：未登记检验日期")
        return gettext("检验即将到期") if self.due_soon else gettext("正常使用")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.name}"


class SpecialEquipmentInspection(RestrictedModel):
    """特种设备检查记录: a monthly self-inspection or the periodic inspection by the authority."""

    park_path = "equipment__park"
    write_departments = SAFETY_AND_ENGINEERING

    class Kind(models.TextChoices):
        SELF = "self", _("月度自行检查")
        PERIODIC = "periodic", _("定期检验")

    equipment = models.ForeignKey(
        SpecialEquipment, models.CASCADE, related_name="inspections", verbose_name=_("设备")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.CharField(_("检查人/检验机构"), max_length=100)
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    next_due = models.DateField(_("下次检验日期"), null=True, blank=True, help_text=_("定期检验合格时填写"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("特种设备检查记录")
        verbose_name_plural = pgettext_lazy("list", "特种设备检查记录")
        ordering = ["-inspected_on"]

    def clean(self) -> None:
        if self.kind == self.Kind.PERIODIC and self.result == Result.PASS and not self.next_due:
            raise ValidationError({"next_due": gettext("定期检验合格须填写下次检验日期")})
        if self.next_due and self.inspected_on and self.next_due <= self.inspected_on:
            raise ValidationError({"next_due": gettext("下次检验日期须晚于本次检查日期")})

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.inspected_on:%Y-%m-%d}"


class FireEquipment(DueMixin, RestrictedModel):
    """消防设施、器材 (clause 6.3.1.2; GB 50140 灭火器配置, GB 50974 消防给水及消火栓)."""

    write_departments = SAFETY

    class Kind(models.TextChoices):
        EXTINGUISHER = "extinguisher", _("灭火器")
        HYDRANT = "hydrant", _("消火栓")
        SPRINKLER = "sprinkler", _("自动喷水灭火系统")
        ALARM = "alarm", _("火灾自动报警系统")
        SMOKE_EXHAUST = "smoke_exhaust", _("防排烟系统")
        EMERGENCY_LIGHTING = "emergency_lighting", _("应急照明和疏散指示")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="fire_equipment", verbose_name=_("园区")
    )
    kind = models.CharField(_("种类"), max_length=20, choices=Kind.choices)
    location = models.CharField(_("位置"), max_length=200)
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    standard = models.CharField(
        _("配置依据"), max_length=100, blank=True, help_text=_("如 GB 50140-2005、GB 50974-2014")
    )
    model_spec = models.CharField(_("型号规格"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("消防设施")
        verbose_name_plural = pgettext_lazy("list", "消防设施")
        ordering = ["park", "kind", "location"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.location}"


class EBikeChargingArea(DueMixin, RestrictedModel):
    """电动自行车集中停放充电场所 (clause 6.3.1.3)."""

    write_departments = SAFETY

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="ebike_areas", verbose_name=_("园区"))
    name = models.CharField(_("名称"), max_length=100)
    location = models.CharField(_("位置"), max_length=200)
    capacity = models.PositiveIntegerField(_("充电车位数"))
    fire_measures = models.TextField(
        _("消防措施"), help_text=_("如独立防火分隔、自动灭火、定时断电、视频监控")
    )

    class Meta:
        verbose_name = _("电动自行车充电场所")
        verbose_name_plural = pgettext_lazy("list", "电动自行车充电场所")
        ordering = ["park", "name"]

    def __str__(self) -> str:
        return self.name


class FireSafetySign(DueMixin, RestrictedModel):
    """消防安全标志 set at a place (clause 6.3.1.2; kinds per GB 13495.1), inspected regularly
    so it stays 完好有效."""

    write_departments = SAFETY

    class Kind(models.TextChoices):
        ESCAPE = "escape", _("疏散途径标志（安全出口、疏散指示）")
        ALARM = "alarm", _("火灾报警装置标志")
        EXTINGUISHING = "extinguishing", _("灭火设备标志")
        PROHIBITION = "prohibition", _("禁止和警告标志")
        DIRECTION = "direction", _("方向辅助标志")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="fire_signs", verbose_name=_("园区"))
    kind = models.CharField(_("种类"), max_length=16, choices=Kind.choices)
    location = models.CharField(_("设置位置"), max_length=200)
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    luminous = models.BooleanField(_("蓄光/自发光"), default=False)

    class Meta:
        verbose_name = _("消防安全标志")
        verbose_name_plural = pgettext_lazy("list", "消防安全标志")
        ordering = ["park", "kind", "location"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.location}"


class RegisterInspection(RestrictedModel):
    """检查记录 of a fire equipment entry or a charging area."""

    park_path = "park"
    write_departments = SAFETY

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="+", verbose_name=_("园区"))
    fire_equipment = models.ForeignKey(
        FireEquipment,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("消防设施"),
    )
    charging_area = models.ForeignKey(
        EBikeChargingArea,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("充电场所"),
    )
    fire_sign = models.ForeignKey(
        FireSafetySign,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("消防安全标志"),
    )
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.CharField(_("检查人"), max_length=100)
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    next_due = models.DateField(_("下次检查日期"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("设施检查记录")
        verbose_name_plural = pgettext_lazy("list", "设施检查记录")
        ordering = ["-inspected_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    fire_equipment__isnull=False, charging_area__isnull=True, fire_sign__isnull=True
                )
                | models.Q(fire_equipment__isnull=True, charging_area__isnull=False, fire_sign__isnull=True)
                | models.Q(fire_equipment__isnull=True, charging_area__isnull=True, fire_sign__isnull=False),
                name="register_inspection_one_target",
            )
        ]

    @property
    def target(self):
        return self.fire_equipment or self.charging_area or self.fire_sign

    def clean(self) -> None:
        if sum(1 for pk in (self.fire_equipment_id, self.charging_area_id, self.fire_sign_id) if pk) != 1:
            raise ValidationError(gettext("请选择一项消防设施、一个充电场所或一处消防安全标志"))
        if self.next_due and self.inspected_on and self.next_due <= self.inspected_on:
            raise ValidationError({"next_due": gettext("下次检查日期须晚于本次检查日期")})

    def __str__(self) -> str:
        return f"{self.target} {self.inspected_on:%Y-%m-%d}"


class PeriodicCheck(RestrictedModel):
    """燃气、电气、大型广告等设施的定期检查 (clause 6.3.1.5)."""

    write_departments = SAFETY_AND_ENGINEERING

    class Kind(models.TextChoices):
        GAS = "gas", _("燃气")
        ELECTRICAL = "electrical", _("电气")
        SIGNAGE = "signage", _("大型广告牌")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="periodic_checks", verbose_name=_("园区")
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("检查对象"), max_length=200)
    checked_on = models.DateField(_("检查日期"))
    checked_by = models.CharField(_("检查人/单位"), max_length=100)
    result = models.CharField(_("结论"), max_length=10, choices=Result.choices)
    next_due = models.DateField(_("下次检查日期"))
    note = models.TextField(_("说明"), blank=True)
    reminded_for = models.DateField(_("已提醒的到期日"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("定期安全检查")
        verbose_name_plural = pgettext_lazy("list", "定期安全检查")
        ordering = ["-checked_on"]

    def clean(self) -> None:
        if self.next_due and self.checked_on and self.next_due <= self.checked_on:
            raise ValidationError({"next_due": gettext("下次检查日期须晚于本次检查日期")})

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.subject} {self.checked_on:%Y-%m-%d}"


class FoodMerchant(RestrictedModel):
    """配套食品经营商户 and its 食品经营许可证 (clause 6.3.1.4)."""

    write_departments = SAFETY
    enterprise_path = "enterprise"

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="food_merchants", verbose_name=_("园区")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="food_merchants",
        verbose_name=_("对应入驻企业"),
    )
    name = models.CharField(_("商户名称"), max_length=200)
    location = models.CharField(_("经营位置"), max_length=200)
    licence_no = models.CharField(_("食品经营许可证编号"), max_length=40)
    licence_valid_until = models.DateField(_("许可证有效期至"))
    reminded_for = models.DateField(_("已提醒的到期日"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("食品经营商户")
        verbose_name_plural = pgettext_lazy("list", "食品经营商户")
        ordering = ["park", "name"]

    def clean(self) -> None:
        if self.licence_no and not (self.licence_no.startswith(("JY", "SP")) and len(self.licence_no) >= 10):
            raise ValidationError(
                {"licence_no": gettext("食品经营许可证编号应以 JY 开头（如 JY14403050012345）")}
            )

    @property
    def licence_valid(self) -> bool:
        return self.licence_valid_until >= clock.localdate()

    @property
    def licence_state(self) -> str:
        if not self.licence_valid:
            return gettext("已过期")
        days = (self.licence_valid_until - clock.localdate()).days
        return gettext("%(days)s 天后到期") % {"days": days} if days <= REMIND_DAYS else gettext("有效")

    def __str__(self) -> str:
        return self.name


class StaffHealthCertificate(RestrictedModel):
    """食品从业人员健康证明 (clause 6.3.1.4)."""

    park_path = "merchant__park"
    enterprise_path = "merchant__enterprise"
    write_departments = SAFETY

    merchant = models.ForeignKey(
        FoodMerchant, models.CASCADE, related_name="health_certificates", verbose_name=_("商户")
    )
    name = models.CharField(_("姓名"), max_length=50)
    certificate_no = models.CharField(_("健康证明编号"), max_length=40, blank=True)
    valid_until = models.DateField(_("有效期至"))
    reminded_for = models.DateField(_("已提醒的到期日"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("从业人员健康证明")
        verbose_name_plural = pgettext_lazy("list", "从业人员健康证明")
        ordering = ["merchant", "name"]

    @property
    def valid(self) -> bool:
        return self.valid_until >= clock.localdate()

    @property
    def valid_state(self) -> str:
        if not self.valid:
            return gettext("已过期")
        days = (self.valid_until - clock.localdate()).days
        return gettext("%(days)s 天后到期") % {"days": days} if days <= REMIND_DAYS else gettext("有效")

    def __str__(self) -> str:
        return f"{self.merchant.name}·{self.name}"


# --- People and monitoring (6.3.1.6–6.3.1.8) ------------------------------------------------


class SecurityStaff(RestrictedModel):
    """安全管理人员 roster (indicator 23: 不少于 3 人)."""

    write_departments = SAFETY

    class Post(models.TextChoices):
        MANAGER = "manager", _("安全管理负责人")
        OFFICER = "officer", _("专职安全员")
        FIRE_CONTROL = "fire_control", _("消防控制室值班员")
        GUARD = "guard", _("保安员")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="security_staff", verbose_name=_("园区")
    )
    staff = models.OneToOneField(
        "core.Staff",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_role",
        verbose_name=_("员工档案"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("岗位"), max_length=20, choices=Post.choices)
    certificate = models.CharField(
        _("资格证书"), max_length=200, blank=True, help_text=_("如 保安员证、消防设施操作员证")
    )
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("安全管理人员")
        verbose_name_plural = pgettext_lazy("list", "安全管理人员")
        ordering = ["park", "post", "name"]

    def clean(self) -> None:
        if self.staff_id and self.park_id and self.staff.park_id != self.park_id:
            raise ValidationError({"staff": gettext("员工档案须属于同一园区")})

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"


class SafetyTraining(RestrictedModel):
    """安全教育培训活动 (clause 6.3.1.7; indicator 23: 每年度不少于 2 次)."""

    write_departments = SAFETY

    class Form(models.TextChoices):
        LECTURE = "lecture", _("专题讲座")
        DRILL = "drill", _("实操演练")
        ONLINE = "online", _("线上课程")
        EXHIBITION = "exhibition", _("宣传展览")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="safety_trainings", verbose_name=_("园区")
    )
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    form = models.CharField(_("形式"), max_length=12, choices=Form.choices)
    trainer = models.CharField(_("主讲/组织"), max_length=100)
    audience = models.CharField(_("对象"), max_length=100, default="园区企业员工和运营人员")
    attendees_count = models.PositiveIntegerField(_("参加人数"), validators=[MinValueValidator(1)])
    attendee_names = models.TextField(_("签到名单"), blank=True)

    class Meta:
        verbose_name = _("安全教育培训")
        verbose_name_plural = pgettext_lazy("list", "安全教育培训")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class MonitoringArea(models.TextChoices):
    ENTRANCE = "entrance", _("出入口")
    ROAD = "road", _("主干道")
    PARKING = "parking", _("停车场")
    FACILITY = "facility", _("重要设施设备")
    BUILDING = "building", _("楼内公共区域")
    PERIMETER = "perimeter", _("周界")


AREA_CHOICES = MonitoringArea.choices
# A device whose last report is older than this is shown as offline on the live status page.
ONLINE_WINDOW = dt.timedelta(minutes=10)


class MonitoredArea(RestrictedModel):
    """重点监控区域: one entrance, road, car park or important installation the monitoring system
    must cover (clause 6.3.1.8; indicator 25), so coverage is judged place by place."""

    write_departments = (DepartmentKind.SAFETY, DepartmentKind.DIGITAL)

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="monitored_areas", verbose_name=_("园区")
    )
    area = models.CharField(_("区域类别"), max_length=12, choices=AREA_CHOICES)
    name = models.CharField(_("名称"), max_length=100, help_text=_("如 东门、地下车库、变配电室"))

    class Meta:
        verbose_name = _("重点监控区域")
        verbose_name_plural = pgettext_lazy("list", "重点监控区域")
        ordering = ["park", "area", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_monitored_area_name")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}·{self.name}"


class MonitoringDevice(RestrictedModel):
    """安全监控系统的摄像机和报警点 (clause 6.3.1.8; indicator 25). Whether a device works comes
    from its own reports (``last_seen_at``, set by the ingest), never from a box ticked by hand."""

    write_departments = (DepartmentKind.SAFETY, DepartmentKind.DIGITAL)

    class Kind(models.TextChoices):
        CAMERA = "camera", _("高清摄像机")
        ALARM = "alarm", _("报警点")
        ACCESS = "access", _("门禁/道闸")

    Area = MonitoringArea

    class Resolution(models.IntegerChoices):
        # Vertical lines of the picture; 720 and above is 高清 (HD).
        SD = 576, _("标清（D1，576 线）")
        HD720 = 720, _("720P（100 万像素）")
        HD1080 = 1080, _("1080P（200 万像素）")
        QHD = 1440, _("2K（400 万像素）")
        UHD = 2160, _("4K（800 万像素）")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="monitoring_devices", verbose_name=_("园区")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称/编号"), max_length=100)
    location = models.CharField(_("位置"), max_length=200)
    area = models.CharField(_("重点区域"), max_length=12, choices=AREA_CHOICES)
    covers = models.ForeignKey(
        MonitoredArea,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("覆盖的重点监控区域"),
    )
    resolution = models.PositiveSmallIntegerField(
        _("分辨率"), choices=Resolution.choices, null=True, blank=True, help_text=_("摄像机填写")
    )
    last_seen_at = models.DateTimeField(_("最近上报时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("监控设备")
        verbose_name_plural = pgettext_lazy("list", "监控设备")
        ordering = ["park", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_monitoring_device_name")]

    def clean(self) -> None:
        if self.covers_id and self.park_id and self.covers.park_id != self.park_id:
            raise ValidationError({"covers": gettext("重点监控区域须属于同一园区")})
        if self.covers_id and self.area and self.covers.area != self.area:
            raise ValidationError({"area": gettext("区域须与所覆盖的重点监控区域一致")})

    @property
    def high_definition(self) -> bool:
        return self.resolution is not None and self.resolution >= self.Resolution.HD720

    @property
    def online(self) -> bool:
        """Reported within the last ``ONLINE_WINDOW``; a device that never reported is not online."""
        return self.last_seen_at is not None and clock.now() - self.last_seen_at <= ONLINE_WINDOW

    @property
    def report_state(self) -> str:
        if self.last_seen_at is None:
            return gettext("尚无上报")
        return gettext("在线") if self.online else gettext("离线")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.name}"
