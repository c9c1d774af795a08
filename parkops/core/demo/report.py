"""What ``parkops demo`` prints: the accounts of the demo park and a one-line summary, read
from the database so a second run shows the same as the first."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import check_password
from django.db.models import Q, Sum

from parkops.core.demo.accounts import API_USERNAME
from parkops.core.demo.context import PLATFORM_USERNAME
from parkops.core.models import Building, Enterprise, Park, Staff, Unit
from parkops.core.scope import Role

PASSWORD_CHANGED = "（已更改）"


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    scope: str  # department, enterprise or parks
    password: str


def demo_users(park: Park):
    from parkops.accounts.models import User

    return (
        User.objects.filter(
            Q(parks=park)
            | Q(enterprise__park=park)
            | Q(operator=park.operator)
            | Q(username=PLATFORM_USERNAME)
        )
        .select_related("operator", "enterprise", "staff_profile__department")
        .distinct()
        .order_by("pk")
    )


def account_rows(park: Park, *, password: str, fresh: set[str]) -> list[AccountRow]:
    """One row per demo login. Accounts made in this run show the password; older ones show
    it only if it still works (checked without re-hashing or saving anything)."""
    rows = []
    for user in demo_users(park):
        if user.is_superuser:
            role, scope = "平台管理员", "全部园区"
        else:
            role = user.get_role_display()
            staff = getattr(user, "staff_profile", None)
            if user.role == Role.TENANT and user.enterprise:
                scope = user.enterprise.name
            elif user.role == Role.STAFF:
                scope = staff.department.name if staff else user.get_department_display()
            elif user.role == Role.OPERATOR_ADMIN and user.operator:
                scope = f"{user.operator.name} · {park.code}"
            else:
                scope = park.name
        works = user.username in fresh or check_password(password, user.password)
        rows.append(AccountRow(user.username, role, scope, password if works else PASSWORD_CHANGED))
    return rows


def api_key_status(park: Park) -> str:
    from parkops.accounts.models import ApiKey

    keys = ApiKey.objects.filter(user__username=API_USERNAME, user__parks=park, revoked=False)
    prefixes = "、".join(k.prefix for k in keys)
    if not prefixes:
        return f"接口账号 {API_USERNAME} 没有有效的接口密钥；可用 admin 登录后在 /accounts/api-keys/ 签发。"
    return (
        f"接口账号 {API_USERNAME} 已有接口密钥（前缀 {prefixes}），明文只在签发时显示一次；"
        "如需新密钥，请用 admin 登录后在 /accounts/api-keys/ 签发。"
    )


def summary(park: Park) -> str:
    units = Unit.objects.filter(floor__building__park=park)
    total = units.aggregate(area=Sum("area"))["area"] or Decimal("0")
    leased = units.filter(state=Unit.State.LEASED).aggregate(area=Sum("area"))["area"] or Decimal("0")
    occupancy = (leased / total * 100) if total else Decimal("0")
    resident = Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).count()
    left = Enterprise.objects.filter(park=park, status=Enterprise.Status.LEFT).count()
    return (
        f"{park.name}（{park.code}）：楼栋 {Building.objects.filter(park=park).count()} 栋，"
        f"房源 {units.count()} 套（已租 {units.filter(state=Unit.State.LEASED).count()} 套），"
        f"出租率 {occupancy:.1f}%（按面积），在园企业 {resident} 家（另有已退租 {left} 家），"
        f"运营人员 {Staff.objects.filter(park=park, active=True).count()} 人"
    )
