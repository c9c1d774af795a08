"""What a request body may be: UTF-8, not too large, JSON not too deeply nested.

Refused before any view, form or parser sees the body:

* a body that is not valid UTF-8, or declares another charset: 400. Django decodes a form body
  that is not UTF-8 as Latin-1, so bytes FF FE FA were stored as "ÿþú"; a percent-encoded
  value that is not UTF-8 became U+FFFD. Both are refused instead of stored as mojibake;
* a non-file body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (file uploads have their own limits):
  413;
* a JSON body nested deeper than ``JSON_MAX_DEPTH``: 400 (Python's parser recurses per
  bracket, and 50,000 brackets ended in a RecursionError, a 500).

API paths answer ``{"detail": "…"}`` like the rest of the API; other paths answer the message
as plain text.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext

JSON_MAX_DEPTH = 64
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(body: bytes) -> int:
    """How deeply the brackets of a JSON text nest (strings ignored), without parsing it."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for b in brackets:
        if b in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def too_deep_message() -> str:
    return gettext("JSON 嵌套超过 %(limit)s 层，不予处理") % {"limit": JSON_MAX_DEPTH}


def not_utf8_message() -> str:
    return gettext("请求内容不是有效的 UTF-8 编码，不予处理：请使用 UTF-8 提交")


def _refuse(request, message: str, status: int = 400) -> HttpResponse:
    if request.path.startswith("/api/") or "json" in request.META.get("CONTENT_TYPE", ""):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class InputLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS:
            refused = self.check(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def check(self, request) -> HttpResponse | None:
        content_type = request.content_type or ""
        charset = (request.content_params or {}).get("charset", "utf-8").lower().replace("_", "-")
        if charset not in ("utf-8", "utf8"):
            return _refuse(request, not_utf8_message())
        if content_type.startswith("multipart/"):
            # Django decodes multipart fields itself, replacing bad bytes with U+FFFD; the
            # files are not text. Reading request.POST here is what CSRF would do next anyway.
            if any("\ufffd" in value for values in request.POST.lists() for value in values[1]):
                return _refuse(request, not_utf8_message())
            return None
        if _content_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return _refuse(
                request,
                gettext("请求内容超过 %(limit)s KB，不予处理")
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024},
                status=413,
            )
        body = request.body
        if not body:
            return None
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _refuse(request, not_utf8_message())
        if content_type == "application/x-www-form-urlencoded":
            try:
                parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
            except UnicodeDecodeError:
                return _refuse(request, not_utf8_message())
            except ValueError:
                return None  # Django answers what it cannot parse
        is_json = content_type == "application/json" or content_type.endswith("+json")
        if is_json and json_depth(body) > JSON_MAX_DEPTH:
            return _refuse(request, too_deep_message())
        return None


def loads_limited(text: str | bytes, **kwargs):
    """``json.loads`` that refuses nesting deeper than ``JSON_MAX_DEPTH`` with ``ValueError``
    (never a RecursionError), for JSON that did not come through the middleware's check, e.g.
    what a DRF parser reads."""
    raw = text.encode() if isinstance(text, str) else text
    if json_depth(raw) > JSON_MAX_DEPTH:
        raise ValueError(too_deep_message())
    try:
        return json.loads(text, **kwargs)
    except RecursionError:
        raise ValueError(too_deep_message()) from None
