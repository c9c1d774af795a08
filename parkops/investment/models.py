"""Investment promotion and the tenant archive (clauses 5.1.4, 6.2, 6.3.3.2; indicators 5, 18,
19, 20, 21, 29): the customer pipeline, the team's targets, entry conditions, the resident
archive (qualifications, headcounts, contacts) and leases. Promotion events are on the park's
calendar (``parkops.events``, kind 招商推介)."""

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

from parkops.core.models import Enterprise, Industry, Park, RestrictedModel, Unit
from parkops.core.scope import DepartmentKind
from parkops.core.validators import validate_credit_code, validate_mainland_phone

ZERO = Decimal("0")
INVEST = (DepartmentKind.INVESTMENT, DepartmentKind.ADMINISTRATION)
ARCHIVE = (DepartmentKind.INVESTMENT, DepartmentKind.ENTERPRISE, DepartmentKind.ADMINISTRATION)


class Stage(models.TextChoices):
    """客户关系管理的客户阶段 (clause 6.2.3): 目标 → 意向 → 入驻 → 退租."""

    TARGET = "target", _("目标客户")
    INTENT = "intent", _("意向客户")
    RESIDENT = "resident", _("入驻客户")
    EXITED = "exited", _("退租客户")


class PollutionCategory(models.TextChoices):
    NONE = "none", _("无污染")
    LIGHT = "light", _("轻微污染")
    GENERAL = "general", _("一般污染")
    HEAVY = "heavy", _("重污染")


class QualificationKind(models.TextChoices):
    HIGH_TECH = "high_tech", _("国家高新技术企业")
    SPECIALISED = "specialised", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    OTHER = "other", _("其他资质")


