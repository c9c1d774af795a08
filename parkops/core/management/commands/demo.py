"""`parkops demo`: build the demo park 深圳湾智造产业园 (code DEMO) and print its logins."""

from __future__ import annotations

import unicodedata

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from parkops.core.demo import report
from parkops.core.demo.accounts import API_KEY_DAYS
from parkops.core.demo.context import DEFAULT_PASSWORD
from parkops.core.demo.runner import run


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(str(c), w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return lines


class Command(BaseCommand):
    help = (
        "建立演示园区“深圳湾智造产业园”（代码 DEMO）：楼栋、房源、入驻企业、组织架构、人员和演示账号。"
        "可重复运行：演示园区已存在时不做任何修改，只打印账号。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"演示账号的统一密码（须符合密码策略），默认 {DEFAULT_PASSWORD}",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="不输出任何内容（新签发的接口密钥明文也不输出）"
        )

    def handle(self, *args, password: str, quiet: bool, verbosity: int, **options):
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("密码不符合密码策略：" + "；".join(exc.messages)) from None
        try:
            result = run(password=password)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("演示数据未建立，已全部回滚：" + "；".join(messages)) from None
        if result.built and connection.vendor == "postgresql":
            # Hundreds of thousands of rows were just bulk-loaded: give the planner their
            # statistics now, rather than leave autovacuum to gather them while people (or the
            # proof's load suite) first use the platform.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if quiet or verbosity == 0:
            return
        ctx = result.context
        park = ctx.park
        if "core" in result.built:
            self.stdout.write(self.style.SUCCESS(f"已建立演示园区：{park.name}（{park.code}）。"))
        elif result.built:
            self.stdout.write(
                self.style.SUCCESS(f"演示园区已存在，已补建：{'、'.join(result.built)} 的演示数据。")
            )
        else:
            self.stdout.write(f"演示园区已存在：{park.name}（{park.code}），本次未做任何修改。")

        rows = report.account_rows(park, password=password, fresh=ctx.created_usernames)
        self.stdout.write("")
        self.stdout.write("演示账号：")
        for line in table(
            ("账号", "角色", "部门/企业", "密码"), [(r.username, r.role, r.scope, r.password) for r in rows]
        ):
            self.stdout.write(line)
        self.stdout.write("")
        if ctx.api_key:
            self.stdout.write(
                f"接口密钥（只读，{API_KEY_DAYS} 天有效，明文只显示这一次，请妥善保存）：\n  {ctx.api_key}\n"
                f"  用法：Authorization: Api-Key {ctx.api_key}"
            )
        else:
            self.stdout.write(report.api_key_status(park))
        for note in ctx.notes:
            self.stdout.write(note)
        self.stdout.write("")
        self.stdout.write(report.summary(park))
