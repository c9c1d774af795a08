"""``parkops assess --park CODE [--as-of YYYY-MM-DD] [--json]``: the live self-assessment.

Scores the park against 表A.1 from its own records (see :mod:`parkops.assessment.engine`).
An unknown park or a date that is not YYYY-MM-DD exits with status 2 and a message.
"""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parkops.assessment.display import table
from parkops.assessment.engine import AssessmentResult, assess
from parkops.assessment.panel import format_score


class Command(BaseCommand):
    help = "按平台现有数据对园区进行自评估（附录A 表A.1）。Live self-assessment of a park; --json for machine-readable output."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--park", required=True, help="园区代码 (park code), 如 DEMO")
        parser.add_argument("--as-of", dest="as_of", help="评估基准日 YYYY-MM-DD（默认今天，北京时间）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 (print the result as JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        from parkops.core.models import Park

        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"日期格式不正确：{options['as_of']}，应为 YYYY-MM-DD (bad date)", returncode=2
                ) from None
        park = Park.objects.select_related("operator").filter(code=options["park"]).first()
        if park is None:
            known = "、".join(Park.objects.order_by("code").values_list("code", flat=True)) or "（无）"
            raise CommandError(
                f"没有园区代码为 {options['park']} 的园区；现有园区：{known} (unknown park)", returncode=2
            )
        result = assess(park, as_of)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            for line in readable(result):
                self.stdout.write(line)


def readable(result: AssessmentResult) -> list[str]:
    park = result.park
    lines = [f"{park.name}（{park.code}）自评估，基准日 {result.as_of:%Y-%m-%d}"]
    if result.disqualified:
        rows = "、".join(f"第 {r} 行" for r in result.vetoed_rows)
        lines.append(f"否决项成立（{rows}）：取消评估资格，无总分、无星级（第10.2条）。")
    else:
        assert result.total is not None
        lines.append(f"自评总分 {format_score(result.total)}，{result.star_label}（预估，以第三方评估为准）")
    lines += ["", "一级指标"]
    lines += table(["指标", "得分"], [[k, format_score(v)] for k, v in result.level1.items()], right=(1,))
    lines += ["", "三级指标"]
    body = []
    for r in result.rows:
        points = "—" if r.points is None else format_score(r.points)
        score = "—" if r.points is None else format_score(r.score)
        note = r.criterion if r.row.is_empty else "；".join(r.missing)[:60]
        body.append([str(r.row.row), r.row.name, points, score, r.status_label, note])
    lines += table(["序号", "指标", "分值", "得分", "状态", "缺少"], body, right=(0, 2, 3))
    plan = result.gap_plan()
    if plan.target is not None:
        lines += ["", f"升星差距计划：目标 {format_score(plan.target)} 分（{plan.target_star} 星）"]
        for item in plan.items:
            lines.append(
                f"  第 {item.row} 行 {item.name}·{item.title}：+{format_score(item.gain)} 分（{item.effort_label}）"
            )
        if plan.reason:
            lines.append(f"  {plan.reason}")
    return lines
