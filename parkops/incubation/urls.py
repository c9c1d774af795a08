"""Incubation pages under /incubation/."""

from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.incubation import filters, forms
from parkops.incubation import models as m

app_name = "incubation"


def pages_for(prefix, model, *, columns, filterset, form, cards, select=(), related=()):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": cards},
    )
    detail_view = type(
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
    *pages_for(
        "centres",
        m.IncubationCentre,
        columns=("name", "area", "opened_on", "manager"),
        filterset=filters.IncubationCentreFilterSet,
        form=forms.IncubationCentreForm,
        cards=("area", "opened_on"),
        related=(
            ("services", pgettext_lazy("list", "孵化服务清单")),
            ("startups", pgettext_lazy("list", "在孵企业")),
        ),
    ),
    *pages_for(
        "services",
        m.IncubatorService,
        columns=("category", "name", "provider", "charge", "active"),
        filterset=filters.IncubatorServiceFilterSet,
        form=forms.IncubatorServiceForm,
        cards=("category", "provider", "charge"),
    ),
    *pages_for(
        "startups",
        m.Startup,
        columns=("enterprise", "project", "founder", "entered_on", "status", "left_on"),
        filterset=filters.StartupFilterSet,
        form=forms.StartupForm,
        cards=("project", "entered_on", "status"),
        select=("enterprise",),
        related=(
            ("milestones", pgettext_lazy("list", "孵化里程碑")),
            ("mentoring_cases", pgettext_lazy("list", "创业辅导案例")),
            ("investments", pgettext_lazy("list", "基金投资案例")),
        ),
    ),
    *pages_for(
        "milestones",
        m.Milestone,
        columns=("achieved_on", "startup", "kind", "title"),
        filterset=filters.MilestoneFilterSet,
        form=forms.MilestoneForm,
        cards=("achieved_on", "kind"),
        select=("startup__enterprise",),
    ),
    *pages_for(
        "mentors",
        m.Mentor,
        columns=("name", "organisation", "speciality", "active"),
        filterset=filters.MentorFilterSet,
        form=forms.MentorForm,
        cards=("organisation", "speciality"),
        related=(("cases", pgettext_lazy("list", "创业辅导案例")),),
    ),
    *pages_for(
        "mentoring-cases",
        m.MentoringCase,
        columns=("event", "mentor", "startup", "topic", "outcome"),
        filterset=filters.MentoringCaseFilterSet,
        form=forms.MentoringCaseForm,
        cards=("event", "mentor", "topic"),
        select=("event", "mentor", "startup__enterprise"),
    ),
    *pages_for(
        "funds",
        m.Fund,
        columns=("name", "kind", "purpose", "manager", "size", "established_on", "active"),
        filterset=filters.FundFilterSet,
        form=forms.FundForm,
        cards=("kind", "size", "manager"),
        related=(("investments", pgettext_lazy("list", "基金投资案例")),),
    ),
    *pages_for(
        "investments",
        m.FundInvestment,
        columns=("invested_on", "fund", "startup", "stage", "amount"),
        filterset=filters.FundInvestmentFilterSet,
        form=forms.FundInvestmentForm,
        cards=("invested_on", "stage", "amount"),
        select=("fund", "startup__enterprise"),
    ),
]
