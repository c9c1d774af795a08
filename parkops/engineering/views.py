"""Engineering pages: registers through the generic views, and the work-order, maintenance
plan and decoration workflows with their own pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views import View

from parkops.core import clock
from parkops.core.scope import ADD, CHANGE, VIEW, Role, can, can_write_model
from parkops.core.views import record_context
from parkops.engineering import forms, services
from parkops.engineering.models import (
    DecorationApplication,
    DecorationReview,
    FireInspection,
    MaintenancePlan,
    WorkOrder,
)


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


class WorkflowView(LoginRequiredMixin, View):
    model = None

    def get_object(self, pk):
        return get_object_or_404(self.model.objects.restrict(self.request.user, VIEW), pk=pk)


# --- Work orders ------------------------------------------------------------------------------


class WorkOrderReportView(LoginRequiredMixin, View):
    """报修 by a tenant or any staff member."""

    template_name = "engineering/workorder_report.html"

    def check(self, request):
        user = request.user
        if user.role not in (Role.TENANT, Role.STAFF, Role.OPERATOR_ADMIN) and not user.is_superuser:
            raise PermissionDenied

    def get(self, request):
        self.check(request)
        initial = {"park": request.user.parks.first()} if request.user.role != Role.TENANT else {}
        form = forms.WorkOrderReportForm(user=request.user, initial=initial)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        self.check(request)
        form = forms.WorkOrderReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.report_work_order(
                    by=request.user,
                    park=data.get("park"),
                    category=data["category"],
                    priority=data.get("priority") or WorkOrder.Priority.NORMAL,
                    building=data.get("building"),
                    unit=data.get("unit"),
                    location=data.get("location", ""),
                    description=data["description"],
                    photo=data.get("photo"),
                )
                messages.success(request, gettext("已提交报修，工单号 %(number)s") % {"number": order.number})
                return redirect(order.get_absolute_url())
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        return render(request, self.template_name, {"form": form})


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


WORK_ORDER_FIELDS = (
    "number",
    "state",
    "source",
    "category",
    "priority",
    "enterprise",
    "unit",
    "building",
    "location",
    "description",
    "photo",
    "reporter",
    "reported_at",
    "assignee",
    "assigned_at",
    "accepted_at",
    "respond_due_at",
    "complete_due_at",
    "completed_at",
    "work_done",
    "materials",
    "completion_photo",
    "confirmed_at",
    "rating",
    "rating_comment",
    "reopen_count",
    "escalated_at",
    "plan",
    "alarm_ref",
)


class WorkOrderDetailView(WorkflowView):
    model = WorkOrder
    template_name = "engineering/workorder_detail.html"

    def forms_for(self, order):
        """A form (or None) for each step the user may take now (``WorkOrder.workflow``)."""
        may = {t.name for t in WorkOrder.workflow.available(order, self.request.user)}
        forms_by_step = {
            "assign": lambda: forms.AssignForm(order=order, initial={"assignee": order.assignee_id}),
            "accept": lambda: None,
            "complete": forms.CompleteForm,
            "confirm": lambda: None,
            "reject": forms.RejectForm,
            "rate": forms.RateForm,
        }
        return {name: make() for name, make in forms_by_step.items() if name in may}

    def render_page(self, order, actions, status=200):
        context = record_context(self.request, order, WORK_ORDER_FIELDS)
        context.update(
            actions=actions,
            events=order.events.select_related("by").order_by("created_at", "pk"),
            list_url="engineering:workorder_list",
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        order = self.get_object(pk)
        return self.render_page(order, self.forms_for(order))

    def post(self, request, pk):
        order = self.get_object(pk)
        actions = self.forms_for(order)
        action = request.POST.get("action", "")
        if action not in actions:
            raise PermissionDenied(gettext("当前状态下不能进行此操作"))
        form = actions[action]
        if form is not None:
            form = type(form)(request.POST, request.FILES, **({"order": order} if action == "assign" else {}))
            actions[action] = form
            if not form.is_valid():
                return self.render_page(order, actions, status=400)
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "assign":
                services.assign_work_order(
                    order=order, assignee=data["assignee"], by=request.user, note=data["note"]
                )
                messages.success(request, gettext("已派单"))
            elif action == "accept":
                services.accept_work_order(order=order, by=request.user)
                messages.success(request, gettext("已接单"))
            elif action == "complete":
                services.complete_work_order(
                    order=order,
                    by=request.user,
                    work_done=data["work_done"],
                    materials=data["materials"],
                    photo=data.get("photo"),
                )
                messages.success(request, gettext("已提交完工，等待报修人确认"))
            elif action == "confirm":
                services.confirm_work_order(order=order, by=request.user)
                messages.success(request, gettext("已确认维修完成，欢迎评价本次服务"))
            elif action == "reject":
                services.reject_work_order(order=order, by=request.user, reason=data["reason"])
                messages.warning(request, gettext("已退回重修"))
            elif action == "rate":
                services.rate_work_order(
                    order=order, by=request.user, rating=data["rating"], comment=data["comment"]
                )
                messages.success(request, gettext("感谢您的评价"))
        except ValidationError as exc:
            if form is not None:
                _form_errors(form, exc)
                return self.render_page(order, actions, status=400)
            messages.error(request, _errors(exc))
        return redirect(order.get_absolute_url())


# --- Maintenance plans ------------------------------------------------------------------------


PLAN_FIELDS = (
    "title",
    "park",
    "system",
    "asset",
    "building",
    "tasks",
    "schedule",
    "interval",
    "interval_unit",
    "next_due_on",
    "last_reading",
    "current_reading",
    "assignee",
    "active",
)


class MaintenancePlanDetailView(WorkflowView):
    model = MaintenancePlan
    template_name = "engineering/maintenanceplan_detail.html"

    def render_page(self, plan, form, status=200):
        context = record_context(self.request, plan, PLAN_FIELDS)
        can_change = can(self.request.user, CHANGE, plan)
        context.update(
            reading_form=form if can_change and plan.schedule == MaintenancePlan.Schedule.METER else None,
            can_change=can_change,
            orders=plan.work_orders.order_by("-reported_at")[:20],
            readings=plan.readings.order_by("-read_on", "-pk")[:10],
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):

        return self.render_page(
            self.get_object(pk), forms.ReadingForm(initial={"read_on": clock.localdate()})
        )

    def post(self, request, pk):
        plan = self.get_object(pk)
        if not can(request.user, CHANGE, plan):
            raise PermissionDenied
        form = forms.ReadingForm(request.POST)
        if form.is_valid():
            try:
                before = plan.work_orders.count()
                services.record_reading(
                    plan=plan,
                    value=form.cleaned_data["value"],
                    read_on=form.cleaned_data["read_on"],
                    by=request.user,
                )
                made = plan.work_orders.count() - before
                messages.success(request, gettext("已录入读数") + ("，已生成维保工单" if made else ""))
                return redirect(plan.get_absolute_url())
            except ValidationError as exc:
                _form_errors(form, exc)
        return self.render_page(plan, form, status=400)


# --- Decoration applications ------------------------------------------------------------------


class DecorationSubmitView(LoginRequiredMixin, View):
    template_name = "engineering/decoration_submit.html"

    def check(self):
        if not can_write_model(self.request.user, DecorationApplication, ADD):
            raise PermissionDenied

    def get(self, request):
        self.check()
        return render(
            request, self.template_name, {"form": forms.DecorationApplicationForm(user=request.user)}
        )

    def post(self, request):
        self.check()
        form = forms.DecorationApplicationForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                application = services.submit_decoration(by=request.user, data=form.cleaned_data)
                messages.success(request, gettext("装修申请已提交，等待工程审核"))
                return redirect(application.get_absolute_url())
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        return render(request, self.template_name, {"form": form})


DECORATION_FIELDS = (
    "enterprise",
    "unit",
    "state",
    "applicant",
    "scope",
    "drawings",
    "planned_start",
    "planned_end",
    "contractor",
    "contractor_contact",
    "agreement_signed",
    "agreement_signed_on",
    "agreement_file",
    "works_started_on",
    "completed_on",
)


class DecorationDetailView(WorkflowView):
    model = DecorationApplication
    template_name = "engineering/decoration_detail.html"

    def forms_for(self, application):
        user = self.request.user
        D = DecorationApplication.State
        actions = {}
        for step, (state, _next, _departments) in services.STEP_ORDER.items():
            if application.state == state and services._may_review(user, step, application):
                actions["review"] = forms.ReviewForm()
                self.step = step
        staff = can(user, CHANGE, application)
        if staff and application.state == D.APPROVED and not application.agreement_signed:
            actions["agreement"] = forms.AgreementForm()
        if staff and application.state == D.APPROVED and application.agreement_signed:
            actions["start"] = forms.StartWorksForm()
        if application.state == D.IN_PROGRESS and can_write_model(user, FireInspection, ADD):
            actions["fire"] = forms.FireInspectionForm()
        if staff and application.state == D.IN_PROGRESS:
            actions["acceptance"] = forms.AcceptanceForm()
        return actions

    def render_page(self, application, actions, status=200):
        context = record_context(self.request, application, DECORATION_FIELDS)
        context.update(
            actions=actions,
            step_label=DecorationReview.Step(self.step).label if getattr(self, "step", None) else "",
            reviews=application.reviews.select_related("reviewer"),
            inspections=application.fire_inspections.all(),
            acceptances=application.acceptances.all(),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        application = self.get_object(pk)
        return self.render_page(application, self.forms_for(application))

    def post(self, request, pk):
        application = self.get_object(pk)
        actions = self.forms_for(application)
        action = request.POST.get("action", "")
        if action not in actions:
            raise PermissionDenied(gettext("当前状态下不能进行此操作"))
        form = type(actions[action])(request.POST, request.FILES)
        actions[action] = form
        if not form.is_valid():
            return self.render_page(application, actions, status=400)
        data = form.cleaned_data
        try:
            if action == "review":
                services.review_decoration(
                    application=application,
                    by=request.user,
                    step=self.step,
                    approve=data["decision"] == "approve",
                    comment=data["comment"],
                )
            elif action == "agreement":
                services.sign_safety_agreement(
                    application=application, by=request.user, signed_on=data["signed_on"], file=data["file"]
                )
            elif action == "start":
                services.start_works(application=application, by=request.user, started_on=data["started_on"])
            elif action == "fire":
                services.record_fire_inspection(application=application, by=request.user, **data)
            elif action == "acceptance":
                services.accept_completion(application=application, by=request.user, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
            return self.render_page(application, actions, status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.render_page(application, actions, status=403)
        messages.success(request, gettext("已保存"))
        return redirect(application.get_absolute_url())


__all__ = ["Http404"]
