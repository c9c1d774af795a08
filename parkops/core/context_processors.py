from django.conf import settings
from django.utils.functional import SimpleLazyObject

from parkops.core.navigation import menu_for


def navigation(request):
    """The sidebar, built only when a page renders it (an htmx fragment never does), so a
    visit counts towards the user's 常用 group once per page seen."""
    user = getattr(request, "user", None)

    def build():
        match = getattr(request, "resolver_match", None)
        return menu_for(
            user,
            path=request.path,
            current_app=(match.app_name if match else "") or "",
            record_visit=request.method == "GET" and not request.headers.get("HX-Request"),
        )

    return {
        "nav": SimpleLazyObject(build) if user is not None else {"frequent": [], "areas": []},
        "parkops_languages": settings.LANGUAGES,
    }
