"""Public-service registers over the API (CRUD through the generic services, restricted)."""

from parkops.core.api import serializer_for, viewset_for
from parkops.publicservice import filters
from parkops.publicservice import models as m

API_ROUTES = [
    (
        "publicservice/platforms",
        viewset_for(
            m.ServicePlatform,
            serializer_for(
                m.ServicePlatform,
                [
                    "park",
                    "kind",
                    "name",
                    "origin",
                    "operator",
                    "services",
                    "contact",
                    "url",
                    "since",
                    "active",
                ],
            ),
            filters.ServicePlatformFilterSet,
        ),
    ),
    (
        "publicservice/cases",
        viewset_for(
            m.PlatformCase,
            serializer_for(
                m.PlatformCase,
                ["platform", "enterprise", "client", "service", "completed_on", "result", "proof"],
            ),
            filters.PlatformCaseFilterSet,
        ),
    ),
]
