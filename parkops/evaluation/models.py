"""Third-party evaluation of a park (clause 10; Appendix A): the project, its expert panel with
conflict-of-interest declarations, the frozen materials dossier, the site visit, each expert's
score sheet, clarification rounds and the published result.

Who sees what, beyond the park scope of :mod:`parkops.core.scope`:

- an assessor (expert) sees only the projects whose panel it sits on;
- an expert sees the other experts' scores only after submitting its own sheet, and only
  the sheets that were submitted; the operator's people see individual scores only once the
  result is published;
- every write goes through :mod:`parkops.evaluation.services`, which checks the panel
  membership itself (assessors are read-only to the generic services), so these models are
  closed to the generic edit pages (``admin_read_only``) except the project's own fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.assessment.models import Indicator, RubricEdition
from parkops.assessment.panel import TRIMMED_MEAN_MIN_EXPERTS, Aggregation
from parkops.core.models import Park, RestrictedModel, RestrictedQuerySet
from parkops.core.scope import DepartmentKind, Role

RECUSAL_YEARS = 3
"""An expert who worked for the park's operator within this many years is recused."""

DEFAULT_MIN_EXPERTS = 3
"""The panel size an evaluation asks for unless its organiser sets another (at least two: the
lead alone never publishes)."""
MIN_EXPERTS_FLOOR = 2


