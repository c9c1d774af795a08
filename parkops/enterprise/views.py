"""Enterprise-services pages: registers through the generic views; the demand ledger, policy
matching and applications (their steps through the shared workflow) and the overview of
what each service row of 表A.1 still needs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from parkops.core import clock
from parkops.core.models import Enterprise
from parkops.core.scope import ADD, VIEW, Role, can_write_model
from parkops.core.views import ObjectEditView, ObjectListView, record_context
from parkops.enterprise import forms, selectors, services
from parkops.enterprise.models import Demand, Policy, PolicyApplication


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def is_staff_side(user) -> bool:
    return user.is_superuser or user.role in (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)


class StepView(LoginRequiredMixin, View):
    """A request with a timeline: its record, its steps so far, and a form for each step the
    user may take now (``Workflow.available``)."""

    model = None
    template_name = ""
    fields: tuple[str, ...] = ()
    step_forms: dict = {}

    def get_object(self, pk):
        return get_object_or_404(self.model.objects.restrict(self.request.user, VIEW), pk=pk)

    def make_form(self, name, obj, data=None, files=None):
        form_class = self.step_forms.get(name)
        if form_class is None:
            return None
        return form_class(data, files) if data is not None else form_class()

    def actions_for(self, obj) -> dict:
        return {
            t.name: {"title": t.title, "form": self.make_form(t.name, obj)}
            for t in self.model.workflow.available(obj, self.request.user)
        }

    def extra_context(self, obj) -> dict:
        return {}

    def render_page(self, obj, actions, status=200):
        context = record_context(self.request, obj, self.fields)
        context.update(
            actions=actions,
            events=obj.events.select_related("by").order_by("created_at", "pk"),
            **self.extra_context(obj),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        obj = self.get_object(pk)
        return self.render_page(obj, self.actions_for(obj))

    def post(self, request, pk):
        obj = self.get_object(pk)
        actions = self.actions_for(obj)
        name = request.POST.get("action", "")
        if name not in actions:
            raise PermissionDenied(gettext("当前状态下不能进行此操作"))
        form = self.make_form(name, obj, request.POST, request.FILES)
        actions[name]["form"] = form
        if form is not None and not form.is_valid():
            return self.render_page(obj, actions, status=400)
        try:
            self.take(name, obj, form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, "；".join(exc.messages))
                return redirect(obj.get_absolute_url())
            _form_errors(form, exc)
            return self.render_page(obj, actions, status=400)
        messages.success(request, gettext("已保存"))
        return redirect(obj.get_absolute_url())

    def take(self, name, obj, data) -> None:
        raise NotImplementedError


# --- Demands ----------------------------------------------------------------------------------


DEMAND_FIELDS = (
    "number",
    "enterprise",
    "category",
    "state",
    "source",
    "title",
    "description",
    "raised_by",
    "raised_at",
    "assignee",
    "assign_by",
    "due_on",
    "offering",
    "partner",
    "outcome",
    "outcome_note",
    "resolved_on",
    "rating",
    "rating_comment",
    "closed_at",
)


class DemandDetailView(StepView):
    model = Demand
    template_name = "enterprise/demand_detail.html"
    fields = DEMAND_FIELDS
    step_forms = {
        "follow_up": forms.NoteForm,
        "resolve": forms.ResolveForm,
        "rate": forms.RateForm,
        "withdraw": forms.ReasonForm,
    }

    def make_form(self, name, obj, data=None, files=None):
        if name == "assign":
            return forms.AssignForm(data, park=obj.park)
        if name == "match":
            return forms.MatchForm(data, demand=obj)
        return super().make_form(name, obj, data, files)

    def extra_context(self, obj) -> dict:
        case = getattr(obj, "case", None)
        return {"case": case, "overdue": obj.overdue_on(clock.localdate())}

    def take(self, name, demand, data) -> None:
        by = self.request.user
        if name == "assign":
            services.assign_demand(
                demand=demand,
                by=by,
                assignee=data["assignee"],
                due_on=data.get("due_on"),
                note=data.get("note", ""),
            )
        elif name == "match":
            services.match_demand(
                demand=demand,
                by=by,
                service=data.get("service"),
                partner=data.get("partner"),
                note=data.get("note", ""),
            )
        elif name == "follow_up":
            services.follow_up_demand(demand=demand, by=by, note=data["note"])
        elif name == "resolve":
            services.resolve_demand(
                demand=demand,
                by=by,
                outcome=data["outcome"],
                note=data["note"],
                loan_amount=data.get("loan_amount"),
                grant_amount=data.get("grant_amount"),
                order_amount=data.get("order_amount"),
                hires=data.get("hires"),
                patents=data.get("patents"),
                proof=data.get("proof"),
            )
        elif name == "rate":
            services.rate_demand(demand=demand, by=by, rating=data["rating"], comment=data.get("comment", ""))
        elif name == "withdraw":
            services.withdraw_demand(demand=demand, by=by, reason=data["reason"])


class DemandSubmitView(LoginRequiredMixin, View):
    template_name = "enterprise/demand_submit.html"

    def check(self):
        if not can_write_model(self.request.user, Demand, ADD):
            raise PermissionDenied

    def get(self, request):
        self.check()
        initial = {k: v for k, v in request.GET.items() if k in ("category", "enterprise")}
        return render(
            request, self.template_name, {"form": forms.DemandForm(user=request.user, initial=initial)}
        )

    def post(self, request):
        self.check()
        form = forms.DemandForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                demand = services.raise_demand(
                    by=request.user,
                    enterprise=data.get("enterprise"),
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    source=data.get("source") or Demand.Source.ENTERPRISE,
                )
                messages.success(request, gettext("已提交，编号 %(number)s") % {"number": demand.number})
                return redirect(demand.get_absolute_url())
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        return render(request, self.template_name, {"form": form})


class DemandListView(ObjectListView):
    columns = (
        "number",
        "enterprise",
        "category",
        "title",
        "state",
        "raised_at",
        "assignee",
        "due_on",
        "matched_to",
        "rating",
    )
    column_labels = {"matched_to": _("对接资源")}
    card_fields = ("state", "category", "enterprise", "due_on")
    select_related = ("enterprise", "assignee", "offering", "partner")


# --- Policies -------------------------------------------------------------------------------


class PolicyEditView(ObjectEditView):
    form_class = forms.PolicyForm


def _enterprise_for(request) -> Enterprise | None:
    """A tenant's own enterprise; for staff, the one chosen in ``?enterprise=``."""
    user = request.user
    if user.role == Role.TENANT and not user.is_superuser:
        return user.enterprise
    pk = request.GET.get("enterprise") or request.POST.get("enterprise")
    if not pk or not str(pk).isdigit():
        return None
    return Enterprise.objects.restrict(user, VIEW).filter(pk=pk).first()


