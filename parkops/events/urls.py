"""Calendar pages under /events/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.events import filters, forms, views
from parkops.events import models as m

app_name = "events"


def pages_for(
    prefix,
    model,
    *,
    columns,
    filterset,
    form=None,
    detail_view=None,
    select=(),
    related=(),
    cards=None,
    delete=True,
):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": cards},
    )
    detail_view = detail_view or type(
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


class PromotionList(ObjectListView):
    """招商推介活动 (6.2.2; row 19): the calendar's promotion events, where the investment
    team finds them."""

    columns = ("starts_at", "title", "industries", "place", "attendance")
    filterset_class = filters.EventFilterSet
    card_fields = ("starts_at", "place", "attendance")

    def base_queryset(self, action="view"):
        return super().base_queryset(action).filter(kind=m.EventKind.PROMOTION)


class PartyGroupList(ObjectListView):
    """党建与群团活动 (6.6.3; row 48): the calendar's party-building and group activities with
    their records."""

    columns = ("starts_at", "kind", "title", "place", "attendance", "summary")
    filterset_class = filters.EventFilterSet
    card_fields = ("starts_at", "kind", "attendance")

    def base_queryset(self, action="view"):
        return super().base_queryset(action).filter(kind__in=(m.EventKind.PARTY, m.EventKind.GROUP))


urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("promotion/", PromotionList.as_view(model=m.Event), name="promotion_list"),
    path("party-and-group/", PartyGroupList.as_view(model=m.Event), name="party_list"),
    path("events/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("signups/<int:pk>/cancel/", views.cancel_signup, name="cancel_signup"),
    path("signups/<int:pk>/check-in/", views.check_in, name="check_in"),
    *pages_for(
        "events",
        m.Event,
        columns=("starts_at", "kind", "title", "space", "place", "capacity", "attendance", "cancelled"),
        filterset=filters.EventFilterSet,
        form=forms.EventForm,
        detail_view=views.EventDetail,
        select=("space",),
        cards=("starts_at", "kind", "place"),
    ),
    *pages_for(
        "signups",
        m.EventSignup,
        columns=("event", "enterprise", "people", "status", "attended", "created_at"),
        filterset=filters.EventSignupFilterSet,
        select=("event", "enterprise"),
        cards=("event", "people", "status"),
        delete=False,
    ),
    *pages_for(
        "photos",
        m.EventPhoto,
        columns=("event", "caption", "created_at"),
        filterset=filters.EventPhotoFilterSet,
        form=forms.EventPhotoForm,
        select=("event",),
        cards=("event", "caption"),
    ),
]