class Customer(RestrictedModel):
    """招商客户 in the CRM pipeline (clause 6.2.3; indicator 20). A customer that reaches 入驻
    is linked to its :class:`~parkops.core.models.Enterprise` (created when the lease is signed)."""

    write_departments = INVEST

    class Source(models.TextChoices):
        OWN = "own", _("自主拓展")
        AGENT = "agent", _("中介推荐")
        EVENT = "event", _("推介活动")
        GOVERNMENT = "government", _("政府推荐")
        REFERRAL = "referral", _("企业推荐")
        ONLINE = "online", _("线上平台")

    class Grade(models.TextChoices):
        A = "A", _("A 类（重点）")
        B = "B", _("B 类（一般）")
        C = "C", _("C 类（培育）")

    park = models.ForeignKey(Park, models.CASCADE, related_name="customers", verbose_name=_("园区"))
    name = models.CharField(_("客户名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("签约前可暂缺，签约时必填"),
    )
    industry = models.ForeignKey(
        Industry, models.SET_NULL, null=True, blank=True, related_name="customers", verbose_name=_("所属产业")
    )
    industry_note = models.CharField(_("行业说明"), max_length=100, blank=True)
    pollution = models.CharField(
        _("环保类别"), max_length=10, choices=PollutionCategory.choices, default=PollutionCategory.NONE
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_mainland_phone]
    )
    source = models.CharField(_("客户来源"), max_length=20, choices=Source.choices, default=Source.OWN)
    # Promotion events live on the park's calendar (parkops.events, clause 6.2.2).
    event = models.ForeignKey(
        "events.Event",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        limit_choices_to={"kind": "promotion"},
        verbose_name=_("来源活动"),
    )
    grade = models.CharField(_("客户等级"), max_length=1, choices=Grade.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_customers",
        verbose_name=_("招商负责人"),
    )
    stage = models.CharField(_("客户阶段"), max_length=10, choices=Stage.choices, default=Stage.TARGET)
    need_area = models.DecimalField(
        _("需求面积（㎡）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    enterprise = models.OneToOneField(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer",
        verbose_name=_("入驻企业"),
    )
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("招商客户")
        verbose_name_plural = pgettext_lazy("list", "招商客户")
        ordering = ["park", "stage", "name"]

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            errors["enterprise"] = gettext("入驻企业不在本园区")
        if self.event_id and self.park_id and self.event.park_id != self.park_id:
            errors["event"] = gettext("来源活动不属于本园区")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return self.name


class StageChange(RestrictedModel):
    """客户阶段变更记录: who moved the customer, when, from which stage to which."""

    park_path = "customer__park"
    write_departments = INVEST

    customer = models.ForeignKey(
        Customer, models.CASCADE, related_name="stage_changes", verbose_name=_("客户")
    )
    from_stage = models.CharField(_("原阶段"), max_length=10, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=10, choices=Stage.choices)
    changed_at = models.DateTimeField(_("变更时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("操作人")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("客户阶段变更")
        verbose_name_plural = pgettext_lazy("list", "客户阶段变更")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer}：{self.get_from_stage_display() or '新建'} → {self.get_to_stage_display()}"


class FollowUp(RestrictedModel):
    """客户跟进记录 (clause 6.2.3)."""

    park_path = "customer__park"
    write_departments = INVEST

    class Way(models.TextChoices):
        PHONE = "phone", _("电话")
        VISIT = "visit", _("上门拜访")
        TOUR = "tour", _("来访带看")
        WECHAT = "wechat", _("微信")
        MEETING = "meeting", _("商务洽谈")

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="follow_ups", verbose_name=_("客户"))
    followed_on = models.DateField(_("跟进日期"))
    way = models.CharField(_("跟进方式"), max_length=10, choices=Way.choices)
    content = models.TextField(_("跟进内容"))
    next_step = models.CharField(_("下一步"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("跟进人"),
    )

    class Meta:
        verbose_name = _("客户跟进")
        verbose_name_plural = pgettext_lazy("list", "客户跟进")
        ordering = ["-followed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer} {self.followed_on:%Y-%m-%d} {self.get_way_display()}"


class InvestmentTarget(RestrictedModel):
    """招商人员年度任务指标 (indicator 18: 招商职责和任务指标明确)."""

    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.INVESTMENT)

    park = models.ForeignKey(Park, models.CASCADE, related_name="investment_targets", verbose_name=_("园区"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="investment_targets",
        verbose_name=_("招商人员"),
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    duties = models.TextField(_("招商职责"))
    target_area = models.DecimalField(
        _("目标签约面积（㎡）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    target_leases = models.PositiveIntegerField(_("目标签约数"))

    class Meta:
        verbose_name = _("招商任务指标")
        verbose_name_plural = pgettext_lazy("list", "招商任务指标")
        ordering = ["-year", "member"]
        constraints = [
            models.UniqueConstraint(fields=["park", "member", "year"], name="unique_target_per_year")
        ]

    def clean(self) -> None:
        if not (self.member_id and self.park_id):
            return
        in_park = self.member.parks.filter(pk=self.park_id).exists()
        same_operator = bool(self.member.operator_id) and self.member.operator_id == self.park.operator_id
        if not (in_park or same_operator):
            raise ValidationError({"member": gettext("招商人员不属于本园区")})

    def __str__(self) -> str:
        return f"{self.member} {self.year} 年指标"


class EntryCondition(RestrictedModel):
    """入园条件 (clause 5.1.4; indicator 5): one rule every applicant and resident is checked
    against. ``kind`` says how: industry within the park's positioning or the city catalogue,
    a required qualification, or no pollution above a category."""

    write_departments = INVEST
    tenant_visible = True

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("产业方向")
        QUALIFICATION = "qualification", _("资质要求")
        ENVIRONMENT = "environment", _("环保要求")

    class IndustryScope(models.TextChoices):
        PARK = "park", _("园区主导或特色产业")
        CATALOGUE = "catalogue", _("园区产业或深圳市产业目录")

    park = models.ForeignKey(Park, models.CASCADE, related_name="entry_conditions", verbose_name=_("园区"))
    kind = models.CharField(_("条件类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("条件名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    industry_scope = models.CharField(
        _("产业范围"),
        max_length=20,
        choices=IndustryScope.choices,
        blank=True,
        help_text=_("仅“产业方向”条件填写"),
    )
    qualification = models.CharField(
        _("须具备资质"),
        max_length=20,
        choices=QualificationKind.choices,
        blank=True,
        help_text=_("仅“资质要求”条件填写"),
    )
    max_pollution = models.CharField(
        _("允许的最高环保类别"),
        max_length=10,
        choices=PollutionCategory.choices,
        blank=True,
        help_text=_("仅“环保要求”条件填写"),
    )
    mandatory = models.BooleanField(
        _("必须满足"), default=True, help_text=_("否：仅作为鼓励条件提示，不计入符合率")
    )
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("入园条件")
        verbose_name_plural = pgettext_lazy("list", "入园条件")
        ordering = ["park", "kind", "pk"]

    def clean(self) -> None:
        needed = {
            self.Kind.INDUSTRY: ("industry_scope", "请选择产业范围"),
            self.Kind.QUALIFICATION: ("qualification", "请选择须具备的资质"),
            self.Kind.ENVIRONMENT: ("max_pollution", "请选择允许的最高环保类别"),
        }.get(self.kind)
        if needed and not getattr(self, needed[0]):
            raise ValidationError({needed[0]: needed[1]})

    def __str__(self) -> str:
        return self.title


class EnterpriseQualification(RestrictedModel):
    """企业资质 in the tenant archive (clause 6.3.3.2): 高新技术企业、专精特新 …"""

    park_path = "enterprise__park"
    enterprise_path = "enterprise"
    write_departments = ARCHIVE

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="qualifications", verbose_name=_("企业")
    )
    kind = models.CharField(_("资质类别"), max_length=20, choices=QualificationKind.choices)
    name = models.CharField(_("资质名称"), max_length=100, blank=True, help_text=_("“其他资质”时填写"))
    number = models.CharField(_("证书编号"), max_length=60, blank=True)
    issued_on = models.DateField(_("认定日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业资质")
        verbose_name_plural = pgettext_lazy("list", "企业资质")
        ordering = ["enterprise", "kind"]

    def clean(self) -> None:
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": gettext("有效期不能早于认定日期")})
        if self.kind == QualificationKind.OTHER and not self.name:
            raise ValidationError({"name": gettext("请填写资质名称")})

    def valid_on(self, day: dt.date) -> bool:
        return (self.issued_on is None or self.issued_on <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class HeadcountRecord(RestrictedModel):
    """企业在园人数 over time (clause 6.3.3.2); also the denominator of per-capita carbon (8.3)."""

    park_path = "enterprise__park"
    enterprise_path = "enterprise"
    write_departments = ARCHIVE
    tenant_actions = ("add",)

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="headcounts", verbose_name=_("企业")
    )
    recorded_on = models.DateField(_("统计日期"))
    headcount = models.PositiveIntegerField(_("在园人数"))

    class Meta:
        verbose_name = _("在园人数记录")
        verbose_name_plural = pgettext_lazy("list", "在园人数记录")
        ordering = ["enterprise", "-recorded_on"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "recorded_on"], name="unique_headcount_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.recorded_on:%Y-%m-%d}：{self.headcount} 人"


class EnterpriseContact(RestrictedModel):
    """企业联系人 (clause 6.3.3.2). Phone numbers are personal data: masked by default, shown
    in full only by an audited "查看" action."""

    park_path = "enterprise__park"
    enterprise_path = "enterprise"
    write_departments = ARCHIVE
    tenant_actions = ("add", "change")

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="contacts", verbose_name=_("企业")
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务/角色"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, validators=[validate_mainland_phone])
    email = models.EmailField(_("电子邮箱"), blank=True)
    primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("企业联系人")
        verbose_name_plural = pgettext_lazy("list", "企业联系人")
        ordering = ["enterprise", "-primary", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.role}）"


class ArchiveRecord(RestrictedModel):
    """入驻客户档案记录 (clause 6.3.3.2): the items of a resident's archive beyond its basic and
    entry information — a needs analysis, a feedback record, business cooperation."""

    park_path = "enterprise__park"
    enterprise_path = "enterprise"
    write_departments = ARCHIVE

    class Kind(models.TextChoices):
        NEEDS = "needs", _("需求分析")
        FEEDBACK = "feedback", _("反馈记录")
        COOPERATION = "cooperation", _("业务合作情况")

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="archive_records", verbose_name=_("企业")
    )
    kind = models.CharField(_("档案项目"), max_length=20, choices=Kind.choices)
    recorded_on = models.DateField(_("记录日期"))
    content = models.TextField(_("内容"))
    recorded_by = models.CharField(_("记录人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("客户档案记录")
        verbose_name_plural = pgettext_lazy("list", "客户档案记录")
        ordering = ["enterprise", "-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise}·{self.get_kind_display()} {self.recorded_on:%Y-%m-%d}"


class PositioningException(RestrictedModel):
    """园区定位的例外 (clause 5.1.4; indicator 5): a resident outside the park's leading and
    characteristic industries and declared supporting services, accepted by the operator for a
    written reason. One per resident; withdrawing it deletes it (the audit trail keeps it)."""

    park_path = "enterprise__park"
    write_departments = INVEST

    enterprise = models.OneToOneField(
        Enterprise, models.CASCADE, related_name="positioning_exception", verbose_name=_("企业")
    )
    reason = models.TextField(_("接受理由"))
    accepted_on = models.DateField(_("认可日期"))
    accepted_by = models.CharField(_("认可人"), max_length=50)

    class Meta:
        verbose_name = _("园区定位例外")
        verbose_name_plural = pgettext_lazy("list", "园区定位例外")
        ordering = ["enterprise"]

    def clean(self) -> None:
        if self.reason is not None and len(self.reason.strip()) < 6:
            raise ValidationError({"reason": gettext("请写明接受该企业入驻的具体理由（至少 6 个字）")})

    def __str__(self) -> str:
        return gettext("%(enterprise)s（定位例外）") % {"enterprise": self.enterprise}


class ResidentGrade(RestrictedModel):
    """入驻客户分级结果 (indicator 20): the grade the park's rule gave a resident, with the
    points behind it, so the grading is visible and repeatable."""

    park_path = "enterprise__park"
    write_departments = INVEST

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="grades", verbose_name=_("企业"))
    graded_on = models.DateField(_("分级日期"))
    grade = models.CharField(_("等级"), max_length=1, choices=Customer.Grade.choices)
    score = models.PositiveSmallIntegerField(_("得分"))
    basis = models.JSONField(_("评分依据"), default=dict)

    class Meta:
        verbose_name = _("入驻客户分级")
        verbose_name_plural = pgettext_lazy("list", "入驻客户分级")
        ordering = ["-graded_on", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "graded_on"], name="unique_grade_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_grade_display()}"


class PolicyLink(RestrictedModel):
    """招商平台上公开的政策与资源 (indicator 21): a published policy, service resource or link."""

    write_departments = INVEST
    tenant_visible = True

    class Kind(models.TextChoices):
        POLICY = "policy", _("产业政策")
        RESOURCE = "resource", _("园区资源")
        GUIDE = "guide", _("入园指引")

    park = models.ForeignKey(Park, models.CASCADE, related_name="policy_links", verbose_name=_("园区"))
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("摘要"), blank=True)
    url = models.URLField(_("链接"), blank=True)
    published = models.BooleanField(_("在招商平台公开"), default=True)

    class Meta:
        verbose_name = _("政策与资源")
        verbose_name_plural = pgettext_lazy("list", "政策与资源")
        ordering = ["park", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class Lease(RestrictedModel):
    """租赁合同 (clause 6.2): an enterprise's lease of one or more units. Rent is monthly per ㎡
    of the leased area, raised each lease year by ``escalation_pct``; free-rent periods are
    :class:`FreeRentPeriod`. A renewal is a new lease that names the previous one."""

    park_path = "park"
    enterprise_path = "enterprise"
    write_departments = INVEST

    class Status(models.TextChoices):
        ACTIVE = "active", _("履行中")
        EXPIRED = "expired", _("已到期")
        TERMINATED = "terminated", _("已解除")

    park = models.ForeignKey(Park, models.PROTECT, related_name="leases", verbose_name=_("园区"))
    number = models.CharField(_("合同编号"), max_length=40)
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="leases", verbose_name=_("承租企业")
    )
    customer = models.ForeignKey(
        Customer, models.SET_NULL, null=True, blank=True, related_name="leases", verbose_name=_("招商客户")
    )
    units = models.ManyToManyField(
        Unit, through="LeaseUnit", related_name="leases", verbose_name=_("租赁房源")
    )
    area = models.DecimalField(
        _("计租面积（㎡）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    start = models.DateField(_("起租日"))
    end = models.DateField(_("到期日"))
    rent_per_m2 = models.DecimalField(
        _("月租金单价（元/㎡·月）"), max_digits=8, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    escalation_pct = models.DecimalField(
        _("年递增率（%）"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("30"))],
    )
    deposit = models.DecimalField(
        _("押金（元）"), max_digits=12, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    signed_on = models.DateField(_("签约日期"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签约经办人"),
    )
    previous = models.OneToOneField(
        "self", models.SET_NULL, null=True, blank=True, related_name="renewal", verbose_name=_("续签自")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    terminated_on = models.DateField(_("解除日期"), null=True, blank=True)
    termination_reason = models.CharField(_("解除原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("租赁合同")
        verbose_name_plural = pgettext_lazy("list", "租赁合同")
        ordering = ["-start", "number"]
        constraints = [
            models.UniqueConstraint(fields=["park", "number"], name="unique_lease_number"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="lease_end_after_start"),
        ]

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = gettext("到期日不能早于起租日")
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            errors["enterprise"] = gettext("承租企业不在本园区")
        if self.terminated_on and self.start and not (self.start <= self.terminated_on <= self.end):
            errors["terminated_on"] = gettext("解除日期须在租期之内")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_end(self) -> dt.date:
        """The last day the lease runs: the termination date if terminated, else the end."""
        return self.terminated_on or self.end

    def __str__(self) -> str:
        return f"{self.number}（{self.enterprise}）"


class LeaseUnit(RestrictedModel):
    """A unit in a lease, with the dates it is let; the overlap check runs on these rows."""

    park_path = "lease__park"
    enterprise_path = "lease__enterprise"
    write_departments = INVEST

    lease = models.ForeignKey(Lease, models.CASCADE, related_name="lease_units", verbose_name=_("租赁合同"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="lease_units", verbose_name=_("房源"))
    start = models.DateField(_("起"))
    end = models.DateField(_("止"))

    class Meta:
        verbose_name = _("合同房源")
        verbose_name_plural = pgettext_lazy("list", "合同房源")
        ordering = ["lease", "unit"]
        constraints = [models.UniqueConstraint(fields=["lease", "unit"], name="unique_unit_per_lease")]

    def __str__(self) -> str:
        return f"{self.unit}（{self.start:%Y-%m-%d}—{self.end:%Y-%m-%d}）"


class FreeRentPeriod(RestrictedModel):
    """免租期 within a lease: no rent is due for these days."""

    park_path = "lease__park"
    enterprise_path = "lease__enterprise"
    write_departments = INVEST

    lease = models.ForeignKey(Lease, models.CASCADE, related_name="free_periods", verbose_name=_("租赁合同"))
    start = models.DateField(_("免租起"))
    end = models.DateField(_("免租止"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("免租期")
        verbose_name_plural = pgettext_lazy("list", "免租期")
        ordering = ["lease", "start"]

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": gettext("免租止日不能早于起日")})
        if (
            self.lease_id
            and self.start
            and self.end
            and not (self.lease.start <= self.start and self.end <= self.lease.end)
        ):
            raise ValidationError({"start": gettext("免租期须在租期之内")})

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d}—{self.end:%Y-%m-%d}"


class LeaseReminder(RestrictedModel):
    """租约到期提醒: recorded when a lease comes within 90, 60 or 30 days of its end, once per
    threshold (the notifications app sends them on when it exists)."""

    park_path = "lease__park"
    write_departments = INVEST

    lease = models.ForeignKey(Lease, models.CASCADE, related_name="reminders", verbose_name=_("租赁合同"))
    days_before = models.PositiveSmallIntegerField(_("提前天数"))
    reminded_on = models.DateField(_("提醒日期"))
    message = models.CharField(_("提醒内容"), max_length=300)

    class Meta:
        verbose_name = _("租约到期提醒")
        verbose_name_plural = pgettext_lazy("list", "租约到期提醒")
        ordering = ["-reminded_on", "lease"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "days_before"], name="unique_reminder_threshold")
        ]

    def __str__(self) -> str:
        return self.message
