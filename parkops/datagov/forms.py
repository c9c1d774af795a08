from parkops.core.forms import form_for
from parkops.datagov import models as m

OpenDatasetForm = form_for(
    m.OpenDataset, ["park", "code", "description", "frequency", "published", "published_on"]
)
ExternalClientForm = form_for(
    m.ExternalClient,
    [
        "park",
        "organisation",
        "system",
        "purpose",
        "contact_name",
        "contact_phone",
        "contact_email",
        "registered_on",
        "datasets",
        "rate_per_minute",
        "active",
    ],
)
UserClearanceForm = form_for(m.UserClearance, ["user", "level", "reason"])
