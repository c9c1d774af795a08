"""The scoring table 表A.1 of Appendix A as data (clause 10.2).

Each edition of the table is a :class:`RubricEdition` with its rows as :class:`Indicator`.
Migration ``0002_load_appendix_a`` loads the shipped ``data/appendix-a.csv`` as the current
edition, so a migrated database always holds the rubric. The table is reference data shared
by every park, not a park's own record, so it is not narrowed by ``restrict()``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.assessment.rubric import (
    EMPTY_ROW_NOTE,
    NATURE_BINDING,
    NATURE_GUIDING,
    NATURE_VETO,
    RubricRow,
    points_text,
)


class RubricEdition(models.Model):
    """An edition of 表A.1 产业园区运营水平评分表 (Appendix A); one is current at a time."""

    code = models.SlugField(_("版本代码"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    source_sha256 = models.CharField(
        _("来源文件 SHA-256"),
        max_length=64,
        blank=True,
        help_text=_("载入时 CSV 文件的 SHA-256，用于核对与标准原表一致"),
    )
    is_current = models.BooleanField(_("当前版本"), default=False)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评分表版本")
        verbose_name_plural = pgettext_lazy("list", "评分表版本")
        ordering = ["-is_current", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="assessment_one_current_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.code}）"


class Indicator(models.Model):
    """One row (序号) of 表A.1: a scored third-level indicator, a veto item, or the empty row 16.

    ``points`` is null for the two veto items (违法违规行为, 责任事故: no points, clause 10.2)
    and for row 16, which the source table leaves empty; its number is kept so that row
    numbers match the standard, and it is shown as "原表此行为空，无指标、无分值".
    """

    class Nature(models.TextChoices):
        BINDING = NATURE_BINDING, _("约束性")
        GUIDING = NATURE_GUIDING, _("引导性")
        VETO = NATURE_VETO, _("否决项")
        NONE = "", _("无（原表空行）")

    edition = models.ForeignKey(
        RubricEdition, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("评分表版本")
    )
    row = models.PositiveSmallIntegerField(_("序号"))
    level1 = models.CharField(_("一级指标"), max_length=50)
    level2 = models.CharField(_("二级指标"), max_length=50)
    level3 = models.CharField(_("三级指标"), max_length=50, blank=True)
    nature = models.CharField(_("指标性质"), max_length=8, choices=Nature.choices, blank=True)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2, null=True, blank=True)
    veto = models.BooleanField(_("否决项"), default=False)
    criterion = models.TextField(_("评分细则"), blank=True)

    class Meta:
        verbose_name = _("评分指标")
        verbose_name_plural = pgettext_lazy("list", "评分指标")
        ordering = ["edition", "row"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "row"], name="assessment_indicator_row_unique"),
            models.CheckConstraint(
                condition=Q(veto=False) | Q(points__isnull=True, nature=NATURE_VETO),
                name="assessment_veto_has_no_points",
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0), name="assessment_points_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row}. {self.level1}/{self.level2}/{self.level3 or '—'}"

    @property
    def is_empty(self) -> bool:
        """Row 16: in the table's numbering, but with no indicator and no points."""
        return not self.veto and self.points is None

    @property
    def display_criterion(self) -> str:
        """The criterion as shown to people; the empty row says that it is empty."""
        return EMPTY_ROW_NOTE if self.is_empty else self.criterion

    def as_rubric_row(self) -> RubricRow:
        """The same row as the database-free :class:`~parkops.assessment.rubric.RubricRow`."""
        points = None if self.points is None else Decimal(points_text(Decimal(self.points)))
        return RubricRow(
            row=self.row,
            level1=self.level1,
            level2=self.level2,
            level3=self.level3,
            nature=self.nature,
            points=points,
            veto=self.veto,
            criterion=self.criterion,
        )


# --- The park's own records for the scoring table ----------------------------------------
# (clause 6.1 goals, service system, evaluation and innovation; the veto register of 10.2;
# the document library every 制度/方案/计划 row of 表A.1 asks for; assessment history)

from django.conf import settings as _settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.validators import (  # noqa: E402
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)

from parkops.core.models import Park, RestrictedModel  # noqa: E402
from parkops.core.scope import ALL_DEPARTMENTS, DepartmentKind  # noqa: E402


def document_kind_choices() -> list[tuple[str, str]]:
    """The registered document kinds (``registry.document_kinds()``), by title."""
    from parkops.assessment.registry import document_kinds

    return sorted(((code, kind.title) for code, kind in document_kinds().items()), key=lambda c: c[1])


