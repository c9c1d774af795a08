"""Browser-side protections: every page carries a Content-Security-Policy that runs no inline
script, `check --deploy` refuses a policy that would, and the API's schema and docs need a
signed-in user unless the operator publishes them."""

from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from parkops.accounts.checks import content_security_policy


def script_sources(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    return directives["script-src"]


def test_pages_carry_a_csp_without_inline_scripts(world):
    client = Client()
    for response in (client.get("/login/"),):
        assert script_sources(response) == ["'self'"]
    client.force_login(world.admin)
    response = client.get("/")
    assert response.status_code == 200
    sources = script_sources(response)
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_templates_have_no_inline_scripts_or_handlers():
    # What the policy would block: inline <script> bodies and on*="..." handlers.
    import re

    inline_script = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
    handler = re.compile(r"\son(click|change|submit|load|input)=", re.I)
    offenders = [
        str(path)
        for path in Path(settings.PACKAGE_DIR).rglob("*.html")
        if inline_script.search(text := path.read_text()) or handler.search(text)
    ]
    assert offenders == []


def test_deploy_check_refuses_a_policy_with_inline_scripts():
    assert content_security_policy(None) == []
    loose = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", "'unsafe-inline'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=loose):
        assert [w.id for w in content_security_policy(None)] == ["parkops.W011"]
    middleware = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
    with override_settings(MIDDLEWARE=middleware):
        assert [w.id for w in content_security_policy(None)] == ["parkops.W010"]


def test_api_schema_and_docs_need_a_signed_in_user(world):
    anonymous = APIClient()
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs.url.startswith("/login/")
    signed_in = APIClient()
    signed_in.force_login(world.staff_invest)
    assert signed_in.get("/api/schema/").status_code == 200


@override_settings(PUBLIC_API_DOCS=True)
def test_operator_may_publish_the_api_docs(world):
    assert APIClient().get("/api/schema/").status_code == 200
    docs = Client().get("/api/docs/")
    assert docs.status_code == 200 and "swagger-ui" in docs.content.decode()
