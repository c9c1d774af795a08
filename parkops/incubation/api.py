"""Incubation registers over the API (CRUD through the generic services, restricted)."""

from parkops.core.api import serializer_for, viewset_for
from parkops.incubation import filters
from parkops.incubation import models as m


def _route(prefix, model, fields, filterset):
    return prefix, viewset_for(model, serializer_for(model, fields), filterset)


API_ROUTES = [
    _route(
        "incubation/centres",
        m.IncubationCentre,
        ["park", "name", "spaces", "area", "opened_on", "manager", "description"],
        filters.IncubationCentreFilterSet,
    ),
    _route(
        "incubation/services",
        m.IncubatorService,
        ["park", "centre", "category", "name", "description", "provider", "charge", "active"],
        filters.IncubatorServiceFilterSet,
    ),
    _route(
        "incubation/startups",
        m.Startup,
        ["park", "centre", "enterprise", "project", "founder", "entered_on", "status", "left_on", "outcome"],
        filters.StartupFilterSet,
    ),
    _route(
        "incubation/milestones",
        m.Milestone,
        ["startup", "achieved_on", "kind", "title", "note"],
        filters.MilestoneFilterSet,
    ),
    _route(
        "incubation/mentors",
        m.Mentor,
        ["park", "name", "organisation", "speciality", "bio", "active"],
        filters.MentorFilterSet,
    ),
    _route(
        "incubation/mentoring-cases",
        m.MentoringCase,
        ["event", "mentor", "startup", "topic", "problem", "advice", "outcome", "proof"],
        filters.MentoringCaseFilterSet,
    ),
    _route(
        "incubation/funds",
        m.Fund,
        ["park", "name", "kind", "purpose", "manager", "size", "established_on", "agreement", "active"],
        filters.FundFilterSet,
    ),
    _route(
        "incubation/investments",
        m.FundInvestment,
        ["fund", "startup", "invested_on", "stage", "amount", "proof", "note"],
        filters.FundInvestmentFilterSet,
    ),
]
