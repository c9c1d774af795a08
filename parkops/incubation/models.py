"""创业培育服务 (clause 6.5; indicators 43–45): the incubation centre with its spaces and
service list, incubated start-ups with their milestones and graduation, mentors and mentoring
cases (the sessions themselves are on the park's calendar, kind 创业辅导), and funds with their
investments and proof."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

INCUBATION = (DepartmentKind.ENTERPRISE, DepartmentKind.ADMINISTRATION)


class IncubationCentre(RestrictedModel):
    """创业孵化中心 (6.5.1): its office space, taken from the park's function spaces."""

    write_departments = INCUBATION
    tenant_visible = True

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="incubation_centres", verbose_name=_("园区")
    )
    name = models.CharField(_("名称"), max_length=100)
    spaces = models.ManyToManyField(
        "spaces.FunctionSpace",
        blank=True,
        related_name="incubation_centres",
        verbose_name=_("办公场地"),
        help_text=_("孵化工位、路演厅、洽谈室等功能空间"),
    )
    area = models.DecimalField(
        _("场地面积（㎡）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    opened_on = models.DateField(_("启用日期"))
    manager = models.CharField(_("负责人"), max_length=50, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("创业孵化中心")
        verbose_name_plural = pgettext_lazy("list", "创业孵化中心")
        ordering = ["park", "name"]

    def __str__(self) -> str:
        return self.name


class IncubatorService(RestrictedModel):
    """孵化服务清单的一项 (6.5.1): 办公场地、工商财税、市场营销、法律咨询 and other support."""

    write_departments = INCUBATION
    tenant_visible = True

    class Category(models.TextChoices):
        OFFICE = "office", _("办公场地")
        REGISTRATION = "registration", _("工商财税")
        MARKETING = "marketing", _("市场营销")
        LEGAL = "legal", _("法律咨询")
        FINANCING = "financing", _("投融资对接")
        POLICY = "policy", _("政策申报")
        TALENT = "talent", _("人才招聘")
        OTHER = "other", _("其他支持服务")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="incubator_services", verbose_name=_("园区")
    )
    centre = models.ForeignKey(
        IncubationCentre, models.CASCADE, related_name="services", verbose_name=_("孵化中心")
    )
    category = models.CharField(_("服务类别"), max_length=20, choices=Category.choices)
    name = models.CharField(_("服务名称"), max_length=100)
    description = models.TextField(_("服务内容"))
    provider = models.CharField(_("服务提供方"), max_length=100, blank=True)
    charge = models.CharField(
        _("收费方式"), max_length=100, blank=True, help_text=_("如：免费、优惠价、按次收费")
    )
    active = models.BooleanField(_("提供中"), default=True)

    class Meta:
        verbose_name = _("孵化服务")
        verbose_name_plural = pgettext_lazy("list", "孵化服务清单")
        ordering = ["centre", "category", "name"]

    def clean(self) -> None:
        if self.centre_id and self.park_id and self.centre.park_id != self.park_id:
            raise ValidationError({"centre": gettext("孵化中心须属于同一园区")})

    def __str__(self) -> str:
        return f"{self.get_category_display()}·{self.name}"


class Startup(RestrictedModel):
    """在孵企业 (6.5): entry, milestones and graduation. The enterprise sees its own record."""

    write_departments = INCUBATION
    enterprise_path = "enterprise"

    class Status(models.TextChoices):
        INCUBATING = "incubating", _("在孵")
        GRADUATED = "graduated", _("已毕业")
        LEFT = "left", _("已退出")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="startups", verbose_name=_("园区"))
    centre = models.ForeignKey(
        IncubationCentre, models.PROTECT, related_name="startups", verbose_name=_("孵化中心")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", models.PROTECT, related_name="incubations", verbose_name=_("企业")
    )
    project = models.CharField(_("创业项目"), max_length=200)
    founder = models.CharField(_("创始人"), max_length=50, blank=True)
    entered_on = models.DateField(_("入孵日期"))
    status = models.CharField(_("孵化状态"), max_length=12, choices=Status.choices, default=Status.INCUBATING)
    left_on = models.DateField(_("毕业/退出日期"), null=True, blank=True)
    outcome = models.TextField(_("毕业/退出说明"), blank=True)

    class Meta:
        verbose_name = _("在孵企业")
        verbose_name_plural = pgettext_lazy("list", "在孵企业")
        ordering = ["status", "-entered_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=models.Q(status="incubating"), name="startup_incubating_once"
            )
        ]

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            errors["enterprise"] = gettext("企业须在本园区")
        if self.centre_id and self.park_id and self.centre.park_id != self.park_id:
            errors["centre"] = gettext("孵化中心须属于同一园区")
        if self.status == self.Status.INCUBATING and self.left_on:
            errors["left_on"] = gettext("在孵企业不填写毕业/退出日期")
        if self.status != self.Status.INCUBATING and not self.left_on:
            errors["left_on"] = gettext("请填写毕业/退出日期")
        if self.left_on and self.entered_on and self.left_on < self.entered_on:
            errors["left_on"] = gettext("毕业/退出日期不能早于入孵日期")
        if errors:
            raise ValidationError(errors)

    label_related = ("enterprise",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.enterprise.name}（{self.project}）"


