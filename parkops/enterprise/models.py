"""企业服务 (clause 6.4; indicators 34–42): the enterprise demand ledger, the service
catalogue per category with its successful cases, the policy library with matching and guided
applications, and the ecosystem partners with their agreements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import Enterprise, Industry, Park, RestrictedModel
from parkops.core.scope import CHANGE, DepartmentKind, Role, can
from parkops.core.validators import validate_mainland_phone
from parkops.core.workflow import TimelineEvent, Transition, Workflow

ENTERPRISE_SERVICE = (DepartmentKind.ENTERPRISE,)
ZERO = Decimal("0")


class Category(models.TextChoices):
    """The kinds of need of clause 6.4 (6.4.2–6.4.8); each but 其他 has its row of 表A.1."""

    MARKET = "market", _("市场对接")
    FINANCE = "finance", _("金融")
    TALENT = "talent", _("人才")
    POLICY = "policy", _("政策")
    RESEARCH = "research", _("产学研")
    BRAND = "brand", _("品牌")
    CUSTOM = "custom", _("定制")
    OTHER = "other", _("其他")


# 表A.1 rows 35–41: 提供……服务清单及不少于 2 个成功服务案例.
CATEGORY_ROWS = {
    Category.MARKET: 35,
    Category.FINANCE: 36,
    Category.TALENT: 37,
    Category.POLICY: 38,
    Category.RESEARCH: 39,
    Category.BRAND: 40,
    Category.CUSTOM: 41,
}


def _same_park(errors: dict, name: str, obj, park_id, message: str) -> None:
    if obj is not None and park_id and obj.park_id != park_id:
        errors[name] = message


def _owner_or_staff(user, obj) -> bool:
    """The enterprise the request belongs to (its tenant users) or staff who may change it."""
    if getattr(user, "role", None) == Role.TENANT and not user.is_superuser:
        return bool(user.enterprise_id) and user.enterprise_id == obj.enterprise_id
    return can(user, CHANGE, obj)


# --- Ecosystem partners (6.4.9; row 42) --------------------------------------------------------


class Partner(RestrictedModel):
    """产业生态伙伴单位 (clause 6.4.9; indicator 42): a leading firm, research institute,
    university, association, bank or investor the park works with."""

    write_departments = ENTERPRISE_SERVICE

    class Kind(models.TextChoices):
        LEADING_FIRM = "leading_firm", _("行业头部企业")
        RESEARCH = "research", _("研发机构")
        UNIVERSITY = "university", _("大学")
        ASSOCIATION = "association", _("商协会")
        BANK = "bank", _("银行等金融机构")
        INVESTOR = "investor", _("投资机构")
        SERVICE = "service", _("专业服务机构")
        GOVERNMENT = "government", _("政府部门")

    park = models.ForeignKey(Park, models.CASCADE, related_name="service_partners", verbose_name=_("园区"))
    name = models.CharField(_("单位名称"), max_length=200)
    kind = models.CharField(_("单位类型"), max_length=20, choices=Kind.choices)
    region = models.CharField(
        _("所在地区"), max_length=50, blank=True, help_text=_("如 深圳、粤港澳大湾区、国内其他地区、境外")
    )
    services = models.TextField(_("可提供的资源和服务"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_mainland_phone]
    )
    active = models.BooleanField(_("合作中"), default=True)

    class Meta:
        verbose_name = _("生态伙伴")
        verbose_name_plural = pgettext_lazy("list", "生态伙伴")
        ordering = ["park", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_partner_per_park")]

    def __str__(self) -> str:
        return self.name


class PartnerAgreement(RestrictedModel):
    """与生态伙伴签订的合作协议或建立关系的证明文件 (indicator 42)."""

    park_path = "partner__park"
    write_departments = ENTERPRISE_SERVICE
    file_kinds = {"document": "document"}

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("合作协议")
        MEMORANDUM = "memorandum", _("战略合作备忘录")
        PLAQUE = "plaque", _("共建或授牌证明")
        OTHER = "other", _("其他关系证明")

    partner = models.ForeignKey(
        Partner, models.CASCADE, related_name="agreements", verbose_name=_("生态伙伴")
    )
    kind = models.CharField(_("文件类型"), max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    title = models.CharField(_("文件名称"), max_length=200)
    signed_on = models.DateField(_("签订日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("长期有效可不填"))
    content = models.TextField(_("合作内容"), blank=True)
    document = models.FileField(
        _("协议或证明文件"), upload_to="enterprise/agreements/%Y/", help_text=_("盖章的协议扫描件或证明文件")
    )

    class Meta:
        verbose_name = _("合作协议")
        verbose_name_plural = pgettext_lazy("list", "合作协议")
        ordering = ["-signed_on", "-pk"]

    def clean(self) -> None:
        if self.signed_on and self.valid_until and self.valid_until < self.signed_on:
            raise ValidationError({"valid_until": gettext("有效期不能早于签订日期")})
        if self.signed_on and self.signed_on > clock.localdate():
            raise ValidationError({"signed_on": gettext("签订日期不能晚于今天")})

    def in_force(self, day: dt.date) -> bool:
        return self.signed_on <= day and (self.valid_until is None or day <= self.valid_until)

    label_related = ("partner",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.partner.name}·{self.title}"


# --- Service catalogue and cases (6.4.2–6.4.8; rows 35–41) ---------------------------------


class EnterpriseService(RestrictedModel):
    """企业服务清单中的一项 (clauses 6.4.2–6.4.8; indicators 35–41): what the park offers in a
    category, who provides it (the operator itself or a partner) and how to ask for it."""

    write_departments = ENTERPRISE_SERVICE
    tenant_visible = True

    park = models.ForeignKey(Park, models.CASCADE, related_name="enterprise_services", verbose_name=_("园区"))
    category = models.CharField(_("服务类别"), max_length=20, choices=Category.choices)
    name = models.CharField(_("服务名称"), max_length=200)
    description = models.TextField(_("服务内容"))
    partner = models.ForeignKey(
        Partner,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("合作服务机构"),
        help_text=_("由运营机构自行提供的留空"),
    )
    fee = models.CharField(_("收费说明"), max_length=100, blank=True, help_text=_("如 免费、按市场价八折"))
    how_to_apply = models.TextField(_("申请方式"), blank=True)
    active = models.BooleanField(_("提供中"), default=True)

    class Meta:
        verbose_name = _("企业服务项目")
        verbose_name_plural = pgettext_lazy("list", "企业服务清单")
        ordering = ["park", "category", "name"]

    def clean(self) -> None:
        errors: dict = {}
        _same_park(
            errors,
            "partner",
            self.partner if self.partner_id else None,
            self.park_id,
            gettext("合作服务机构须是本园区的生态伙伴"),
        )
        if errors:
            raise ValidationError(errors)

    @property
    def provider(self) -> str:
        return self.partner.name if self.partner_id else gettext("运营机构")

    def __str__(self) -> str:
        return f"{self.get_category_display()}·{self.name}"


class ServiceCase(RestrictedModel):
    """企业服务案例 (indicators 35–41): for an enterprise, what was done and what came of it —
    a loan, hires, a grant, patents, orders — with its proof."""

    enterprise_path = "enterprise"
    write_departments = ENTERPRISE_SERVICE
    file_kinds = {"proof": "document"}

    park = models.ForeignKey(Park, models.CASCADE, related_name="service_cases", verbose_name=_("园区"))
    category = models.CharField(_("服务类别"), max_length=20, choices=Category.choices)
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="service_cases", verbose_name=_("服务企业")
    )
    title = models.CharField(_("案例名称"), max_length=200)
    offering = models.ForeignKey(
        EnterpriseService,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("服务项目"),
    )
    partner = models.ForeignKey(
        Partner, models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("合作服务机构")
    )
    demand = models.OneToOneField(
        "Demand", models.SET_NULL, null=True, blank=True, related_name="case", verbose_name=_("来源需求")
    )
    served_on = models.DateField(_("服务完成日期"))
    work = models.TextField(_("服务过程"))
    successful = models.BooleanField(_("服务成功"), default=True)
    result = models.TextField(_("服务成效"), help_text=_("企业因此得到了什么"))
    loan_amount = models.DecimalField(
        _("获得融资/贷款（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    grant_amount = models.DecimalField(
        _("获得资助/奖补（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    order_amount = models.DecimalField(
        _("促成订单/合同（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    hires = models.PositiveIntegerField(_("招聘到岗人数"), null=True, blank=True)
    patents = models.PositiveIntegerField(_("专利/知识产权（件）"), null=True, blank=True)
    proof = models.FileField(
        _("证明材料"),
        upload_to="enterprise/cases/%Y/",
        blank=True,
        help_text=_("放款通知、录用名单、立项或授权文件、合同等"),
    )

    class Meta:
        verbose_name = _("服务案例")
        verbose_name_plural = pgettext_lazy("list", "服务案例")
        ordering = ["-served_on", "-pk"]

    def clean(self) -> None:
        errors: dict = {}
        _same_park(
            errors,
            "enterprise",
            self.enterprise if self.enterprise_id else None,
            self.park_id,
            gettext("服务企业须在本园区"),
        )
        if self.offering_id and self.category and self.offering.category != self.category:
            errors["offering"] = gettext("服务项目须属于所选服务类别")
        _same_park(
            errors,
            "offering",
            self.offering if self.offering_id else None,
            self.park_id,
            gettext("服务项目须属于本园区"),
        )
        _same_park(
            errors,
            "partner",
            self.partner if self.partner_id else None,
            self.park_id,
            gettext("合作服务机构须是本园区的生态伙伴"),
        )
        if self.served_on and self.served_on > clock.localdate():
            errors["served_on"] = gettext("服务完成日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return self.title


# --- The demand ledger (6.4.1; row 34) --------------------------------------------------------


class Demand(RestrictedModel):
    """企业需求 in the demand ledger (clause 6.4.1; indicator 34): raised by the enterprise or
    by staff on its behalf, assigned, matched to a service or a partner, followed up, and
    closed with the outcome and the enterprise's rating."""

    enterprise_path = "enterprise"
    write_departments = ENTERPRISE_SERVICE
    tenant_actions = ("add",)

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("待分派")
        ASSIGNED = "assigned", _("已分派")
        MATCHED = "matched", _("已对接")
        FOLLOWING = "following", _("跟进中")
        RESOLVED = "resolved", _("待企业评价")
        CLOSED = "closed", _("已关闭")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Source(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业提交")
        VISIT = "visit", _("走访收集")
        SURVEY = "survey", _("需求调研")
        PHONE = "phone", _("电话")
        EVENT = "event", _("活动现场")

    class Outcome(models.TextChoices):
        MET = "met", _("已解决")
        PARTLY = "partly", _("部分解决")
        NOT_MET = "not_met", _("未能解决")

    OPEN_STATES = (State.SUBMITTED, State.ASSIGNED, State.MATCHED, State.FOLLOWING)
    ASSIGN_DAYS = 2  # a new demand is assigned within two days
    DEFAULT_DAYS = 30  # the default date to resolve it by, from assignment

    park = models.ForeignKey(Park, models.CASCADE, related_name="demands", verbose_name=_("园区"))
    number = models.CharField(_("编号"), max_length=30, unique=True, editable=False)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="demands", verbose_name=_("企业"))
    category = models.CharField(_("需求类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("需求主题"), max_length=200)
    description = models.TextField(_("需求描述"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.ENTERPRISE)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    raised_at = models.DateTimeField(_("提出时间"), default=clock.now)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责人"),
    )
    assign_by = models.DateField(_("分派时限"))
    due_on = models.DateField(_("计划解决日期"), null=True, blank=True)
    offering = models.ForeignKey(
        EnterpriseService,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("对接服务"),
    )
    partner = models.ForeignKey(
        Partner, models.SET_NULL, null=True, blank=True, related_name="demands", verbose_name=_("对接伙伴")
    )
    outcome = models.CharField(_("办理结果"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("企业评分"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1–5 分"),
    )
    rating_comment = models.TextField(_("企业评价"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    S = State
    workflow = Workflow(
        field="state",
        events="events",
        transitions=[
            Transition(
                "assign", source=[S.SUBMITTED, S.ASSIGNED], target=S.ASSIGNED, step=gettext_noop("分派")
            ),
            Transition(
                "match",
                source=[S.ASSIGNED, S.MATCHED, S.FOLLOWING],
                target=S.MATCHED,
                step=gettext_noop("对接服务资源"),
            ),
            Transition(
                "follow_up", source=[S.MATCHED, S.FOLLOWING], target=S.FOLLOWING, step=gettext_noop("跟进")
            ),
            Transition(
                "resolve",
                source=[S.ASSIGNED, S.MATCHED, S.FOLLOWING],
                target=S.RESOLVED,
                step=gettext_noop("记录办理结果"),
            ),
            Transition(
                "rate",
                source=[S.RESOLVED],
                target=S.CLOSED,
                step=gettext_noop("企业评价并关闭"),
                allowed=_owner_or_staff,
            ),
            Transition(
                "withdraw",
                source=[S.SUBMITTED, S.ASSIGNED],
                target=S.WITHDRAWN,
                step=gettext_noop("撤回"),
                allowed=_owner_or_staff,
            ),
        ],
    )

    class Meta:
        verbose_name = _("企业需求")
        verbose_name_plural = pgettext_lazy("list", "企业需求台账")
        ordering = ["-raised_at", "-pk"]

    def clean(self) -> None:
        errors: dict = {}
        _same_park(
            errors,
            "enterprise",
            self.enterprise if self.enterprise_id else None,
            self.park_id,
            gettext("企业须在本园区"),
        )
        _same_park(
            errors,
            "offering",
            self.offering if self.offering_id else None,
            self.park_id,
            gettext("对接服务须属于本园区"),
        )
        _same_park(
            errors,
            "partner",
            self.partner if self.partner_id else None,
            self.park_id,
            gettext("对接伙伴须是本园区的生态伙伴"),
        )
        if self.state == self.State.CLOSED and self.rating is None:
            errors["rating"] = gettext("关闭需求时须记录企业评分")
        if self.state in (self.State.RESOLVED, self.State.CLOSED) and not self.outcome:
            errors["outcome"] = gettext("请记录办理结果")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def overdue_on(self, today: dt.date) -> bool:
        """Not assigned by its assignment deadline, or still open after its planned date."""
        if self.state == self.State.SUBMITTED:
            return today > self.assign_by
        return self.is_open and self.due_on is not None and today > self.due_on

    @property
    def matched_to(self) -> str:
        names = [str(x) for x in (self.offering, self.partner) if x is not None]
        return " / ".join(names)

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class DemandEvent(TimelineEvent, RestrictedModel):
    """A step in a demand's handling: raised, assigned, matched, followed up, resolved, rated."""

    subject_field = "demand"
    park_path = "demand__park"
    enterprise_path = "demand__enterprise"
    write_departments = ENTERPRISE_SERVICE

    demand = models.ForeignKey(Demand, models.CASCADE, related_name="events", verbose_name=_("企业需求"))

    class Meta:
        verbose_name = _("需求处理记录")
        verbose_name_plural = pgettext_lazy("list", "需求处理记录")
        ordering = ["demand", "created_at", "pk"]

    label_related = ("demand",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.demand.number} {self.label}"


# --- Policy service (6.4.5; row 38) ----------------------------------------------------------


class Size(models.TextChoices):
    """企业规模 (工信部《中小企业划型标准规定》 classes)."""

    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class Qualification(models.TextChoices):
    """Qualifications a policy may ask for; the codes are the tenant archive's (investment)."""

    HIGH_TECH = "high_tech", _("国家高新技术企业")
    SPECIALISED = "specialised", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")


class EnterpriseProfile(RestrictedModel):
    """What policy matching needs beyond the tenant archive: the enterprise's size class and
    last year's revenue (clause 6.4.5). Industry, age, headcount and qualifications come from
    the enterprise and its archive."""

    park_path = "enterprise__park"
    enterprise_path = "enterprise"
    write_departments = ENTERPRISE_SERVICE
    tenant_actions = ("add", "change")

    enterprise = models.OneToOneField(
        Enterprise, models.CASCADE, related_name="service_profile", verbose_name=_("企业")
    )
    size = models.CharField(_("企业规模"), max_length=10, choices=Size.choices, blank=True)
    revenue = models.DecimalField(
        _("上年营业收入（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    revenue_year = models.PositiveSmallIntegerField(_("营收年度"), null=True, blank=True)
    rnd_ratio = models.DecimalField(
        _("研发投入占营收比例（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("企业服务画像")
        verbose_name_plural = pgettext_lazy("list", "企业服务画像")
        ordering = ["enterprise"]

    def clean(self) -> None:
        if self.revenue is not None and not self.revenue_year:
            raise ValidationError({"revenue_year": gettext("填写营业收入时请注明年度")})

    def __str__(self) -> str:
        return str(self.enterprise)


class Policy(RestrictedModel):
    """政策库中的一条政策 (clause 6.4.5): who issued it, at what level, for whom (industries,
    qualifications, size, age, revenue, headcount), by when and what it gives."""

    write_departments = ENTERPRISE_SERVICE
    tenant_visible = True

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        DISTRICT = "district", _("区级")
        PARK = "park", _("园区")

    park = models.ForeignKey(Park, models.CASCADE, related_name="policies", verbose_name=_("园区"))
    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发布部门"), max_length=100)
    level = models.CharField(_("政策层级"), max_length=20, choices=Level.choices)
    industries = models.ManyToManyField(
        Industry, blank=True, related_name="+", verbose_name=_("适用产业"), help_text=_("不选表示不限产业")
    )
    qualifications = models.JSONField(
        _("须具备的资质"), default=list, blank=True, help_text=_("具备其中任一项即可；不选表示不限")
    )
    sizes = models.JSONField(_("适用企业规模"), default=list, blank=True, help_text=_("不选表示不限"))
    min_age_years = models.PositiveSmallIntegerField(_("成立满（年）"), null=True, blank=True)
    max_age_years = models.PositiveSmallIntegerField(_("成立不超过（年）"), null=True, blank=True)
    min_revenue = models.DecimalField(
        _("上年营收不低于（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    max_revenue = models.DecimalField(
        _("上年营收不高于（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    min_headcount = models.PositiveIntegerField(_("从业人数不少于"), null=True, blank=True)
    max_headcount = models.PositiveIntegerField(_("从业人数不超过"), null=True, blank=True)
    opens_on = models.DateField(_("申报开始日期"), null=True, blank=True)
    deadline = models.DateField(_("申报截止日期"), null=True, blank=True, help_text=_("常年受理可不填"))
    benefit = models.TextField(_("支持内容"))
    max_benefit = models.DecimalField(
        _("最高支持金额（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    source_url = models.URLField(_("政策原文链接"), blank=True)
    guide = models.TextField(_("申报指引"), blank=True, help_text=_("申报流程、材料清单、注意事项，每行一项"))
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = pgettext_lazy("list", "政策库")
        ordering = ["deadline", "title"]

    def clean(self) -> None:
        errors: dict = {}
        bad = [q for q in self.qualifications or [] if q not in Qualification.values]
        if bad or not isinstance(self.qualifications, list):
            errors["qualifications"] = gettext("资质只能从列表中选择")
        if not isinstance(self.sizes, list) or [s for s in self.sizes or [] if s not in Size.values]:
            errors["sizes"] = gettext("企业规模只能从列表中选择")
        pairs = (
            ("max_age_years", self.min_age_years, self.max_age_years),
            ("max_revenue", self.min_revenue, self.max_revenue),
            ("max_headcount", self.min_headcount, self.max_headcount),
        )
        for name, low, high in pairs:
            if low is not None and high is not None and high < low:
                errors[name] = gettext("上限不能小于下限")
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            errors["deadline"] = gettext("截止日期不能早于开始日期")
        if errors:
            raise ValidationError(errors)

    def qualification_labels(self) -> str:
        return "、".join(str(Qualification(q).label) for q in self.qualifications) or "—"

    def size_labels(self) -> str:
        return "、".join(str(Size(s).label) for s in self.sizes) or "—"

    def open_on(self, day: dt.date) -> bool:
        return (
            self.active
            and (self.opens_on is None or self.opens_on <= day)
            and (self.deadline is None or day <= self.deadline)
        )

    def __str__(self) -> str:
        return self.title


class PolicyApplication(RestrictedModel):
    """政策申报: an enterprise's application under a policy, guided by the policy service and
    tracked to its outcome (clause 6.4.5; an approved one is a policy-service case, row 38)."""

    enterprise_path = "enterprise"
    park_path = "policy__park"
    write_departments = ENTERPRISE_SERVICE
    tenant_actions = ("add",)
    file_kinds = {"proof": "document"}

    class State(models.TextChoices):
        PREPARING = "preparing", _("辅导准备中")
        SUBMITTED = "submitted", _("已申报")
        APPROVED = "approved", _("已获批")
        REJECTED = "rejected", _("未获批")
        WITHDRAWN = "withdrawn", _("已放弃")

    OPEN_STATES = (State.PREPARING, State.SUBMITTED)

    policy = models.ForeignKey(Policy, models.PROTECT, related_name="applications", verbose_name=_("政策"))
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="policy_applications", verbose_name=_("企业")
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PREPARING)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("辅导专员"),
    )
    submitted_on = models.DateField(_("申报日期"), null=True, blank=True)
    decided_on = models.DateField(_("结果日期"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("获批金额（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    outcome_note = models.TextField(_("结果说明"), blank=True)
    proof = models.FileField(_("立项或批复文件"), upload_to="enterprise/policy/%Y/", blank=True)

    workflow = Workflow(
        field="state",
        events="events",
        transitions=[
            Transition(
                "guide",
                source=[State.PREPARING, State.SUBMITTED],
                target=None,
                step=gettext_noop("申报辅导"),
                allowed=_owner_or_staff,
            ),
            Transition(
                "submit",
                source=[State.PREPARING],
                target=State.SUBMITTED,
                step=gettext_noop("提交申报"),
                allowed=_owner_or_staff,
            ),
            Transition(
                "decide",
                source=[State.SUBMITTED],
                target=[State.APPROVED, State.REJECTED],
                step=gettext_noop("登记申报结果"),
            ),
            Transition(
                "withdraw",
                source=[State.PREPARING, State.SUBMITTED],
                target=State.WITHDRAWN,
                step=gettext_noop("放弃申报"),
                allowed=_owner_or_staff,
            ),
        ],
    )

    class Meta:
        verbose_name = _("政策申报")
        verbose_name_plural = pgettext_lazy("list", "政策申报")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "enterprise"],
                condition=models.Q(state__in=["preparing", "submitted"]),
                name="one_open_application_per_policy",
            )
        ]

    def clean(self) -> None:
        if self.policy_id and self.enterprise_id and self.policy.park_id != self.enterprise.park_id:
            raise ValidationError({"policy": gettext("政策须属于企业所在园区")})

    def __str__(self) -> str:
        return f"{self.enterprise}·{self.policy}"


class ApplicationEvent(TimelineEvent, RestrictedModel):
    """A step of a policy application: started, guided, submitted, decided."""

    subject_field = "application"
    park_path = "application__policy__park"
    enterprise_path = "application__enterprise"
    write_departments = ENTERPRISE_SERVICE

    application = models.ForeignKey(
        PolicyApplication, models.CASCADE, related_name="events", verbose_name=_("政策申报")
    )

    class Meta:
        verbose_name = _("申报记录")
        verbose_name_plural = pgettext_lazy("list", "申报记录")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.label}"