DOCUMENT_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png", "zip"]


class Document(RestrictedModel):
    """A 制度/方案/计划/报告 in the park's document library, one version of one kind.

    The kinds are those registered by the apps' ``evidence.py`` (``registry.document_kinds()``).
    A new version of a kind supersedes the previous one from its effective date; superseded
    versions stay readable. The current document of kind K on date D is the latest version
    effective on or before D, not superseded on or before D, not expired, and not older than
    the kind's ``max_age_days`` (see ``selectors.current_document``).

    Who uploads: operator administrators and 综合管理 for every kind, and each department for
    the kinds registered with it (``document_kind(..., departments=...)``); the services check
    the kind (``services.may_write_kind``), so any department passes the model-level check.
    """

    write_departments = (ALL_DEPARTMENTS,)

    park = models.ForeignKey(Park, models.CASCADE, related_name="documents", verbose_name=_("园区"))
    kind = models.CharField(_("文件类别"), max_length=60, db_index=True, choices=document_kind_choices)
    title = models.CharField(_("文件名称"), max_length=200)
    version = models.CharField(_("版本号"), max_length=30, help_text=_("如 V1.0、2026版"))
    effective_on = models.DateField(_("生效日期"))
    expires_on = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("长期有效的文件留空"))
    approver = models.CharField(_("批准人"), max_length=50)
    file = models.FileField(
        _("文件"),
        upload_to="documents/%Y/%m/",
        max_length=255,
        validators=[
            FileExtensionValidator(DOCUMENT_EXTENSIONS, _("只能上传以下格式的文件：%(allowed_extensions)s"))
        ],
    )
    notes = models.TextField(_("备注"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("被新版本替代"),
    )
    superseded_on = models.DateField(_("替代日期"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("制度文件")
        verbose_name_plural = pgettext_lazy("list", "文件库")
        ordering = ["park", "kind", "-effective_on", "-pk"]
        indexes = [models.Index(fields=["park", "kind", "effective_on"], name="assessment_doc_current")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("effective_on")),
                name="assessment_document_expiry_after_effective",
                violation_error_message=_("失效日期不能早于生效日期"),
            )
        ]

    def clean(self) -> None:
        errors = {}
        if self.expires_on and self.effective_on and self.expires_on < self.effective_on:
            errors["expires_on"] = gettext("失效日期不能早于生效日期")
        if errors:
            raise ValidationError(errors)

    @property
    def kind_title(self) -> str:
        from parkops.assessment.registry import document_kinds

        kind = document_kinds().get(self.kind)
        return kind.title if kind else self.kind

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class Incident(RestrictedModel):
    """否决项事件登记 (clause 10.2; rows 1 and 2 of 表A.1).

    Any entry of a veto category within two years before the assessment date takes the park
    out of the evaluation. ``NOTE`` entries are kept for the record and never veto.
    """

    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.SAFETY)

    class Category(models.TextChoices):
        # Row 1 违法违规行为
        LAND_USE = "land_use", _("改变规划用途/违规使用空间")
        PUBLIC_ORDER = "public_order", _("重大治安事故")
        CRIMINAL = "criminal", _("刑事犯罪案件")
        MASS_INCIDENT = "mass_incident", _("群体性事件（集体越级上访等）")
        VICE = "vice", _("黄赌毒等社会不良现象")
        # Row 2 责任事故
        PRODUCT_QUALITY = "product_quality", _("特大产品质量事故")
        SAFETY_ACCIDENT = "safety_accident", _("重大治安/消防/环保/食品药品安全责任事故")
        MEDIA_EXPOSURE = "media_exposure", _("因不良事件被新闻媒体曝光")
        # Not a veto
        NOTE = "note", _("一般事件（不构成否决项）")

    ROW_1 = (
        Category.LAND_USE,
        Category.PUBLIC_ORDER,
        Category.CRIMINAL,
        Category.MASS_INCIDENT,
        Category.VICE,
    )
    ROW_2 = (Category.PRODUCT_QUALITY, Category.SAFETY_ACCIDENT, Category.MEDIA_EXPOSURE)

    park = models.ForeignKey(Park, models.CASCADE, related_name="incidents", verbose_name=_("园区"))
    occurred_on = models.DateField(_("发生日期"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    description = models.TextField(_("事件经过"))
    source = models.CharField(
        _("信息来源"), max_length=200, help_text=_("如 公安通报、应急管理局通报、媒体报道链接")
    )
    recorded_by = models.ForeignKey(
        _settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("否决项事件")
        verbose_name_plural = pgettext_lazy("list", "否决项事件登记")
        ordering = ["park", "-occurred_on", "-pk"]

    @property
    def veto_row(self) -> int | None:
        if self.category in self.ROW_1:
            return 1
        if self.category in self.ROW_2:
            return 2
        return None

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.get_category_display()}"


class Goal(RestrictedModel):
    """年度总体发展目标 (clause 6.1.1; row 13), measured by its KPIs."""

    write_departments = (DepartmentKind.ADMINISTRATION,)

    park = models.ForeignKey(Park, models.CASCADE, related_name="goals", verbose_name=_("园区"))
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("目标"), max_length=200)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = pgettext_lazy("list", "年度目标")
        ordering = ["park", "-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class KPI(RestrictedModel):
    """综合考核指标: a measurable indicator of a yearly goal, with target and actual (row 13)."""

    park_path = "goal__park"
    write_departments = (DepartmentKind.ADMINISTRATION,)

    goal = models.ForeignKey(Goal, models.CASCADE, related_name="kpis", verbose_name=_("年度目标"))
    name = models.CharField(_("考核指标"), max_length=200)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("完成值"), max_digits=14, decimal_places=2, null=True, blank=True)
    higher_is_better = models.BooleanField(_("越高越好"), default=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = pgettext_lazy("list", "考核指标")
        ordering = ["goal", "pk"]

    @property
    def achieved(self) -> bool | None:
        if self.actual is None:
            return None
        return self.actual >= self.target if self.higher_is_better else self.actual <= self.target

    label_related = ("goal",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.goal.year}·{self.name}"


class Supplier(RestrictedModel):
    """服务供应商库 entry (clause 6.1.3; row 14)."""

    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.ENTERPRISE)

    park = models.ForeignKey(Park, models.CASCADE, related_name="suppliers", verbose_name=_("园区"))
    name = models.CharField(_("供应商名称"), max_length=200)
    category = models.CharField(
        _("服务类别"), max_length=50, help_text=_("如 法律、财税、人才、金融、物业外包")
    )
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    qualification = models.CharField(_("资质说明"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("年度评价（1–5）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("供应商")
        verbose_name_plural = pgettext_lazy("list", "供应商库")
        ordering = ["park", "category", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="assessment_unique_supplier")]

    def __str__(self) -> str:
        return self.name


class ServiceOffering(RestrictedModel):
    """产业运营服务目录 entry (clause 6.1.3; row 14): a service the park offers, by whom."""

    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.ENTERPRISE)
    tenant_visible = True
    # The supplier pool is the operator's business (contracts, ratings): tenants see which
    # services the park offers, not who provides them (selectors.offering_fields).
    staff_only_fields = ("supplier",)

    park = models.ForeignKey(Park, models.CASCADE, related_name="service_offerings", verbose_name=_("园区"))
    category = models.CharField(_("服务类别"), max_length=50)
    name = models.CharField(_("服务名称"), max_length=200)
    description = models.TextField(_("服务内容"), blank=True)
    supplier = models.ForeignKey(
        Supplier,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("服务供应商"),
    )
    active = models.BooleanField(_("提供中"), default=True)

    class Meta:
        verbose_name = _("服务目录条目")
        verbose_name_plural = pgettext_lazy("list", "服务目录")
        ordering = ["park", "category", "name"]

    def clean(self) -> None:
        if self.supplier_id and self.park_id and self.supplier.park_id != self.park_id:
            raise ValidationError({"supplier": gettext("供应商必须属于同一园区")})

    def __str__(self) -> str:
        return f"{self.category}·{self.name}"


class ServiceRevision(RestrictedModel):
    """服务目录修订记录 (clause 6.1.4; row 14): a service added to the catalogue, changed in
    content, withdrawn or resumed, written by ``services.save_offering`` when a catalogue
    entry's content changes; saving an entry unchanged writes none."""

    # A log: written only by the catalogue's service, never through a form.
    write_departments = ()
    admin_read_only = True

    class Change(models.TextChoices):
        ADDED = "added", _("新增服务")
        CHANGED = "changed", _("服务内容变更")
        WITHDRAWN = "withdrawn", _("停止提供")
        RESUMED = "resumed", _("恢复提供")

    park = models.ForeignKey(Park, models.CASCADE, related_name="service_revisions", verbose_name=_("园区"))
    offering = models.ForeignKey(
        "ServiceOffering",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("服务目录条目"),
    )
    offering_name = models.CharField(_("服务名称"), max_length=260)
    change = models.CharField(_("修订类型"), max_length=12, choices=Change.choices)
    fields_changed = models.CharField(_("变更内容"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    note = models.TextField(_("修订说明"), blank=True)
    revised_on = models.DateField(_("修订日期"))
    revised_by = models.ForeignKey(
        _settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修订人"),
    )

    class Meta:
        verbose_name = _("服务目录修订记录")
        verbose_name_plural = pgettext_lazy("list", "服务目录修订记录")
        ordering = ["-revised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.revised_on:%Y-%m-%d} {self.get_change_display()}：{self.offering_name}"


class InnovationItem(RestrictedModel):
    """服务创新事项 (clause 6.1.5; row 17)."""

    write_departments = (DepartmentKind.ADMINISTRATION, DepartmentKind.ENTERPRISE, DepartmentKind.DIGITAL)

    class Kind(models.TextChoices):
        SERVICE_MODEL = "service_model", _("服务模式创新")
        TECHNOLOGY = "technology", _("技术应用创新")
        NEW_AREA = "new_area", _("新服务领域/增长点")

    park = models.ForeignKey(Park, models.CASCADE, related_name="innovations", verbose_name=_("园区"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    started_on = models.DateField(_("开展日期"))
    description = models.TextField(_("内容"))
    outcome = models.TextField(_("成效"), blank=True)

    class Meta:
        verbose_name = _("创新事项")
        verbose_name_plural = pgettext_lazy("list", "创新事项")
        ordering = ["park", "-started_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Judgement(RestrictedModel):
    """人工评定: a person's recorded judgement on a row of 表A.1 for criteria no data proves.

    ``fraction`` (0–1) is the part of the judgement source's share earned. The latest
    judgement of a park and row (by ``judged_on``, then entry) is the one the engine uses.
    """

    write_departments = (DepartmentKind.ADMINISTRATION,)

    park = models.ForeignKey(Park, models.CASCADE, related_name="judgements", verbose_name=_("园区"))
    row = models.PositiveSmallIntegerField(_("表A.1序号"), validators=[MinValueValidator(1)])
    fraction = models.DecimalField(
        _("达成比例（0–1）"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    judged_on = models.DateField(_("评定日期"))
    note = models.TextField(_("评定说明"))
    judged_by = models.CharField(_("评定人"), max_length=50)
    attachment = models.FileField(
        _("书面材料"),
        upload_to="judgements/%Y/",
        blank=True,
        help_text=_("评定所依据的书面材料（制度、记录、照片等），评估时供专家查阅"),
    )

    class Meta:
        verbose_name = _("人工评定")
        verbose_name_plural = pgettext_lazy("list", "人工评定")
        ordering = ["park", "row", "-judged_on", "-pk"]

    def clean(self) -> None:
        if self.row is not None:
            indicator = Indicator.objects.filter(edition__is_current=True, row=self.row).first()
            if indicator is None:
                raise ValidationError({"row": gettext("表A.1 中没有第 %(row)s 行") % {"row": self.row}})
            if indicator.points is None:
                raise ValidationError(
                    {
                        "row": gettext("第 %(row)s 行不计分（否决项或原表空行），不能人工评定")
                        % {"row": self.row}
                    }
                )

    def __str__(self) -> str:
        return f"第{self.row}行 {self.judged_on:%Y-%m-%d}"


class AssessmentRun(RestrictedModel):
    """自评估记录: one stored run of the live self-assessment against 表A.1 (clause 10)."""

    write_departments = (DepartmentKind.ADMINISTRATION,)

    park = models.ForeignKey(Park, models.CASCADE, related_name="assessment_runs", verbose_name=_("园区"))
    as_of = models.DateField(_("评估基准日"))
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    star = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    disqualified = models.BooleanField(_("否决项成立"), default=False)
    result = models.JSONField(_("评估结果"), default=dict)
    gap_plan = models.JSONField(_("升星差距计划"), default=dict)
    recorded_by = models.ForeignKey(
        _settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
        help_text=_("空：系统每日自动评估"),
    )

    class Meta:
        verbose_name = _("自评估记录")
        verbose_name_plural = pgettext_lazy("list", "自评估记录")
        ordering = ["park", "-as_of", "-pk"]

    label_related = ("park",)  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        score = "否决" if self.disqualified else (f"{self.total}分" if self.total is not None else "—")
        return f"{self.park.code} {self.as_of:%Y-%m-%d} {score}"
