"""Energy and green-operation pages under /energy/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.energy import filters, forms, views
from parkops.energy import models as m

app_name = "energy"


def pages_for(prefix, model, *, columns, filterset, form, card=None, select=(), related=(), detail=None):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )
    detail_view = detail or type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"related": related, "select_related": select}
    )
    edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView,
    )


urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("load/", views.LoadCurveView.as_view(), name="load_curve"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    *pages_for(
        "meters",
        m.Meter,
        columns=("code", "name", "category", "scope", "level", "building", "enterprise", "virtual", "active"),
        filterset=filters.MeterFilterSet,
        form=forms.MeterForm,
        card=("category", "scope", "level", "building"),
        select=("building", "enterprise"),
        detail=views.MeterDetail,
    ),
    *pages_for(
        "virtual-terms",
        m.VirtualMeterTerm,
        columns=("meter", "sign", "source"),
        filterset=filters.VirtualMeterTermFilterSet,
        form=forms.VirtualMeterTermForm,
        card=("sign", "source"),
        select=("meter", "source"),
    ),
    *pages_for(
        "factors",
        m.EmissionFactor,
        columns=("energy", "year", "region", "value", "source"),
        filterset=filters.EmissionFactorFilterSet,
        form=forms.EmissionFactorForm,
        card=("year", "value", "region"),
    ),
    *pages_for(
        "tariffs",
        m.TariffPeriod,
        columns=("energy", "band", "start", "end", "price", "valid_from"),
        filterset=filters.TariffPeriodFilterSet,
        form=forms.TariffPeriodForm,
        card=("band", "start", "end", "price"),
    ),
    *pages_for(
        "saving-measures",
        m.EnergySavingMeasure,
        columns=("name", "kind", "area", "commissioned_on", "meter"),
        filterset=filters.EnergySavingMeasureFilterSet,
        form=forms.EnergySavingMeasureForm,
        card=("kind", "area", "commissioned_on"),
        select=("meter",),
        detail=views.SavingMeasureDetail,
    ),
    *pages_for(
        "distributed",
        m.DistributedEnergy,
        columns=("kind", "name", "building", "capacity_kw", "capacity_kwh", "commissioned_on", "meter"),
        filterset=filters.DistributedEnergyFilterSet,
        form=forms.DistributedEnergyForm,
        card=("kind", "capacity_kw", "commissioned_on"),
        select=("building", "meter"),
        detail=views.DistributedEnergyDetail,
    ),
    *pages_for(
        "equipment",
        m.MajorEquipment,
        columns=("name", "building", "energy", "rated_kw", "meter"),
        filterset=filters.MajorEquipmentFilterSet,
        form=forms.MajorEquipmentForm,
        card=("building", "rated_kw", "meter"),
        select=("building", "meter"),
    ),
    *pages_for(
        "managers",
        m.EnergyManager,
        columns=("name", "duties", "certificate", "appointed_on", "until"),
        filterset=filters.EnergyManagerFilterSet,
        form=forms.EnergyManagerForm,
        card=("duties", "appointed_on"),
    ),
    *pages_for(
        "green-facilities",
        m.GreenFacility,
        columns=("kind", "name", "location", "quantity", "installed_on"),
        filterset=filters.GreenFacilityFilterSet,
        form=forms.GreenFacilityForm,
        card=("kind", "location", "quantity"),
    ),
    *pages_for(
        "activities",
        m.GreenActivity,
        columns=("held_on", "kind", "title", "audience", "participants", "organiser"),
        filterset=filters.GreenActivityFilterSet,
        form=forms.GreenActivityForm,
        card=("held_on", "kind", "audience", "participants"),
    ),
]
