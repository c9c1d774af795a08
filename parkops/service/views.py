"""Customer-service pages: registers through the generic views; tickets, the complaint
ledger and surveys (design, invitations, answering, results, analysis) with their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from parkops.core.scope import CHANGE, VIEW, Role, can
from parkops.core.views import ObjectListView, record_context
from parkops.service import forms, selectors, services
from parkops.service.models import Survey, SurveyInvitation, Ticket


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Tickets ----------------------------------------------------------------------------------


class TicketSubmitView(LoginRequiredMixin, View):
    template_name = "service/ticket_submit.html"

    def check(self):
        user = self.request.user
        if not (user.is_superuser or user.role in (Role.TENANT, Role.STAFF, Role.OPERATOR_ADMIN)):
            raise PermissionDenied

    def get(self, request):
        self.check()
        initial = {k: v for k, v in request.GET.items() if k in ("kind",)}
        if request.user.role != Role.TENANT:
            initial["park"] = request.user.parks.first()
        return render(
            request, self.template_name, {"form": forms.TicketForm(user=request.user, initial=initial)}
        )

    def post(self, request):
        self.check()
        form = forms.TicketForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.submit_ticket(
                    by=request.user,
                    park=data.get("park"),
                    enterprise=data.get("enterprise"),
                    kind=data["kind"],
                    channel=data.get("channel") or Ticket.Channel.PLATFORM,
                    contact=data.get("contact", ""),
                    subject=data["subject"],
                    content=data["content"],
                )
                messages.success(request, gettext("已提交，编号 %(number)s") % {"number": ticket.number})
                return redirect(ticket.get_absolute_url())
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        return render(request, self.template_name, {"form": form})


TICKET_FIELDS = (
    "number",
    "kind",
    "state",
    "channel",
    "enterprise",
    "contact",
    "reporter",
    "subject",
    "content",
    "received_at",
    "response_due_at",
    "accepted_at",
    "response_minutes",
    "handler",
    "replied_at",
    "reply",
    "confirmed_at",
    "reopen_count",
)


class TicketDetailView(LoginRequiredMixin, View):
    template_name = "service/ticket_detail.html"

    def get_object(self, pk):
        return get_object_or_404(Ticket.objects.restrict(self.request.user, VIEW), pk=pk)

    def actions_for(self, ticket):
        """A form (or None) for each step the user may take now (``Ticket.workflow``)."""
        may = {t.name for t in Ticket.workflow.available(ticket, self.request.user)}
        forms_by_step = {
            "accept": lambda: None,
            "note": forms.NoteForm,
            "reply": forms.ReplyForm,
            "confirm": lambda: None,
            "reopen": forms.ReopenForm,
        }
        return {name: make() for name, make in forms_by_step.items() if name in may}

    def render_page(self, ticket, actions, status=200):
        context = record_context(self.request, ticket, TICKET_FIELDS)
        context.update(
            actions=actions, events=ticket.events.select_related("by").order_by("created_at", "pk")
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        ticket = self.get_object(pk)
        return self.render_page(ticket, self.actions_for(ticket))

    def post(self, request, pk):
        ticket = self.get_object(pk)
        actions = self.actions_for(ticket)
        action = request.POST.get("action", "")
        if action not in actions:
            raise PermissionDenied(gettext("当前状态下不能进行此操作"))
        form = actions[action]
        if form is not None:
            form = type(form)(request.POST)
            actions[action] = form
            if not form.is_valid():
                return self.render_page(ticket, actions, status=400)
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "accept":
                services.accept_ticket(ticket=ticket, by=request.user)
            elif action == "note":
                services.note_ticket(ticket=ticket, by=request.user, note=data["note"])
            elif action == "reply":
                services.reply_ticket(ticket=ticket, by=request.user, reply=data["reply"])
            elif action == "confirm":
                services.confirm_ticket(ticket=ticket, by=request.user)
            elif action == "reopen":
                services.reopen_ticket(ticket=ticket, by=request.user, reason=data["reason"])
        except ValidationError as exc:
            if form is None:
                messages.error(request, "；".join(exc.messages))
                return redirect(ticket.get_absolute_url())
            _form_errors(form, exc)
            return self.render_page(ticket, actions, status=400)
        messages.success(request, gettext("已保存"))
        return redirect(ticket.get_absolute_url())


class TicketListView(ObjectListView):
    columns = (
        "number",
        "kind",
        "state",
        "channel",
        "enterprise",
        "subject",
        "received_at",
        "response_minutes",
        "response_on_time",
        "handler",
    )
    column_labels = {"response_on_time": _("按时响应")}
    card_fields = ("state", "kind", "received_at", "enterprise")
    select_related = ("enterprise", "handler")


class ComplaintLedgerView(TicketListView):
    """投诉台账: complaints only, with response times; Excel export from the list."""

    template_name = "service/complaint_ledger.html"
    columns = (
        "number",
        "state",
        "channel",
        "enterprise",
        "subject",
        "received_at",
        "accepted_at",
        "response_minutes",
        "response_on_time",
        "replied_at",
        "confirmed_at",
    )

    def common_context(self):
        return {
            **super().common_context(),
            "model_name_plural": pgettext_lazy("list", "投诉台账"),
            "can_add": False,
        }

    def base_queryset(self, action=VIEW):
        return super().base_queryset(action).filter(kind=Ticket.Kind.COMPLAINT)

    def get(self, request):
        qs = self.base_queryset()
        if self.filterset_class is not None:
            qs = self.filterset_class(request.GET, queryset=qs, request=request).qs
        # The list template reads the figures from the request (the generic view builds its
        # own context).
        request.complaint_stats = selectors.complaint_stats(qs)
        return super().get(request)


# --- Surveys ----------------------------------------------------------------------------------


SURVEY_FIELDS = (
    "title",
    "park",
    "introduction",
    "anonymous",
    "state",
    "opened_on",
    "deadline",
    "closed_on",
    "analysis",
    "analysis_file",
    "improvement_plan",
    "improvement_file",
)


class SurveyDetailView(LoginRequiredMixin, View):
    model = Survey
    template_name = "service/survey_detail.html"

    def get_object(self, pk):
        return get_object_or_404(
            Survey.objects.restrict(self.request.user, VIEW).select_related("park"), pk=pk
        )

    def actions_for(self, survey):
        if not can(self.request.user, CHANGE, survey):
            return {}
        S = Survey.State
        actions = {}
        if survey.state != S.CLOSED:
            actions["invite"] = forms.InviteForm(survey=survey)
        if survey.state == S.DRAFT:
            actions["open"] = None
        if survey.state == S.OPEN:
            actions["remind"] = None
            actions["close"] = None
        if survey.state == S.CLOSED:
            actions["analysis"] = forms.AnalysisForm(
                initial={"analysis": survey.analysis, "improvement_plan": survey.improvement_plan}
            )
        return actions

    def render_page(self, survey, actions, status=200):
        context = record_context(self.request, survey, SURVEY_FIELDS)
        results = selectors.survey_results(survey)
        trend = selectors.survey_trend(survey.park)
        context.update(
            actions=actions,
            results=results,
            questions=survey.questions.order_by("position"),
            can_change=can(self.request.user, CHANGE, survey),
            trend=trend,
            trend_json=(
                {
                    "labels": [row["label"] for row in trend],
                    "titles": [row["survey"].title for row in trend],
                    "nps": [float(row["nps"]) if row["nps"] is not None else None for row in trend],
                    "rate": [float(row["response_rate"]) for row in trend],
                    "rating": [
                        float(row["mean_rating"]) if row["mean_rating"] is not None else None for row in trend
                    ],
                }
            ),
            pending=survey.invitations.filter(used=False).count(),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        survey = self.get_object(pk)
        return self.render_page(survey, self.actions_for(survey))

    def post(self, request, pk):
        survey = self.get_object(pk)
        actions = self.actions_for(survey)
        action = request.POST.get("action", "")
        if action not in actions:
            raise PermissionDenied(gettext("当前状态下不能进行此操作"))
        form = actions[action]
        if form is not None:
            kwargs = {"survey": survey} if action == "invite" else {}
            form = type(form)(request.POST, request.FILES, **kwargs)
            actions[action] = form
            if not form.is_valid():
                return self.render_page(survey, actions, status=400)
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "invite":
                users = list(data["users"])
                if data["all_tenants"]:
                    users += list(form.fields["users"].queryset)
                emails = data["emails"].replace("，", "\n").replace(",", "\n").splitlines()
                created = services.invite(survey=survey, by=request.user, users=users, emails=emails)
                messages.success(request, gettext("已新增邀请 %(count)s 份") % {"count": len(created)})
            elif action == "open":
                services.open_survey(survey=survey, by=request.user)
                messages.success(request, gettext("问卷已发放"))
            elif action == "remind":
                count = services.send_reminders(survey=survey)
                messages.success(request, gettext("已提醒 %(count)s 位未作答的受邀人") % {"count": count})
            elif action == "close":
                services.close_survey(survey=survey, by=request.user)
                messages.success(request, gettext("问卷已结束"))
            elif action == "analysis":
                services.record_analysis(
                    survey=survey,
                    by=request.user,
                    analysis=data["analysis"],
                    improvement_plan=data["improvement_plan"],
                    analysis_file=data.get("analysis_file"),
                    improvement_file=data.get("improvement_file"),
                )
                messages.success(request, gettext("已保存分析和改进计划"))
        except ValidationError as exc:
            if form is None:
                messages.error(request, "；".join(exc.messages))
                return redirect(survey.get_absolute_url())
            _form_errors(form, exc)
            return self.render_page(survey, actions, status=400)
        return redirect(survey.get_absolute_url())


class SurveyAnswerView(View):
    """The questionnaire behind an invitation link. Email invitees need no account; a tenant
    user's link is answered by that user, signed in."""

    template_name = "service/survey_answer.html"

    def get_invitation(self, token):
        invitation = services.invitation_for(token)
        if invitation is None:
            from django.http import Http404

            raise Http404(gettext("问卷链接无效"))
        return invitation

    def page(self, request, invitation, form, status=200, done=False):
        if invitation.user_id and not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not services.may_answer(invitation, request.user):
            raise PermissionDenied(gettext("此问卷链接属于其他受邀人"))
        return render(
            request,
            self.template_name,
            {
                "invitation": invitation,
                "survey": invitation.survey,
                "form": form,
                "done": done or invitation.used,
            },
            status=status,
        )

    def get(self, request, token):
        invitation = self.get_invitation(token)
        return self.page(request, invitation, forms.SurveyAnswerForm(survey=invitation.survey))

    def post(self, request, token):
        invitation = self.get_invitation(token)
        if invitation.user_id and not request.user.is_authenticated:
            return self.page(request, invitation, None)
        form = forms.SurveyAnswerForm(request.POST, survey=invitation.survey)
        if form.is_valid():
            try:
                services.submit_response(token=token, answers=form.answers(), by=request.user)
                messages.success(request, gettext("提交成功，感谢您的反馈！"))
                return redirect("service:survey_answer", token=token)
            except ValidationError as exc:
                _form_errors(form, exc)
        return self.page(request, invitation, form, status=400)


class MySurveysView(LoginRequiredMixin, View):
    """A tenant user's questionnaires: to answer, and answered."""

    def get(self, request):
        invitations = (
            SurveyInvitation.objects.restrict(request.user, VIEW)
            .filter(user=request.user)
            .exclude(survey__state=Survey.State.DRAFT)
            .select_related("survey")
            .order_by("used", "-survey__opened_on")
        )
        return render(request, "service/my_surveys.html", {"invitations": invitations})
