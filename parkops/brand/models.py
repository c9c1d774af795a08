"""品牌管理 (clause 6.7; indicators 49–51): brand positioning, plans and standards documents,
campaigns with their material, reach and media coverage (their events on the park's calendar,
kind 品牌推广), and public-opinion events handled assess → respond → follow up → close under
the park's monitoring and control mechanism (a document of the library)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind
from parkops.core.workflow import TimelineEvent, Transition, Workflow

BRAND = (DepartmentKind.BRAND, DepartmentKind.ADMINISTRATION)


class BrandDocument(RestrictedModel):
    """品牌定位 (6.7.1), 品牌建设规划 and 品牌规范/专项标准 (6.7.2): what the park stands for and
    how it builds its brand, as approved documents."""

    write_departments = BRAND
    file_kinds = {"file": "document"}

    class Kind(models.TextChoices):
        POSITIONING = "positioning", _("品牌定位")
        PLAN = "plan", _("品牌建设规划")
        STANDARD = "standard", _("品牌规范/专项标准")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="brand_documents", verbose_name=_("园区")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    essentials = models.TextField(_("要点"), help_text=_("定位语、品牌特色、目标形象或规划目标与举措"))
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("规划的期末；留空表示长期有效")
    )
    approved_by = models.CharField(_("批准人"), max_length=50, blank=True)
    file = models.FileField(_("文件"), upload_to="brand/documents/%Y/")

    class Meta:
        verbose_name = _("品牌定位与规划文件")
        verbose_name_plural = pgettext_lazy("list", "品牌定位与规划文件")
        ordering = ["kind", "-valid_from"]

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": gettext("有效期至不能早于生效日期")})

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class Campaign(RestrictedModel):
    """品牌推广策划 (6.7.3; indicator 50): the plan, channels, material, reach and outcome; its
    activities are events on the calendar."""

    write_departments = BRAND
    file_kinds = {"plan": "document", "material": "document"}

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="campaigns", verbose_name=_("园区"))
    title = models.CharField(_("推广主题"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    goal = models.TextField(_("推广目标"))
    channels = models.CharField(
        _("宣传渠道"), max_length=300, help_text=_("如：微信公众号、视频号、行业媒体、展会")
    )
    plan = models.FileField(_("策划方案"), upload_to="brand/campaigns/%Y/")
    material = models.FileField(_("宣传物料"), upload_to="brand/material/%Y/", blank=True)
    budget = models.DecimalField(
        _("预算（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    reach = models.PositiveIntegerField(_("覆盖人次"), default=0, help_text=_("阅读、观看、到场等人次合计"))
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="campaigns", verbose_name=_("推广活动")
    )
    summary = models.TextField(_("效果总结"), blank=True)

    class Meta:
        verbose_name = _("品牌推广策划")
        verbose_name_plural = pgettext_lazy("list", "品牌推广策划")
        ordering = ["-starts_on", "-pk"]

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("结束日期不能早于开始日期")})

    def __str__(self) -> str:
        return self.title


class MediaCoverage(RestrictedModel):
    """媒体报道案例 (indicator 50): an outlet's report on the park, with the link or a copy."""

    write_departments = BRAND
    tenant_visible = True
    file_kinds = {"copy": "document"}

    class Medium(models.TextChoices):
        NEWSPAPER = "newspaper", _("报纸")
        TV = "tv", _("电视/广播")
        ONLINE = "online", _("网络媒体")
        SOCIAL = "social", _("新媒体账号")
        TRADE = "trade", _("行业媒体")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="media_coverage", verbose_name=_("园区")
    )
    campaign = models.ForeignKey(
        Campaign, models.SET_NULL, null=True, blank=True, related_name="coverage", verbose_name=_("推广策划")
    )
    published_on = models.DateField(_("发布日期"))
    outlet = models.CharField(_("媒体"), max_length=100)
    medium = models.CharField(_("媒体类型"), max_length=10, choices=Medium.choices)
    headline = models.CharField(_("标题"), max_length=200)
    url = models.URLField(_("链接"), blank=True)
    copy = models.FileField(_("报道截图/剪报"), upload_to="brand/coverage/%Y/", blank=True)

    class Meta:
        verbose_name = _("媒体报道")
        verbose_name_plural = pgettext_lazy("list", "媒体报道")
        ordering = ["-published_on", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.campaign_id and self.park_id and self.campaign.park_id != self.park_id:
            errors["campaign"] = gettext("推广策划须属于同一园区")
        if not self.url and not self.copy:
            errors["url"] = gettext("请填写报道链接或上传截图/剪报")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.outlet}：{self.headline}"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("正面")
    NEUTRAL = "neutral", _("中性")
    NEGATIVE = "negative", _("负面")


