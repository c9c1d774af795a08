from parkops.core.forms import form_for
from parkops.insight import models as m

InnovationScenarioForm = form_for(
    m.InnovationScenario,
    [
        "park",
        "name",
        "field",
        "description",
        "launched_on",
        "in_use",
        "representative",
        "recognition",
        "document",
    ],
)
ComputingCentreForm = form_for(
    m.ComputingCentre,
    ["park", "name", "kind", "origin", "provider", "capacity", "in_service_on", "in_service", "document"],
)
