"""Account forms for operator administrators."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.accounts.models import User
from parkops.core.models import Enterprise, Park
from parkops.core.scope import Role


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        required=True,
        help_text=_("按平台密码策略校验；用户可在登录后自行修改。"),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "email",
            "role",
            "department",
            "parks",
            "enterprise",
            "is_active",
        ]

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["parks"].queryset = Park.objects.restrict(by)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(by).order_by("name")
        if self.instance.pk:
            del self.fields["password"]
            self.fields["username"].disabled = True

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.TENANT and not data.get("enterprise"):
            self.add_error("enterprise", gettext("入驻企业用户必须指定所属企业"))
        if role != Role.TENANT and data.get("enterprise"):
            self.add_error("enterprise", gettext("只有入驻企业用户可以关联企业"))
        if role == Role.STAFF and not data.get("department"):
            self.add_error("department", gettext("运营人员必须指定部门职能"))
        if role in (Role.STAFF, Role.ASSESSOR, Role.API_CLIENT, Role.OPERATOR_ADMIN) and not data.get(
            "parks"
        ):
            self.add_error("parks", gettext("请至少选择一个园区"))
        return data


class SetPasswordForm(forms.Form):
    password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
