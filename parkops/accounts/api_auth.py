"""API key authentication: `Authorization: Api-Key <key>`."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from parkops.accounts import lockout
from parkops.accounts.models import ApiKey

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(KEYWORD + " "):
            return None
        raw = header[len(KEYWORD) + 1 :].strip()
        # An address that keeps presenting bad keys is guessing: hold it back, valid key or not.
        retry_after = lockout.invalid_key_retry_after(request)
        if retry_after is not None:
            raise exceptions.Throttled(
                wait=retry_after,
                # DRF adds the seconds ("预计 N 秒后可用"); naming them here too said them twice.
                detail=_("无效接口密钥过多，请稍后重试。"),
            )
        try:
            key = ApiKey.objects.get_from_key(raw)
        except ApiKey.DoesNotExist:
            lockout.record_invalid_key(request)
            raise exceptions.AuthenticationFailed(_("接口密钥无效")) from None
        if key.revoked:
            lockout.record_invalid_key(request)
            raise exceptions.AuthenticationFailed(_("接口密钥已吊销"))
        if key.has_expired:
            lockout.record_invalid_key(request)
            raise exceptions.AuthenticationFailed(_("接口密钥已过期"))
        user = key.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("接口密钥所属账号已停用"))
        if lockout.is_locked(request, user.get_username()):
            # Until an administrator unlocks the account (or the cool-off ends).
            raise exceptions.AuthenticationFailed(_("接口密钥所属账号已锁定"))
        # Narrow the owner's rights to the key: its parks, and reading only unless it may write.
        user._parkops_key_park_ids = set(key.parks.values_list("id", flat=True))
        user._parkops_read_only = not key.can_write
        user._parkops_api_key = key
        # A read-only key changes nothing, whatever the route (CRUD, action or mark-as-read).
        from rest_framework.permissions import SAFE_METHODS

        from parkops.core.drf import ReadOnlyKeyRefused

        if not key.can_write and request.method not in SAFE_METHODS:
            raise ReadOnlyKeyRefused()
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return user, key

    def authenticate_header(self, request) -> str:
        return KEYWORD
