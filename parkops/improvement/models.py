"""Internal evaluation and continuous improvement (clause 9; indicators 62 and 63): a yearly
plan covering every service area, the inspections carried out, their findings with cause
analysis, and PDCA corrective actions that close only after their result is verified."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import Park, RestrictedModel
from parkops.core.scope import DepartmentKind


class ServiceArea(models.TextChoices):
    """The service contents clause 9.3 asks the yearly inspection to cover."""

    INVESTMENT = "investment", _("招商服务")
    SAFETY = "safety", _("物业服务-安全")
    ENGINEERING = "engineering", _("物业服务-工程")
    CUSTOMER = "customer", _("物业服务-客服")
    ENVIRONMENT = "environment", _("物业服务-环境")
    ENTERPRISE = "enterprise", _("企业服务")
    INCUBATION = "incubation", _("创业培育")
    PUBLIC = "public", _("公共服务")
    BRAND = "brand", _("品牌建设")
    DIGITAL = "digital", _("数智化")
    GREEN = "green", _("绿色低碳")


ALL_AREAS = "all"
AREA_CHOICES = [(ALL_AREAS, _("全部服务内容")), *ServiceArea.choices]


class InspectionKind(models.TextChoices):
    """Forms of internal evaluation (clause 9.1.1; indicator 62)."""

    ONSITE = "onsite", _("现场检查")
    SELF_EVALUATION = "self_evaluation", _("内部测评")
    AUDIT = "audit", _("审核")
    MANAGEMENT_REVIEW = "management_review", _("管理评审")
    SATISFACTION_SURVEY = "satisfaction_survey", _("顾客满意度调查")


WRITERS = (DepartmentKind.ADMINISTRATION,)


class InspectionPlan(RestrictedModel):
    """年度内部评价计划 (clause 9.3: at least once a year, covering all service contents)."""

    write_departments = WRITERS

    park = models.ForeignKey(Park, models.CASCADE, related_name="inspection_plans", verbose_name=_("园区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=200)
    basis = models.TextField(
        _("评价依据"),
        blank=True,
        help_text=_("法律法规、合同、行业标准、认证体系标准、工作制度、客户要求等（9.1.2）"),
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("内部评价计划")
        verbose_name_plural = pgettext_lazy("list", "内部评价计划")
        ordering = ["-year", "park"]
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="improvement_one_plan_per_year")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.year and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": gettext("年度应为四位年份，如 2026")})


class InspectionPlanItem(RestrictedModel):
    """One planned check of the yearly plan: a service area, a form and a month."""

    park_path = "plan__park"
    write_departments = WRITERS

    plan = models.ForeignKey(InspectionPlan, models.CASCADE, related_name="items", verbose_name=_("计划"))
    area = models.CharField(_("服务内容"), max_length=20, choices=AREA_CHOICES)
    kind = models.CharField(_("评价形式"), max_length=20, choices=InspectionKind.choices)
    planned_month = models.PositiveSmallIntegerField(_("计划月份"))
    responsible = models.CharField(_("负责部门/人"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("计划检查项")
        verbose_name_plural = pgettext_lazy("list", "计划检查项")
        ordering = ["plan", "planned_month", "id"]

    def __str__(self) -> str:
        return f"{self.planned_month}月 {self.get_area_display()}·{self.get_kind_display()}"

    def clean(self) -> None:
        if self.planned_month is not None and not 1 <= self.planned_month <= 12:
            raise ValidationError({"planned_month": gettext("月份应在 1 到 12 之间")})


class Inspection(RestrictedModel):
    """内部评价记录: a check carried out — on-site inspection, internal 测评, audit, management
    review, or a customer satisfaction survey (referenced by its title/number)."""

    write_departments = WRITERS

    park = models.ForeignKey(Park, models.CASCADE, related_name="inspections", verbose_name=_("园区"))
    plan = models.ForeignKey(
        InspectionPlan,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("所属计划"),
    )
    kind = models.CharField(_("评价形式"), max_length=20, choices=InspectionKind.choices)
    area = models.CharField(_("服务内容"), max_length=20, choices=AREA_CHOICES)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("开展日期"))
    led_by = models.CharField(_("负责人"), max_length=100)
    summary = models.TextField(_("结论摘要"), blank=True)
    survey_reference = models.CharField(
        _("满意度调查编号/名称"), max_length=200, blank=True, help_text=_("评价形式为顾客满意度调查时必填")
    )
    report = models.FileField(_("检查报告"), upload_to="improvement/inspections/%Y/", blank=True)

    class Meta:
        verbose_name = _("内部评价记录")
        verbose_name_plural = pgettext_lazy("list", "内部评价记录")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.kind == InspectionKind.SATISFACTION_SURVEY and not self.survey_reference.strip():
            errors["survey_reference"] = gettext("顾客满意度调查须注明调查编号或名称")
        if self.plan_id and self.park_id and self.plan.park_id != self.park_id:
            errors["plan"] = gettext("计划须属于同一园区")
        if errors:
            raise ValidationError(errors)


class Finding(RestrictedModel):
    """检查发现的问题 with its cause analysis (clause 9.3 对发现的问题进行原因分析)."""

    park_path = "inspection__park"
    write_departments = WRITERS

    class Severity(models.TextChoices):
        MINOR = "minor", _("一般")
        MAJOR = "major", _("严重")
        OBSERVATION = "observation", _("观察项")

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="findings", verbose_name=_("评价记录")
    )
    area = models.CharField(_("服务内容"), max_length=20, choices=ServiceArea.choices)
    description = models.TextField(_("问题描述"))
    severity = models.CharField(
        _("严重程度"), max_length=12, choices=Severity.choices, default=Severity.MINOR
    )
    cause_analysis = models.TextField(_("原因分析"), blank=True)

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = pgettext_lazy("list", "检查发现")
        ordering = ["-inspection__held_on", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class CorrectiveAction(RestrictedModel):
    """整改措施 run by PDCA: 策划 → 实施 → 检查（待验证）→ 处置（验证有效后关闭）."""

    park_path = "finding__inspection__park"
    write_departments = WRITERS

    class State(models.TextChoices):
        PLAN = "plan", _("策划")
        DO = "do", _("实施中")
        CHECK = "check", _("待验证")
        CLOSED = "closed", _("已验证关闭")

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="actions", verbose_name=_("检查发现"))
    description = models.TextField(_("整改措施"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="corrective_actions", verbose_name=_("责任人")
    )
    deadline = models.DateField(_("整改期限"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PLAN)
    completion_note = models.TextField(_("整改完成情况"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    verification = models.TextField(_("验证结果"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("验证人"),
    )
    verified_on = models.DateField(_("验证日期"), null=True, blank=True)
    improvement_document = models.CharField(
        _("改进文件"),
        max_length=200,
        blank=True,
        help_text=_("据此修订的管理规范或服务规范文件名称及版本（指标63）"),
    )
    improvement_file = models.FileField(_("改进文件附件"), upload_to="improvement/actions/%Y/", blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("督办次数"), default=0)

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = pgettext_lazy("list", "整改措施")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="closed") | (Q(verified_on__isnull=False) & Q(verified_by__isnull=False)),
                name="improvement_closed_action_verified",
                violation_error_message=_("整改措施未经验证，不能关闭"),
            )
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def clean(self) -> None:
        if self.state == self.State.CLOSED and not (
            self.verified_on and self.verified_by_id and self.verification.strip()
        ):
            raise ValidationError({"state": gettext("整改措施未经验证，不能关闭：请先记录验证结果")})

    def is_overdue(self, today) -> bool:
        return self.state != self.State.CLOSED and self.deadline < today


class ActionEscalation(RestrictedModel):
    """督办记录: an overdue corrective action escalated to the park's management."""

    park_path = "action__finding__inspection__park"
    admin_read_only = True

    action = models.ForeignKey(
        CorrectiveAction, models.CASCADE, related_name="escalations", verbose_name=_("整改措施")
    )
    escalated_on = models.DateField(_("督办日期"))
    level = models.PositiveSmallIntegerField(_("督办次数"))
    days_overdue = models.PositiveIntegerField(_("逾期天数"))
    notified = models.CharField(_("通知对象"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = pgettext_lazy("list", "督办记录")
        ordering = ["-escalated_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "escalated_on"], name="improvement_one_escalation_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.escalated_on:%Y-%m-%d} 第{self.level}次督办（逾期{self.days_overdue}天）"
