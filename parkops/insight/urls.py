"""Insight pages under /insight/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.insight import filters, forms, views
from parkops.insight import models as m

app_name = "insight"


def pages_for(prefix, model, *, columns, filterset, form, card_fields=None):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "card_fields": card_fields},
    )
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=ObjectDetailView,
        edit_view=type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form}),
        delete_view=ObjectDeleteView,
    )


urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("wall/", views.WallView.as_view(), name="wall"),
    path("tiles/", views.TilesView.as_view(), name="tiles"),
    path("status/", views.StatusView.as_view(), name="status"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("patterns/", views.PatternsView.as_view(), name="patterns"),
    path("explore/", views.ExploreView.as_view(), name="explore"),
    path("monthly/", views.MonthlyReportView.as_view(), name="monthly"),
    path("yearly/", views.YearlyReportView.as_view(), name="yearly"),
    path("energy/", views.EnergyAnalysisView.as_view(), name="energy"),
    path("energy/monthly/", views.EnergyReportView.as_view(), name="energy_report"),
    path("construction.docx", views.ConstructionDocView.as_view(), name="construction_doc"),
    *pages_for(
        "scenarios",
        m.InnovationScenario,
        columns=("name", "field", "launched_on", "in_use", "representative", "recognition"),
        filterset=filters.InnovationScenarioFilterSet,
        form=forms.InnovationScenarioForm,
        card_fields=("field", "launched_on", "representative"),
    ),
    *pages_for(
        "computing",
        m.ComputingCentre,
        columns=("name", "kind", "origin", "provider", "capacity", "in_service_on", "in_service"),
        filterset=filters.ComputingCentreFilterSet,
        form=forms.ComputingCentreForm,
        card_fields=("kind", "capacity", "in_service_on"),
    ),
]
