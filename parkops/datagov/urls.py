"""Data-governance pages under /datagov/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.datagov import forms, views
from parkops.datagov import models as m

app_name = "datagov"


def pages_for(prefix, model, *, columns, form=None, card_fields=None):
    list_view = type(
        f"{model.__name__}List", (ObjectListView,), {"columns": columns, "card_fields": card_fields}
    )
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=ObjectDetailView,
        edit_view=type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form}) if form else None,
        delete_view=ObjectDeleteView if form else None,
    )


urlpatterns = [
    path("inventory/", views.InventoryView.as_view(), name="inventory"),
    path("protection.docx", views.ProtectionDocView.as_view(), name="protection_doc"),
    *pages_for(
        "datasets",
        m.OpenDataset,
        columns=("__str__", "park", "frequency", "published", "published_on"),
        form=forms.OpenDatasetForm,
        card_fields=("park", "frequency", "published"),
    ),
    *pages_for(
        "clients",
        m.ExternalClient,
        columns=("organisation", "system", "park", "registered_on", "rate_per_minute", "active"),
        form=forms.ExternalClientForm,
        card_fields=("system", "registered_on", "active"),
    ),
    *pages_for(
        "access-logs",
        m.AccessLog,
        columns=("at", "client", "dataset", "status", "rows"),
        card_fields=("client", "dataset", "status"),
    ),
    *pages_for(
        "user-clearances",
        m.UserClearance,
        columns=("user", "level", "reason", "updated_at"),
        form=forms.UserClearanceForm,
        card_fields=("level", "reason"),
    ),
    *pages_for(
        "personal-data-access",
        m.PersonalDataAccess,
        columns=("at", "user_name", "object_repr", "fields", "reason", "channel"),
        card_fields=("user_name", "object_repr", "reason"),
    ),
]
