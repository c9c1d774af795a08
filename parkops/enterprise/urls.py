"""Enterprise-services pages, mounted under /enterprise/."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.enterprise import filters, forms, views
from parkops.enterprise import models as m

app_name = "enterprise"


def pages(
    prefix,
    model,
    *,
    columns,
    filterset,
    form=None,
    select=(),
    detail=None,
    related=(),
    delete=True,
    cards=None,
    edit_view=None,
):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": cards},
    )
    detail_view = detail or type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"related": related, "select_related": select}
    )
    if edit_view is None and form is not None:
        edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete else None,
    )


urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("demands/add/", views.DemandSubmitView.as_view(), name="demand_add"),
    path("demands/<int:pk>/", views.DemandDetailView.as_view(), name="demand_detail"),
    path(
        "demands/",
        views.DemandListView.as_view(model=m.Demand, filterset_class=filters.DemandFilterSet),
        name="demand_list",
    ),
    *pages(
        "services",
        m.EnterpriseService,
        columns=("category", "name", "partner", "fee", "active"),
        filterset=filters.EnterpriseServiceFilterSet,
        form=forms.EnterpriseServiceForm,
        select=("partner",),
        related=(("cases", pgettext_lazy("list", "服务案例")),),
        cards=("category", "partner", "fee"),
    ),
    *pages(
        "cases",
        m.ServiceCase,
        columns=(
            "served_on",
            "category",
            "enterprise",
            "title",
            "successful",
            "partner",
            "loan_amount",
            "hires",
        ),
        filterset=filters.ServiceCaseFilterSet,
        form=forms.ServiceCaseForm,
        select=("enterprise", "partner"),
        cards=("category", "enterprise", "served_on", "successful"),
    ),
    *pages(
        "partners",
        m.Partner,
        columns=("name", "kind", "region", "contact_name", "active"),
        filterset=filters.PartnerFilterSet,
        form=forms.PartnerForm,
        related=(
            ("agreements", pgettext_lazy("list", "合作协议")),
            ("offerings", pgettext_lazy("list", "企业服务清单")),
            ("cases", pgettext_lazy("list", "服务案例")),
        ),
        cards=("kind", "region", "active"),
    ),
    *pages(
        "agreements",
        m.PartnerAgreement,
        columns=("signed_on", "partner", "kind", "title", "valid_until"),
        filterset=filters.PartnerAgreementFilterSet,
        form=forms.PartnerAgreementForm,
        select=("partner",),
        cards=("partner", "kind", "signed_on", "valid_until"),
    ),
    path("policies/matches/", views.PolicyMatchView.as_view(), name="policy_matches"),
    path("policies/<int:pk>/apply/", views.PolicyApplyView.as_view(), name="policy_apply"),
    *pages(
        "policies",
        m.Policy,
        columns=("title", "issuer", "level", "deadline", "max_benefit", "active"),
        filterset=filters.PolicyFilterSet,
        edit_view=views.PolicyEditView,
        form=forms.PolicyForm,
        related=(("applications", pgettext_lazy("list", "政策申报")),),
        cards=("level", "deadline", "max_benefit"),
    ),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="policyapplication_detail"),
    path(
        "applications/",
        type(
            "PolicyApplicationList",
            (ObjectListView,),
            {
                "columns": (
                    "policy",
                    "enterprise",
                    "state",
                    "advisor",
                    "submitted_on",
                    "decided_on",
                    "granted_amount",
                ),
                "select_related": ("policy", "enterprise", "advisor"),
                "card_fields": ("state", "enterprise", "submitted_on", "granted_amount"),
            },
        ).as_view(model=m.PolicyApplication, filterset_class=filters.PolicyApplicationFilterSet),
        name="policyapplication_list",
    ),
    *pages(
        "profiles",
        m.EnterpriseProfile,
        columns=("enterprise", "size", "revenue", "revenue_year", "rnd_ratio"),
        filterset=filters.EnterpriseProfileFilterSet,
        form=forms.EnterpriseProfileForm,
        select=("enterprise",),
        cards=("size", "revenue", "revenue_year"),
    ),
]
