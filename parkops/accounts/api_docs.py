"""The OpenAPI document and its Swagger page: for signed-in users (or API keys) unless the
operator publishes them (PARKOPS_PUBLIC_API_DOCS=1). The page's script is served as a file
(the split view), since the Content-Security-Policy allows no inline script."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import BasePermission

from parkops.core.version import code_mark


class ApiDocsPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        return settings.PUBLIC_API_DOCS or bool(request.user and request.user.is_authenticated)


class CachedSchemaView(SpectacularAPIView):
    """The OpenAPI document, built once per code version, language and format and kept as a file
    under var/ that every worker process shares. It describes the code, not the data or the
    reader, so it can only change with an upgrade, which changes the code mark in its name.
    Building it takes 10–20 s of CPU (about 900 operations), longer than a worker may spend on
    a request under load; `parkops serve` builds it before it is first asked for."""

    permission_classes = [ApiDocsPermission]

    def _get_schema_response(self, request):
        renderer = request.accepted_renderer
        language = served_language()
        path = schema_file(language, renderer.format)
        try:
            body = path.read_bytes()
        except FileNotFoundError:
            with translation.override(language):
                response = super()._get_schema_response(request)
            response.accepted_renderer = renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            body = response.render().content
            write_atomically(path, body)
        version = self.api_version or request.version or self._get_version_parameter(request)
        answer = HttpResponse(body, content_type=request.accepted_media_type)
        answer["Content-Disposition"] = f'inline; filename="{self._get_filename(request, version)}"'
        return answer


def served_language() -> str:
    """The interface language the document is written in: the request's (``?lang=`` included)
    when the platform speaks it, else the default. Never the raw ``?lang=`` text, which would
    name a file of its own for every value sent."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def schema_dir() -> Path:
    return settings.VAR_DIR / "cache"


def schema_file(language: str, fmt: str) -> Path:
    return schema_dir() / f"api-schema-{code_mark()}-{language}.{fmt}"


def write_atomically(path: Path, body: bytes) -> None:
    """Two workers building the same document at once each write a whole file; one wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)  # left only if writing failed


def build_schema_files() -> list[Path]:
    """Build the JSON document in every interface language (what `parkops serve` does at start)."""
    built = []
    for old in schema_dir().glob("api-schema-*"):
        if not old.name.startswith(f"api-schema-{code_mark()}-"):
            old.unlink(missing_ok=True)  # a document of the code this version replaced
    for language, _name in settings.LANGUAGES:
        path = schema_file(language, "json")
        if not path.exists() and _build(language):
            built.append(path)
    return built


def schema_document(language: str | None = None) -> dict:
    """The served JSON document as data (built first if this version has none yet)."""
    language = language or settings.LANGUAGE_CODE
    path = schema_file(language, "json")
    if not path.exists() and not _build(language):
        raise RuntimeError(f"the API schema could not be built in {language}")
    return json.loads(path.read_bytes())


def _build(language: str) -> bool:
    """Ask the view for the JSON document in ``language``, as a request would; True if built."""
    from django.test import RequestFactory

    from parkops.accounts.models import User

    request = RequestFactory().get("/api/schema/", {"format": "json", "lang": language})
    request.user = User(is_superuser=True)  # the view itself writes in ``?lang=``
    return CachedSchemaView.as_view()(request).status_code == 200


schema_view = CachedSchemaView.as_view()
_swagger_view = SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[ApiDocsPermission])


def docs_view(request, *args, **kwargs):
    # A person opening the docs in a browser is sent to sign in rather than shown a 401.
    if not (settings.PUBLIC_API_DOCS or request.user.is_authenticated):
        return redirect_to_login(request.get_full_path())
    return _swagger_view(request, *args, **kwargs)
