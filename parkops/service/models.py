"""客户服务 (clause 6.3.3; indicators 28–31): the concierge team, enquiries and complaints,
satisfaction surveys (named or anonymous), meeting and reception services, and the
value-added service catalogue."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.models import Enterprise, Park, RestrictedModel, Staff
from parkops.core.scope import CHANGE, DepartmentKind, Role, can
from parkops.core.workflow import TimelineEvent, Transition, Workflow

SERVICE = (DepartmentKind.SERVICE,)
FILE_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png"]
file_validator = FileExtensionValidator(FILE_EXTENSIONS, _("只能上传以下格式的文件：%(allowed_extensions)s"))
image_validator = FileExtensionValidator(["jpg", "jpeg", "png", "webp"], _("只能上传 jpg、png、webp 图片"))


class ConciergeTeam(RestrictedModel):
    """礼宾接待和服务团队 with its introduction (clause 6.3.3.1; indicator 28)."""

    write_departments = SERVICE

    park = models.ForeignKey(Park, models.CASCADE, related_name="concierge_teams", verbose_name=_("园区"))
    name = models.CharField(_("团队名称"), max_length=100)
    introduction = models.TextField(_("团队介绍"), help_text=_("团队构成、服务内容、服务标准与服务时间"))
    introduction_file = models.FileField(
        _("团队介绍材料"), upload_to="service/concierge/", blank=True, validators=[file_validator]
    )
    service_hours = models.CharField(
        _("服务时间"), max_length=100, blank=True, help_text=_("如 工作日 8:30–18:00")
    )
    hotline = models.CharField(_("服务热线"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("礼宾服务团队")
        verbose_name_plural = pgettext_lazy("list", "礼宾服务团队")
        ordering = ["park", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="service_unique_team")]

    def __str__(self) -> str:
        return self.name


class ConciergeMember(RestrictedModel):
    """A member of the concierge team: 客服前台, 楼栋管家, 会务接待 … (clause 6.3.3.1)."""

    park_path = "team__park"
    write_departments = SERVICE

    class Duty(models.TextChoices):
        FRONT_DESK = "front_desk", _("客服前台")
        BUTLER = "butler", _("楼栋管家")
        RECEPTION = "reception", _("会务接待")
        SUPERVISOR = "supervisor", _("客服主管")
        OTHER = "other", _("其他")

    team = models.ForeignKey(ConciergeTeam, models.CASCADE, related_name="members", verbose_name=_("团队"))
    staff = models.ForeignKey(Staff, models.CASCADE, related_name="concierge_roles", verbose_name=_("员工"))
    duty = models.CharField(_("岗位"), max_length=20, choices=Duty.choices)
    duties = models.TextField(_("职责"), blank=True)
    shift = models.CharField(_("班次"), max_length=100, blank=True, help_text=_("如 早班 8:00–16:00"))
    buildings = models.CharField(_("负责楼栋"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("礼宾团队成员")
        verbose_name_plural = pgettext_lazy("list", "礼宾团队成员")
        ordering = ["team", "duty", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "staff"], name="service_unique_member")]

    def clean(self) -> None:
        if self.staff_id and self.team_id and self.staff.park_id != self.team.park_id:
            raise ValidationError({"staff": gettext("成员须为本园区员工")})

    def __str__(self) -> str:
        return f"{self.staff.name}（{self.get_duty_display()}）"


def _may_handle(user, ticket) -> bool:
    """Service staff of the ticket's park and its administrators handle a ticket."""
    return getattr(user, "is_authenticated", False) and can(user, CHANGE, ticket)


def _may_confirm(user, ticket) -> bool:
    """Whoever submitted it, or a colleague at its enterprise, confirms or reopens; a ticket
    logged by staff for a caller without an account is confirmed by staff on the caller's word."""
    if not getattr(user, "is_authenticated", False):
        return False
    if ticket.reporter_id == user.pk:
        return True
    if (
        getattr(user, "role", None) == Role.TENANT
        and ticket.enterprise_id
        and ticket.enterprise_id == user.enterprise_id
    ):
        return True
    return ticket.enterprise_id is None and can(user, CHANGE, ticket)


