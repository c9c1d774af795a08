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
