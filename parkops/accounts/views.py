"""Sign-in, sign-out, password change and API key pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from parkops.accounts import lockout, services
from parkops.accounts.models import ApiKey, User
from parkops.core.models import Park
from parkops.core.services import record_event


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        record_event(event="login", obj=None, by=user, detail={"outcome": "success"})
        if user.language:
            # The language chosen on another browser follows the person.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


@require_POST
def choose_language(request):
    """The language switcher: Django's ``set_language`` sets the cookie, and a signed-in
    person's choice is kept on their account."""
    from django.views.i18n import set_language

    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.choose_language(user=request.user, language=language)
    return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record_event(event="logout", obj=None, by=request.user, detail=None)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        record_event(event="password_change", obj=None, by=self.request.user, detail=None)
        messages.success(self.request, gettext("密码已修改。"))
        return response

    def form_invalid(self, form):
        if form.has_error("old_password"):
            # A wrong current password is a failed sign-in: whoever holds the session must
            # not get unlimited guesses at the password behind it.
            user = self.request.user
            record_event(event="password_change_failed", obj=None, by=user, detail=None)
            if lockout.record_failure(self.request, user.get_username()):
                logout(self.request)
                return redirect(settings.LOGIN_URL)
        return super().form_invalid(form)


class ApiKeyForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("所属账号"))
    name = forms.CharField(max_length=50, label=_("密钥名称"))
    parks = forms.ModelMultipleChoiceField(queryset=Park.objects.none(), label=_("可访问园区"))
    can_write = forms.BooleanField(required=False, label=_("允许写入"))
    valid_days = forms.IntegerField(min_value=1, max_value=730, initial=90, label=_("有效天数"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            services.manageable_users(user).filter(is_active=True).order_by("username")
        )
        self.fields["parks"].queryset = Park.objects.restrict(user)


@login_required
def api_keys(request):
    users = services.manageable_users(request.user)
    if not users.exists():
        raise PermissionDenied(gettext("只有运营机构管理员可以管理接口密钥"))
    new_key = None
    form = ApiKeyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key, new_key = services.issue_api_key(
                by=request.user,
                owner=data["owner"],
                name=data["name"],
                park_ids=[p.pk for p in data["parks"]],
                can_write=data["can_write"],
                expires_at=timezone.now() + dt.timedelta(days=data["valid_days"]),
            )
            messages.success(
                request,
                gettext("已签发接口密钥「%(name)s」。密钥只显示这一次，请立即保存。") % {"name": key.name},
            )
            form = ApiKeyForm(user=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    keys = (
        ApiKey.objects.filter(user__in=users)
        .select_related("user")
        .prefetch_related("parks")
        .order_by("-created")
    )
    return render(request, "accounts/api_keys.html", {"form": form, "keys": keys, "new_key": new_key})


@login_required
@require_POST
def api_key_revoke(request, prefix: str):
    # Keys are named by their public prefix; the stored id embeds the hash.
    key = get_object_or_404(
        ApiKey.objects.filter(user__in=services.manageable_users(request.user)), prefix=prefix
    )
    services.revoke_api_key(by=request.user, key=key)
    messages.success(request, gettext("已吊销接口密钥「%(name)s」。") % {"name": key.name})
    return redirect("accounts:api_keys")
