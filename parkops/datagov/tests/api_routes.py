"""Every route of the API, from the router itself (so a new route is enumerated too)."""

from __future__ import annotations

import re

from parkops.urls import router

UNSAFE = ("post", "put", "patch", "delete")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def routes():
    """(path with placeholder ids, method, viewset class, action name) for every operation."""
    out = []
    for pattern in router.urls:
        regex = pattern.pattern.regex.pattern
        if "format" in regex or not getattr(pattern.callback, "actions", None):
            continue
        path = "/api/" + _GROUP.sub(lambda m: "open_data" if m.group(1) == "code" else "1", regex)
        path = path.replace("^", "").replace("$", "").replace("\\", "")
        for method, action in pattern.callback.actions.items():
            out.append((path, method, pattern.callback.cls, action))
    return out


def list_routes():
    return sorted({path for path, method, _cls, action in routes() if method == "get" and action == "list"})


def detail_routes():
    return sorted(
        {
            path
            for path, method, cls, action in routes()
            if method == "get" and action == "retrieve" and getattr(cls, "lookup_field", "pk") == "pk"
        }
    )


def id_patterns():
    """The regex of every route that takes an object id."""
    return sorted(
        {
            pattern.pattern.regex.pattern
            for pattern in router.urls
            if "(?P<pk>" in pattern.pattern.regex.pattern and "format" not in pattern.pattern.regex.pattern
        }
    )
