"""Validators for Chinese identifiers, with messages that say what is wrong."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, Z, S, V).
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，当前为 %(n)s 位"), params={"n": len(code)}, code="length"
        )
    if not _CREDIT_RE.match(code):
        raise ValidationError(_("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）"), code="charset")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：应为 %(expected)s，实为 %(got)s"),
            params={"expected": expected, "got": code[17]},
            code="checksum",
        )


_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_mainland_phone(value: str) -> None:
    if value and not _PHONE_RE.match(value):
        raise ValidationError(_("电话号码格式不正确：手机号 11 位，或座机如 0755-86001234"), code="phone")


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 characters (domain-facts: personal data masked by default)."""
    if not value or len(value) <= 7:
        return value and "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
