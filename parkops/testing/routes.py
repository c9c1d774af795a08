"""The platform's routes, enumerated from the URL configuration, with the model each route's
``pk`` names and the objects and texts a user may not see. Shared by the isolation tests
(parkops/core/tests/test_isolation.py) and `make proof`'s authorisation suites (proof/), so a
new route is covered by both without being listed anywhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from parkops.accounts.models import User
from parkops.core.models import RestrictedModel

# Views that do not say their model themselves (function views, workflow views): the model
# whose primary key the route's ``pk`` is. A new such route must be added here.
ROUTE_MODELS = {
    "imports:job": "imports.ImportJob",
    "imports:job_status": "imports.ImportJob",
    "imports:job_errors": "imports.ImportJob",
    "telemetry:quarantine_detail": "telemetry.Quarantine",
    "telemetry:quarantine_review": "telemetry.Quarantine",
    "enterprise:policy_apply": "enterprise.Policy",
    "spaces:functionspace_detail": "spaces.FunctionSpace",
    "spaces:calendar": "spaces.FunctionSpace",
    "spaces:book": "spaces.FunctionSpace",
    "spaces:floorplan_detail": "spaces.FloorPlan",
    "spaces:booking_detail": "spaces.Booking",
    "spaces:booking_cancel": "spaces.Booking",
    "spaces:booking_decide": "spaces.Booking",
    "investment:customer_detail": "investment.Customer",
    "investment:sign_lease": "investment.Customer",
    "investment:customer_action": "investment.Customer",
    "investment:lease_detail": "investment.Lease",
    "investment:archive": "core.Enterprise",
    "investment:reveal_phone": "investment.EnterpriseContact",
    "fees:bill_detail": "fees.Bill",
    "fees:receipt": "fees.Payment",
    "safety:run_visit": "safety.PatrolRun",
    "safety:run_finish": "safety.PatrolRun",
    "safety:patrolrun_detail": "safety.PatrolRun",
    "safety:visit": "safety.CheckpointVisit",
    "safety:checkpoint_qr": "safety.Checkpoint",
    "safety:route_qr_sheet": "safety.PatrolRoute",
    "safety:hazard_detail": "safety.Hazard",
    "service:ticket_detail": "service.Ticket",
    "service:propertyinspection_detail": "service.PropertyInspection",
    "environment:exceedance_detail": "environment.Exceedance",
    "assessment:document_detail": "assessment.Document",
    "assessment:document_file": "assessment.Document",
    "assessment:document_delete": "assessment.Document",
    **{
        f"evaluation:{name}": "evaluation.EvaluationProject"
        for name in (
            "evaluationproject_detail",
            "add_expert",
            "advance",
            "declare",
            "save_sheet",
            "submit_materials",
            "site_visit",
            "ask",
            "answer",
            "close",
            "veto",
            "publish",
            "report",
            "dossier",
            "ledger",
        )
    },
    "improvement:inspectionplan_detail": "improvement.InspectionPlan",
    "improvement:correctiveaction_detail": "improvement.CorrectiveAction",
    "improvement:action_start": "improvement.CorrectiveAction",
    "improvement:action_complete": "improvement.CorrectiveAction",
    "improvement:action_verify": "improvement.CorrectiveAction",
}
# Values for a route's other parameters (they never make a hidden object visible).
OTHER_KWARGS = {"fmt": "pdf", "cid": 1, "format": "json"}

# Routes with an id that is not a restricted model's primary key, and why they are safe.
UNCLASSIFIED = {
    "file": "takes a model label and a field; the object is looked up among those the user may view "
    "(every file field of every model is tried by test_files.test_outsiders_get_no_file_of_any_model)",
    "accounts:api_key_revoke": "takes a key prefix; keys are looked up among those the user may manage (test_users)",
}


@dataclass
class Route:
    name: str
    model: type | None
    kwargs: tuple[str, ...]
    api: bool


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name, p


def routes() -> list[Route]:
    found = []
    for name, pattern in _walk(get_resolver().url_patterns):
        callback = pattern.callback
        model = None
        api = False
        view_class = getattr(callback, "view_class", None)
        if getattr(callback, "cls", None) is not None and getattr(callback.cls, "queryset", None) is not None:
            model, api = callback.cls.queryset.model, True
        elif view_class is not None and getattr(view_class, "model", None) is not None:
            model = view_class.model
        elif getattr(callback, "view_initkwargs", {}).get("model") is not None:
            model = callback.view_initkwargs["model"]
        elif getattr(callback, "model", None) is not None:  # a function view that names its model
            model = callback.model
        elif name in ROUTE_MODELS:
            model = apps.get_model(ROUTE_MODELS[name])
        kwargs = tuple(pattern.pattern.converters) or tuple(pattern.pattern.regex.groupindex)
        found.append(Route(name, model, kwargs, api))
    return found


def texts(obj):
    """The names and codes of ``obj`` that would betray it in a page, an export or a search."""
    for attr in ("name", "code", "credit_code", "employee_no", "title", "username"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and len(value) >= 3:
            yield value


def restricted_models() -> list[type]:
    """Models whose rows belong to a park or an owner, and the accounts."""
    return [
        model
        for model in apps.get_models()
        if model is User
        or (
            issubclass(model, RestrictedModel)
            and (
                getattr(model, "park_path", None) is not None
                or getattr(model, "owner_filter", None) is not None
            )
        )
    ]


def forbidden_objects(user):
    """One object per restricted model that ``user`` may not see, and text that must not leak."""
    objects, markers, seen = {}, set(), set()

    for model in restricted_models():
        visible = model.objects.restrict(user, "view")
        hidden = model.objects.exclude(pk__in=visible.values("pk"))
        first = hidden.order_by("pk").first()
        if first is not None:
            objects[model] = first
        for obj in hidden[:200]:
            markers.update(texts(obj))
        for obj in visible[:500]:
            seen.update(texts(obj))
    # A hidden object may share a name with one the user does see (two parks' 招商部).
    return objects, markers - seen


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    if response.headers.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        wb = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None
        )
    return response.content.decode("utf-8", errors="replace")