class Ticket(RestrictedModel):
    """客户咨询、投诉、建议与表扬 (clauses 6.3.3.3, 6.3.3.6): received, handled, replied and
    confirmed by the enterprise, with a response-time target."""

    enterprise_path = "enterprise"
    write_departments = SERVICE
    tenant_actions = ("add",)

    class Kind(models.TextChoices):
        ENQUIRY = "enquiry", _("咨询")
        COMPLAINT = "complaint", _("投诉")
        SUGGESTION = "suggestion", _("建议")
        PRAISE = "praise", _("表扬")

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("线上平台")
        PHONE = "phone", _("服务热线")
        VISIT = "visit", _("前台来访")
        WECHAT = "wechat", _("微信")
        EMAIL = "email", _("电子邮件")

    class State(models.TextChoices):
        NEW = "new", _("新建")
        ACCEPTED = "accepted", _("已受理")
        PROCESSING = "processing", _("处理中")
        REPLIED = "replied", _("已回复")
        CONFIRMED = "confirmed", _("企业确认")
        REOPENED = "reopened", _("重新打开")

    OPEN_STATES = (State.NEW, State.ACCEPTED, State.PROCESSING, State.REOPENED)

    HANDLER_DENIED = _("只有客服人员或管理员可以处理")
    OWNER_DENIED = _("只有提交企业可以确认或重新打开")
    workflow = Workflow(
        field="state",
        events="events",
        transitions=[
            Transition(
                "accept",
                source=[State.NEW, State.REOPENED],
                target=State.ACCEPTED,
                step="受理",
                allowed=_may_handle,
                denied=HANDLER_DENIED,
                refused=_("只有新建或重新打开的工单可以受理"),
            ),
            Transition(
                "note",
                source=[State.ACCEPTED, State.PROCESSING],
                target=State.PROCESSING,
                step="处理进展",
                audit_event="processing",
                allowed=_may_handle,
                denied=HANDLER_DENIED,
                refused=_("请先受理"),
            ),
            Transition(
                "reply",
                source=[State.ACCEPTED, State.PROCESSING],
                target=State.REPLIED,
                step="回复",
                allowed=_may_handle,
                denied=HANDLER_DENIED,
                refused=_("请先受理再回复"),
            ),
            Transition(
                "confirm",
                source=[State.REPLIED],
                target=State.CONFIRMED,
                step="企业确认",
                allowed=_may_confirm,
                denied=OWNER_DENIED,
                refused=_("回复后才能确认"),
            ),
            Transition(
                "reopen",
                source=[State.REPLIED],
                target=State.REOPENED,
                step="重新打开",
                allowed=_may_confirm,
                denied=OWNER_DENIED,
                refused=_("只有已回复的工单可以重新打开"),
            ),
        ],
    )

    park = models.ForeignKey(Park, models.CASCADE, related_name="tickets", verbose_name=_("园区"))
    number = models.CharField(_("编号"), max_length=30, unique=True, editable=False)
    enterprise = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name=_("企业")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices, default=Channel.PLATFORM)
    subject = models.CharField(_("主题"), max_length=200)
    content = models.TextField(_("内容"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.NEW)
    received_at = models.DateTimeField(_("提交时间"), default=clock.now)
    response_due_at = models.DateTimeField(_("响应时限"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    reply = models.TextField(_("处理结果及回复"), blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新打开次数"), default=0)
    response_minutes = models.PositiveIntegerField(
        _("响应用时（分钟）"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("咨询投诉")
        verbose_name_plural = pgettext_lazy("list", "咨询投诉")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["park", "kind", "state"], name="service_ticket_kind_state")]

    def clean(self) -> None:
        if self.enterprise_id and self.park_id and self.enterprise.park_id != self.park_id:
            raise ValidationError({"enterprise": gettext("企业不在本园区")})

    @property
    def response_overdue(self) -> bool:
        answered = self.accepted_at or (clock.now() if self.state == self.State.NEW else None)
        return bool(answered and self.response_due_at and answered > self.response_due_at)

    @property
    def response_on_time(self) -> str:
        """按时响应: 是/否 once accepted; 否 while new and already past the target."""
        if self.accepted_at is not None:
            return "是" if self.accepted_at <= self.response_due_at else "否"
        return "否" if self.response_overdue else "—"

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class TicketEvent(TimelineEvent, RestrictedModel):
    """A step in a ticket's handling: accepted, note, reply, confirmation, reopening
    (``parkops.core.workflow.TimelineEvent``)."""

    subject_field = "ticket"
    park_path = "ticket__park"
    enterprise_path = "ticket__enterprise"
    write_departments = SERVICE

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="events", verbose_name=_("工单"))

    class Meta:
        verbose_name = _("处理记录")
        verbose_name_plural = pgettext_lazy("list", "处理记录")
        ordering = ["ticket", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.label}"


class Survey(RestrictedModel):
    """入驻客户满意度调查 (clause 6.3.3.4; indicator 30), with its analysis and improvement plan.

    An anonymous survey keeps no link between a respondent and their answers: its responses
    carry no invitation, user, enterprise or time, and have random ids (see SurveyResponse)."""

    write_departments = SERVICE

    class State(models.TextChoices):
        DRAFT = "draft", _("设计中")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    park = models.ForeignKey(Park, models.CASCADE, related_name="surveys", verbose_name=_("园区"))
    title = models.CharField(_("问卷标题"), max_length=200)
    introduction = models.TextField(_("问卷说明"), blank=True)
    anonymous = models.BooleanField(
        _("匿名调查"), default=True, help_text=_("匿名调查不保存答卷与答题人之间的任何关联，发出后不能更改")
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    opened_on = models.DateField(_("发放日期"), null=True, blank=True)
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    analysis = models.TextField(_("结果分析"), blank=True)
    analysis_file = models.FileField(
        _("分析报告"), upload_to="service/surveys/", blank=True, validators=[file_validator]
    )
    improvement_plan = models.TextField(_("改进计划"), blank=True)
    improvement_file = models.FileField(
        _("改进计划文件"), upload_to="service/surveys/", blank=True, validators=[file_validator]
    )

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = pgettext_lazy("list", "满意度调查")
        ordering = ["-opened_on", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.deadline and self.opened_on and self.deadline < self.opened_on:
            errors["deadline"] = gettext("截止日期不能早于发放日期")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = gettext("结束日期不能早于发放日期")
        if errors:
            raise ValidationError(errors)

    @property
    def has_analysis(self) -> bool:
        return bool(self.analysis.strip() or self.analysis_file)

    @property
    def has_improvement_plan(self) -> bool:
        return bool(self.improvement_plan.strip() or self.improvement_file)

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(RestrictedModel):
    """One question of a survey, in order."""

    park_path = "survey__park"
    write_departments = SERVICE

    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        RATING = "rating", _("评分（1–5）")
        NPS = "nps", _("推荐度（0–10）")
        TEXT = "text", _("文字")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="questions", verbose_name=_("问卷"))
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("题目"), max_length=300)
    options = models.TextField(_("选项"), blank=True, help_text=_("单选、多选题每行一个选项"))
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("问卷题目")
        verbose_name_plural = pgettext_lazy("list", "问卷题目")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="service_unique_question_position")
        ]

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind in self.CHOICE_KINDS and len(self.option_list) < 2:
            raise ValidationError({"options": gettext("单选、多选题至少需要两个选项")})
        if self.kind not in self.CHOICE_KINDS and self.options.strip():
            raise ValidationError({"options": gettext("只有单选、多选题可以设置选项")})

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class SurveyInvitation(RestrictedModel):
    """A survey link for one invitee (a tenant user or an email address).

    It records only THAT its token was used — never when, nor which response it gave — so an
    anonymous survey's answers cannot be traced back to it."""

    park_path = "survey__park"
    enterprise_path = "enterprise"
    write_departments = SERVICE

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="invitations", verbose_name=_("问卷"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受邀用户"),
    )
    email = models.EmailField(_("受邀邮箱"), blank=True)
    enterprise = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("企业")
    )
    token = models.CharField(_("链接令牌"), max_length=64, unique=True, editable=False)
    used = models.BooleanField(_("已作答"), default=False)
    reminders_sent = models.PositiveSmallIntegerField(_("已提醒次数"), default=0)

    class Meta:
        verbose_name = _("问卷邀请")
        verbose_name_plural = pgettext_lazy("list", "问卷邀请")
        ordering = ["survey", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="service_invitation_has_invitee",
                violation_error_message="须指定受邀用户或邮箱",
            ),
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="service_unique_user_invitation",
            ),
            models.UniqueConstraint(
                fields=["survey", "email"], condition=~Q(email=""), name="service_unique_email_invitation"
            ),
        ]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("service:survey_answer", args=[self.token])

    def __str__(self) -> str:
        who = self.user.name if self.user_id else self.email
        return f"{self.survey.title} → {who}"


