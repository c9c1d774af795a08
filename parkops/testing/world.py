"""A small named world every test can use (the way Zulip's tests share one): two operators,
two parks, enterprises, staff and one user per role, built through the real services.

    ALPHA (operator 湾区运营): building A, units A-101 (leased to 甲企业), A-102 (leased to
    乙企业), A-103 (vacant); departments and staff.
    BETA (operator 北岸运营): building B, unit B-101 (leased to 丙企业).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from parkops.accounts.models import User
from parkops.accounts.services import create_user
from parkops.core import models as core
from parkops.core.scope import DepartmentKind, Role
from parkops.core.services import create_object
from parkops.core.validators import credit_code_check_char

PASSWORD = "World-Test-2026!"


def credit_code(serial: int) -> str:
    body = f"91440300MA5{serial:06d}"
    return body + credit_code_check_char(body)


def build_world() -> None:
    platform = create_user(
        by=None, username="platform", password=PASSWORD, role=Role.OPERATOR_ADMIN, is_superuser=True
    )
    industries = list(core.Industry.objects.filter(catalogue__is_current=True).order_by("id")[:3])
    for code, name, op_name, serial in (
        ("ALPHA", "阿尔法园", "湾区运营有限公司", 1),
        ("BETA", "贝塔园", "北岸运营有限公司", 2),
    ):
        operator = create_object(
            model=core.Operator, data={"name": op_name, "credit_code": credit_code(900 + serial)}, by=platform
        )
        park = create_object(
            model=core.Park,
            data={
                "operator": operator,
                "code": code,
                "name": name,
                "district": "nanshan",
                "address": f"深圳市南山区{name}路{serial}号",
                "land_area": Decimal("50000"),
                "floor_area": Decimal("120000"),
                "leading_industries": industries[:1],
            },
            by=platform,
        )
        letter = code[0]
        admin = create_user(
            by=platform,
            username=f"admin_{code.lower()}",
            password=PASSWORD,
            role=Role.OPERATOR_ADMIN,
            operator=operator,
            parks=[park],
        )
        building = create_object(
            model=core.Building,
            data={
                "park": park,
                "code": letter,
                "name": f"{letter}栋",
                "floors_above": 10,
                "gross_area": Decimal("20000"),
            },
            by=admin,
        )
        floor = create_object(
            model=core.Floor, data={"building": building, "number": 1, "area": Decimal("2000")}, by=admin
        )
        names = ["甲企业", "乙企业"] if code == "ALPHA" else ["丙企业"]
        enterprises = [
            create_object(
                model=core.Enterprise,
                data={
                    "park": park,
                    "name": n,
                    "credit_code": credit_code(serial * 100 + i),
                    "industry": industries[0],
                    "headcount": 20 + i,
                    "contact_phone": "13800138000",
                },
                by=admin,
            )
            for i, n in enumerate(names)
        ]
        for i, enterprise in enumerate(enterprises):
            create_object(
                model=core.Unit,
                data={
                    "floor": floor,
                    "code": f"{letter}-10{i + 1}",
                    "area": Decimal("200"),
                    "state": "leased",
                    "enterprise": enterprise,
                },
                by=admin,
            )
        create_object(
            model=core.Unit,
            data={"floor": floor, "code": f"{letter}-10{len(enterprises) + 1}", "area": Decimal("150")},
            by=admin,
        )
        department = create_object(
            model=core.Department,
            data={"park": park, "kind": DepartmentKind.INVESTMENT, "name": "招商部"},
            by=admin,
        )
        position = create_object(
            model=core.Position,
            data={
                "department": department,
                "title": "招商经理",
                "responsibilities": "客户开发与签约",
                "professional": True,
            },
            by=admin,
        )
        staff = create_object(
            model=core.Staff,
            data={
                "park": park,
                "department": department,
                "position": position,
                "employee_no": f"{letter}001",
                "name": "张三",
                "phone": "13912345678",
                "hired_on": dt.date(2022, 3, 1),
            },
            by=admin,
        )
        create_object(
            model=core.TrainingRecord,
            data={
                "staff": staff,
                "topic": "招商政策培训",
                "held_on": dt.date(2026, 3, 1),
                "hours": Decimal("4"),
            },
            by=admin,
        )
        if code == "ALPHA":
            for username, department_kind in (
                ("staff_invest", DepartmentKind.INVESTMENT),
                ("staff_safety", DepartmentKind.SAFETY),
                ("staff_admin", DepartmentKind.ADMINISTRATION),
            ):
                create_user(
                    by=admin,
                    username=username,
                    password=PASSWORD,
                    role=Role.STAFF,
                    department=department_kind,
                    operator=operator,
                    parks=[park],
                )
            create_user(
                by=admin,
                username="tenant_a",
                password=PASSWORD,
                role=Role.TENANT,
                operator=operator,
                enterprise=enterprises[0],
            )
            create_user(
                by=admin,
                username="tenant_b",
                password=PASSWORD,
                role=Role.TENANT,
                operator=operator,
                enterprise=enterprises[1],
            )
            create_user(by=admin, username="assessor", password=PASSWORD, role=Role.ASSESSOR, parks=[park])
            create_user(
                by=admin,
                username="api_alpha",
                password=PASSWORD,
                role=Role.API_CLIENT,
                operator=operator,
                parks=[park],
            )
        else:
            create_user(
                by=admin,
                username="tenant_c",
                password=PASSWORD,
                role=Role.TENANT,
                operator=operator,
                enterprise=enterprises[0],
            )


def world() -> SimpleNamespace:
    """Fresh handles on the world's named objects (re-read, so one test's edits don't leak)."""
    users = {u.username: u for u in User.objects.all()}
    parks = {p.code: p for p in core.Park.objects.all()}
    enterprises = {e.name: e for e in core.Enterprise.objects.all()}
    return SimpleNamespace(
        password=PASSWORD,
        users=users,
        platform=users["platform"],
        admin=users["admin_alpha"],
        admin_beta=users["admin_beta"],
        staff_invest=users["staff_invest"],
        staff_safety=users["staff_safety"],
        staff_admin=users["staff_admin"],
        tenant_a=users["tenant_a"],
        tenant_b=users["tenant_b"],
        tenant_c=users["tenant_c"],
        assessor=users["assessor"],
        api_user=users["api_alpha"],
        alpha=parks["ALPHA"],
        beta=parks["BETA"],
        ent_a=enterprises["甲企业"],
        ent_b=enterprises["乙企业"],
        ent_c=enterprises["丙企业"],
    )
