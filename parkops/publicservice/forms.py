from parkops.core.forms import form_for
from parkops.publicservice import models as m

ServicePlatformForm = form_for(
    m.ServicePlatform,
    ["park", "kind", "name", "origin", "operator", "services", "contact", "url", "since", "active"],
)
PlatformCaseForm = form_for(
    m.PlatformCase, ["platform", "enterprise", "client", "service", "completed_on", "result", "proof"]
)
