import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core.filters import SearchFilterSet, _restricted
from parkops.core.models import Park
from parkops.insight import models as m


class InnovationScenarioFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "recognition")
    park = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))

    class Meta:
        model = m.InnovationScenario
        fields = ["park", "field", "in_use", "representative"]


class ComputingCentreFilterSet(SearchFilterSet):
    search_fields = ("name", "provider")
    park = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))

    class Meta:
        model = m.ComputingCentre
        fields = ["park", "kind", "origin", "in_service"]


class SavedViewFilterSet(SearchFilterSet):
    search_fields = ("name",)
    park = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))

    class Meta:
        model = m.SavedView
        fields = ["park", "dataset"]
