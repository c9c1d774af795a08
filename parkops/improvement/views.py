"""Pages of the internal evaluation: the plan with its coverage, and a corrective action with
its PDCA steps. The other registers use the generic pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkops.audit.history import object_history
from parkops.core import clock
from parkops.core.scope import CHANGE, can
from parkops.core.views import ObjectDetailView, ObjectEditView
from parkops.improvement import forms, selectors, services
from parkops.improvement.models import CorrectiveAction, InspectionPlan


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(InspectionPlan.objects.restrict(request.user).select_related("park"), pk=pk)
    return render(
        request,
        "improvement/plan_detail.html",
        {
            "plan": plan,
            "items": plan.items.all(),
            "coverage": selectors.plan_coverage(plan),
            "inspections": plan.inspections.all()[:50],
            "summary": selectors.year_summary(plan.park, plan.year),
            "can_change": can(request.user, CHANGE, plan),
        },
    )


def _action(request, pk) -> CorrectiveAction:
    qs = CorrectiveAction.objects.restrict(request.user).select_related(
        "finding__inspection__park", "owner", "verified_by"
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def action_detail(request, pk):
    action = _action(request, pk)
    user = request.user
    manager = can(user, CHANGE, action)
    owner = action.owner_id == user.pk
    return render(
        request,
        "improvement/action_detail.html",
        {
            "action": action,
            "overdue": action.is_overdue(clock.localdate()),
            "escalations": action.escalations.all(),
            "may_start": action.state == action.State.PLAN and (manager or owner),
            "may_complete": action.state in (action.State.PLAN, action.State.DO) and (manager or owner),
            "may_verify": action.state == action.State.CHECK and manager and not owner,
            "may_edit": manager,
            "completion_form": forms.CompletionForm(initial={"completed_on": clock.localdate()}),
            "verification_form": forms.VerificationForm(),
            **object_history(action, request.user),
            "states": CorrectiveAction.State.choices,
        },
    )


def _run(request, action, fn, success):
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, gettext("；").join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or gettext("无权办理此事项"))
    else:
        messages.success(request, success)
    return redirect(action.get_absolute_url())


@login_required
@require_POST
def action_start(request, pk):
    action = _action(request, pk)
    return _run(
        request,
        action,
        lambda: services.start_action(action=action, by=request.user),
        gettext("整改已开始实施"),
    )


@login_required
@require_POST
def action_complete(request, pk):
    action = _action(request, pk)
    form = forms.CompletionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, gettext("请填写整改完成情况"))
        return redirect(action.get_absolute_url())
    d = form.cleaned_data
    return _run(
        request,
        action,
        lambda: services.report_completion(
            action=action,
            by=request.user,
            note=d["note"],
            completed_on=d["completed_on"],
            improvement_document=d["improvement_document"],
            improvement_file=d["improvement_file"],
        ),
        gettext("已报告整改完成，等待验证"),
    )


@login_required
@require_POST
def action_verify(request, pk):
    action = _action(request, pk)
    form = forms.VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写验证结果"))
        return redirect(action.get_absolute_url())
    d = form.cleaned_data
    return _run(
        request,
        action,
        lambda: services.verify_action(
            action=action, by=request.user, effective=d["effective"], verification=d["verification"]
        ),
        gettext("已记录验证结果") if not d["effective"] else gettext("整改经验证有效，已关闭"),
    )


class InspectionDetail(ObjectDetailView):
    """An internal evaluation record; a customer or smart evaluation shows the figures the
    platform measured for its period."""

    template_name = "improvement/inspection_detail.html"

    def get_fields(self) -> list[str]:
        return [name for name in super().get_fields() if name != "figures"]


class InspectionEdit(ObjectEditView):
    """The generic form, saved through ``services.save_inspection`` so that a customer or
    smart evaluation gets its figures from the platform."""

    def save(self, form, obj):
        return services.save_inspection(by=self.request.user, data=form.cleaned_data, inspection=obj)