class SurveyResponse(RestrictedModel):
    """One filled-in questionnaire.

    For a named survey it carries the invitation, respondent, enterprise and date. For an
    anonymous one all of these stay empty, the id is random (no insertion order) and no
    timestamp is stored, so nothing links it to whoever answered."""

    park_path = "survey__park"
    enterprise_path = "enterprise"
    write_departments = SERVICE

    created_at = None  # no timestamps: they would order anonymous answers against invitations
    updated_at = None
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="responses", verbose_name=_("问卷"))
    invitation = models.OneToOneField(
        SurveyInvitation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("邀请"),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答题人"),
    )
    enterprise = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("企业")
    )
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = pgettext_lazy("list", "问卷答卷")

    def __str__(self) -> str:
        return f"{self.survey.title} 答卷"


class SurveyAnswer(RestrictedModel):
    """One answer of a response: a choice, choices, a number (rating, NPS) or text. Random id."""

    park_path = "response__survey__park"
    enterprise_path = "response__enterprise"
    write_departments = SERVICE

    created_at = None
    updated_at = None
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse, models.CASCADE, related_name="answers", verbose_name=_("答卷")
    )
    question = models.ForeignKey(
        SurveyQuestion, models.CASCADE, related_name="answers", verbose_name=_("题目")
    )
    choices = models.JSONField(_("所选选项"), default=list, blank=True)
    number = models.SmallIntegerField(
        _("分值"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    text = models.TextField(_("文字回答"), blank=True)

    class Meta:
        verbose_name = _("答题")
        verbose_name_plural = pgettext_lazy("list", "答题")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="service_unique_answer")]

    def __str__(self) -> str:
        return f"{self.question_id}"


