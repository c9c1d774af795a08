"""Pages of the self-assessment: scorecard, document library, and the app's registers."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from parkops.assessment import filters, forms, selectors, services, views
from parkops.assessment import models as m
from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls

app_name = "assessment"


class DocumentListView(ObjectListView):
    def common_context(self):
        context = super().common_context()
        # The upload page opens only for kinds the user's department may upload.
        context["can_add"] = context["can_add"] and bool(services.writable_kinds(self.request.user))
        return context


class ServiceOfferingList(ObjectListView):
    columns = ("category", "name", "supplier", "active")
    filterset_class = filters.ServiceOfferingFilterSet
    select_related = ("supplier",)

    def get_columns(self, names=None):
        names = self.columns if names is None else names
        return super().get_columns(tuple(selectors.offering_fields(self.request.user, names)))


class ServiceOfferingDetail(ObjectDetailView):
    select_related = ("supplier",)
    related = (("revisions", pgettext_lazy("list", "服务目录修订记录")),)

    def get_fields(self) -> list[str]:
        return selectors.offering_fields(self.request.user, super().get_fields())


def pages_for(prefix, model, *, columns, filterset, form=None, select=(), related=(), delete=True):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select},
    )
    detail_view = type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"related": related, "select_related": select}
    )
    edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form}) if form else None
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete and form else None,
    )


class RunDetail(ObjectDetailView):
    fields = ("park", "as_of", "total", "star", "disqualified", "recorded_by", "created_at")


urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("record/", views.record, name="record"),
    path("report.docx", views.yearly_report, name="yearly_report"),
    path("documents/", views.document_library, name="document_library"),
    path("documents/add/", views.document_upload, name="document_add"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path(
        "documents/all/",
        type(
            "DocumentList",
            (DocumentListView,),
            {
                "columns": (
                    "title",
                    "kind",
                    "version",
                    "park",
                    "effective_on",
                    "expires_on",
                    "superseded_on",
                ),
                "filterset_class": filters.DocumentFilterSet,
                "select_related": ("park",),
            },
        ).as_view(model=m.Document),
        name="document_list",
    ),
    # The incident register is evidence for the veto rows: entries are corrected, not deleted.
    *pages_for(
        "incidents",
        m.Incident,
        columns=("occurred_on", "category", "park", "source", "recorded_by"),
        filterset=filters.IncidentFilterSet,
        form=forms.IncidentForm,
        select=("park", "recorded_by"),
        delete=False,
    ),
    *pages_for(
        "goals",
        m.Goal,
        columns=("year", "title", "park"),
        filterset=filters.GoalFilterSet,
        form=forms.GoalForm,
        select=("park",),
        related=(("kpis", pgettext_lazy("list", "考核指标")),),
    ),
    *pages_for(
        "kpis",
        m.KPI,
        columns=("goal", "name", "target", "actual", "unit"),
        filterset=filters.KPIFilterSet,
        form=forms.KPIForm,
        select=("goal",),
    ),
    *pages_for(
        "suppliers",
        m.Supplier,
        columns=("name", "category", "rating", "active", "updated_at"),
        filterset=filters.SupplierFilterSet,
        form=forms.SupplierForm,
        related=(("offerings", pgettext_lazy("list", "提供的服务")),),
    ),
    *object_urls(
        "services",
        m.ServiceOffering,
        list_view=ServiceOfferingList,
        detail_view=ServiceOfferingDetail,
        edit_view=type(
            "ServiceOfferingEdit", (views.ServiceOfferingEdit,), {"form_class": forms.ServiceOfferingForm}
        ),
        delete_view=ObjectDeleteView,
    ),
    *pages_for(
        "service-revisions",
        m.ServiceRevision,
        columns=("revised_on", "change", "offering_name", "fields_changed", "revised_by"),
        filterset=filters.ServiceRevisionFilterSet,
        select=("revised_by",),
    ),
    *pages_for(
        "innovations",
        m.InnovationItem,
        columns=("started_on", "kind", "title", "park"),
        filterset=filters.InnovationItemFilterSet,
        form=forms.InnovationItemForm,
        select=("park",),
    ),
    *pages_for(
        "judgements",
        m.Judgement,
        columns=("row", "fraction", "judged_on", "judged_by", "park"),
        filterset=filters.JudgementFilterSet,
        form=forms.JudgementForm,
        select=("park",),
    ),
    *object_urls(
        "runs",
        m.AssessmentRun,
        list_view=type(
            "AssessmentRunList",
            (ObjectListView,),
            {
                "columns": ("as_of", "park", "total", "star", "disqualified", "recorded_by"),
                "filterset_class": filters.AssessmentRunFilterSet,
                "select_related": ("park", "recorded_by"),
            },
        ),
        detail_view=RunDetail,
    ),
]
