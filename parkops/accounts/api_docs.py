"""The OpenAPI document and its Swagger page: for signed-in users (or API keys) unless the
operator publishes them (PARKOPS_PUBLIC_API_DOCS=1). The page's script is served as a file
(the split view), since the Content-Security-Policy allows no inline script."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import BasePermission


class ApiDocsPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        return settings.PUBLIC_API_DOCS or bool(request.user and request.user.is_authenticated)


schema_view = SpectacularAPIView.as_view(permission_classes=[ApiDocsPermission])
_swagger_view = SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[ApiDocsPermission])


def docs_view(request, *args, **kwargs):
    # A person opening the docs in a browser is sent to sign in rather than shown a 401.
    if not (settings.PUBLIC_API_DOCS or request.user.is_authenticated):
        return redirect_to_login(request.get_full_path())
    return _swagger_view(request, *args, **kwargs)
