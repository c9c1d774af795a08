"""Request context for audit entries: a request id and the client address."""

from __future__ import annotations

import ipaddress
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.utils.cache import patch_vary_headers


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


_context: ContextVar[RequestContext] = ContextVar("parkops_request_context", default=RequestContext())  # noqa: B039 (frozen)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_context() -> RequestContext:
    return _context.get()


def set_context(ctx: RequestContext):
    """Set the context for code outside a request (commands, jobs); returns a reset token."""
    return _context.set(ctx)


def reset_context(token) -> None:
    _context.reset(token)


def _is_trusted(addr: str) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request) -> str | None:
    """REMOTE_ADDR, unless it is a configured trusted proxy: then the right-most address of
    X-Forwarded-For that is not itself a trusted proxy. A client cannot choose its address by
    sending the header itself."""
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _is_trusted(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for addr in reversed(forwarded):
        if not _is_trusted(addr):
            try:
                return str(ipaddress.ip_address(addr))
            except ValueError:
                return remote
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _context.set(RequestContext(request_id=request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ChosenLanguageMiddleware:
    """简体中文 unless the user chose another language (the language cookie set by the
    switcher). Unlike Django's LocaleMiddleware, the browser's Accept-Language is not
    followed: the platform is Chinese first, and a half-translated page helps nobody."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class PrivatePagesMiddleware:
    """Signed-in pages are not stored by browsers or proxies (tenant data stays out of
    caches); list pages answer differently to htmx, so they vary on its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
