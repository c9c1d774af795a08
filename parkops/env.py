"""Typed readers for the PARKOPS_* environment variables.

Each helper refuses a bad value with a message naming the variable, what it got and what
it expects, so a misconfigured deployment fails at start-up rather than at 3 a.m.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import urlparse


class ImproperlyConfiguredValue(Exception):
    """A PARKOPS_* variable holds a value that cannot be used."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfiguredValue(f"{name}={value!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfiguredValue(f"{name}={value!r}: expected a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfiguredValue(f"{name}={number}: must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfiguredValue(f"{name}={number}: must be at most {maximum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfiguredValue(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


def env_url(name: str, default: str | None, *, schemes: tuple[str, ...]) -> str | None:
    value = _raw(name)
    if value is None or value == "":
        return default
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ImproperlyConfiguredValue(
            f"{name}={value!r}: the scheme must be one of {', '.join(s + '://' for s in schemes)}"
        )
    if parsed.scheme != "sqlite" and not parsed.hostname:
        raise ImproperlyConfiguredValue(f"{name}={value!r}: no host given")
    return value


def env_checked(name: str, default: str, check: Callable[[str], str | None]) -> str:
    """Read a string and run `check`, which returns an error message or None."""
    value = env_str(name, default)
    problem = check(value)
    if problem:
        raise ImproperlyConfiguredValue(f"{name}={value!r}: {problem}")
    return value
