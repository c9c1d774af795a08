from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.brand import models as m
from parkops.core.forms import RestrictedModelForm, form_for

BrandDocumentForm = form_for(
    m.BrandDocument, ["park", "kind", "title", "essentials", "valid_from", "valid_to", "approved_by", "file"]
)
CampaignForm = form_for(
    m.Campaign,
    [
        "park",
        "title",
        "starts_on",
        "ends_on",
        "goal",
        "channels",
        "plan",
        "material",
        "budget",
        "reach",
        "events",
        "summary",
    ],
)
MediaCoverageForm = form_for(
    m.MediaCoverage, ["park", "campaign", "published_on", "outlet", "medium", "headline", "url", "copy"]
)


class OpinionForm(RestrictedModelForm):
    """Registering an opinion event: the sentiment may be left to the suggestion."""

    sentiment = forms.ChoiceField(
        label=_("情感倾向"),
        choices=[("", _("由系统根据内容建议")), *m.Sentiment.choices],
        required=False,
    )

    class Meta:
        model = m.OpinionEvent
        fields = ["park", "found_at", "source", "source_name", "url", "content", "level"]
        widgets = {"found_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class AssessForm(forms.Form):
    sentiment = forms.ChoiceField(label=_("情感倾向"), choices=m.Sentiment.choices)
    level = forms.ChoiceField(label=_("等级"), choices=m.OpinionEvent.Level.choices)
    note = forms.CharField(
        label=_("研判意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class RespondForm(forms.Form):
    response = forms.CharField(
        label=_("回应/处置措施"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("跟踪情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CloseForm(forms.Form):
    conclusion = forms.CharField(
        label=_("处置结论"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


STEP_FORMS = {"assess": AssessForm, "respond": RespondForm, "follow_up": FollowUpForm, "close": CloseForm}
