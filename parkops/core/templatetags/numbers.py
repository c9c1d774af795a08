"""Numbers people can read: ``{{ amount|money }}`` → "1,234,567.50 元", ``{{ rate|percent }}``
→ "92.5%". Decimal in, exact rounding (half up), "—" for a missing value."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext

register = template.Library()

DASH = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)  # never float arithmetic: the shortest exact text of the float
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def grouped(value, places: int = 2) -> str:
    """``1234567.5`` → ``"1,234,567.50"``; ``None`` → ``"—"``."""
    number = _decimal(value)
    if number is None:
        return DASH
    quantum = Decimal(1).scaleb(-places)
    return f"{number.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


@register.filter
def money(value) -> str:
    """Yuan with thousands separators and two decimals: ``1,234,567.50 元``."""
    text = grouped(value, 2)
    return text if text == DASH else gettext("%(amount)s 元") % {"amount": text}


@register.filter
def percent(value, places: int = 1) -> str:
    """A percentage (already ×100) with one decimal: ``92.5%``."""
    text = grouped(value, int(places))
    return text if text == DASH else f"{text}%"


@register.filter
def number(value, places: int = 0) -> str:
    """A count or area with thousands separators: ``12,480`` or ``12,480.50``."""
    return grouped(value, int(places))


@register.filter
def price(value) -> str:
    """A price per unit (kWh, ㎡, hour), next to its unit: two decimals, up to four when the
    price has them (``0.8650`` → ``"0.865"``, ``12`` → ``"12.00"``)."""
    number = _decimal(value)
    if number is None:
        return DASH
    return grouped(number, max(2, min(4, -number.normalize().as_tuple().exponent)))


@register.filter
def figure(value):
    """A report's cell on a page: a Decimal grouped with its own decimal places (``1081301.44``
    → ``"1,081,301.44"``), a whole number grouped, anything else as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        return grouped(value, max(0, -value.as_tuple().exponent))
    if isinstance(value, int):
        return grouped(value, 0)
    return value


class Figure(str):
    """A number already written for people ("1,234.50 元"); list and detail pages still align
    it as a number. Exports never see it: they take the field's Decimal."""


def is_money_field(field) -> bool:
    """A Decimal field holding yuan: its label's unit is （元） (not 元/㎡·月 or 元/小时, whose
    header carries the unit)."""
    from django.utils import translation

    with translation.override(None):  # the msgid: Chinese, whatever the request's language
        label = str(getattr(field, "verbose_name", ""))
    return label.endswith("（元）")


def field_figure(field, value):
    """How a generic page shows a Decimal field's value: yuan as money (unit prices with up to
    four decimals), other figures grouped with the field's decimal places."""
    if not isinstance(value, Decimal):
        return value
    places = getattr(field, "decimal_places", None)
    if places is None:
        return value
    if is_money_field(field):
        if places > 2:  # a unit price: its own decimals, not rounded to fen
            text = price(value)
            return Figure(text if text == DASH else gettext("%(amount)s 元") % {"amount": text})
        return Figure(money(value))
    return Figure(grouped(value, places))