def _is_person(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


class PanelQuerySet(RestrictedQuerySet):
    """Park scope, then: an assessor sees only the projects whose panel it sits on."""

    def restrict(self, user, action: str = "view"):
        qs = super().restrict(user, action)
        if _is_person(user) and not user.is_superuser and user.role == Role.ASSESSOR:
            path = self.model.project_path
            projects = Expert.objects.filter(user=user).values("project_id")
            qs = qs.filter(**{f"{path}__in": projects})
        return qs


class ScoreQuerySet(PanelQuerySet):
    """Individual scores: one's own; others' submitted sheets once one's own is submitted; all
    submitted sheets once the result is published."""

    def restrict(self, user, action: str = "view"):
        qs = super().restrict(user, action)
        if not _is_person(user) or user.is_superuser:
            return qs
        published = Q(expert__project__status=EvaluationProject.Status.PUBLISHED)
        submitted = Q(expert__sheet_submitted_at__isnull=False)
        if user.role == Role.ASSESSOR:
            mine = Expert.objects.filter(user=user, sheet_submitted_at__isnull=False).values("project_id")
            return qs.filter(
                Q(expert__user=user) | (submitted & (Q(expert__project_id__in=mine) | published))
            )
        return qs.filter(published & submitted)


class EvaluationProject(RestrictedModel):
    """第三方评估项目: one evaluation of one park by an assessor organisation (clause 10.1)."""

    project_path = "id"
    write_departments = (DepartmentKind.ADMINISTRATION,)
    objects = PanelQuerySet.as_manager()

    class Status(models.TextChoices):
        PREPARING = "preparing", _("筹备")
        MATERIALS = "materials", _("材料审查")
        SITE_VISIT = "site_visit", _("现场核查")
        SCORING = "scoring", _("专家评分")
        CLARIFICATION = "clarification", _("澄清")
        PUBLISHED = "published", _("已出结果")

    park = models.ForeignKey(Park, models.PROTECT, related_name="evaluation_projects", verbose_name=_("园区"))
    title = models.CharField(_("项目名称"), max_length=200)
    assessor_org = models.CharField(_("评估机构"), max_length=200)
    edition = models.ForeignKey(
        RubricEdition, models.PROTECT, related_name="evaluation_projects", verbose_name=_("评分表版本")
    )
    aggregation = models.CharField(
        _("专家评分汇总规则"),
        max_length=20,
        choices=[
            (Aggregation.MEAN.value, _("算术平均")),
            (Aggregation.TRIMMED_MEAN.value, _("去掉一个最高分和一个最低分后平均")),
        ],
        default=Aggregation.MEAN.value,
        help_text=format_lazy(
            _("标准未规定专家评分的汇总方法；去掉最高最低分需要至少 {count} 位未回避的专家"),
            count=TRIMMED_MEAN_MIN_EXPERTS,
        ),
    )
    status = models.CharField(_("阶段"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    planned_start = models.DateField(_("计划开始日期"), null=True, blank=True)
    planned_end = models.DateField(_("计划完成日期"), null=True, blank=True)
    veto_illegal = models.BooleanField(_("否决项：违法违规行为（第1行）"), null=True, blank=True)
    veto_accident = models.BooleanField(_("否决项：责任事故（第2行）"), null=True, blank=True)
    veto_basis = models.TextField(_("否决项核查依据"), blank=True)
    veto_illegal_reason = models.TextField(_("第1行结论与事件登记不一致的理由"), blank=True)
    veto_accident_reason = models.TextField(_("第2行结论与事件登记不一致的理由"), blank=True)
    min_experts = models.PositiveSmallIntegerField(
        _("专家组最少人数"),
        default=DEFAULT_MIN_EXPERTS,
        validators=[MinValueValidator(MIN_EXPERTS_FLOOR), MaxValueValidator(30)],
        help_text=_(
            "发布结果时计分（未回避且已提交评分表）的专家不得少于此数，且每个一级指标至少有一位相应专业的专家；"
            "组长一人不能发布"
        ),
    )
    published_at = models.DateTimeField(_("结果发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("第三方评估项目")
        verbose_name_plural = pgettext_lazy("list", "第三方评估项目")
        ordering = ["-planned_start", "-id"]

    def __str__(self) -> str:
        return self.title

    def active_experts(self):
        """Panel members who declared no conflict (and so may score)."""
        return self.experts.filter(declaration__recused=False)

    def speciality_areas(self) -> list[str]:
        """The first-level areas of the project's rubric that carry points (否决项 carries
        none): the specialities a panel must cover."""
        return speciality_areas(self.edition_id)

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = gettext("计划完成日期不能早于开始日期")
        if self.aggregation == Aggregation.TRIMMED_MEAN:
            active = self.active_experts().count() if self.pk else 0
            if active < TRIMMED_MEAN_MIN_EXPERTS:
                errors["aggregation"] = gettext(
                    "去掉最高分和最低分需要至少 %(minimum)s 位已声明无利益冲突的专家，"
                    "当前只有 %(active)s 位；请先组建专家组，或选择算术平均"
                ) % {"minimum": TRIMMED_MEAN_MIN_EXPERTS, "active": active}
        if errors:
            raise ValidationError(errors)

    @property
    def veto_recorded(self) -> bool:
        return self.veto_illegal is not None and self.veto_accident is not None


class Expert(RestrictedModel):
    """评估专家组成员: an assessor account on this project's panel (clause 10.1)."""

    park_path = "project__park"
    project_path = "project_id"
    admin_read_only = True
    objects = PanelQuerySet.as_manager()

    project = models.ForeignKey(
        EvaluationProject, models.CASCADE, related_name="experts", verbose_name=_("评估项目")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="evaluation_panels", verbose_name=_("专家账号")
    )
    affiliation = models.CharField(_("工作单位"), max_length=200, blank=True)
    title = models.CharField(_("职称/专业"), max_length=100, blank=True)
    is_lead = models.BooleanField(_("专家组组长"), default=False)
    specialities = models.JSONField(
        _("专业领域"),
        default=list,
        blank=True,
        help_text=_("该专家能评审的一级指标（按评分表的一级指标）"),
    )
    sheet_submitted_at = models.DateTimeField(_("评分表提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评估专家")
        verbose_name_plural = pgettext_lazy("list", "评估专家")
        ordering = ["project", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="evaluation_expert_once_per_project"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_lead=True), name="evaluation_one_lead_per_project"
            ),
        ]

    def __str__(self) -> str:
        return self.user.name

    def clean(self) -> None:
        if self.user_id and self.user.role != Role.ASSESSOR:
            raise ValidationError({"user": gettext("只有评估专家账号可以加入专家组")})
        if not isinstance(self.specialities, list) or not all(isinstance(s, str) for s in self.specialities):
            raise ValidationError({"specialities": gettext("专业领域应为一级指标名称的列表")})
        if self.project_id:
            areas = self.project.speciality_areas()
            unknown = [s for s in self.specialities if s not in areas]
            if unknown:
                raise ValidationError(
                    {
                        "specialities": gettext("“%(names)s”不是本项目评分表的一级指标；可选：%(areas)s")
                        % {"names": gettext("、").join(unknown), "areas": gettext("、").join(areas)}
                    }
                )
            self.specialities = [a for a in areas if a in self.specialities]

    @property
    def declared(self) -> bool:
        return hasattr(self, "declaration")

    @property
    def recused(self) -> bool:
        return self.declared and self.declaration.recused

    @property
    def may_score(self) -> bool:
        return self.declared and not self.declaration.recused

    @property
    def state_label(self) -> str:
        if not self.declared:
            return gettext("未声明利益冲突")
        if self.declaration.recused:
            return gettext("已回避")
        return gettext("已提交评分") if self.sheet_submitted_at else gettext("评分中")


class ConflictDeclaration(RestrictedModel):
    """利益冲突声明: made once by each expert before scoring. A declared conflict, or work for
    the park's operator within the last three years, recuses the expert."""

    park_path = "expert__project__park"
    project_path = "expert__project_id"
    admin_read_only = True
    objects = PanelQuerySet.as_manager()

    expert = models.OneToOneField(Expert, models.CASCADE, related_name="declaration", verbose_name=_("专家"))
    has_conflict = models.BooleanField(_("存在利益冲突"), default=False)
    conflict_detail = models.TextField(_("利益冲突说明"), blank=True)
    worked_for_operator = models.BooleanField(_("曾在该园区运营机构任职"), default=False)
    employment_ended_on = models.DateField(
        _("任职结束日期"), null=True, blank=True, help_text=_("仍在任职则留空")
    )
    declared_on = models.DateField(_("声明日期"))
    recused = models.BooleanField(_("回避"), default=False, editable=False)

    class Meta:
        verbose_name = _("利益冲突声明")
        verbose_name_plural = pgettext_lazy("list", "利益冲突声明")
        ordering = ["expert"]

    def __str__(self) -> str:
        return f"{self.expert}：{'回避' if self.recused else '无利益冲突'}"

    def worked_recently(self) -> bool:
        if not self.worked_for_operator:
            return False
        if self.employment_ended_on is None:
            return True
        limit = _years_before(self.declared_on, RECUSAL_YEARS)
        return self.employment_ended_on > limit

    def clean(self) -> None:
        errors = {}
        if self.has_conflict and not self.conflict_detail.strip():
            errors["conflict_detail"] = gettext("声明存在利益冲突时请说明具体情况")
        if not self.worked_for_operator and self.employment_ended_on:
            errors["employment_ended_on"] = gettext("未曾在运营机构任职时不填任职结束日期")
        if self.employment_ended_on and self.declared_on and self.employment_ended_on > self.declared_on:
            errors["employment_ended_on"] = gettext("任职结束日期不能晚于声明日期")
        if errors:
            raise ValidationError(errors)
        self.recused = self.has_conflict or self.worked_recently()


def speciality_areas(edition_id) -> list[str]:
    """Scored first-level areas of an edition of 表A.1, in table order."""
    names = (
        Indicator.objects.filter(edition=edition_id, points__isnull=False)
        .order_by("row")
        .values_list("level1", flat=True)
    )
    return list(dict.fromkeys(names))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class MaterialsSubmission(RestrictedModel):
    """评估材料 (evidence dossier) as the operator submitted it: the live assessment and the
    list of current documents with their SHA-256, frozen at submission (clause 10.1 材料审查)."""

    park_path = "project__park"
    project_path = "project_id"
    admin_read_only = True
    objects = PanelQuerySet.as_manager()

    project = models.OneToOneField(
        EvaluationProject, models.CASCADE, related_name="materials", verbose_name=_("评估项目")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("提交人")
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    as_of = models.DateField(_("材料截止日期"))
    assessment = models.JSONField(_("自评结果快照"))
    documents = models.JSONField(_("文件清单快照"), default=list, blank=True)
    digest = models.CharField(_("快照 SHA-256"), max_length=64)
    note = models.TextField(_("提交说明"), blank=True)

    class Meta:
        verbose_name = _("评估材料")
        verbose_name_plural = pgettext_lazy("list", "评估材料")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.project} 评估材料"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(gettext("评估材料提交后已冻结，不能修改"))
        super().save(*args, **kwargs)


class SiteVisit(RestrictedModel):
    """现场核查记录 (clause 10.1 实地考察)."""

    park_path = "project__park"
    project_path = "project_id"
    admin_read_only = True
    objects = PanelQuerySet.as_manager()

    project = models.ForeignKey(
        EvaluationProject, models.CASCADE, related_name="site_visits", verbose_name=_("评估项目")
    )
    visited_on = models.DateField(_("核查日期"))
    places = models.TextField(_("核查地点"))
    people_met = models.TextField(_("访谈人员"), blank=True)
    notes = models.TextField(_("核查情况"), blank=True)
    photo = models.ImageField(_("现场照片"), upload_to="evaluation/site-visits/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("记录人")
    )

    class Meta:
        verbose_name = _("现场核查记录")
        verbose_name_plural = pgettext_lazy("list", "现场核查记录")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} 现场核查"


class ExpertScore(RestrictedModel):
    """One expert's score for one scored row of 表A.1: 0 … the row's points (clause 10.1)."""

    park_path = "expert__project__park"
    project_path = "expert__project_id"
    admin_read_only = True
    objects = ScoreQuerySet.as_manager()

    expert = models.ForeignKey(Expert, models.CASCADE, related_name="scores", verbose_name=_("专家"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("指标"))
    score = models.DecimalField(
        _("评分"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.CharField(_("评分说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = pgettext_lazy("list", "专家评分")
        ordering = ["expert", "indicator__row"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "indicator"], name="evaluation_one_score_per_row"),
            models.CheckConstraint(condition=Q(score__gte=0), name="evaluation_score_not_negative"),
        ]

    label_related = ("expert", "indicator")  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.expert}·第{self.indicator.row}行：{self.score}"

    def clean(self) -> None:
        indicator = self.indicator
        if indicator.points is None:
            raise ValidationError(
                {"score": gettext("第 %(row)s 行不打分（否决项或原表空行）") % {"row": indicator.row}}
            )
        if self.score is not None and self.score > indicator.points:
            raise ValidationError(
                {
                    "score": gettext("第 %(row)s 行评分 %(score)s 超过该行分值 %(points)s")
                    % {
                        "row": indicator.row,
                        "score": self.score,
                        "points": f"{indicator.points.normalize():f}",
                    }
                }
            )


class ClarificationRequest(RestrictedModel):
    """澄清: an expert's question on a row to the operator, its answer, then closed."""

    park_path = "project__park"
    project_path = "project_id"
    admin_read_only = True
    objects = PanelQuerySet.as_manager()

    class State(models.TextChoices):
        OPEN = "open", _("待答复")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已关闭")

    project = models.ForeignKey(
        EvaluationProject, models.CASCADE, related_name="clarifications", verbose_name=_("评估项目")
    )
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("指标")
    )
    asked_by = models.ForeignKey(Expert, models.PROTECT, related_name="questions", verbose_name=_("提问专家"))
    question = models.TextField(_("澄清问题"))
    asked_at = models.DateTimeField(_("提问时间"))
    answer = models.TextField(_("运营机构答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)

    class Meta:
        verbose_name = _("澄清事项")
        verbose_name_plural = pgettext_lazy("list", "澄清事项")
        ordering = ["project", "asked_at"]

    def __str__(self) -> str:
        row = f"第{self.indicator.row}行：" if self.indicator_id else ""
        return f"{row}{self.question[:30]}"


class EvaluationResult(RestrictedModel):
    """评估结果: computed by the panel rules of :mod:`parkops.assessment.panel` from the submitted
    sheets of the experts who were not recused, and the panel's veto findings; published."""

    park_path = "project__park"
    project_path = "project_id"
    admin_read_only = True
    objects = PanelQuerySet.as_manager()

    project = models.OneToOneField(
        EvaluationProject, models.CASCADE, related_name="result", verbose_name=_("评估项目")
    )
    aggregation = models.CharField(_("汇总规则"), max_length=20)
    disqualified = models.BooleanField(_("否决项成立"), default=False)
    vetoed_rows = models.JSONField(_("成立的否决项"), default=list, blank=True)
    total = models.DecimalField(_("综合评估得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    unrounded_total = models.DecimalField(
        _("不逐行取舍的总分"),
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("各行专家平均分不先四舍五入、直接相加的总分（保留六位小数），仅供对照，不用于定级"),
    )
    star = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    level1 = models.JSONField(_("一级指标得分"))
    level2 = models.JSONField(_("二级指标得分"))
    indicators = models.JSONField(_("三级指标得分"))
    experts_counted = models.JSONField(_("计分专家"))
    experts_recused = models.JSONField(_("回避专家"), default=list, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("发布人")
    )

    class Meta:
        verbose_name = _("评估结果")
        verbose_name_plural = pgettext_lazy("list", "评估结果")
        ordering = ["-published_at"]

    STAR_LABELS = {5: "五星级", 4: "四星级", 3: "三星级"}

    def __str__(self) -> str:
        return f"{self.project}：{self.verdict}"

    @property
    def verdict(self) -> str:
        if self.disqualified:
            return "否决项成立，取消评估资格"
        label = self.STAR_LABELS.get(self.star or 0, "未达星级")
        return f"{self.total} 分，{label}"
