from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm
from parkops.notifications.models import WebhookEndpoint


class WebhookEndpointForm(RestrictedModelForm):
    url = forms.URLField(label=_("Webhook 地址"), max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookEndpoint
        fields = ["park", "name", "kind", "url", "secret", "kinds", "enabled"]
