"""Public-service pages under /publicservice/."""

from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.publicservice import filters, forms
from parkops.publicservice import models as m

app_name = "publicservice"


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
        "platforms",
        m.ServicePlatform,
        columns=("kind", "name", "origin", "operator", "contact", "active"),
        filterset=filters.ServicePlatformFilterSet,
        form=forms.ServicePlatformForm,
        cards=("kind", "operator", "contact"),
        related=(("cases", pgettext_lazy("list", "平台服务案例")),),
    ),
    *pages_for(
        "cases",
        m.PlatformCase,
        columns=("completed_on", "platform", "enterprise", "client", "service"),
        filterset=filters.PlatformCaseFilterSet,
        form=forms.PlatformCaseForm,
        cards=("completed_on", "platform", "service"),
        select=("platform", "enterprise"),
    ),
]