class MeetingService(RestrictedModel):
    """会议服务记录 (clause 6.3.3.7; indicator 31)."""

    write_departments = SERVICE

    park = models.ForeignKey(Park, models.CASCADE, related_name="meeting_services", verbose_name=_("园区"))
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("会议名称"), max_length=200)
    client = models.CharField(_("服务对象"), max_length=200, help_text=_("主办企业或单位"))
    enterprise = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("入驻企业")
    )
    venue = models.CharField(_("场地"), max_length=100)
    attendees = models.PositiveIntegerField(_("规模（人）"), validators=[MinValueValidator(1)])
    services = models.TextField(_("提供的服务"), help_text=_("如 场地布置、茶歇、音视频保障、签到引导"))
    feedback = models.TextField(_("客户反馈"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("满意度（1–5）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    photo = models.ImageField(
        _("现场照片"), upload_to="service/meetings/%Y/", blank=True, validators=[image_validator]
    )
    is_case = models.BooleanField(_("典型案例"), default=False)

    class Meta:
        verbose_name = _("会议服务")
        verbose_name_plural = pgettext_lazy("list", "会议服务")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class ReceptionRecord(RestrictedModel):
    """商务、政务接待记录 (clause 6.3.3.7; indicator 31)."""

    write_departments = SERVICE

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政务接待")
        BUSINESS = "business", _("商务接待")
        INVESTMENT = "investment", _("招商参观")
        OTHER = "other", _("其他")

    park = models.ForeignKey(Park, models.CASCADE, related_name="reception_records", verbose_name=_("园区"))
    received_on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    visitors = models.CharField(_("来访单位"), max_length=200)
    scale = models.PositiveIntegerField(_("人数"), validators=[MinValueValidator(1)])
    purpose = models.CharField(_("来访事由"), max_length=200)
    services = models.TextField(_("接待安排"))
    host = models.CharField(_("接待负责人"), max_length=50)
    feedback = models.TextField(_("反馈"), blank=True)
    is_case = models.BooleanField(_("典型案例"), default=False)

    class Meta:
        verbose_name = _("接待记录")
        verbose_name_plural = pgettext_lazy("list", "接待记录")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visitors}（{self.received_on:%Y-%m-%d}）"


class ValueAddedService(RestrictedModel):
    """增值服务目录 entry (clause 6.3.3.8): a service beyond the basics, free or priced.

    Named apart from the assessment app's 产业运营服务目录 (clause 6.1.3, ``ServiceOffering``)."""

    write_departments = SERVICE
    tenant_visible = True

    class Category(models.TextChoices):
        OFFICE = "office", _("办公支持")
        BUSINESS = "business", _("商务服务")
        LIFE = "life", _("生活配套")
        EVENT = "event", _("会务活动")
        PROPERTY = "property", _("物业延伸")
        OTHER = "other", _("其他")

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="value_added_services", verbose_name=_("园区")
    )
    name = models.CharField(_("服务名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    description = models.TextField(_("服务内容"))
    free = models.BooleanField(_("免费"), default=False)
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_unit = models.CharField(_("计价单位"), max_length=30, blank=True, help_text=_("如 次、小时、月"))
    provider = models.CharField(_("服务提供方"), max_length=200, help_text=_("运营机构自营或合作机构名称"))
    how_to_order = models.CharField(_("办理方式"), max_length=200, blank=True)
    active = models.BooleanField(_("提供中"), default=True)

    class Meta:
        verbose_name = _("增值服务")
        verbose_name_plural = pgettext_lazy("list", "增值服务目录")
        ordering = ["park", "category", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="service_unique_value_added")]

    def clean(self) -> None:
        if self.free and self.price:
            raise ValidationError({"price": gettext("免费服务不填价格")})
        if not self.free and self.price is None:
            raise ValidationError({"price": gettext("收费服务须填写价格")})

    def __str__(self) -> str:
        return self.name


class ServiceRating(RestrictedModel):
    """服务评价 by the enterprise served, after a closed ticket or a booking that has taken place
    (clause 6.1.2: 服务考核和评价机制). Work orders keep their own rating (engineering) and
    meeting services their satisfaction; the per-service summary reads all of them."""

    enterprise_path = "enterprise"
    write_departments = SERVICE
    tenant_actions = ("add",)

    park = models.ForeignKey(Park, models.CASCADE, related_name="service_ratings", verbose_name=_("园区"))
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="service_ratings", verbose_name=_("评价企业")
    )
    ticket = models.OneToOneField(
        Ticket, models.CASCADE, null=True, blank=True, related_name="rating", verbose_name=_("咨询投诉")
    )
    booking = models.OneToOneField(
        "spaces.Booking",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="service_rating",
        verbose_name=_("空间预约"),
    )
    rating = models.PositiveSmallIntegerField(
        _("评分（1–5）"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评价人"),
    )
    rated_at = models.DateTimeField(_("评价时间"), default=clock.now)

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = pgettext_lazy("list", "服务评价")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket__isnull=False, booking__isnull=True)
                | Q(ticket__isnull=True, booking__isnull=False),
                name="service_rating_one_target",
                violation_error_message="一条评价只对应一项服务（工单或预约）",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="service_rating_1_5",
                violation_error_message="评分须为 1–5 星",
            ),
        ]

    @property
    def target(self):
        return self.ticket if self.ticket_id else self.booking

    def clean(self) -> None:
        if bool(self.ticket_id) == bool(self.booking_id):
            raise ValidationError({"ticket": gettext("请选择要评价的一项服务：咨询投诉或空间预约")})
        if self.ticket_id:
            if self.ticket.state != Ticket.State.CONFIRMED:
                raise ValidationError({"ticket": gettext("只能评价已办结（企业已确认）的咨询投诉")})
            owner, park_id = self.ticket.enterprise_id, self.ticket.park_id
        else:
            booking = self.booking
            if booking.status != booking.Status.CONFIRMED or booking.ends_at > clock.now():
                raise ValidationError({"booking": gettext("只能评价已确认且已结束的空间预约")})
            owner, park_id = booking.enterprise_id, booking.space.park_id
        if owner is None:
            raise ValidationError({"enterprise": gettext("该服务没有对应的入驻企业，无法评价")})
        if self.enterprise_id != owner or self.park_id != park_id:
            raise ValidationError({"enterprise": gettext("评价企业须是该服务的服务对象")})

    def __str__(self) -> str:
        return f"{self.target} · {self.rating}★"


