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

    code = models.SlugField("版本代码", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    source_sha256 = models.CharField(
        "来源文件 SHA-256",
        max_length=64,
        blank=True,
        help_text="载入时 CSV 文件的 SHA-256，用于核对与标准原表一致",
    )
    is_current = models.BooleanField("当前版本", default=False)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分表版本"
        verbose_name_plural = "评分表版本"
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
        BINDING = NATURE_BINDING, "约束性"
        GUIDING = NATURE_GUIDING, "引导性"
        VETO = NATURE_VETO, "否决项"
        NONE = "", "无（原表空行）"

    edition = models.ForeignKey(
        RubricEdition, on_delete=models.CASCADE, related_name="indicators", verbose_name="评分表版本"
    )
    row = models.PositiveSmallIntegerField("序号")
    level1 = models.CharField("一级指标", max_length=50)
    level2 = models.CharField("二级指标", max_length=50)
    level3 = models.CharField("三级指标", max_length=50, blank=True)
    nature = models.CharField("指标性质", max_length=8, choices=Nature.choices, blank=True)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2, null=True, blank=True)
    veto = models.BooleanField("否决项", default=False)
    criterion = models.TextField("评分细则", blank=True)

    class Meta:
        verbose_name = "评分指标"
        verbose_name_plural = "评分指标"
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
