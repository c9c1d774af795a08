"""The park itself: operator, park, buildings, floors, units, resident enterprises, and the
operator's organisation (clauses 5.1, 5.2, 5.3; indicators 3, 4, 6, 7, 8)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.scope import ALL_DEPARTMENTS, DepartmentKind, restrict_queryset
from parkops.core.validators import validate_credit_code, validate_mainland_phone

ZERO = Decimal("0")


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        """Narrow to what ``user`` may ``action``; see parkops.core.scope."""
        return restrict_queryset(self, user, action)


def for_labels(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` joined with what its model's ``__str__`` reads (the model's
    ``label_related``), so that a list of choices costs one query rather than one per row: the
    unit filter of a list page read each of the demo park's 300 units' floor and building."""
    related = getattr(queryset.model, "label_related", ())
    return queryset.select_related(*related) if related else queryset


class ClockDateTimeField(models.DateTimeField):
    """``auto_now`` / ``auto_now_add`` by the services' clock (``parkops.core.clock``), so that
    records created while loading history, or in a journey run at a set time, carry that time.
    Its schema is a plain DateTimeField's, and migrations record it as one."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return models.Field.pre_save(self, model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class RestrictedModel(models.Model):
    """Base of every model whose rows belong to a park.

    ``park_path`` is the lookup from this model to its park's id, ``enterprise_path`` the
    lookup to the tenant enterprise that owns the row (if any). ``write_departments`` lists
    the departments whose staff may write it; ``tenant_visible`` makes rows readable by all
    tenants of the park; ``tenant_actions`` lists what a tenant may do to its own rows.
    """

    park_path: str | None = "park"
    enterprise_path: str | None = None
    write_departments: tuple[str, ...] = ()
    tenant_visible = False
    tenant_actions: tuple[str, ...] = ()

    created_at = ClockDateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = ClockDateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Every upload of every model is checked by content, not by name (parkops.core.files).
        from django.core.exceptions import ValidationError

        from parkops.core.files import file_errors

        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.error_dict
        else:
            errors = {}
        for name, messages in file_errors(self, exclude=set(exclude or ()) | set(errors)).items():
            errors[name] = messages
        # Every free-text field has a length limit (parkops.core.text_limits).
        from parkops.core.text_limits import text_errors

        for name, messages in text_errors(self, exclude=set(exclude or ()) | set(errors)).items():
            errors[name] = messages
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])
        except NoReverseMatch:
            return ""


class Operator(RestrictedModel):
    """运营机构: the organisation that runs one or several parks (clause 5.2.1)."""

    park_path = "parks__id"
    scope_distinct = True
    tenant_visible = True  # a tenant may know who runs its park

    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    experience = models.TextField(
        _("运营同类项目经验"), blank=True, help_text=_("运营过的同类园区或孵化空间项目及成效（指标6）")
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_mainland_phone]
    )

    class Meta:
        verbose_name = _("运营机构")
        verbose_name_plural = pgettext_lazy("list", "运营机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndustryCatalogue(RestrictedModel):
    """A dated edition of Shenzhen's industry direction list (e.g. "20+8", 2022; adjusted 2024).

    Reference data, editable, used to check indicator 3 (主导产业符合深圳市产业发展方向).
    """

    park_path = None
    platform_managed = True

    code = models.SlugField(_("版本代码"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    published_on = models.DateField(_("发布日期"))
    source = models.CharField(_("来源"), max_length=300)
    is_current = models.BooleanField(_("现行版本"), default=False)

    class Meta:
        verbose_name = _("产业目录版本")
        verbose_name_plural = pgettext_lazy("list", "产业目录版本")
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_catalogue"
            )
        ]

    @staticmethod
    def owner_filter(user) -> Q:
        return Q()  # reference data every signed-in user may read

    def __str__(self) -> str:
        return f"{self.title}（{self.published_on:%Y-%m-%d}）"


class Industry(RestrictedModel):
    """An industry on the city's list: a strategic emerging cluster or a future industry."""

    park_path = None
    platform_managed = True

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("战略性新兴产业集群")
        FUTURE = "future", _("未来产业")
        OTHER = "other", _("其他")

    catalogue = models.ForeignKey(
        IndustryCatalogue, models.CASCADE, related_name="industries", verbose_name=_("目录版本")
    )
    name = models.CharField(_("产业名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    verified = models.BooleanField(
        _("已核实"), default=True, help_text=_("未核实的名称来自英文资料，待官方中文名称确认")
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("产业")
        verbose_name_plural = pgettext_lazy("list", "产业")
        ordering = ["catalogue", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "name"], name="unique_industry_per_catalogue")
        ]

    @staticmethod
    def owner_filter(user) -> Q:
        return Q()

    def __str__(self) -> str:
        return self.name


