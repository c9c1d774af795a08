"""Account management pages for operator administrators: list, detail with history, add,
edit, set a password."""

from __future__ import annotations

import django_filters as df
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from parkops.accounts import services
from parkops.accounts.forms import SetPasswordForm, UserForm
from parkops.accounts.models import User
from parkops.core.models import Park
from parkops.core.scope import DepartmentKind, Role
from parkops.core.views import ObjectDetailView, ObjectListView, ObjectMixin, _add_errors


class UserFilterSet(df.FilterSet):
    q = df.CharFilter(method="search", label=_("搜索"))
    role = df.ChoiceFilter(choices=Role.choices, label=_("角色"))
    department = df.ChoiceFilter(choices=DepartmentKind.choices, label=_("部门职能"))
    parks = df.ModelChoiceFilter(
        queryset=lambda request: Park.objects.restrict(request.user), label=_("园区")
    )
    is_active = df.BooleanFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["role", "department", "parks", "is_active"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return (
            queryset.filter(Q(username__icontains=value) | Q(display_name__icontains=value))
            if value
            else queryset
        )


def _require_manager(user) -> None:
    if not services.manageable_users(user).exists():
        raise PermissionDenied(gettext("只有运营机构管理员可以管理账号"))


class UserList(ObjectListView):
    model = User
    columns = ("username", "display_name", "role", "department", "enterprise", "is_active", "last_login")
    filterset_class = UserFilterSet
    select_related = ("enterprise",)
    default_ordering = ("username",)

    def get(self, request):
        _require_manager(request.user)
        return super().get(request)


class UserDetail(ObjectDetailView):
    model = User
    fields = (
        "username",
        "display_name",
        "email",
        "role",
        "department",
        "operator",
        "parks",
        "enterprise",
        "is_active",
        "last_login",
        "password_changed_at",
    )

    def common_context(self):
        context = super().common_context()
        if not services.manageable_users(self.request.user).exists():
            context["list_url"] = ""  # the account list refuses whoever manages no accounts
        return context


class UserEdit(ObjectMixin, View):
    model = User
    template_name = "core/object_form.html"

    def _render(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {
                **self.common_context(),
                "form": form,
                "object": obj,
                "cancel_url": obj.get_absolute_url() if obj else "/accounts/users/",
            },
        )

    def _object(self, pk):
        _require_manager(self.request.user)
        return (
            None
            if pk is None
            else get_object_or_404(User.objects.restrict(self.request.user, "change"), pk=pk)
        )

    def get(self, request, pk=None):
        obj = self._object(pk)
        return self._render(UserForm(instance=obj, by=request.user), obj)

    def post(self, request, pk=None):
        obj = self._object(pk)
        form = UserForm(request.POST, instance=obj, by=request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "password"}
            try:
                if obj is None:
                    user = services.create_user(
                        by=request.user,
                        password=form.cleaned_data["password"],
                        operator=request.user.operator,
                        **data,
                    )
                    messages.success(
                        request, gettext("已创建账号 %(username)s") % {"username": user.username}
                    )
                else:
                    data.pop("username", None)
                    user = services.update_user(by=request.user, user=obj, data=data)
                    messages.success(
                        request, gettext("已保存账号 %(username)s") % {"username": user.username}
                    )
                return redirect(user.get_absolute_url())
            except ValidationError as exc:
                _add_errors(form, exc)
        return self._render(form, obj)


class UserPassword(View):
    model = User
    template_name = "core/object_form.html"

    def _object(self, pk):
        return get_object_or_404(User.objects.restrict(self.request.user, "change"), pk=pk)

    def _render(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "object": obj,
                "model_name": gettext("密码"),
                "cancel_url": obj.get_absolute_url(),
            },
        )

    def get(self, request, pk):
        return self._render(SetPasswordForm(), self._object(pk))

    def post(self, request, pk):
        obj = self._object(pk)
        form = SetPasswordForm(request.POST)
        if form.is_valid():
            try:
                services.set_password(by=request.user, user=obj, password=form.cleaned_data["password"])
                messages.success(
                    request, gettext("已为 %(username)s 设置新密码") % {"username": obj.username}
                )
                return redirect(obj.get_absolute_url())
            except ValidationError as exc:
                _add_errors(form, exc)
        return self._render(form, obj)
