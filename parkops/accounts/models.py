"""Users, their roles and parks, and API keys (clauses 7.2.3, 7.2.4; MLPS identification)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from parkops.core.scope import DepartmentKind, Role


class UserQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> UserQuerySet:
        """Accounts ``user`` may see (and, for writes, manage): platform administrators all;
        operator administrators their operator's; staff, assessors and integrations
        themselves and the operator's staff in their parks; tenants themselves and their
        enterprise's colleagues. Only administrators may change accounts."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        if (
            user.role == Role.OPERATOR_ADMIN
            and user.operator_id
            and not getattr(user, "_parkops_read_only", False)
        ):
            return self.filter(operator_id=user.operator_id)
        if action != "view":
            return self.none()
        if user.role == Role.TENANT:
            # Colleagues at the same enterprise.
            return self.filter(Q(pk=user.pk) | Q(enterprise_id=user.enterprise_id, enterprise__isnull=False))
        # Staff, assessors and integrations see the operator's people in the parks they share
        # (to assign work, name an owner), never tenants' accounts.
        from parkops.core.scope import visible_park_ids

        park_ids = visible_park_ids(user) or set()
        colleagues = Q(role__in=[Role.OPERATOR_ADMIN, Role.STAFF], parks__in=park_ids)
        return self.filter(Q(pk=user.pk) | colleagues).distinct()


class ParkOpsUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person (or integration) using ParkOps, with one role and the parks it works in."""

    objects = ParkOpsUserManager()

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.STAFF)
    department = models.CharField(_("部门职能"), max_length=20, choices=DepartmentKind.choices, blank=True)
    operator = models.ForeignKey(
        "core.Operator",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("运营机构"),
    )
    parks = models.ManyToManyField("core.Park", blank=True, related_name="users", verbose_name=_("所属园区"))
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属企业"),
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # The interface language the person chose with the switcher; notifications and other texts
    # the platform writes for them follow it. Blank: the platform's language (简体中文).
    language = models.CharField(_("界面语言"), max_length=10, choices=settings.LANGUAGES, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("list", "用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="tenant") | Q(enterprise__isnull=False),
                name="tenant_user_has_enterprise",
                violation_error_message=_("入驻企业用户必须指定所属企业"),
            ),
            models.CheckConstraint(
                condition=~Q(role="staff") | ~Q(department=""),
                name="staff_user_has_department",
                violation_error_message=_("运营人员必须指定部门职能"),
            ),
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.TENANT and not self.enterprise_id:
            raise ValidationError({"enterprise": gettext("入驻企业用户必须指定所属企业")})
        if self.role == Role.STAFF and not self.department:
            raise ValidationError({"department": gettext("运营人员必须指定部门职能")})
        if self.role != Role.TENANT and self.enterprise_id:
            raise ValidationError({"enterprise": gettext("只有入驻企业用户可以关联企业")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:user_detail", args=[self.pk])

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.name


class ApiKey(AbstractAPIKey):
    """An API key of an integration: stored hashed, scoped to parks, read-only or read-write,
    expiring and revocable (clause 7.2.3 开放数据接口)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_keys", verbose_name=_("所属账号"))
    parks = models.ManyToManyField("core.Park", related_name="api_keys", verbose_name=_("可访问园区"))
    can_write = models.BooleanField(_("可写"), default=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("接口密钥")
        verbose_name_plural = pgettext_lazy("list", "接口密钥")
