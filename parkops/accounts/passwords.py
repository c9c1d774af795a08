"""Password policy, chosen per deployment with PARKOPS_PASSWORD_POLICY.

- ``asvs`` (default), OWASP ASVS 5.0: at least 12 characters, up to 128, not a common or
  breached-list password, not like the user's own names; no composition rules, no forced
  rotation.
- ``mlps``, GB/T 22239-2019 level 3 (等保三级): at least 8 characters with at least three of
  upper case, lower case, digits and symbols, not like the user's names, and a change every
  PARKOPS_PASSWORD_MAX_AGE_DAYS days (enforced at sign-in by SessionLifetimeMiddleware).
"""

from __future__ import annotations

import string

from django.conf import settings
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PolicyValidator:
    def __init__(self) -> None:
        self._similar = UserAttributeSimilarityValidator(
            user_attributes=("username", "first_name", "last_name", "email", "display_name")
        )
        self._common = CommonPasswordValidator()
        self._numeric = NumericPasswordValidator()

    @property
    def policy(self) -> str:
        return settings.PASSWORD_POLICY

    def validate(self, password: str, user=None) -> None:
        errors: list[ValidationError] = []
        for validator in (self._similar, self._common, self._numeric):
            try:
                validator.validate(password, user)
            except ValidationError as exc:
                errors.append(exc)
        if len(password) > 128:
            errors.append(ValidationError(_("密码不能超过 128 个字符"), code="password_too_long"))
        if self.policy == "asvs":
            if len(password) < 12:
                errors.append(ValidationError(_("密码至少 12 个字符"), code="password_too_short"))
        else:
            if len(password) < 8:
                errors.append(ValidationError(_("密码至少 8 个字符"), code="password_too_short"))
            classes = sum(
                any(c in group for c in password)
                for group in (string.ascii_uppercase, string.ascii_lowercase, string.digits)
            ) + any(not c.isalnum() for c in password)
            if classes < 3:
                errors.append(
                    ValidationError(
                        _("密码须包含大写字母、小写字母、数字、符号中的至少三类"), code="password_too_simple"
                    )
                )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        if self.policy == "asvs":
            return _("至少 12 个字符，可使用任意字符（含空格和中文），不能是常见密码或与用户名相似。")
        return _(
            "至少 8 个字符，包含大写字母、小写字母、数字、符号中的至少三类，不能与用户名相似；"
            "每 %(days)s 天须修改一次。"
        ) % {"days": settings.PASSWORD_MAX_AGE_DAYS}
