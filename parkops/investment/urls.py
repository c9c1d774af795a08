"""Investment pages, mounted at /investment/."""

from django.urls import path
from django.views.generic import RedirectView

from parkops.core.forms import form_for
from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.investment import filters, forms, views
from parkops.investment import models as m

app_name = "investment"


def _list(model, columns, filterset, select=(), card=None):
    return type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )


def _detail(model, select=(), related=(), fields=None):
    return type(
        f"{model.__name__}Detail",
        (ObjectDetailView,),
        {"select_related": select, "related": related, "fields": fields},
    )


def _edit(model, form):
    return type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})


def pages_for(
    prefix, model, *, columns, filterset, form=None, select=(), related=(), fields=None, delete=True
):
    return object_urls(
        prefix,
        model,
        list_view=_list(model, columns, filterset, select),
        detail_view=_detail(model, select, related, fields),
        edit_view=_edit(model, form) if form is not None else None,
        delete_view=ObjectDeleteView if delete and form is not None else None,
    )


urlpatterns = [
    # Customers: the list and edit are generic; creation, the page and signing are workflows.
    path(
        "customers/",
        _list(
            m.Customer,
            ("name", "stage", "grade", "industry", "source", "owner", "need_area"),
            filters.CustomerFilterSet,
            ("industry", "owner"),
            card=("stage", "grade", "owner", "need_area"),
        ).as_view(model=m.Customer),
        name="customer_list",
    ),
    path("customers/add/", views.CustomerCreateView.as_view(model=m.Customer), name="customer_add"),
    path("customers/<int:pk>/", views.CustomerDetailView.as_view(), name="customer_detail"),
    path(
        "customers/<int:pk>/edit/",
        _edit(m.Customer, forms.CustomerForm).as_view(model=m.Customer),
        name="customer_edit",
    ),
    path("customers/<int:pk>/delete/", ObjectDeleteView.as_view(model=m.Customer), name="customer_delete"),
    path("customers/<int:pk>/sign/", views.SignLeaseView.as_view(), name="sign_lease"),
    path("customers/<int:pk>/<str:action>/", views.CustomerActionView.as_view(), name="customer_action"),
    *pages_for(
        "follow-ups",
        m.FollowUp,
        columns=("customer", "followed_on", "way", "content", "next_step", "by"),
        filterset=filters.FollowUpFilterSet,
        select=("customer", "by"),
    ),
    *pages_for(
        "stage-changes",
        m.StageChange,
        columns=("customer", "from_stage", "to_stage", "changed_at", "by"),
        filterset=None,
        select=("customer", "by"),
    ),
    # Leases: the list is generic, the page carries the rent schedule and the actions.
    path(
        "leases/",
        _list(
            m.Lease,
            ("number", "enterprise", "area", "start", "end", "rent_per_m2", "status"),
            filters.LeaseFilterSet,
            ("enterprise",),
            card=("status", "end", "area", "rent_per_m2"),
        ).as_view(model=m.Lease),
        name="lease_list",
    ),
    path("leases/<int:pk>/", views.LeaseDetailView.as_view(), name="lease_detail"),
    *pages_for(
        "lease-reminders",
        m.LeaseReminder,
        columns=("message", "days_before", "reminded_on"),
        filterset=filters.LeaseReminderFilterSet,
        select=("lease",),
    ),
    path("occupancy/", views.OccupancyView.as_view(), name="occupancy"),
    # Team, events, grading, entry conditions.
    path("team/", views.TeamView.as_view(), name="team"),
    *pages_for(
        "targets",
        m.InvestmentTarget,
        columns=("member", "year", "target_area", "target_leases"),
        filterset=filters.InvestmentTargetFilterSet,
        form=forms.InvestmentTargetForm,
        select=("member",),
    ),
    # Promotion events are on the park's calendar; old links land on its promotion list.
    path("events/", RedirectView.as_view(pattern_name="events:promotion_list", permanent=True)),
    path("grading/", views.GradingView.as_view(), name="grading"),
    *pages_for(
        "grades",
        m.ResidentGrade,
        columns=("enterprise", "grade", "score", "graded_on"),
        filterset=filters.ResidentGradeFilterSet,
        select=("enterprise",),
    ),
    *pages_for(
        "entry-conditions",
        m.EntryCondition,
        columns=("title", "kind", "mandatory", "active"),
        filterset=filters.EntryConditionFilterSet,
        form=forms.EntryConditionForm,
    ),
    path("entry-check/", views.EntryCheckView.as_view(), name="entry_check"),
    path("positioning/", views.PositioningView.as_view(), name="positioning"),
    *pages_for(
        "positioning-exceptions",
        m.PositioningException,
        columns=("enterprise", "accepted_on", "accepted_by"),
        filterset=filters.PositioningExceptionFilterSet,
        form=form_for(m.PositioningException, ["enterprise", "reason", "accepted_on", "accepted_by"]),
        select=("enterprise",),
    ),
    *pages_for(
        "archive-records",
        m.ArchiveRecord,
        columns=("enterprise", "kind", "recorded_on", "recorded_by"),
        filterset=filters.ArchiveRecordFilterSet,
        form=form_for(m.ArchiveRecord, ["enterprise", "kind", "recorded_on", "content", "recorded_by"]),
        select=("enterprise",),
    ),
    *pages_for(
        "policies",
        m.PolicyLink,
        columns=("title", "kind", "published", "url"),
        filterset=filters.PolicyLinkFilterSet,
        form=forms.PolicyLinkForm,
    ),
    # Tenant archive.
    path("enterprises/", views.ArchiveListView.as_view(), name="archive_list"),
    path("enterprises/<int:pk>/", views.ArchiveView.as_view(), name="archive"),
    *pages_for(
        "qualifications",
        m.EnterpriseQualification,
        columns=("enterprise", "kind", "number", "valid_until"),
        filterset=filters.EnterpriseQualificationFilterSet,
        form=forms.EnterpriseQualificationForm,
        select=("enterprise",),
    ),
    *pages_for(
        "headcounts",
        m.HeadcountRecord,
        columns=("enterprise", "recorded_on", "headcount"),
        filterset=filters.HeadcountRecordFilterSet,
        form=forms.HeadcountRecordForm,
        select=("enterprise",),
    ),
    *pages_for(
        "contacts",
        m.EnterpriseContact,
        columns=("enterprise", "name", "role", "phone", "primary"),
        filterset=filters.EnterpriseContactFilterSet,
        form=forms.EnterpriseContactForm,
        select=("enterprise",),
    ),
    path("contacts/<int:pk>/reveal/", views.RevealPhoneView.as_view(), name="reveal_phone"),
    # The public investment page, no login.
    path("public/<str:code>/", views.public_page, name="public"),
]
