"""The scoring table 表A.1 of Appendix A, read from CSV without the database.

Clause 10.2: the evaluation indicators and their scoring rules are those of Appendix A, in
6 first-level, 20 second-level and 61 scored third-level indicators worth 100 points, plus the
two veto items 违法违规行为 and 责任事故, which carry no points.

The shipped copy ``data/appendix-a.csv`` is the source of truth: migration
``0002_load_appendix_a`` loads it into the database as the current edition, and the panel
scorer (:mod:`parkops.assessment.panel`) reads it through :func:`load_rubric`. Nothing here
imports Django.

Two quirks of the source table are kept on purpose, as the standard prints them:

* row 16 is empty (no indicator text, no points); its number is kept and the product shows
  :data:`EMPTY_ROW_NOTE` in its place;
* row 61's criterion is cut off ("…日常管理证明材料并").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

SHIPPED_CSV: Path = Path(__file__).resolve().parent / "data" / "appendix-a.csv"
"""The copy of 表A.1 shipped inside the package (byte-identical to shared/standard)."""

CSV_COLUMNS: tuple[str, ...] = ("row", "level1", "level2", "level3", "nature", "points", "criterion")

NATURE_BINDING = "约束性"
NATURE_GUIDING = "引导性"
NATURE_VETO = "veto"
NATURES: tuple[str, ...] = (NATURE_BINDING, NATURE_GUIDING, NATURE_VETO, "")

NATURE_LABELS: dict[str, str] = {
    NATURE_BINDING: "约束性",
    NATURE_GUIDING: "引导性",
    NATURE_VETO: "否决项",
    "": "—",
}

EMPTY_ROW_NOTE = "原表此行为空，无指标、无分值"
"""What the product shows for a row the source table leaves empty (row 16)."""


class RubricError(ValueError):
    """The CSV is not a well-formed copy of 表A.1."""


def points_text(points: Decimal) -> str:
    """Points as the table prints them: ``2``, ``1.5`` (no exponent, no trailing zeros)."""
    text = format(points, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class RubricRow:
    """One row of 表A.1 (Appendix A): an indicator, a veto item, or the empty row 16."""

    row: int
    level1: str
    level2: str
    level3: str
    nature: str
    points: Decimal | None
    veto: bool
    criterion: str

    @property
    def is_scored(self) -> bool:
        """The expert panel scores this row between 0 and its points (clause 10.1)."""
        return self.points is not None

    @property
    def is_empty(self) -> bool:
        """A row the source leaves blank: neither a veto item nor a scored indicator."""
        return not self.veto and self.points is None

    @property
    def group(self) -> str:
        """The second-level indicator as ``一级/二级``, e.g. ``运营服务/物业服务``.

        Both names are needed: 通用要求 is a second-level name under two first-level ones.
        """
        return f"{self.level1}/{self.level2}"

    @property
    def path(self) -> str:
        """All the row's names, ``一级/二级/三级`` (or ``一级/二级`` where there is no third)."""
        return f"{self.group}/{self.level3}" if self.level3 else self.group

    @property
    def name(self) -> str:
        """The most specific name the table gives the row (rows 62-63 have no third level)."""
        return self.level3 or self.level2

    @property
    def display_criterion(self) -> str:
        """The criterion as shown to people; the empty row says that it is empty."""
        return EMPTY_ROW_NOTE if self.is_empty else self.criterion

    def as_json(self) -> dict[str, object]:
        """The row as ``parkops rubric --json`` prints it (points as text, or null)."""
        return {
            "row": self.row,
            "level1": self.level1,
            "level2": self.level2,
            "level3": self.level3,
            "nature": self.nature,
            "points": None if self.points is None else points_text(self.points),
            "veto": self.veto,
            "criterion": self.criterion,
        }