class PolicyMatchView(LoginRequiredMixin, View):
    """政策匹配: for one enterprise, every policy of its park with why it fits or not."""

    template_name = "enterprise/policy_matches.html"

    def get(self, request):
        user = request.user
        if not (
            user.is_superuser or user.role in (Role.TENANT, Role.STAFF, Role.OPERATOR_ADMIN, Role.ASSESSOR)
        ):
            raise PermissionDenied
        enterprise = _enterprise_for(request)
        today = clock.localdate()
        matches = []
        applications = {}
        if enterprise is not None:
            policies = Policy.objects.restrict(user, VIEW).filter(park=enterprise.park_id, active=True)
            matches = selectors.policy_matches(enterprise, today, policies)
            applications = {
                a.policy_id: a
                for a in PolicyApplication.objects.restrict(user, VIEW)
                .filter(enterprise=enterprise)
                .order_by("created_at")
            }
        for match in matches:
            match.application = applications.get(match.policy.pk)
            match.may_apply = (
                match.policy.open_on(today)
                and match.verdict != selectors.FAILS
                and (
                    match.application is None or match.application.state not in PolicyApplication.OPEN_STATES
                )
                and can_write_model(user, PolicyApplication, ADD)
            )
        choices = (
            Enterprise.objects.restrict(user, VIEW).filter(status=Enterprise.Status.RESIDENT).order_by("name")
            if user.role != Role.TENANT
            else []
        )
        return render(
            request,
            self.template_name,
            {"enterprise": enterprise, "matches": matches, "choices": choices, "today": today},
        )