class Milestone(RestrictedModel):
    """在孵企业的里程碑: financing, product, first revenue, patents, awards."""

    park_path = "startup__park"
    enterprise_path = "startup__enterprise"
    write_departments = INCUBATION

    class Kind(models.TextChoices):
        PRODUCT = "product", _("产品发布")
        REVENUE = "revenue", _("首笔收入")
        FINANCING = "financing", _("完成融资")
        PATENT = "patent", _("知识产权")
        QUALIFICATION = "qualification", _("资质认定")
        AWARD = "award", _("获奖")
        OTHER = "other", _("其他")

    startup = models.ForeignKey(
        Startup, models.CASCADE, related_name="milestones", verbose_name=_("在孵企业")
    )
    achieved_on = models.DateField(_("达成日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("里程碑"), max_length=200)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("孵化里程碑")
        verbose_name_plural = pgettext_lazy("list", "孵化里程碑")
        ordering = ["startup", "-achieved_on"]

    def __str__(self) -> str:
        return f"{self.achieved_on:%Y-%m-%d} {self.title}"


class Topic(models.TextChoices):
    """创业辅导的内容 (6.5.2)."""

    BUSINESS_MODEL = "business_model", _("商业模式设计")
    FINANCING = "financing", _("资金筹集")
    MANAGEMENT = "management", _("企业管理")
    LAW_POLICY = "law_policy", _("法律法规与政策")
    MARKETING = "marketing", _("市场营销")
    TECHNOLOGY = "technology", _("技术与产品")


class Mentor(RestrictedModel):
    """创业导师 (6.5.2)."""

    write_departments = INCUBATION
    tenant_visible = True

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="mentors", verbose_name=_("园区"))
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("单位及职务"), max_length=200)
    speciality = models.CharField(_("擅长领域"), max_length=20, choices=Topic.choices)
    bio = models.TextField(_("简介"), blank=True)
    active = models.BooleanField(_("在聘"), default=True)

    class Meta:
        verbose_name = _("创业导师")
        verbose_name_plural = pgettext_lazy("list", "创业导师")
        ordering = ["park", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"


class MentoringCase(RestrictedModel):
    """创业辅导案例 (6.5.2; indicator 44): a mentoring session held on the calendar, the mentor,
    the start-up mentored, the problem, the advice and what came of it."""

    park_path = "event__park"
    enterprise_path = "startup__enterprise"
    write_departments = INCUBATION
    file_kinds = {"proof": "document"}

    event = models.ForeignKey(
        "events.Event",
        models.PROTECT,
        related_name="mentoring_cases",
        limit_choices_to={"kind": "mentoring"},
        verbose_name=_("辅导活动"),
    )
    mentor = models.ForeignKey(Mentor, models.PROTECT, related_name="cases", verbose_name=_("导师"))
    startup = models.ForeignKey(
        Startup, models.PROTECT, related_name="mentoring_cases", verbose_name=_("辅导对象")
    )
    topic = models.CharField(_("辅导内容"), max_length=20, choices=Topic.choices)
    problem = models.TextField(_("问题与需求"))
    advice = models.TextField(_("辅导意见"))
    outcome = models.TextField(_("辅导成效"))
    proof = models.FileField(_("佐证材料"), upload_to="incubation/mentoring/%Y/", blank=True)

    class Meta:
        verbose_name = _("创业辅导案例")
        verbose_name_plural = pgettext_lazy("list", "创业辅导案例")
        ordering = ["-event__starts_at", "-pk"]

    def clean(self) -> None:
        from parkops.core import clock

        errors = {}
        if self.event_id:
            if self.event.kind != "mentoring":
                errors["event"] = gettext("请选择创业辅导类活动")
            elif self.event.cancelled or self.event.starts_at > clock.now():
                errors["event"] = gettext("辅导案例须对应已开展的辅导活动")
            for name in ("mentor", "startup"):
                other = getattr(self, name) if getattr(self, f"{name}_id") else None
                if other is not None and other.park_id != self.event.park_id:
                    errors[name] = gettext("须属于活动所在园区")
        if errors:
            raise ValidationError(errors)

    label_related = ("startup__enterprise",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.startup.enterprise.name} · {self.get_topic_display()}"


class Fund(RestrictedModel):
    """创业及产业基金 (6.5.3; indicator 45): the operator's own or a partner's."""

    write_departments = INCUBATION
    file_kinds = {"agreement": "document"}

    class Kind(models.TextChoices):
        OWN = "own", _("自有基金")
        PARTNER = "partner", _("合作基金")

    class Purpose(models.TextChoices):
        SEED = "seed", _("种子/天使基金")
        VENTURE = "venture", _("创业投资基金")
        INDUSTRY = "industry", _("产业基金")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="funds", verbose_name=_("园区"))
    name = models.CharField(_("基金名称"), max_length=200)
    kind = models.CharField(_("来源"), max_length=10, choices=Kind.choices)
    purpose = models.CharField(_("基金类型"), max_length=10, choices=Purpose.choices)
    manager = models.CharField(_("管理机构"), max_length=200)
    size = models.DecimalField(
        _("规模（万元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    established_on = models.DateField(_("设立/合作日期"))
    agreement = models.FileField(_("设立文件/合作协议"), upload_to="incubation/funds/%Y/", blank=True)
    active = models.BooleanField(_("存续"), default=True)

    class Meta:
        verbose_name = _("创业基金")
        verbose_name_plural = pgettext_lazy("list", "创业基金")
        ordering = ["park", "name"]

    def __str__(self) -> str:
        return self.name


class FundInvestment(RestrictedModel):
    """基金投资案例 (6.5.3; indicator 45): amount, stage and proof (投资协议、打款凭证)."""

    park_path = "fund__park"
    enterprise_path = "startup__enterprise"
    write_departments = INCUBATION
    file_kinds = {"proof": "document"}

    class Stage(models.TextChoices):
        SEED = "seed", _("种子轮")
        ANGEL = "angel", _("天使轮")
        PRE_A = "pre_a", _("Pre-A 轮")
        A = "a", _("A 轮")
        GROWTH = "growth", _("发展期（产业基金）")

    fund = models.ForeignKey(Fund, models.PROTECT, related_name="investments", verbose_name=_("基金"))
    startup = models.ForeignKey(
        Startup, models.PROTECT, related_name="investments", verbose_name=_("被投企业")
    )
    invested_on = models.DateField(_("投资日期"))
    stage = models.CharField(_("轮次"), max_length=10, choices=Stage.choices)
    amount = models.DecimalField(
        _("投资金额（万元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    proof = models.FileField(
        _("证明文件"), upload_to="incubation/investments/%Y/", blank=True, help_text=_("投资协议、打款凭证等")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("基金投资案例")
        verbose_name_plural = pgettext_lazy("list", "基金投资案例")
        ordering = ["-invested_on", "-pk"]

    def clean(self) -> None:
        if self.fund_id and self.startup_id and self.fund.park_id != self.startup.park_id:
            raise ValidationError({"startup": gettext("被投企业须与基金属于同一园区")})

    label_related = ("fund", "startup__enterprise")  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.fund.name} → {self.startup.enterprise.name} {self.amount} 万元"
