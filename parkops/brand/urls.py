"""Brand pages under /brand/."""

from django.utils.translation import pgettext_lazy

from parkops.brand import filters, forms, views
from parkops.brand import models as m
from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls

app_name = "brand"


class _FunctionDetail:
    def __init__(self, func):
        self.func = func

    def as_view(self, **kwargs):
        return self.func


def pages_for(
    prefix,
    model,
    *,
    columns,
    filterset,
    cards,
    form=None,
    edit_view=None,
    detail_view=None,
    related=(),
    select=(),
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
    edit_view = edit_view or type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete else None,
    )


urlpatterns = [
    *pages_for(
        "documents",
        m.BrandDocument,
        columns=("kind", "title", "valid_from", "valid_to", "approved_by"),
        filterset=filters.BrandDocumentFilterSet,
        form=forms.BrandDocumentForm,
        cards=("kind", "valid_from", "valid_to"),
    ),
    *pages_for(
        "campaigns",
        m.Campaign,
        columns=("title", "starts_on", "ends_on", "channels", "reach", "budget"),
        filterset=filters.CampaignFilterSet,
        form=forms.CampaignForm,
        cards=("starts_on", "reach", "channels"),
        related=(
            ("events", pgettext_lazy("list", "园区活动")),
            ("coverage", pgettext_lazy("list", "媒体报道")),
        ),
    ),
    *pages_for(
        "coverage",
        m.MediaCoverage,
        columns=("published_on", "outlet", "medium", "headline", "campaign"),
        filterset=filters.MediaCoverageFilterSet,
        form=forms.MediaCoverageForm,
        cards=("published_on", "outlet", "medium"),
        select=("campaign",),
    ),
    *pages_for(
        "opinions",
        m.OpinionEvent,
        columns=("found_at", "source", "content", "sentiment", "level", "state", "handler"),
        filterset=filters.OpinionEventFilterSet,
        edit_view=views.OpinionEdit,
        detail_view=_FunctionDetail(views.opinion_detail),
        cards=("found_at", "sentiment", "level", "state"),
        select=("handler",),
        delete=False,
    ),
]
