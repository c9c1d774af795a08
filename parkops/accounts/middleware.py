"""Session lifetime: an absolute limit on top of the idle timeout, sessions of a locked
account suspended, and password rotation under the MLPS policy."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parkops.accounts import lockout

SESSION_STARTED = "parkops_session_started"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            if lockout.is_locked(request, user.get_username()):
                # A lock (failed sign-ins or password changes) ends the account's open
                # sessions too, wherever they are, until it is unlocked.
                logout(request)
                messages.warning(request, _("账号已被锁定，请稍后再试或联系运营机构管理员。"))
                return redirect(settings.LOGIN_URL)
            started = request.session.get(SESSION_STARTED)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(request, _("会话已超过最长时限，请重新登录。"))
                return redirect(settings.LOGIN_URL)
            if self._password_expired(user) and not request.path.startswith(
                (reverse("password_change"), reverse("logout"), settings.STATIC_URL)
            ):
                messages.warning(request, _("密码已超过有效期，请先修改密码。"))
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _password_expired(user) -> bool:
        if settings.PASSWORD_POLICY != "mlps":
            return False
        return timezone.now() - user.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