class PolicyApplyView(LoginRequiredMixin, View):
    """Start an application under a policy (POST from the matching page)."""

    def post(self, request, pk):
        policy = get_object_or_404(Policy.objects.restrict(request.user, VIEW), pk=pk)
        enterprise = _enterprise_for(request)
        if enterprise is None:
            raise Http404
        try:
            application = services.start_application(by=request.user, policy=policy, enterprise=enterprise)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            url = request.POST.get("next") or ""
            return redirect(
                url if url.startswith("/") and not url.startswith("//") else "enterprise:policy_matches"
            )
        messages.success(request, gettext("已发起申报，企业服务专员将辅导您准备材料"))
        return redirect(application.get_absolute_url())


APPLICATION_FIELDS = (
    "policy",
    "enterprise",
    "state",
    "advisor",
    "submitted_on",
    "decided_on",
    "granted_amount",
    "outcome_note",
    "proof",
)


class ApplicationDetailView(StepView):
    model = PolicyApplication
    template_name = "enterprise/application_detail.html"
    fields = APPLICATION_FIELDS
    step_forms = {
        "guide": forms.NoteForm,
        "submit": forms.SubmitForm,
        "decide": forms.DecideForm,
        "withdraw": forms.ReasonForm,
    }

    def extra_context(self, obj) -> dict:
        guide = [line.strip() for line in obj.policy.guide.splitlines() if line.strip()]
        return {"guide": guide, "policy": obj.policy}

    def take(self, name, application, data) -> None:
        by = self.request.user
        if name == "guide":
            services.guide_application(application=application, by=by, note=data["note"])
        elif name == "submit":
            services.submit_application(
                application=application,
                by=by,
                submitted_on=data.get("submitted_on"),
                note=data.get("note", ""),
            )
        elif name == "decide":
            services.decide_application(
                application=application,
                by=by,
                approved=data["approved"],
                note=data["note"],
                granted_amount=data.get("granted_amount"),
                decided_on=data.get("decided_on"),
                proof=data.get("proof"),
            )
        elif name == "withdraw":
            services.withdraw_application(application=application, by=by, reason=data["reason"])


# --- Overview ---------------------------------------------------------------------------------


def may_see_overview(user) -> bool:
    return getattr(user, "is_authenticated", False) and is_staff_side(user)


class OverviewView(LoginRequiredMixin, View):
    """企业服务概览: per service category, its list and successful cases against rows 35–41,
    saying how many more cases each row needs; the demand ledger in figures."""

    template_name = "enterprise/overview.html"

    def get(self, request):
        user = request.user
        if not may_see_overview(user):
            raise PermissionDenied
        from parkops.core.models import Park

        parks = Park.objects.restrict(user, VIEW)
        park = (
            parks.filter(pk=request.GET.get("park") or 0).first()
            if request.GET.get("park", "").isdigit()
            else None
        )
        park = park or parks.first()
        today = clock.localdate()
        rows = selectors.category_coverage(park, today) if park else []
        demands = Demand.objects.restrict(user, VIEW).filter(park=park) if park else Demand.objects.none()
        open_demands = demands.filter(state__in=Demand.OPEN_STATES)
        overdue = [d for d in open_demands if d.overdue_on(today)]
        return render(
            request,
            self.template_name,
            {
                "park": park,
                "parks": parks,
                "rows": rows,
                "demand_total": demands.count(),
                "demand_open": open_demands.count(),
                "demand_overdue": len(overdue),
                "demand_closed": demands.filter(state=Demand.State.CLOSED).count(),
            },
        )
