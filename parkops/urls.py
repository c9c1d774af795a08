from importlib import import_module

from django.conf import settings
from django.urls import include, path

from parkops.accounts import api_docs
from parkops.accounts.views import LoginView, LogoutView, PasswordChangeView, choose_language
from parkops.core.api import API_ROUTES as CORE_API
from parkops.core.api import ApiRouter
from parkops.core.files import serve_file
from parkops.core.home import home
from parkops.core.search import search_view

router = ApiRouter()  # DRF's, with bulk PUT/PATCH/DELETE on list endpoints (NetBox)


def _domain_module(app: str, name: str):
    try:
        return import_module(f"parkops.{app}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"parkops.{app}.{name}":
            raise
        return None


def _register_api(routes) -> None:
    for prefix, viewset in routes:
        router.register(prefix, viewset, basename=viewset.queryset.model._meta.model_name)


_register_api(CORE_API)
domain_pages = []
for app in settings.DOMAIN_APPS:
    api = _domain_module(app, "api")
    if api is not None and hasattr(api, "API_ROUTES"):
        _register_api(api.API_ROUTES)
    if app not in ("accounts", "audit") and _domain_module(app, "urls") is not None:
        domain_pages.append(path(f"{app}/", include(f"parkops.{app}.urls")))

urlpatterns = [
    path("", home, name="home"),
    path("search/", search_view, name="search"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/", include("parkops.accounts.urls")),
    path("park/", include("parkops.core.urls")),
    path("audit/", include("parkops.audit.urls")),
    # Uploads, only to users who may view their object; /media/ is deliberately not routed.
    path("files/<str:model>/<int:pk>/<str:field>/", serve_file, name="file"),
    *domain_pages,
    path("i18n/setlang/", choose_language, name="set_language"),
    path("api/", include(router.urls)),
    path("api/schema/", api_docs.schema_view, name="schema"),
    path("api/docs/", api_docs.docs_view, name="api-docs"),
]
