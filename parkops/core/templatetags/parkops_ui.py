"""Small template helpers for ParkOps pages: Bootstrap classes on form widgets, table cell
formatting, pagination ranges and the audit before/after lists."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

# Bootstrap class per Django widget type (BoundField.widget_type).
_WIDGET_CLASS = {
    "checkbox": "form-check-input",
    "radioselect": "form-check-input",
    "checkboxselectmultiple": "form-check-input",
    "select": "form-select",
    "nullbooleanselect": "form-select",
    "selectmultiple": "form-select",
}


@register.filter
def bs(field, size: str = ""):
    """Render a bound field's widget with Bootstrap classes (and ``is-invalid`` on errors).

    ``{{ field|bs }}``; ``{{ field|bs:"sm" }}`` for the compact filter bar.
    """
    kind = field.widget_type
    widget = field.field.widget
    if kind == "date" and getattr(widget, "input_type", "") == "text":
        # The browser's date picker; its value is always ISO, which every form here accepts.
        widget.input_type = "date"
        widget.format = "%Y-%m-%d"
    css = _WIDGET_CLASS.get(kind, "form-control")
    if size and css != "form-check-input":
        css += f" {css}-{size}"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{existing} {css}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    if kind == "textarea":
        # Django's default is 10 rows; 4 keeps long forms scannable and the box still grows.
        attrs["rows"] = min(int(widget.attrs.get("rows", 4)), 4)
    return field.as_widget(attrs=attrs)


@register.filter
def empty_label(field, label: str):
    """``{{ field|empty_label:"全部"|bs:"sm" }}``: the blank choice of a filter select reads
    "全部" instead of "---------"."""
    if getattr(field.field, "empty_label", None) is not None:
        field.field.empty_label = label
    if not hasattr(field.field, "queryset") and hasattr(field.field.widget, "choices"):
        # A plain choice filter's select already holds its blank choice (a fixed setting).
        choices = list(field.field.widget.choices)
        if choices and choices[0][0] == "":
            field.field.widget.choices = [("", label), *choices[1:]]
    return field


@register.filter
def display(value):
    """A table cell as people in a park office read it: dates as 2026-03-01, times in
    Asia/Shanghai, empty as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value


@register.filter
def is_number(value) -> bool:
    from parkops.core.templatetags.numbers import Figure

    return isinstance(value, int | float | Decimal | Figure) and not isinstance(value, bool)


@register.filter
def startswith(value, prefix) -> bool:
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def section_icon(key: str) -> str:
    """Bootstrap Icons name for a navigation area of the standard."""
    return {
        "basics": "bi-buildings",
        "operations": "bi-people",
        "digital": "bi-cpu",
        "green": "bi-tree",
        "evaluation": "bi-clipboard-check",
        "platform": "bi-gear",
    }.get(key, "bi-folder")


@register.filter
def alert_class(message) -> str:
    return {"error": "danger", "debug": "secondary"}.get(message.level_tag, message.level_tag or "info")


@register.filter
def minutes(delta) -> int | None:
    """Whole minutes of a timedelta (the lockout cool-off)."""
    if isinstance(delta, dt.timedelta):
        return int(delta.total_seconds() // 60)
    return None


@register.filter
def as_pairs(data) -> list[tuple[str, str]]:
    """An audit entry's before/after JSON as (field, value) pairs for a compact list."""
    if data in (None, "", {}, []):
        return []
    if not isinstance(data, dict):
        return [("", _compact(data))]
    # The entry has its own time and object id; repeating them in every list is noise.
    return [(str(key), _compact(value)) for key, value in data.items() if key not in _AUDIT_NOISE]


_AUDIT_NOISE = {"id", "created_at", "updated_at"}


def _compact(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current page, with … (Paginator.ELLIPSIS) for gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)


@register.simple_tag
def page_url(query_string: str, number) -> str:
    """``?<current filters and sort>&page=N`` for pager links."""
    return f"?{query_string}&page={number}" if query_string else f"?page={number}"


@register.filter
def at(sequence, index):
    """``rows.0.cells|at:forloop.counter0``: an item by a computed index."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None


@register.simple_tag(takes_context=True)
def cleared(context, label: str) -> bool:
    """Whether the page's reader is cleared for the data level of ``"app.Model.field"``
    (``{% cleared "fees.Bill.total" as shows_total %}``): hand-made pages ask it before
    showing a figure drawn from that field."""
    from parkops.core.views import protection_of

    request = context.get("request")
    return request is not None and protection_of(request).sees(label)