class OpinionEvent(RestrictedModel):
    """舆情事件 (6.7.4): where it appeared, what it says, its sentiment (suggested from the text,
    set by the person handling it) and level, handled assess → respond → follow up → close."""

    write_departments = BRAND

    class Source(models.TextChoices):
        NEWS = "news", _("新闻媒体")
        SOCIAL = "social", _("社交平台")
        FORUM = "forum", _("论坛/问答")
        VIDEO = "video", _("短视频")
        HOTLINE = "hotline", _("投诉热线/信访")
        OTHER = "other", _("其他")

    class Level(models.TextChoices):
        LOW = "low", _("一般")
        MEDIUM = "medium", _("较大")
        HIGH = "high", _("重大")

    class State(models.TextChoices):
        NEW = "new", _("待研判")
        ASSESSED = "assessed", _("已研判")
        RESPONDED = "responded", _("已回应")
        FOLLOWING = "following", _("跟踪中")
        CLOSED = "closed", _("已关闭")

    park = models.ForeignKey(
        "core.Park", models.CASCADE, related_name="opinion_events", verbose_name=_("园区")
    )
    found_at = models.DateTimeField(_("发现时间"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    source_name = models.CharField(
        _("来源名称"), max_length=100, blank=True, help_text=_("媒体、账号或平台名称")
    )
    url = models.URLField(_("原文链接"), blank=True)
    content = models.TextField(_("内容摘要"))
    sentiment = models.CharField(
        _("情感倾向"), max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL
    )
    suggested_sentiment = models.CharField(
        _("系统建议倾向"), max_length=10, choices=Sentiment.choices, blank=True
    )
    sentiment_score = models.DecimalField(
        _("情感得分"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-1000")), MaxValueValidator(Decimal("1000"))],
        help_text=_("文本情感分析的得分：负数偏负面，正数偏正面"),
    )
    level = models.CharField(_("等级"), max_length=10, choices=Level.choices, default=Level.LOW)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.NEW)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_events",
        verbose_name=_("处置人"),
    )
    response = models.TextField(_("回应/处置措施"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    conclusion = models.TextField(_("处置结论"), blank=True)

    workflow = Workflow(
        field="state",
        events="steps",
        transitions=[
            Transition(
                "assess",
                source=[State.NEW, State.ASSESSED],
                target=State.ASSESSED,
                step=_("研判"),
                refused=_("只有待研判或已研判的舆情可以研判"),
            ),
            Transition(
                "respond",
                source=[State.ASSESSED, State.RESPONDED, State.FOLLOWING],
                target=State.RESPONDED,
                step=_("回应处置"),
                refused=_("舆情须先研判再回应"),
            ),
            Transition(
                "follow_up",
                source=[State.RESPONDED, State.FOLLOWING],
                target=State.FOLLOWING,
                step=_("跟踪"),
                refused=_("舆情回应后才能跟踪"),
            ),
            Transition(
                "close",
                source=[State.ASSESSED, State.RESPONDED, State.FOLLOWING],
                target=State.CLOSED,
                step=_("关闭"),
                refused=_("舆情须先研判才能关闭"),
            ),
        ],
    )

    class Meta:
        verbose_name = _("舆情事件")
        verbose_name_plural = pgettext_lazy("list", "舆情事件")
        ordering = ["-found_at", "-pk"]

    def __str__(self) -> str:
        text = self.content.strip().replace("\n", " ")
        return f"{self.get_source_display()}：{text[:30]}{'…' if len(text) > 30 else ''}"


class OpinionStep(TimelineEvent, RestrictedModel):
    """One step of an opinion event's handling, with who, when and the note."""

    subject_field = "opinion"
    park_path = "opinion__park"
    write_departments = BRAND

    opinion = models.ForeignKey(
        OpinionEvent, models.CASCADE, related_name="steps", verbose_name=_("舆情事件")
    )

    class Meta:
        verbose_name = _("舆情处置记录")
        verbose_name_plural = pgettext_lazy("list", "舆情处置记录")
        ordering = ["opinion", "created_at", "pk"]