class District(models.TextChoices):
    FUTIAN = "futian", _("福田区")
    LUOHU = "luohu", _("罗湖区")
    NANSHAN = "nanshan", _("南山区")
    YANTIAN = "yantian", _("盐田区")
    BAOAN = "baoan", _("宝安区")
    LONGGANG = "longgang", _("龙岗区")
    LONGHUA = "longhua", _("龙华区")
    PINGSHAN = "pingshan", _("坪山区")
    GUANGMING = "guangming", _("光明区")
    DAPENG = "dapeng", _("大鹏新区")
    SHENSHAN = "shenshan", _("深汕特别合作区")


class Park(RestrictedModel):
    """产业园区: the park, its land and positioning (clauses 5.1.1, 5.1.3; indicator 3)."""

    park_path = "id"
    tenant_visible = True

    operator = models.ForeignKey(Operator, models.PROTECT, related_name="parks", verbose_name=_("运营机构"))
    code = models.CharField(
        _("园区代码"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9][A-Z0-9-]{1,19}$", _("园区代码只能包含大写字母、数字和连字符，2–20 位"))
        ],
    )
    name = models.CharField(_("园区名称"), max_length=200)
    district = models.CharField(_("所在区"), max_length=20, choices=District.choices)
    address = models.CharField(_("地址"), max_length=300)
    land_area = models.DecimalField(
        _("占地面积（㎡）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    floor_area = models.DecimalField(
        _("建筑面积（㎡）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    opened_on = models.DateField(_("开园日期"), null=True, blank=True)
    positioning = models.TextField(_("产业定位说明"), blank=True)
    leading_industries = models.ManyToManyField(
        Industry, related_name="leading_in", blank=True, verbose_name=_("主导产业")
    )
    characteristic_industries = models.ManyToManyField(
        Industry, related_name="characteristic_in", blank=True, verbose_name=_("特色产业")
    )

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = pgettext_lazy("list", "园区")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Building(RestrictedModel):
    """楼栋 (clause 5.3)."""

    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.ENGINEERING)
    tenant_visible = True

    park = models.ForeignKey(Park, models.CASCADE, related_name="buildings", verbose_name=_("园区"))
    code = models.CharField(_("楼栋编号"), max_length=20)
    name = models.CharField(_("楼栋名称"), max_length=100)
    floors_above = models.PositiveSmallIntegerField(_("地上层数"), default=1)
    floors_below = models.PositiveSmallIntegerField(_("地下层数"), default=0)
    gross_area = models.DecimalField(
        _("建筑面积（㎡）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    completed_year = models.PositiveSmallIntegerField(_("竣工年份"), null=True, blank=True)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = pgettext_lazy("list", "楼栋")
        ordering = ["park", "code"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="unique_building_code")]

    def __str__(self) -> str:
        return self.name


class Floor(RestrictedModel):
    """楼层 (clause 5.3)."""

    park_path = "building__park"
    write_departments = Building.write_departments
    tenant_visible = True

    building = models.ForeignKey(Building, models.CASCADE, related_name="floors", verbose_name=_("楼栋"))
    number = models.SmallIntegerField(_("楼层"), help_text=_("地下层用负数，如 -1"))
    area = models.DecimalField(
        _("面积（㎡）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("楼层")
        verbose_name_plural = pgettext_lazy("list", "楼层")
        ordering = ["building", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"], name="unique_floor_number")]

    @property
    def label(self) -> str:
        return f"B{-self.number}" if self.number < 0 else f"{self.number}F"

    label_related = ("building",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.building.name} {self.label}"


class Enterprise(RestrictedModel):
    """入驻企业: a resident enterprise, the anchor of a tenant user's scope (clause 6.3.3.2)."""

    enterprise_path = "id"
    write_departments = (DepartmentKind.INVESTMENT, DepartmentKind.ENTERPRISE, DepartmentKind.ADMINISTRATION)

    class Status(models.TextChoices):
        RESIDENT = "resident", _("在园")
        LEFT = "left", _("已退租")

    park = models.ForeignKey(Park, models.PROTECT, related_name="enterprises", verbose_name=_("园区"))
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_credit_code])
    industry = models.ForeignKey(
        Industry,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("所属产业"),
    )
    industry_note = models.CharField(_("行业说明"), max_length=100, blank=True)
    supporting_service = models.ForeignKey(
        "SupportingService",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("配套服务类别"),
        help_text=_("为园区提供配套服务的企业（如餐饮、银行）选择园区声明的配套服务类别（指标5）"),
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    moved_in_on = models.DateField(_("入驻日期"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("在园人数"), default=0)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_mainland_phone]
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RESIDENT)

    class Meta:
        verbose_name = _("入驻企业")
        verbose_name_plural = pgettext_lazy("list", "入驻企业")
        ordering = ["park", "name"]
        constraints = [
            models.UniqueConstraint(fields=["park", "credit_code"], name="unique_enterprise_per_park")
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.supporting_service_id and self.park_id and self.supporting_service.park_id != self.park_id:
            raise ValidationError({"supporting_service": gettext("配套服务类别须是本园区声明的类别")})

    def __str__(self) -> str:
        return self.name


class Unit(RestrictedModel):
    """房源: a rentable unit on a floor (clause 5.3)."""

    park_path = "floor__building__park"
    enterprise_path = "enterprise"
    write_departments = (DepartmentKind.INVESTMENT, DepartmentKind.ADMINISTRATION)

    class Use(models.TextChoices):
        OFFICE = "office", _("办公")
        RND = "rnd", _("研发")
        PLANT = "plant", _("厂房")
        COMMERCIAL = "commercial", _("商业")
        WAREHOUSE = "warehouse", _("仓储")
        APARTMENT = "apartment", _("配套公寓")

    class State(models.TextChoices):
        VACANT = "vacant", _("空置")
        LEASED = "leased", _("已租")
        RESERVED = "reserved", _("预留")
        SELF_USED = "self_used", _("自用")

    floor = models.ForeignKey(Floor, models.CASCADE, related_name="units", verbose_name=_("楼层"))
    code = models.CharField(_("房号"), max_length=30)
    area = models.DecimalField(
        _("建筑面积（㎡）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    use = models.CharField(
        _("规划用途"),
        max_length=20,
        choices=Use.choices,
        default=Use.OFFICE,
        help_text=_("建设工程规划许可证核定的用途；实际用途与之不符时登记“改变规划用途情形”"),
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.VACANT)
    enterprise = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="units", verbose_name=_("使用企业")
    )
    listed_rent = models.DecimalField(
        _("挂牌租金（元/㎡·月）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )

    class Meta:
        verbose_name = _("房源")
        verbose_name_plural = pgettext_lazy("list", "房源")
        ordering = ["floor", "code"]
        constraints = [
            models.UniqueConstraint(fields=["floor", "code"], name="unique_unit_code"),
            models.CheckConstraint(
                condition=Q(state="leased", enterprise__isnull=False) | ~Q(state="leased"),
                name="leased_unit_has_enterprise",
                violation_error_message=_("已租房源必须指定使用企业"),
            ),
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.state == self.State.LEASED and not self.enterprise_id:
            raise ValidationError({"enterprise": gettext("已租房源必须指定使用企业")})
        if self.state == self.State.VACANT and self.enterprise_id:
            raise ValidationError({"enterprise": gettext("空置房源不能有使用企业")})
        if self.enterprise_id and self.floor_id and self.enterprise.park_id != self.floor.building.park_id:
            raise ValidationError({"enterprise": gettext("使用企业不在本园区")})

    label_related = ("floor__building",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.floor.building.name} {self.code}"

    def open_use_changes(self, on=None):
        """Changes of planned use found on this unit by ``on`` and not resolved by then."""
        on = on or clock.localdate()
        return self.use_changes.filter(found_on__lte=on).filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=on)
        )


class Department(RestrictedModel):
    """运营机构在园区的部门 (clause 5.2.3; indicator 8 组织架构)."""

    write_departments = (DepartmentKind.ADMINISTRATION,)

    park = models.ForeignKey(Park, models.CASCADE, related_name="departments", verbose_name=_("园区"))
    kind = models.CharField(_("职能"), max_length=20, choices=DepartmentKind.choices)
    name = models.CharField(_("部门名称"), max_length=100)
    duties = models.TextField(_("部门职责"), blank=True)
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("上级部门")
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = pgettext_lazy("list", "部门")
        ordering = ["park", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_department_name")]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.park_id and self.parent.park_id != self.park_id:
            raise ValidationError({"parent": gettext("上级部门必须属于同一园区")})

    def __str__(self) -> str:
        return self.name


class Position(RestrictedModel):
    """岗位 with its responsibilities (indicator 8 岗位职责分工)."""

    park_path = "department__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    department = models.ForeignKey(
        Department, models.CASCADE, related_name="positions", verbose_name=_("部门")
    )
    title = models.CharField(_("岗位名称"), max_length=100)
    responsibilities = models.TextField(_("岗位职责"))
    professional = models.BooleanField(
        _("专业岗位"), default=False, help_text=_("专业岗位人员须经培训并通过考核（指标7）")
    )
    headcount = models.PositiveSmallIntegerField(_("编制人数"), default=1)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = pgettext_lazy("list", "岗位")
        ordering = ["department", "title"]
        constraints = [models.UniqueConstraint(fields=["department", "title"], name="unique_position_title")]

    label_related = ("department",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.department.name}·{self.title}"


class Staff(RestrictedModel):
    """运营服务人员 (clause 5.2.2; indicators 6, 7)."""

    write_departments = (DepartmentKind.ADMINISTRATION,)

    park = models.ForeignKey(Park, models.CASCADE, related_name="staff", verbose_name=_("园区"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="staff", verbose_name=_("部门"))
    position = models.ForeignKey(
        Position, models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("岗位")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_profile",
        verbose_name=_("登录账号"),
    )
    employee_no = models.CharField(_("工号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_mainland_phone])
    hired_on = models.DateField(_("入职日期"))
    industry_years = models.PositiveSmallIntegerField(_("行业从业年限"), default=0)
    is_team_lead = models.BooleanField(_("团队负责人"), default=False)
    experience = models.TextField(_("规划、招商、运营管理经验"), blank=True)
    active = models.BooleanField(_("在职"), default=True)

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = pgettext_lazy("list", "员工")
        ordering = ["park", "department", "employee_no"]
        constraints = [models.UniqueConstraint(fields=["park", "employee_no"], name="unique_employee_no")]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.department_id and self.park_id and self.department.park_id != self.park_id:
            errors["department"] = gettext("部门必须属于该员工所在园区")
        if self.position_id and self.department_id and self.position.department_id != self.department_id:
            errors["position"] = gettext("岗位必须属于所选部门")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"


class StaffQualification(RestrictedModel):
    """员工资格证书 (indicator 7)."""

    park_path = "staff__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="qualifications", verbose_name=_("员工"))
    name = models.CharField(_("证书名称"), max_length=100)
    issuer = models.CharField(_("发证机构"), max_length=100, blank=True)
    number = models.CharField(_("证书编号"), max_length=60, blank=True)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("资格证书")
        verbose_name_plural = pgettext_lazy("list", "资格证书")
        ordering = ["staff", "name"]

    label_related = ("staff",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.staff.name}·{self.name}"


class TrainingRecord(RestrictedModel):
    """员工培训记录 (clause 5.2.2; indicator 7)."""

    park_path = "staff__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="trainings", verbose_name=_("员工"))
    topic = models.CharField(_("培训内容"), max_length=200)
    provider = models.CharField(_("培训机构"), max_length=100, blank=True)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    passed = models.BooleanField(_("考核通过"), default=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = pgettext_lazy("list", "培训记录")
        ordering = ["-held_on"]

    label_related = ("staff",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.staff.name}·{self.topic}"


class StaffAssessment(RestrictedModel):
    """员工考核记录 (indicator 7: 专业岗位人员应经培训并通过考核)."""

    park_path = "staff__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="assessments", verbose_name=_("员工"))
    period = models.CharField(_("考核周期"), max_length=20, help_text=_("如 2026 或 2026H1"))
    score = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=2, validators=[MinValueValidator(ZERO)], null=True, blank=True
    )
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    assessed_on = models.DateField(_("考核日期"))

    class Meta:
        verbose_name = _("员工考核")
        verbose_name_plural = pgettext_lazy("list", "员工考核")
        ordering = ["-assessed_on"]
        constraints = [models.UniqueConstraint(fields=["staff", "period"], name="unique_assessment_period")]

    label_related = ("staff",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.staff.name}·{self.period}"


class SupportingService(RestrictedModel):
    """园区声明的配套服务类别 (clause 5.1.1, 5.3.1 生活服务、商务服务; indicator 5): services the
    park deliberately hosts beside its leading and characteristic industries, e.g. 餐饮, 银行."""

    write_departments = (DepartmentKind.INVESTMENT, DepartmentKind.ADMINISTRATION)
    tenant_visible = True

    park = models.ForeignKey(Park, models.CASCADE, related_name="supporting_services", verbose_name=_("园区"))
    name = models.CharField(_("配套服务类别"), max_length=100)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("配套服务类别")
        verbose_name_plural = pgettext_lazy("list", "配套服务类别")
        ordering = ["park", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="unique_supporting_service")]

    def __str__(self) -> str:
        return self.name


class LeadExperience(RestrictedModel):
    """团队负责人的从业经历 (clause 5.2.1; indicator 6): one role held in a park or incubation
    space, when, and what was done there."""

    park_path = "staff__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    class Area(models.TextChoices):
        PLANNING = "planning", _("规划")
        INVESTMENT = "investment", _("招商")
        OPERATION = "operation", _("运营管理")

    class Place(models.TextChoices):
        PARK = "park", _("产业园区")
        INCUBATOR = "incubator", _("孵化空间")

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="experiences", verbose_name=_("员工"))
    area = models.CharField(_("经验类别"), max_length=20, choices=Area.choices)
    role = models.CharField(_("担任职务"), max_length=100)
    place_kind = models.CharField(_("项目类型"), max_length=20, choices=Place.choices)
    place = models.CharField(_("园区或空间名称"), max_length=200)
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("至今可不填"))
    work = models.TextField(_("主要工作及成效"))

    class Meta:
        verbose_name = _("从业经历")
        verbose_name_plural = pgettext_lazy("list", "从业经历")
        ordering = ["staff", "-started_on"]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": gettext("结束日期不能早于起始日期")})

    label_related = ("staff",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.staff.name}·{self.place}·{self.role}"


class ProjectCase(RestrictedModel):
    """运营机构的同类项目经验案例 (clause 5.2.1; indicator 6), with its supporting document."""

    park_path = "operator__parks__id"
    scope_distinct = True

    operator = models.ForeignKey(Operator, models.CASCADE, related_name="cases", verbose_name=_("运营机构"))
    name = models.CharField(_("项目名称"), max_length=200)
    place_kind = models.CharField(_("项目类型"), max_length=20, choices=LeadExperience.Place.choices)
    location = models.CharField(_("项目地点"), max_length=200, blank=True)
    started_on = models.DateField(_("运营起始日期"))
    ended_on = models.DateField(_("运营结束日期"), null=True, blank=True, help_text=_("仍在运营可不填"))
    work = models.TextField(_("运营内容及成效"))
    document = models.FileField(
        _("证明文件"),
        upload_to="core/cases/%Y/",
        blank=True,
        help_text=_("委托运营合同、验收或获奖材料等（指标6）"),
    )

    class Meta:
        verbose_name = _("同类项目经验案例")
        verbose_name_plural = pgettext_lazy("list", "同类项目经验案例")
        ordering = ["operator", "-started_on"]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": gettext("结束日期不能早于起始日期")})

    def __str__(self) -> str:
        return self.name


class UseChange(RestrictedModel):
    """改变规划用途情形 (clause 5.3.1; veto row 1 of 表A.1): a unit used other than for its
    planned use. It vetoes the park from the day it is found until it is resolved, by restoring
    the planned use or by the planning authority's approval of the change, however long ago it
    was found."""

    park_path = "unit__floor__building__park"
    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.ENGINEERING, DepartmentKind.INVESTMENT)

    class Resolution(models.TextChoices):
        RESTORED = "restored", _("已恢复规划用途")
        APPROVED = "approved", _("变更已获规划部门批准")

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="use_changes", verbose_name=_("房源"))
    planned_use = models.CharField(
        _("规划用途"),
        max_length=20,
        choices=Unit.Use.choices,
        blank=True,
        help_text=_("不填则取房源登记的规划用途"),
    )
    actual_use = models.CharField(_("实际用途"), max_length=100)
    found_on = models.DateField(_("发现日期"))
    description = models.TextField(_("情况说明"))
    resolution = models.CharField(_("处理结果"), max_length=20, choices=Resolution.choices, blank=True)
    resolved_on = models.DateField(_("处理完成日期"), null=True, blank=True)
    resolution_note = models.TextField(_("处理说明"), blank=True)
    approval = models.FileField(
        _("批准文件"),
        upload_to="core/use_changes/%Y/",
        blank=True,
        help_text=_("规划部门批准变更用途的文件；选择“变更已获批准”时必须上传"),
    )

    class Meta:
        verbose_name = _("改变规划用途情形")
        verbose_name_plural = pgettext_lazy("list", "改变规划用途情形")
        ordering = ["-found_on", "-pk"]

    @classmethod
    def open_in(cls, park, on):
        """The park's changes found by ``on`` and not restored or approved by then: each
        vetoes row 1 (the one definition, for the engine and the evaluation panel's check)."""
        return (
            cls.objects.filter(unit__floor__building__park=park, found_on__lte=on)
            .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=on))
            .select_related("unit__floor__building")
            .order_by("found_on", "pk")
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.planned_use and self.unit_id:
            self.planned_use = self.unit.use
        errors = {}
        if bool(self.resolution) != bool(self.resolved_on):
            field = "resolved_on" if self.resolution else "resolution"
            errors[field] = gettext("处理结果与处理完成日期须同时填写")
        if self.resolved_on and self.found_on and self.resolved_on < self.found_on:
            errors["resolved_on"] = gettext("处理完成日期不能早于发现日期")
        if self.resolution == self.Resolution.APPROVED and not self.approval:
            errors["approval"] = gettext("变更已获批准时须上传规划部门的批准文件")
        if self.resolved_on and self.resolved_on > clock.localdate():
            errors["resolved_on"] = gettext("处理完成日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    @property
    def resolved(self) -> bool:
        return bool(self.resolution)

    def __str__(self) -> str:
        return f"{self.unit}：{self.get_planned_use_display()} → {self.actual_use}"


class PageVisit(models.Model):
    """How often a user opened one navigation entry: the sidebar's 常用 (most used) group.

    Not a park record and not audited: a user's own usage, counted per URL name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="page_visits", verbose_name=_("用户")
    )
    url_name = models.CharField(_("页面"), max_length=120)
    count = models.PositiveIntegerField(_("次数"), default=0)
    last_visited = models.DateTimeField(_("最近访问"), auto_now=True)

    class Meta:
        verbose_name = _("页面访问")
        verbose_name_plural = _("页面访问")
        constraints = [models.UniqueConstraint(fields=["user", "url_name"], name="unique_page_visit")]

    def __str__(self) -> str:
        return f"{self.user_id}·{self.url_name}"


__all__ = [
    "ALL_DEPARTMENTS",
    "Building",
    "Department",
    "District",
    "Enterprise",
    "Floor",
    "Industry",
    "IndustryCatalogue",
    "LeadExperience",
    "Operator",
    "PageVisit",
    "Park",
    "Position",
    "ProjectCase",
    "RestrictedModel",
    "RestrictedQuerySet",
    "Staff",
    "StaffAssessment",
    "StaffQualification",
    "SupportingService",
    "TrainingRecord",
    "Unit",
    "UseChange",
]
