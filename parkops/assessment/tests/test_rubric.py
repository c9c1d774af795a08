"""表A.1 as data (Appendix A): the shipped copy and its database-free parser. No database."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from parkops.assessment.rubric import (
    EMPTY_ROW_NOTE,
    RubricError,
    load_rubric,
    parse_rubric,
    points_text,
)
from parkops.assessment.tests.sheets import POINTS, SHARED_CSV, SHIPPED_CSV

HEADER = "row,level1,level2,level3,nature,points,criterion\n"


def test_shipped_copy_is_byte_identical_to_the_shared_standard() -> None:
    if not SHARED_CSV.exists():
        pytest.skip(f"shared/ is not beside the repository ({SHARED_CSV}); nothing to compare with")
    assert SHIPPED_CSV.read_bytes() == SHARED_CSV.read_bytes()


def test_counts_of_the_table() -> None:
    rubric = load_rubric()
    assert len(rubric) == 63
    assert [r.row for r in rubric] == list(range(1, 64))
    # Clause 10.2 counts 61 third-level indicators: rows 3-63, of which the empty row 16 has no
    # points, so 60 rows carry the 100 points.
    assert [r.row for r in rubric if not r.veto] == list(range(3, 64))
    assert [r.row for r in rubric.scored_rows] == sorted(POINTS)
    assert len(rubric.scored_rows) == 60
    assert rubric.total_points == Decimal(100)
    assert {r.row: points_text(r.points) for r in rubric.scored_rows if r.points is not None} == POINTS
    assert len(rubric.level1_names) == 6
    assert len(rubric.groups) == 20
    assert rubric.level1_names == ("否决项", "基础条件", "运营服务", "数智化", "绿色低碳", "评价与改进")


def test_veto_rows_carry_no_points() -> None:
    rubric = load_rubric()
    vetoes = rubric.veto_rows
    assert [(r.row, r.level2, r.points, r.nature) for r in vetoes] == [
        (1, "违法违规行为", None, "veto"),
        (2, "责任事故", None, "veto"),
    ]


def test_row_16_is_kept_empty_and_says_so() -> None:
    row = load_rubric().get(16)
    assert row is not None
    assert (row.level1, row.level2, row.level3, row.nature, row.points, row.veto) == (
        "运营服务",
        "通用要求",
        "",
        "",
        None,
        False,
    )
    assert row.is_empty and not row.is_scored
    assert row.display_criterion == EMPTY_ROW_NOTE == "原表此行为空，无指标、无分值"


def test_row_61_keeps_the_cut_off_criterion() -> None:
    row = load_rubric().get(61)
    assert row is not None
    assert row.criterion.endswith("日常管理证明材料并")


def test_parsed_rows_match_the_csv_text() -> None:
    with SHIPPED_CSV.open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    parsed = [r.as_json() for r in load_rubric()]
    assert parsed == [
        {
            "row": int(e["row"]),
            "level1": e["level1"],
            "level2": e["level2"],
            "level3": e["level3"],
            "nature": e["nature"],
            "points": e["points"] or None,
            "veto": e["nature"] == "veto",
            "criterion": e["criterion"],
        }
        for e in expected
    ]


def test_groups_keep_both_names() -> None:
    # 通用要求 is a second-level indicator under both 基础条件 and 运营服务.
    groups = load_rubric().groups
    assert "基础条件/通用要求" in groups and "运营服务/通用要求" in groups


@pytest.mark.parametrize(
    ("points", "text"),
    [
        (Decimal("2"), "2"),
        (Decimal("2.00"), "2"),
        (Decimal("1.50"), "1.5"),
        (Decimal("10"), "10"),
        (Decimal("0"), "0"),
    ],
)
def test_points_text(points: Decimal, text: str) -> None:
    assert points_text(points) == text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("row,level1\n1,a\n", "表头"),
        (HEADER, "没有任何指标行"),
        (HEADER + "2,a,b,c,约束性,2,x\n", "序号应为 1"),
        (HEADER + "1,a,b,,veto,2,x\n", "否决项不赋分值"),
        (HEADER + "1,a,b,c,约束性,,x\n", "nature and points go together"),
        (HEADER + "1,a,b,c,,2,x\n", "nature and points go together"),
        (HEADER + "1,a,b,c,约束性,two,x\n", "不是数字"),
        (HEADER + "1,a,b,c,约束性,-1,x\n", "无效"),
        (HEADER + "1,a,b,c,必选,2,x\n", "未知的指标性质"),
        (HEADER + "1,a,b,c,约束性,2\n", "列"),
        (HEADER + "1,,b,c,约束性,2,x\n", "缺少一级或二级指标"),
    ],
)
def test_parse_rejects_malformed_tables(body: str, message: str) -> None:
    with pytest.raises(RubricError, match=message):
        parse_rubric(body)
