"""Customer-service pages, mounted under /service/."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.service import evaluation_views, filters, forms, views
from parkops.service import models as svc

app_name = "service"


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
    list_view=None,
):
    list_view = type(
        f"{model.__name__}List",
        (list_view or ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select},
    )
    detail_view = detail or type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"related": related, "select_related": select}
    )
    edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form}) if form else None
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete else None,
    )


urlpatterns = [
    *pages(
        "concierge",
        svc.ConciergeTeam,
        columns=("name", "park", "service_hours", "hotline"),
        filterset=filters.ConciergeTeamFilterSet,
        form=forms.ConciergeTeamForm,
        related=(("members", pgettext_lazy("list", "团队成员")),),
    ),
    *pages(
        "concierge-members",
        svc.ConciergeMember,
        columns=("staff", "team", "duty", "shift", "buildings"),
        filterset=filters.ConciergeMemberFilterSet,
        form=forms.ConciergeMemberForm,
        select=("staff", "team"),
    ),
    path("tickets/add/", views.TicketSubmitView.as_view(), name="ticket_add"),
    path("tickets/<int:pk>/", views.TicketDetailView.as_view(), name="ticket_detail"),
    path(
        "tickets/",
        views.TicketListView.as_view(model=svc.Ticket, filterset_class=filters.TicketFilterSet),
        name="ticket_list",
    ),
    path(
        "complaints/",
        views.ComplaintLedgerView.as_view(model=svc.Ticket, filterset_class=filters.TicketFilterSet),
        name="complaint_ledger",
    ),
    *pages(
        "surveys",
        svc.Survey,
        columns=("title", "state", "anonymous", "opened_on", "deadline", "closed_on"),
        filterset=filters.SurveyFilterSet,
        form=forms.SurveyForm,
        detail=views.SurveyDetailView,
        delete=False,
    ),
    *pages(
        "survey-questions",
        svc.SurveyQuestion,
        columns=("survey", "position", "kind", "text", "required"),
        filterset=filters.SurveyQuestionFilterSet,
        form=forms.SurveyQuestionForm,
        select=("survey",),
    ),
    path("s/<str:token>/", views.SurveyAnswerView.as_view(), name="survey_answer"),
    path("my-surveys/", views.MySurveysView.as_view(), name="my_surveys"),
    *pages(
        "meetings",
        svc.MeetingService,
        columns=("held_on", "title", "client", "venue", "attendees", "satisfaction", "is_case"),
        filterset=filters.MeetingServiceFilterSet,
        form=forms.MeetingServiceForm,
    ),
    *pages(
        "receptions",
        svc.ReceptionRecord,
        columns=("received_on", "kind", "visitors", "scale", "purpose", "host", "is_case"),
        filterset=filters.ReceptionRecordFilterSet,
        form=forms.ReceptionRecordForm,
    ),
    *pages(
        "value-added",
        svc.ValueAddedService,
        columns=("name", "category", "free", "price", "price_unit", "provider", "active"),
        filterset=filters.ValueAddedServiceFilterSet,
        form=forms.ValueAddedServiceForm,
    ),
    path("ratings/add/", evaluation_views.ServiceRatingAddView.as_view(), name="servicerating_add"),
    path("ratings/summary/", evaluation_views.RatingSummaryView.as_view(), name="rating_summary"),
    *pages(
        "ratings",
        svc.ServiceRating,
        columns=("rated_at", "enterprise", "ticket", "booking", "rating", "comment"),
        filterset=filters.ServiceRatingFilterSet,
        select=("enterprise", "ticket", "booking__space"),
        delete=False,
    ),
    path("property/", evaluation_views.PropertyServicesView.as_view(), name="property_services"),
    path(
        "property/inspections/add/",
        evaluation_views.PropertyInspectionAddView.as_view(),
        name="propertyinspection_add",
    ),
    path(
        "property/inspections/<int:pk>/",
        evaluation_views.PropertyInspectionDetailView.as_view(),
        name="propertyinspection_detail",
    ),
]
