"""Deployment checks of the browser-side protections `check --deploy` should refuse to
pass without: the Content-Security-Policy header, with no inline script allowed."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOSE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"}


@register(Tags.security, deploy=True)
def content_security_policy(app_configs, **kwargs):
    problems = []
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        problems.append(
            Warning(
                "No Content-Security-Policy: csp.middleware.CSPMiddleware is not in MIDDLEWARE.",
                id="parkops.W010",
            )
        )
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    scripts = directives.get("script-src", directives.get("default-src")) or []
    loose = sorted(LOOSE_SCRIPT_SOURCES.intersection(scripts))
    if not scripts or loose:
        problems.append(
            Warning(
                "The Content-Security-Policy lets pages run scripts not served by ParkOps "
                f"(script-src {' '.join(scripts) or 'missing'}).",
                hint="Keep script-src to 'self'; move inline scripts into static files.",
                id="parkops.W011",
            )
        )
    return problems