class PropertyInspection(RestrictedModel):
    """物业服务自查 (clause 6.1.6): the park checks the property services it provides or has
    contracted against the areas of DB4403/T 303, item by item."""

    write_departments = (DepartmentKind.SERVICE, DepartmentKind.ENGINEERING)

    class Provider(models.TextChoices):
        SELF = "self", _("运营机构自行提供")
        CONTRACTED = "contracted", _("委托物业服务人")

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="property_inspections", verbose_name=_("园区")
    )
    inspected_on = models.DateField(_("自查日期"))
    provider = models.CharField(_("物业服务提供方式"), max_length=12, choices=Provider.choices)
    provider_name = models.CharField(_("物业服务人"), max_length=200, blank=True, help_text=_("委托时填写"))
    inspector = models.CharField(_("自查人"), max_length=100)
    summary = models.TextField(_("自查结论"), blank=True)

    class Meta:
        verbose_name = _("物业服务自查")
        verbose_name_plural = pgettext_lazy("list", "物业服务自查")
        ordering = ["-inspected_on", "-pk"]

    def clean(self) -> None:
        errors = {}
        if self.inspected_on and self.inspected_on > clock.localdate():
            errors["inspected_on"] = gettext("自查日期不能晚于今天")
        if self.provider == self.Provider.CONTRACTED and not self.provider_name.strip():
            errors["provider_name"] = gettext("委托物业服务人时须填写其名称")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {gettext('物业服务自查')}"


class PropertyInspectionItem(RestrictedModel):
    """One checklist item of a self-inspection: conforming or not, with a note."""

    park_path = "inspection__park"
    write_departments = (DepartmentKind.SERVICE, DepartmentKind.ENGINEERING)

    inspection = models.ForeignKey(
        PropertyInspection, models.CASCADE, related_name="items", verbose_name=_("物业服务自查")
    )
    code = models.CharField(_("检查项"), max_length=20)
    conforming = models.BooleanField(_("符合"))
    note = models.CharField(_("情况说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("自查项")
        verbose_name_plural = pgettext_lazy("list", "自查项")
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "code"], name="service_property_item_once")
        ]

    @property
    def item(self):
        from parkops.service.property_services import ITEMS_BY_CODE

        return ITEMS_BY_CODE.get(self.code)

    def __str__(self) -> str:
        item = self.item
        return str(item.text) if item else self.code
