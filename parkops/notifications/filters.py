import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core.filters import SearchFilterSet, _restricted
from parkops.core.models import Park
from parkops.notifications.models import Delivery, Notification, WebhookEndpoint


class NotificationFilterSet(SearchFilterSet):
    search_fields = ("subject", "body")
    unread = df.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("未读"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


class WebhookEndpointFilterSet(SearchFilterSet):
    search_fields = ("name",)
    park = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))

    class Meta:
        model = WebhookEndpoint
        fields = ["park", "kind", "enabled"]


class DeliveryFilterSet(SearchFilterSet):
    search_fields = ("subject", "target")

    class Meta:
        model = Delivery
        fields = ["channel", "result"]
