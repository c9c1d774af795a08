"""Enterprise-services API: registers as CRUD; demands and policy applications read-only
here (their steps go through the services and the pages)."""

from __future__ import annotations

from parkops.core.api import RestrictedModelViewSet, serializer_for, viewset_for
from parkops.enterprise import filters
from parkops.enterprise import models as m


def _read_only(prefix, model, fields, filterset, select=()):
    viewset = type(
        f"{model.__name__}ViewSet",
        (RestrictedModelViewSet,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer_for(model, fields, read_only=tuple(fields)),
            "filterset_class": filterset,
            "ordering_fields": "__all__",
            "select_related": select,
            "http_method_names": ["get", "head", "options"],
            "__doc__": f"{model._meta.verbose_name}：列表与详情（按权限范围过滤）。",
        },
    )
    return prefix, viewset


def _crud(prefix, model, fields, filterset, select=()):
    return prefix, viewset_for(model, serializer_for(model, fields), filterset, select=select)


API_ROUTES = [
    _read_only(
        "enterprise/demands",
        m.Demand,
        [
            "park",
            "number",
            "enterprise",
            "category",
            "title",
            "description",
            "source",
            "state",
            "raised_at",
            "assignee",
            "assign_by",
            "due_on",
            "offering",
            "partner",
            "outcome",
            "outcome_note",
            "resolved_on",
            "rating",
            "rating_comment",
            "closed_at",
        ],
        filters.DemandFilterSet,
        select=("enterprise",),
    ),
    _crud(
        "enterprise/services",
        m.EnterpriseService,
        ["park", "category", "name", "description", "partner", "fee", "how_to_apply", "active"],
        filters.EnterpriseServiceFilterSet,
    ),
    _crud(
        "enterprise/cases",
        m.ServiceCase,
        [
            "park",
            "category",
            "enterprise",
            "title",
            "offering",
            "partner",
            "demand",
            "served_on",
            "work",
            "successful",
            "result",
            "loan_amount",
            "grant_amount",
            "order_amount",
            "hires",
            "patents",
        ],
        filters.ServiceCaseFilterSet,
        select=("enterprise",),
    ),
    _crud(
        "enterprise/partners",
        m.Partner,
        ["park", "name", "kind", "region", "services", "contact_name", "active"],
        filters.PartnerFilterSet,
    ),
    _crud(
        "enterprise/agreements",
        m.PartnerAgreement,
        ["partner", "kind", "title", "signed_on", "valid_until", "content"],
        filters.PartnerAgreementFilterSet,
    ),
    _crud(
        "enterprise/policies",
        m.Policy,
        [
            "park",
            "title",
            "issuer",
            "level",
            "industries",
            "qualifications",
            "sizes",
            "min_age_years",
            "max_age_years",
            "min_revenue",
            "max_revenue",
            "min_headcount",
            "max_headcount",
            "opens_on",
            "deadline",
            "benefit",
            "max_benefit",
            "source_url",
            "guide",
            "active",
        ],
        filters.PolicyFilterSet,
    ),
    _read_only(
        "enterprise/applications",
        m.PolicyApplication,
        [
            "policy",
            "enterprise",
            "state",
            "advisor",
            "submitted_on",
            "decided_on",
            "granted_amount",
            "outcome_note",
        ],
        filters.PolicyApplicationFilterSet,
    ),
    _crud(
        "enterprise/profiles",
        m.EnterpriseProfile,
        ["enterprise", "size", "revenue", "revenue_year", "rnd_ratio"],
        filters.EnterpriseProfileFilterSet,
    ),
]
