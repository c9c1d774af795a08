"""Fee pages, mounted at /fees/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.fees import filters, forms, views
from parkops.fees import models as m

app_name = "fees"


def pages_for(prefix, model, *, columns, filterset, form=None, select=(), related=(), card=None):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )
    detail_view = type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"select_related": select, "related": related}
    )
    edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form}) if form else None
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if form else None,
    )


BillList = type(
    "BillList",
    (ObjectListView,),
    {
        "columns": ("number", "enterprise", "period", "status", "total", "paid", "due_on"),
        "card_fields": ("total", "status", "due_on", "paid"),
        "filterset_class": filters.BillFilterSet,
        "select_related": ("enterprise",),
    },
)

urlpatterns = [
    *pages_for(
        "standards",
        m.FeeStandard,
        columns=("name", "kind", "unit", "price", "effective_from", "effective_to"),
        filterset=filters.FeeStandardFilterSet,
        form=forms.FeeStandardForm,
    ),
    path("bills/", BillList.as_view(model=m.Bill), name="bill_list"),
    path("bills/generate/", views.GenerateBillsView.as_view(), name="generate"),
    path("bills/<int:pk>/", views.BillDetailView.as_view(), name="bill_detail"),
    path("arrears/", views.ArrearsView.as_view(), name="arrears"),
    *pages_for(
        "payments",
        m.Payment,
        columns=("receipt_no", "bill", "amount", "paid_on", "method"),
        card=("amount", "paid_on", "method", "bill"),
        filterset=filters.PaymentFilterSet,
        select=("bill__enterprise",),
    ),
    path("payments/<int:pk>/receipt/", views.ReceiptView.as_view(), name="receipt"),
    *pages_for(
        "readings",
        m.UtilityReading,
        columns=("unit", "enterprise", "kind", "month", "previous", "current"),
        filterset=filters.UtilityReadingFilterSet,
        form=forms.UtilityReadingForm,
        select=("unit__floor__building", "enterprise"),
    ),
    *pages_for(
        "business-lines",
        m.BusinessLine,
        columns=("name", "kind", "active"),
        filterset=filters.BusinessLineFilterSet,
        form=forms.BusinessLineForm,
    ),
    *pages_for(
        "revenue-entries",
        m.RevenueEntry,
        columns=("line", "month", "amount", "source"),
        filterset=filters.RevenueEntryFilterSet,
        form=forms.RevenueEntryForm,
        select=("line",),
    ),
    path("revenue/", views.RevenueView.as_view(), name="revenue"),
    path("public/<str:code>/", views.public_standards, name="public"),
]
