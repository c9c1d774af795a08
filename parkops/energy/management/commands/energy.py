"""`parkops energy city-export --park CODE --date YYYY-MM-DD [--out DIR]` writes the day's
XML data reports by building and category code; `parkops energy city-upload --host H
--port P [--secret-file F] [--out DIR]` sends every report not yet acknowledged to the city
building-energy platform (see parkops/energy/city.py for the convention and its assumptions)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parkops.energy import city


def _default_dir() -> Path:
    return Path(settings.VAR_DIR) / "city-energy"


class Command(BaseCommand):
    help = (
        "城市建筑能耗平台：导出某日的分类分项能耗数据包（city-export），上传未确认的数据包（city-upload）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("city-export", help="按楼栋和分类分项代码导出某日的 XML 数据包")
        exp.add_argument("--park", required=True, help="园区代码")
        exp.add_argument("--date", required=True, help="日期 YYYY-MM-DD")
        exp.add_argument("--out", type=Path, default=None, help="输出目录（默认 var/city-energy）")
        exp.add_argument("--gateway", default="01", help="数据采集器编号")
        up = sub.add_parser("city-upload", help="登录城市平台并上传尚未确认的数据包，断线重连后重发")
        up.add_argument("--host", required=True)
        up.add_argument("--port", type=int, required=True)
        up.add_argument("--secret-file", type=Path, default=None, help="平台分配的密钥所在文件")
        up.add_argument("--gateway", default="01", help="数据采集器编号")
        up.add_argument("--out", type=Path, default=None, help="数据包目录（默认 var/city-energy）")

    def handle(self, *args, action, **options):
        out = options["out"] or _default_dir()
        if action == "city-export":
            from parkops.core.models import Park

            park = Park.objects.filter(code=options["park"]).first()
            if park is None:
                raise CommandError(f"没有代码为 {options['park']} 的园区", returncode=2)
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD", returncode=2) from exc
            paths = city.export(park, day, out, city.Profile(gateway_id=options["gateway"]))
            for path in paths:
                self.stdout.write(str(path))
            self.stdout.write(f"{len(paths)} 个数据包")
            return
        secret = options["secret_file"].read_text().strip() if options["secret_file"] else ""
        uploader = city.Uploader(
            options["host"],
            options["port"],
            profile=city.Profile(gateway_id=options["gateway"], secret=secret),
        )
        try:
            sent = uploader.upload(out)
        except city.LoginRefused as exc:
            raise CommandError(f"城市平台拒绝登录：{exc}", returncode=1) from exc
        except OSError as exc:
            raise CommandError(f"上传中断：{exc}", returncode=1) from exc
        self.stdout.write(f"已上传并确认 {sent} 个数据包")
