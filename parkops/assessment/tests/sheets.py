"""Panel score sheets for the tests, built by hand from 表A.1 (not from the code under test)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED_CSV = REPO_ROOT.parent / "shared" / "standard" / "appendix-a.csv"
SHIPPED_CSV = Path(__file__).resolve().parents[1] / "data" / "appendix-a.csv"

# Points of every scored row of 表A.1, copied by hand from the standard's table.
# Row 16 (empty in the source) and the veto rows 1 and 2 carry none.
POINTS: dict[int, str] = {
    3: "2", 4: "2", 5: "2", 6: "2", 7: "3", 8: "2", 9: "1", 10: "3", 11: "2", 12: "2",
    13: "2", 14: "2", 15: "2", 17: "2",
    18: "1", 19: "2", 20: "1", 21: "1",
    22: "2", 23: "2", 24: "3", 25: "2", 26: "2", 27: "3", 28: "2", 29: "2", 30: "2", 31: "2", 32: "2", 33: "2",
    34: "1", 35: "1", 36: "1", 37: "1", 38: "1", 39: "1", 40: "1", 41: "1", 42: "1",
    43: "2", 44: "1", 45: "1",
    46: "2", 47: "1", 48: "1",
    49: "1", 50: "2", 51: "1",
    52: "3", 53: "1", 54: "2", 55: "1", 56: "1",
    57: "2", 58: "1", 59: "2", 60: "1", 61: "1",
    62: "2", 63: "2",
}  # fmt: skip

# Full marks per first-level indicator: 21 + 60 + 8 + 7 + 4 = 100.
FULL_LEVEL1 = {
    "基础条件": "21.00",
    "运营服务": "60.00",
    "数智化": "8.00",
    "绿色低碳": "7.00",
    "评价与改进": "4.00",
}


def expert(name: str, overrides: Mapping[int, object] | None = None) -> dict[str, object]:
    """An expert giving full marks on every scored row, except ``overrides`` (row → score)."""
    scores: dict[str, object] = {str(row): points for row, points in POINTS.items()}
    for row, score in (overrides or {}).items():
        scores[str(row)] = score
    return {"expert": name, "scores": scores}


def sheet(
    experts: Sequence[dict[str, object]],
    *,
    veto1: object = False,
    veto2: object = False,
    aggregation: str | None = None,
) -> dict[str, object]:
    """A panel score sheet as ``parkops panel-score`` reads it."""
    document: dict[str, object] = {"veto": {"1": veto1, "2": veto2}, "experts": list(experts)}
    if aggregation is not None:
        document["aggregation"] = aggregation
    return document


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def zeros(*rows: int) -> dict[int, object]:
    """Overrides giving 0 on ``rows``."""
    return {row: "0" for row in rows}
