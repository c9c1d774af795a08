"""``parkops panel-score FILE``: score a park from its expert panel's sheet (clause 10).

The rules (how experts' scores combine, rounding, level sums, vetoes, stars) are those of
:mod:`parkops.assessment.panel`. A sheet that cannot be scored exits with status 2 and a
message naming each expert and row at fault; nothing is printed to standard output then.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parkops.assessment.display import table
from parkops.assessment.panel import PanelError, PanelResult, format_score, score_file
from parkops.assessment.rubric import Rubric, RubricError, load_rubric

STAR_LABELS = {5: "五星级", 4: "四星级", 3: "三星级"}


class Command(BaseCommand):
    help = (
        "按评估专家组的评分文件（JSON）计算园区综合评估得分与星级（第10章、附录A）。"
        " Score a park from an expert panel's JSON sheet (example: parkops/assessment/data/panel-sheet-example.json);"
        " --json for machine-readable output."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="评分文件 (panel score sheet, JSON)")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 (print the result as JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rubric = load_rubric()
            result = score_file(options["file"], rubric)
        except PanelError as error:
            problems = "\n".join(f"  - {p}" for p in error.problems)
            raise CommandError(
                f"评分文件无法计分 (cannot score {options['file']}):\n{problems}", returncode=2
            ) from None
        except (OSError, RubricError) as error:
            raise CommandError(f"无法读取内附的表A.1：{error}", returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            for line in readable(result, rubric):
                self.stdout.write(line)


def readable(result: PanelResult, rubric: Rubric) -> list[str]:
    """The result in Chinese for the terminal."""
    lines: list[str] = []
    if result.disqualified:
        vetoed = "、".join(f"第 {r} 行 {rubric.by_row[r].level2}" for r in result.vetoed_rows)
        lines += [
            f"否决项成立（{vetoed}）：取消参加评估资格，无综合评估得分、无星级（第10.2条）。",
            "以下分项为专家组评分记录，不构成评估得分。",
        ]
    else:
        assert result.total is not None
        star = STAR_LABELS[result.star] if result.star is not None else "未达星级（低于70分）"
        lines.append(f"综合评估得分 {format_score(result.total)}，{star}")
    lines += ["", "一级指标"]
    lines += table(["指标", "得分"], [[k, format_score(v)] for k, v in result.level1.items()], right=(1,))
    lines += ["", "二级指标"]
    lines += table(["指标", "得分"], [[k, format_score(v)] for k, v in result.level2.items()], right=(1,))
    lines += ["", "三级指标（各专家评分汇总后四舍五入到 0.01）"]
    rows = [
        [str(row), rubric.by_row[row].path, format_score(score)] for row, score in result.indicators.items()
    ]
    lines += table(["序号", "指标", "得分"], rows, right=(0, 2))
    return lines
