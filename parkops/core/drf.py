"""DRF hooks named in settings: the permission class, the error shape, pagination, and the
middleware that keeps every ``/api/`` answer JSON, versioned and in the caller's language.

Kept apart from the viewsets because DRF imports these while it is itself being imported.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, pagination, parsers, permissions, status

from parkops.core.scope import ADD, CHANGE, DELETE, can, can_write_model

_ACTION = {"POST": ADD, "PUT": CHANGE, "PATCH": CHANGE, "DELETE": DELETE}
API_VERSION = "1"
API_PREFIX = "/api/"
# A path segment Python's int() would still read as an id (" 2", "+2", "1_0", "٢"): no route
# of the API has one, so it answers 404 before any viewset can look an object up with it.
_LENIENT_ID = re.compile(r"\s|\+|[^\x00-\x7f]|^[0-9][0-9_]*_[0-9]")


def is_read_only_client(user) -> bool:
    """An API key issued without write rights: it may read and nothing else, whatever its
    owner's role and whatever the route (CRUD, workflow action, or mark-as-read)."""
    return bool(getattr(user, "_parkops_read_only", False))


class ReadOnlyKeyRefused(exceptions.PermissionDenied):
    default_code = "read_only_key"

    def __init__(self):
        super().__init__(_("只读接口密钥不能修改数据"))


def refuse_read_only_key(request) -> None:
    if request.method not in permissions.SAFE_METHODS and is_read_only_client(request.user):
        raise ReadOnlyKeyRefused()


class RestrictedPermission(permissions.BasePermission):
    """Signed in; writes only where the role may write this kind of object and this object."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        refuse_read_only_key(request)
        model = getattr(getattr(view, "queryset", None), "model", None)
        if request.method in permissions.SAFE_METHODS or model is None:
            return True
        return can_write_model(request.user, model, _ACTION.get(request.method, CHANGE))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return can(request.user, _ACTION.get(request.method, CHANGE), obj)


class SignedInPermission(permissions.BasePermission):
    """Signed in, for routes that act on the caller's own things (their notifications);
    a read-only key still changes nothing."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        refuse_read_only_key(request)
        return True


class LimitedJSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit: 50,000 nested brackets answer 400, not a
    RecursionError (500). The body size and encoding are checked before, by
    ``parkops.core.input_limits``; this holds for a body that did not pass there."""

    def parse(self, stream, media_type=None, parser_context=None):
        from rest_framework.utils import json

        from parkops.core.input_limits import loads_limited

        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
            parse_constant = json.strict_constant if self.strict else None
            return loads_limited(text, parse_constant=parse_constant)
        except ValueError as exc:  # UnicodeDecodeError included
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """``?limit=&offset=`` (NetBox's convention): ``PAGE_SIZE`` by default, at most
    ``PARKOPS_API_MAX_PAGE_SIZE`` (1000 unless configured); the answer keeps ``count``,
    ``next``, ``previous`` and ``results``."""

    @property
    def default_limit(self):
        return settings.REST_FRAMEWORK.get("PAGE_SIZE", 50)

    @property
    def max_limit(self):
        return getattr(settings, "PARKOPS_API_MAX_PAGE_SIZE", 1000)

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw is not None and not _is_count(raw, minimum=1):
            raise exceptions.ValidationError({"limit": [_("须为 1 以上的整数")]})
        return super().get_limit(request)

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if raw is not None and not _is_count(raw, minimum=0):
            raise exceptions.ValidationError({"offset": [_("须为 0 以上的整数")]})
        return super().get_offset(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter.setdefault("schema", {})
            if parameter["name"] == self.limit_query_param:
                schema.update({"minimum": 1, "maximum": self.max_limit})
            elif parameter["name"] == self.offset_query_param:
                schema["minimum"] = 0
        return parameters


class CursorPagination(pagination.CursorPagination):
    """``?cursor=`` for large, growing datasets (telemetry readings and rollups, the audit
    trail): a page's position is its last row's key in a fixed ordering (``ordering``, one
    unique, indexed column), so rows written meanwhile neither shift nor repeat pages and a
    deep page costs what the first does. The answer carries ``next`` and ``previous`` links;
    ``limit`` sets the page size (``default_limit``, at most ``max_limit``). A cursor that
    does not decode answers 400."""

    ordering = "-id"
    default_limit: int | None = None  # None: PAGE_SIZE
    max_limit: int | None = None  # None: PARKOPS_API_MAX_PAGE_SIZE
    cursor_query_description = _lazy("分页游标：上一页答复中 next 或 previous 链接所带的值，不要自行构造。")
    page_size_query_param = "limit"
    page_size_query_description = _lazy("每页条数。")

    def _max(self) -> int:
        return self.max_limit or getattr(settings, "PARKOPS_API_MAX_PAGE_SIZE", 1000)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.default_limit or settings.REST_FRAMEWORK.get("PAGE_SIZE", 50)
        if not _is_count(raw, minimum=1):
            raise exceptions.ValidationError({self.page_size_query_param: [_("须为 1 以上的整数")]})
        return min(int(raw), self._max())

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({self.cursor_query_param: [_("无效的分页游标")]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter.setdefault("schema", {}).update({"minimum": 1, "maximum": self._max()})
        return parameters


def _is_count(raw: str, *, minimum: int) -> bool:
    return raw.isascii() and raw.isdigit() and int(raw) >= minimum


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail=None):
        super().__init__(detail or _("该对象仍被其他记录引用，不能删除"))


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, detail=None):
        super().__init__(detail or _("对象已被他人修改（If-Match 与当前 ETag 不符），请重新读取后再提交"))


def exception_handler(exc, context):
    """Django's validation and permission errors answer as DRF's: 400 with fields, 403; a
    missing object answers DRF's own 404 in the caller's language; a delete refused because
    other records point at the object answers 409."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if "__all__" in detail:
            detail["non_field_errors"] = detail.pop("__all__")
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


class ApiResponseMiddleware:
    """Every ``/api/`` answer carries ``API-Version``; an integrator without the platform's
    language cookie is answered in its ``Accept-Language`` (Chinese unless it asks for
    English); a path no route matches answers a JSON 404, not the HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and request.headers.get("Accept-Language"):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        if any(_LENIENT_ID.search(segment) for segment in request.path[len(API_PREFIX) :].split("/")):
            response = JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
        else:
            response = self.get_response(request)
        if response.status_code == 404 and "json" not in response.get("Content-Type", ""):
            response = JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
        response["API-Version"] = API_VERSION
        response["Content-Language"] = translation.get_language()
        return response
