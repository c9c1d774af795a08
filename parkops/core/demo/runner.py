"""Finding and running each app's demo part, all in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from parkops.core import clock
from parkops.core.demo.context import ADMIN_USERNAME, PARK_CODE, PLATFORM_USERNAME, DemoContext
from parkops.core.middleware import RequestContext, reset_context, set_context
from parkops.core.scope import Role

PROJECT_PACKAGE = "parkops."


@dataclass(frozen=True)
class DemoPart:
    label: str
    module: ModuleType

    def build(self, context: DemoContext) -> None:
        self.module.build(context)

    def exists(self, context: DemoContext) -> bool:
        """Whether this part is already in the existing demo. A part without ``exists`` is
        built only together with a new demo park."""
        check = getattr(self.module, "exists", None)
        return True if check is None else bool(check(context))


@dataclass
class DemoReport:
    context: DemoContext
    built: list[str] = field(default_factory=list)  # labels of the parts built in this run


def discover_parts() -> list[DemoPart]:
    """Each ParkOps app's ``demo`` module with a ``build(context)``, in INSTALLED_APPS order,
    core's first since every other part builds on its park."""
    parts = []
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_PACKAGE) or not module_has_submodule(config.module, "demo"):
            continue
        module = import_module(f"{config.name}.demo")
        if callable(getattr(module, "build", None)):
            parts.append(DemoPart(config.label, module))
    parts.sort(key=lambda part: part.label != "core")
    return parts


def run(*, password: str, parts: list[DemoPart] | None = None) -> DemoReport:
    """Build whatever of the demo is missing; a complete demo is left untouched.

    All parts run in one transaction: if any fails, nothing is written.
    """
    from parkops.core.models import Park

    validate_password(password)
    parts = discover_parts() if parts is None else parts
    context = DemoContext(password=password, today=clock.localdate(), rng=DemoContext.rng_for("core"))
    report = DemoReport(context)
    token = set_context(RequestContext(request_id=f"demo-{uuid.uuid4().hex[:16]}"))
    try:
        with transaction.atomic():
            park = Park.objects.select_related("operator").filter(code=PARK_CODE).first()
            if park is not None:
                _load(context, park)
            for part in parts:
                if park is not None and part.exists(context):
                    continue
                context.rng = DemoContext.rng_for(part.label)
                part.build(context)
                report.built.append(part.label)
    finally:
        reset_context(token)
    return report


def _load(context: DemoContext, park) -> None:
    """Fill the context from the demo built by an earlier run."""
    from parkops.accounts.models import User

    context.park, context.operator = park, park.operator
    admins = User.objects.filter(operator=park.operator, role=Role.OPERATOR_ADMIN, is_superuser=False)
    context.admin = admins.filter(username=ADMIN_USERNAME).first() or admins.order_by("pk").first()
    superusers = User.objects.filter(is_superuser=True, is_active=True)
    context.platform = (
        superusers.filter(username=PLATFORM_USERNAME).first() or superusers.order_by("pk").first()
    )
    context.enterprises = list(park.enterprises.order_by("pk"))
    context.credit_codes.used.update(e.credit_code for e in context.enterprises)
