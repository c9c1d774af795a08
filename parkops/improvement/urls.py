"""Pages of internal evaluation and improvement (clause 9), under /improvement/."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.improvement import filters, forms, views
from parkops.improvement import models as m

app_name = "improvement"


def pages_for(
    prefix,
    model,
    *,
    columns,
    filterset,
    form,
    select=(),
    related=(),
    detail=None,
    delete=True,
    card=None,
    detail_view=ObjectDetailView,
    edit_view=ObjectEditView,
):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )
    detail_view = type(
        f"{model.__name__}Detail", (detail_view,), {"related": related, "select_related": select}
    )
    edit_view = type(f"{model.__name__}Edit", (edit_view,), {"form_class": form})
    patterns = object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete else None,
    )
    if detail is not None:
        name = f"{model._meta.model_name}_detail"
        patterns = [p for p in patterns if p.name != name]
        patterns.append(path(f"{prefix}/<int:pk>/", detail, name=name))
    return patterns


urlpatterns = [
    *pages_for(
        "plans",
        m.InspectionPlan,
        columns=("year", "title", "park", "approved_on"),
        filterset=filters.InspectionPlanFilterSet,
        form=forms.InspectionPlanForm,
        select=("park",),
        detail=views.plan_detail,
    ),
    *pages_for(
        "plan-items",
        m.InspectionPlanItem,
        columns=("plan", "planned_month", "area", "kind", "responsible"),
        filterset=filters.InspectionPlanItemFilterSet,
        form=forms.InspectionPlanItemForm,
        select=("plan",),
    ),
    *pages_for(
        "inspections",
        m.Inspection,
        columns=("held_on", "title", "kind", "area", "led_by", "survey"),
        filterset=filters.InspectionFilterSet,
        form=forms.InspectionForm,
        select=("survey",),
        related=(("findings", pgettext_lazy("list", "检查发现")),),
        detail_view=views.InspectionDetail,
        edit_view=views.InspectionEdit,
    ),
    *pages_for(
        "findings",
        m.Finding,
        columns=("description", "inspection", "area", "severity"),
        filterset=filters.FindingFilterSet,
        form=forms.FindingForm,
        select=("inspection",),
        related=(("actions", pgettext_lazy("list", "整改措施")),),
    ),
    *pages_for(
        "actions",
        m.CorrectiveAction,
        columns=("description", "owner", "deadline", "state", "escalation_level"),
        filterset=filters.CorrectiveActionFilterSet,
        card=("state", "deadline", "owner", "escalation_level"),
        form=forms.CorrectiveActionForm,
        select=("owner",),
        detail=views.action_detail,
    ),
    *pages_for(
        "authority",
        m.AuthorityContact,
        columns=("received_on", "authority", "kind", "subject", "due_on", "state"),
        filterset=filters.AuthorityContactFilterSet,
        form=forms.AuthorityContactForm,
        select=("park",),
        card=("kind", "authority", "due_on", "state"),
    ),
    path("actions/<int:pk>/start/", views.action_start, name="action_start"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action_complete"),
    path("actions/<int:pk>/verify/", views.action_verify, name="action_verify"),
]