@dataclass(frozen=True)
class Rubric:
    """An edition of 表A.1: its rows in the table's order."""

    rows: tuple[RubricRow, ...]

    def __iter__(self) -> Iterator[RubricRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def by_row(self) -> dict[int, RubricRow]:
        """Rows keyed by their number (序号)."""
        return {r.row: r for r in self.rows}

    def get(self, row: int) -> RubricRow | None:
        """The row numbered ``row`` (序号), or None."""
        return self.by_row.get(row)

    @property
    def scored_rows(self) -> tuple[RubricRow, ...]:
        """The rows that carry points, i.e. the third-level indicators the panel scores."""
        return tuple(r for r in self.rows if r.is_scored)

    @property
    def veto_rows(self) -> tuple[RubricRow, ...]:
        """The veto items (否决项): either one found true disqualifies the park (10.2)."""
        return tuple(r for r in self.rows if r.veto)

    @property
    def total_points(self) -> Decimal:
        """The sum of all points: 100 for the standard's table."""
        return sum((r.points for r in self.rows if r.points is not None), Decimal(0))

    @property
    def level1_names(self) -> tuple[str, ...]:
        """First-level indicators in table order, veto items included."""
        return tuple(dict.fromkeys(r.level1 for r in self.rows))

    @property
    def groups(self) -> tuple[str, ...]:
        """Second-level indicators (``一级/二级``) in table order, veto items included."""
        return tuple(dict.fromkeys(r.group for r in self.rows))


def _parse_points(text: str, row: int) -> Decimal | None:
    if text == "":
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise RubricError(f"第 {row} 行：分值 {text!r} 不是数字 (row {row}: points not a number)") from None
    if not points.is_finite() or points < 0:
        raise RubricError(f"第 {row} 行：分值 {text!r} 无效 (row {row}: invalid points)")
    return points


def parse_rubric(text: str) -> Rubric:
    """Parse 表A.1 from CSV text with the columns of :data:`CSV_COLUMNS`.

    Checks what makes the table usable for scoring: rows numbered 1, 2, 3… in order, a known
    nature, veto items without points, every other row either scored or entirely empty.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != CSV_COLUMNS:
        raise RubricError(f"表头应为 {','.join(CSV_COLUMNS)} (unexpected header: {header!r})")
    rows: list[RubricRow] = []
    for line_number, record in enumerate(reader, start=2):
        if len(record) != len(CSV_COLUMNS):
            raise RubricError(f"第 {line_number} 行（CSV）有 {len(record)} 列，应为 {len(CSV_COLUMNS)} 列")
        row_text, level1, level2, level3, nature, points_raw, criterion = record
        expected = len(rows) + 1
        if row_text != str(expected):
            raise RubricError(f"序号应为 {expected}，实为 {row_text!r} (rows must be numbered 1, 2, 3…)")
        row = expected
        if nature not in NATURES:
            raise RubricError(f"第 {row} 行：未知的指标性质 {nature!r} (unknown nature)")
        if not level1 or not level2:
            raise RubricError(f"第 {row} 行：缺少一级或二级指标 (row {row}: level1 and level2 are required)")
        points = _parse_points(points_raw, row)
        veto = nature == NATURE_VETO
        if veto and points is not None:
            raise RubricError(f"第 {row} 行：否决项不赋分值 (row {row}: a veto item carries no points)")
        if not veto and (points is None) != (nature == ""):
            raise RubricError(
                f"第 {row} 行：有分值的指标须注明约束性/引导性，空行不得有分值 "
                f"(row {row}: nature and points go together)"
            )
        rows.append(RubricRow(row, level1, level2, level3, nature, points, veto, criterion))
    if not rows:
        raise RubricError("表中没有任何指标行 (no rows)")
    return Rubric(tuple(rows))


def load_rubric(path: Path = SHIPPED_CSV) -> Rubric:
    """Read and parse a CSV copy of 表A.1 (by default the one shipped in the package)."""
    return parse_rubric(path.read_text(encoding="utf-8"))
