"""园区活动日历 (clauses 6.2.2, 6.4, 6.5.2, 6.6.3, 6.7.3; indicators 19, 44, 48, 50): one
calendar of the park's activities — promotion events, trainings, mentoring sessions, party and
group activities, brand campaigns — with sign-up by tenants, attendance and photos. Every row
of 表A.1 that counts activities counts them here (:mod:`parkops.events.selectors`)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core.models import RestrictedModel
from parkops.core.scope import DepartmentKind

# Staff who organise activities: investment (推介), enterprise services (培训、辅导、党建群团),
# brand (推广活动) and administration.
ORGANISERS = (
    DepartmentKind.INVESTMENT,
    DepartmentKind.ENTERPRISE,
    DepartmentKind.BRAND,
    DepartmentKind.ADMINISTRATION,
)


class EventKind(models.TextChoices):
    PROMOTION = "promotion", _("招商推介")
    TRAINING = "training", _("培训讲座")
    MENTORING = "mentoring", _("创业辅导")
    PARTY = "party", _("党建活动")
    GROUP = "group", _("群团活动")
    BRAND = "brand", _("品牌推广")
    OTHER = "other", _("其他活动")


class Event(RestrictedModel):
    """园区活动: one entry of the park's calendar. A promotion event (6.2.2, indicator 19) is
    themed on industries; a mentoring session (6.5.2) is linked from incubation's cases; party
    and group activities (6.6.3) and brand campaigns' events (6.7.3) keep their record here.
    Tenants of the park see the calendar and sign up for events open to them."""

    write_departments = ORGANISERS
    tenant_visible = True

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="events", verbose_name=_("园区"))
    kind = models.CharField(_("活动类型"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("活动主题"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    space = models.ForeignKey(
        "spaces.FunctionSpace",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("活动场地"),
        help_text=_("园区内的功能空间；园区外的活动填写地点"),
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organiser = models.CharField(_("主办/承办"), max_length=200, blank=True)
    industries = models.ManyToManyField(
        "core.Industry", blank=True, related_name="events", verbose_name=_("聚焦产业")
    )
    description = models.TextField(_("活动内容"), blank=True)
    open_for_signup = models.BooleanField(_("接受企业报名"), default=False)
    capacity = models.PositiveIntegerField(
        _("名额（人）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("留空表示不限名额"),
    )
    signup_deadline = models.DateTimeField(
        _("报名截止"), null=True, blank=True, help_text=_("留空表示开始前均可报名")
    )
    attendance = models.PositiveIntegerField(
        _("实到人数"), default=0, help_text=_("活动结束后填写；企业报名的签到人数另计")
    )
    materials = models.TextField(
        _("活动材料"), blank=True, help_text=_("手册、课件、政策解读等材料名称或链接，每行一项")
    )
    summary = models.TextField(
        _("活动记录"), blank=True, help_text=_("活动完成后的总结：内容、成效、后续安排")
    )
    cancelled = models.BooleanField(_("已取消"), default=False)

    class Meta:
        verbose_name = _("园区活动")
        verbose_name_plural = pgettext_lazy("list", "园区活动")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["park", "kind", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = gettext("结束时间不能早于开始时间")
        if self.space_id and self.park_id and self.space.park_id != self.park_id:
            errors["space"] = gettext("活动场地须属于同一园区")
        if not self.space_id and not self.place.strip():
            errors["place"] = gettext("请选择活动场地或填写地点")
        if self.signup_deadline and self.starts_at and self.signup_deadline > self.starts_at:
            errors["signup_deadline"] = gettext("报名截止时间不能晚于活动开始时间")
        if errors:
            raise ValidationError(errors)

    @property
    def where(self) -> str:
        return self.space.name if self.space_id else self.place

    def __str__(self) -> str:
        from django.utils import timezone

        return f"{timezone.localtime(self.starts_at):%Y-%m-%d} {self.title}"


class EventSignup(RestrictedModel):
    """企业活动报名 and its 签到: a tenant signs up its people; staff mark who came."""

    park_path = "event__park"
    enterprise_path = "enterprise"
    write_departments = ORGANISERS
    tenant_actions = ("add", "change")

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("已报名")
        CANCELLED = "cancelled", _("已取消")

    event = models.ForeignKey(Event, models.CASCADE, related_name="signups", verbose_name=_("活动"))
    enterprise = models.ForeignKey(
        "core.Enterprise", models.CASCADE, related_name="event_signups", verbose_name=_("报名企业")
    )
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("报名人"),
    )
    people = models.PositiveSmallIntegerField(_("报名人数"), default=1, validators=[MinValueValidator(1)])
    contact = models.CharField(_("参加人员"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    attended = models.PositiveSmallIntegerField(_("签到人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = pgettext_lazy("list", "活动报名")
        ordering = ["event", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="event_signup_once")]

    label_related = ("enterprise", "event")  # what __str__ reads: joined for lists of choices

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.event.title}"


class EventPhoto(RestrictedModel):
    """活动照片: the record of an activity that took place (6.6.3 活动完成案例)."""

    park_path = "event__park"
    write_departments = ORGANISERS
    tenant_visible = True
    file_kinds = {"photo": "image"}

    event = models.ForeignKey(Event, models.CASCADE, related_name="photos", verbose_name=_("活动"))
    photo = models.ImageField(_("照片"), upload_to="events/photos/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = pgettext_lazy("list", "活动照片")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.caption or self.photo.name.rsplit("/", 1)[-1]
