"""Brand pages: registers through the generic views; an opinion event is registered through its
service (suggested sentiment) and handled on its page, one form per step the user may take."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from parkops.brand import forms, services
from parkops.brand.models import OpinionEvent
from parkops.core.views import ObjectEditView, _add_errors, record_context

FIELDS = [
    "park",
    "found_at",
    "source",
    "source_name",
    "url",
    "content",
    "sentiment",
    "suggested_sentiment",
    "sentiment_score",
    "level",
    "state",
    "handler",
    "response",
    "conclusion",
    "closed_at",
]


class OpinionEdit(ObjectEditView):
    """Registering goes through the service (the suggestion); afterwards the event changes only
    through its handling steps."""

    form_class = forms.OpinionForm

    def get_object(self, pk):
        if pk is not None:
            raise PermissionDenied(gettext("舆情事件登记后通过研判、回应、跟踪、关闭处置"))
        return super().get_object(pk)

    def save(self, form, obj):
        data = dict(form.cleaned_data)
        return services.register_opinion(
            by=self.request.user,
            park=data.pop("park"),
            sentiment=data.pop("sentiment") or None,
            **data,
        )


@login_required
def opinion_detail(request, pk):
    opinion = get_object_or_404(
        OpinionEvent.objects.restrict(request.user, "view").select_related("park"), pk=pk
    )
    available = {t.name: t for t in OpinionEvent.workflow.available(opinion, request.user)}
    bound = None
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in available:
            raise PermissionDenied(gettext("无权执行此操作"))
        bound = forms.STEP_FORMS[name](request.POST)
        if bound.is_valid():
            try:
                services.STEPS[name](opinion=opinion, by=request.user, **bound.cleaned_data)
            except ValidationError as exc:
                _add_errors(bound, exc)
            else:
                messages.success(request, gettext("已%(step)s") % {"step": available[name].title})
                return redirect(opinion.get_absolute_url())
    actions = {}
    for name in available:
        if bound is not None and request.POST.get("action") == name:
            actions[name] = bound
        elif name == "assess":
            actions[name] = forms.AssessForm(initial={"sentiment": opinion.sentiment, "level": opinion.level})
        else:
            actions[name] = forms.STEP_FORMS[name]()
    context = {
        **record_context(request, opinion, FIELDS),
        "object": opinion,
        "steps": list(opinion.steps.select_related("by").order_by("created_at", "pk")),
        "actions": [(name, available[name].title, form) for name, form in actions.items()],
    }
    return render(
        request, "brand/opinionevent_detail.html", context, status=400 if bound is not None else 200
    )


opinion_detail.model = OpinionEvent  # the model whose id the route takes
