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

from parkops.core import clock
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
    # 9.1.1 also names 客户评价 (complaints, suggestions, praise) and 智慧评价 (what the platform
    # itself measures); row 62 lists the five forms above, so these two are shown beside them.
    CUSTOMER = "customer", _("客户评价（投诉、建议、表扬）")
    SMART = "smart", _("智慧评价（平台统计）")


ROW_62_KINDS = (
    InspectionKind.ONSITE,
    InspectionKind.SELF_EVALUATION,
    InspectionKind.AUDIT,
    InspectionKind.MANAGEMENT_REVIEW,
    InspectionKind.SATISFACTION_SURVEY,
)
"""Row 62: 现场检查、内部测评、审核、管理评审、顾客满意度调查, each at least once a year."""
PLATFORM_KINDS = (InspectionKind.CUSTOMER, InspectionKind.SMART)
"""Forms whose figures the platform computes when the record is saved (9.1.1)."""


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
    """内部评价记录 (clause 9.1.1): a check carried out — on-site inspection, internal 测评,
    audit, management review, the evaluation of a customer satisfaction survey (linked to the
    survey), customer evaluation (complaints, suggestions, praise) or smart evaluation (SLA
    compliance, response times, repeat complaints) whose figures the platform fills in."""

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
    survey = models.ForeignKey(
        "service.Survey",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="internal_evaluations",
        verbose_name=_("满意度调查"),
        help_text=_("评价形式为顾客满意度调查时必选：本园区已结束的调查"),
    )
    survey_reference = models.CharField(
        _("满意度调查编号/名称"), max_length=200, blank=True, help_text=_("早期记录填写的调查名称")
    )
    period_start = models.DateField(
        _("统计起始日期"),
        null=True,
        blank=True,
        help_text=_("客户评价、智慧评价必填：平台统计该日至开展日期的数据"),
    )
    figures = models.JSONField(_("平台统计数据"), default=dict, blank=True, editable=False)
    report = models.FileField(_("检查报告"), upload_to="improvement/inspections/%Y/", blank=True)

    class Meta:
        verbose_name = _("内部评价记录")
        verbose_name_plural = pgettext_lazy("list", "内部评价记录")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.kind == InspectionKind.SATISFACTION_SURVEY:
            survey = self.survey if self.survey_id else None
            if survey is None:
                errors["survey"] = gettext("顾客满意度调查须选择平台上的满意度调查")
            elif self.park_id and survey.park_id != self.park_id:
                errors["survey"] = gettext("满意度调查须属于同一园区")
            elif survey.closed_on is None:
                errors["survey"] = gettext("所选满意度调查尚未结束，结束后才能评价其结果")
            elif self.held_on and survey.closed_on > self.held_on:
                errors["held_on"] = gettext("开展日期不能早于所评价调查的结束日期 %(date)s") % {
                    "date": f"{survey.closed_on:%Y-%m-%d}"
                }
        elif self.survey_id:
            errors["survey"] = gettext("只有顾客满意度调查记录可以选择满意度调查")
        if self.kind in PLATFORM_KINDS:
            if self.period_start is None:
                errors["period_start"] = gettext("客户评价、智慧评价须填写统计起始日期")
            elif self.held_on and self.period_start > self.held_on:
                errors["period_start"] = gettext("统计起始日期不能晚于开展日期")
        if self.plan_id and self.park_id and self.plan.park_id != self.park_id:
            errors["plan"] = gettext("计划须属于同一园区")
        if errors:
            raise ValidationError(errors)

    def figure_rows(self) -> list[tuple[str, object]]:
        """The platform's figures as (label, value), labels in the reader's language."""
        from parkops.improvement.figures import figure_rows

        return figure_rows(self.figures)


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


class AuthorityContact(RestrictedModel):
    """配合政府主管部门 (clause 9.3): an inspection received from, or a notice issued by, a
    government authority, what it asked of the park, and the park's follow-up."""

    write_departments = WRITERS

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("监督检查")
        NOTICE = "notice", _("通知/通报")
        RECTIFICATION = "rectification", _("整改通知")
        SURVEY = "survey", _("调研/统计报送")

    class State(models.TextChoices):
        OPEN = "open", _("待落实")
        FOLLOWING = "following", _("落实中")
        DONE = "done", _("已落实")

    park = models.ForeignKey(Park, models.CASCADE, related_name="authority_contacts", verbose_name=_("园区"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    authority = models.CharField(_("主管部门"), max_length=200, help_text=_("如 区应急管理局、街道办"))
    received_on = models.DateField(_("检查/收文日期"))
    subject = models.CharField(_("事由"), max_length=200)
    requirements = models.TextField(_("要求或检查意见"), blank=True)
    due_on = models.DateField(_("落实期限"), null=True, blank=True)
    state = models.CharField(_("落实状态"), max_length=12, choices=State.choices, default=State.OPEN)
    follow_up = models.TextField(_("落实情况"), blank=True)
    completed_on = models.DateField(_("落实完成日期"), null=True, blank=True)
    responsible = models.CharField(_("负责部门/人"), max_length=100, blank=True)
    attachment = models.FileField(_("文书附件"), upload_to="improvement/authority/%Y/", blank=True)

    class Meta:
        verbose_name = _("政府主管部门检查与通知")
        verbose_name_plural = pgettext_lazy("list", "政府主管部门检查与通知")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.authority} {self.subject}"

    def clean(self) -> None:
        errors = {}
        if self.due_on and self.received_on and self.due_on < self.received_on:
            errors["due_on"] = gettext("落实期限不能早于检查/收文日期")
        if self.state == self.State.DONE:
            if not self.follow_up.strip():
                errors["follow_up"] = gettext("已落实的事项须说明落实情况")
            if self.completed_on is None:
                errors["completed_on"] = gettext("已落实的事项须填写落实完成日期")
        elif self.completed_on is not None:
            errors["completed_on"] = gettext("事项尚未落实，不能填写落实完成日期")
        if self.completed_on and self.received_on and self.completed_on < self.received_on:
            errors["completed_on"] = gettext("落实完成日期不能早于检查/收文日期")
        elif self.completed_on and self.completed_on > clock.localdate():
            errors["completed_on"] = gettext("落实完成日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today) -> bool:
        return self.state != self.State.DONE and self.due_on is not None and self.due_on < today
