"""DRF hooks named in settings: the permission class and the error shape.

Kept apart from the viewsets because DRF imports these while it is itself being imported.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, parsers, permissions

from parkops.core.scope import ADD, CHANGE, DELETE, can, can_write_model

_ACTION = {"POST": ADD, "PUT": CHANGE, "PATCH": CHANGE, "DELETE": DELETE}


class RestrictedPermission(permissions.BasePermission):
    """Signed in; writes only where the role may write this kind of object and this object."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        if request.method in permissions.SAFE_METHODS or model is None:
            return True
        return can_write_model(request.user, model, _ACTION.get(request.method, CHANGE))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return can(request.user, _ACTION.get(request.method, CHANGE), obj)


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


def exception_handler(exc, context):
    """Django's validation and permission errors answer as DRF's: 400 with fields, 403."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if "__all__" in detail:
            detail["non_field_errors"] = detail.pop("__all__")
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
