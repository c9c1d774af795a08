"""The 7.3 registers and saved explore views over the API (restricted like every viewset)."""

from parkops.core.api import serializer_for, viewset_for
from parkops.insight import filters
from parkops.insight import models as m

SCENARIO_FIELDS = [
    "park",
    "name",
    "field",
    "description",
    "launched_on",
    "in_use",
    "representative",
    "recognition",
]
CENTRE_FIELDS = ["park", "name", "kind", "origin", "provider", "capacity", "in_service_on", "in_service"]

API_ROUTES = [
    (
        "insight/scenarios",
        viewset_for(
            m.InnovationScenario,
            serializer_for(m.InnovationScenario, SCENARIO_FIELDS),
            filters.InnovationScenarioFilterSet,
        ),
    ),
    (
        "insight/computing",
        viewset_for(
            m.ComputingCentre,
            serializer_for(m.ComputingCentre, CENTRE_FIELDS),
            filters.ComputingCentreFilterSet,
        ),
    ),
]
