from django.conf import settings

from parkops.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_sections": menu_for(user) if user is not None else [],
        "parkops_languages": settings.LANGUAGES,
    }
