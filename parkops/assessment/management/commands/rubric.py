"""``parkops rubric``: print the scoring table 表A.1 of Appendix A (clause 10.2)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parkops.assessment.display import table
from parkops.assessment.rubric import NATURE_LABELS, Rubric, RubricError, load_rubric, points_text


class Command(BaseCommand):
    help = (
        "打印《产业园区运营规范》附录A 表A.1 评分指标（默认为软件包内附的版本，即迁移载入的当前版本）。"
        " Print the Appendix A scoring table; --json for machine-readable rows."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help="以 JSON 列表输出，按原表顺序 (rows as a JSON list, in the table's order)",
        )
        parser.add_argument(
            "--edition",
            metavar="CODE",
            help="改为读取数据库中已载入的某一版本，如 appendix-a (read a stored edition from the database)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rubric = self._rubric(options["edition"])
        if options["json"]:
            rows = [row.as_json() for row in rubric]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for line in self._readable(rubric):
            self.stdout.write(line)

    def _rubric(self, code: str | None) -> Rubric:
        if code is None:
            try:
                return load_rubric()
            except (OSError, RubricError) as error:
                raise CommandError(f"无法读取内附的表A.1：{error}", returncode=2) from error
        from parkops.assessment.models import RubricEdition
        from parkops.assessment.selectors import edition_rubric

        try:
            edition = RubricEdition.objects.get(code=code)
        except RubricEdition.DoesNotExist:
            known = (
                ", ".join(RubricEdition.objects.values_list("code", flat=True))
                or "无（请先运行 parkops migrate）"
            )
            raise CommandError(f"没有版本 {code!r}；已载入的版本：{known}", returncode=2) from None
        return edition_rubric(edition)

    def _readable(self, rubric: Rubric) -> list[str]:
        header = ["序号", "一级指标", "二级指标", "三级指标", "指标性质", "分值", "评分细则"]
        rows = [
            [
                str(row.row),
                row.level1,
                row.level2,
                row.level3 or "—",
                NATURE_LABELS[row.nature],
                "—" if row.points is None else points_text(row.points),
                row.display_criterion,
            ]
            for row in rubric
        ]
        lines = ["表A.1 产业园区运营水平评分表（《产业园区运营规范》附录A）", ""]
        lines += table(header, rows, right=(0, 5))
        scored = rubric.scored_rows
        empty = [str(r.row) for r in rubric if r.is_empty]
        lines += [
            "",
            f"共 {len(rubric)} 行：否决项 {len(rubric.veto_rows)} 项（不赋分值，出现任一项即取消评估资格），"
            f"计分指标 {len(scored)} 项，总分 {points_text(rubric.total_points)}。",
        ]
        if empty:
            lines.append(f"第 {'、'.join(empty)} 行：原表此行为空，无指标、无分值，保留序号。")
        return lines
