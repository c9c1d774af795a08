"""Expert-panel aggregation (clause 10, Appendix A), pure Python. Expected values are by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from parkops.assessment.panel import (
    Aggregation,
    ExpertSheet,
    PanelError,
    PanelSubmission,
    combine_scores,
    mean_half_up,
    parse_json,
    parse_submission,
    score_panel,
    star_for,
    to_score,
)
from parkops.assessment.rubric import load_rubric
from parkops.assessment.tests.sheets import FULL_LEVEL1, POINTS, expert, sheet, zeros

RUBRIC = load_rubric()
MEAN = Aggregation.MEAN
TRIMMED = Aggregation.TRIMMED_MEAN


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def score(document: dict[str, Any]) -> dict[str, Any]:
    return score_panel(RUBRIC, parse_submission(document, RUBRIC)).as_json()


# --- One row ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (("1", "1", "2"), "1.33"),  # 4/3 = 1.333…
        (("2", "2", "1"), "1.67"),  # 5/3 = 1.666…
        (("1", "1", "1.5", "1"), "1.13"),  # 4.5/4 = 1.125, half up (half-even would give 1.12)
        (("0", "0.01"), "0.01"),  # 0.005, half up
        (("1.98", "1.99", "1.985"), "1.99"),  # 5.955/3 = 1.985, half up (half-even: 1.98)
        (("0.3", "0.3", "0.4"), "0.33"),  # 1.0/3 = 0.333…
        (("2", "2", "2"), "2.00"),
        (("0",), "0.00"),
        (("1.5",), "1.50"),
        (("0.004",), "0.00"),
        (("0.005",), "0.01"),
        (("1.124999",), "1.12"),
    ],
)
def test_mean_rounds_half_up_to_two_decimals(scores: tuple[str, ...], expected: str) -> None:
    assert combine_scores(d(*scores), MEAN) == Decimal(expected)
    assert str(combine_scores(d(*scores), MEAN)) == expected


def test_mean_just_below_half_rounds_down_exactly() -> None:
    # 28 decimal places: a rounding context of 28 digits would round this up to 1.125.
    assert combine_scores(d("1.1249999999999999999999999999"), MEAN) == Decimal("1.12")
    assert mean_half_up(Decimal("3.3749999999999999999999999999"), 3) == Decimal("1.12")
    assert mean_half_up(Decimal("3.375"), 3) == Decimal("1.13")


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # five experts: drop 0 and one 2 → (1 + 1.5 + 2) / 3 = 1.5 (the mean would be 1.30)
        (("0", "1", "1.5", "2", "2"), "1.50"),
        # outlier low: drop 0 and one 2 → 2.00 (mean 1.60)
        (("2", "2", "2", "2", "0"), "2.00"),
        # six experts: drop 0.5 and one 2 → (1 + 1 + 1.5 + 2) / 4 = 1.375 → 1.38 (mean 1.33)
        (("0.5", "1", "1", "2", "2", "1.5"), "1.38"),
        # six experts: drop 0 and 3 → (1 + 1 + 2 + 2) / 4 = 1.50
        (("3", "1", "2", "0", "1", "2"), "1.50"),
        # ties: all equal
        (("1", "1", "1", "1", "1"), "1.00"),
        # five experts: drop 0 and 2 → (1 + 1 + 2) / 3 = 1.333… → 1.33
        (("0", "1", "1", "2", "2"), "1.33"),
    ],
)
def test_trimmed_mean_drops_one_highest_and_one_lowest(scores: tuple[str, ...], expected: str) -> None:
    assert combine_scores(d(*scores), TRIMMED) == Decimal(expected)


def test_trimmed_mean_needs_five_experts() -> None:
    with pytest.raises(PanelError, match="至少 5 位专家"):
        combine_scores(d("1", "1", "1", "1"), TRIMMED)


@pytest.mark.parametrize(
    ("total", "star"),
    [
        ("100", 5),
        ("90.00", 5),
        ("89.99", 4),
        ("80.00", 4),
        ("79.99", 3),
        ("70.00", 3),
        ("69.99", None),
        ("0", None),
    ],
)
def test_star_thresholds_of_clause_10_3(total: str, star: int | None) -> None:
    assert star_for(Decimal(total)) == star


# --- Whole panels -----------------------------------------------------------------------


def test_full_marks() -> None:
    result = score(sheet([expert("专家A"), expert("专家B"), expert("专家C")]))
    assert result["disqualified"] is False
    assert result["total"] == "100.00"
    assert result["star"] == 5
    assert result["level1"] == FULL_LEVEL1
    assert list(result["indicators"]) == [str(r) for r in POINTS]  # table order, row 16 absent
    assert result["indicators"]["7"] == "3.00"
    assert len(result["level2"]) == 18  # the 20 groups less the two veto items
    assert result["level2"]["运营服务/物业服务"] == "26.00"
    assert result["level2"]["基础条件/通用要求"] == "6.00"
    assert result["level2"]["运营服务/通用要求"] == "8.00"


# Lose 29 points on every expert's sheet: rows 7, 10, 24, 27, 52 (3 each) and
# 22, 23, 25, 28, 29, 30, 31 (2 each).
LOSE_29 = zeros(7, 10, 24, 27, 52, 22, 23, 25, 28, 29, 30, 31)


def _around_70(row5: tuple[str, str, str]) -> dict[str, object]:
    # Row 3: 2, 2, 1 → 1.67 (−0.33); row 4: 1, 1, 2 → 1.33 (−0.67); row 5 as given.
    return sheet(
        [
            expert("专家A", {**LOSE_29, 3: "2", 4: "1", 5: row5[0]}),
            expert("专家B", {**LOSE_29, 3: "2", 4: "1", 5: row5[1]}),
            expert("专家C", {**LOSE_29, 3: "1", 4: "2", 5: row5[2]}),
        ]
    )


def test_total_69_99_has_no_star() -> None:
    # Row 5: 1.98, 1.99, 1.985 → 1.985 → 1.99 (−0.01).  100 − 29 − 0.33 − 0.67 − 0.01 = 69.99.
    result = score(_around_70(("1.98", "1.99", "1.985")))
    assert result["total"] == "69.99"
    assert result["star"] is None
    assert result["indicators"]["3"] == "1.67"
    assert result["indicators"]["4"] == "1.33"
    assert result["indicators"]["5"] == "1.99"
    assert result["level1"] == {
        "基础条件": "13.99",  # 21 − 0.33 − 0.67 − 0.01 − 3 − 3
        "运营服务": "40.00",  # 60 − 3 − 3 − 2×3 − 2×4
        "数智化": "5.00",
        "绿色低碳": "7.00",
        "评价与改进": "4.00",
    }
    assert result["level2"]["基础条件/通用要求"] == "4.99"  # 1.67 + 1.33 + 1.99
    assert result["level2"]["基础条件/运营机构要求"] == "4.00"
    assert result["level2"]["基础条件/空间要求"] == "3.00"
    assert result["level2"]["运营服务/物业服务"] == "6.00"  # rows 26, 32, 33 only
    assert result["level2"]["数智化/信息化"] == "0.00"


def test_total_70_00_is_three_stars() -> None:
    result = score(_around_70(("2", "2", "2")))
    assert result["total"] == "70.00"
    assert result["star"] == 3
    assert result["level1"]["基础条件"] == "14.00"


def test_level_sums_add_rounded_row_scores_not_raw_means() -> None:
    # Rows 3, 4, 5 each 1, 1, 2 → 4/3 → 1.33; three of them sum to 3.99 (raw means: 4.00).
    result = score(sheet([expert("A", {3: 1, 4: 1, 5: 1}), expert("B", {3: 1, 4: 1, 5: 1}), expert("C")]))
    assert result["level2"]["基础条件/通用要求"] == "3.99"
    assert result["total"] == "97.99"  # 100 − 3 × 0.67
    assert result["star"] == 5


def _around_90(row9_b: str) -> dict[str, object]:
    # Row 3: 2, 1 → 1.50; row 4: 1, 2 → 1.50 (−1.00); rows 7, 10, 52 zero (−9).
    return sheet(
        [
            expert("专家A", {**zeros(7, 10, 52), 3: "2", 4: "1", 9: "1"}),
            expert("专家B", {**zeros(7, 10, 52), 3: "1", 4: "2", 9: row9_b}),
        ]
    )


def test_total_90_00_is_five_stars() -> None:
    result = score(_around_90("1"))
    assert result["total"] == "90.00"
    assert result["star"] == 5
    assert result["level1"]["基础条件"] == "14.00"  # 21 − 0.5 − 0.5 − 3 − 3
    assert result["level1"]["数智化"] == "5.00"


def test_total_89_99_is_four_stars() -> None:
    # Row 9 (1 point): 1 and 0.98 → 0.99.
    result = score(_around_90("0.98"))
    assert result["total"] == "89.99"
    assert result["star"] == 4
    assert result["indicators"]["9"] == "0.99"
    assert result["level1"]["基础条件"] == "13.99"


# Five experts. Row 3: 0, 1, 1.5, 2, 2; row 4: 2, 2, 2, 2, 0; row 5: 1, 1, 1, 1, 2;
# row 6: 0.5, 1.5, 1.5, 1.5, 2; rows 7, 10, 24, 27, 52 (3 each), 57 (2) and 9 (1) zero (−18).
FIVE = [
    ("专家A", {3: "0", 4: "2", 5: "1", 6: "0.5"}),
    ("专家B", {3: "1", 4: "2", 5: "1", 6: "1.5"}),
    ("专家C", {3: "1.5", 4: "2", 5: "1", 6: "1.5"}),
    ("专家D", {3: "2", 4: "2", 5: "1", 6: "1.5"}),
    ("专家E", {3: "2", 4: "0", 5: "2", 6: "2"}),
]


def _five(aggregation: str | None) -> dict[str, object]:
    lose_18 = zeros(7, 10, 24, 27, 52, 57, 9)
    return sheet([expert(name, {**lose_18, **o}) for name, o in FIVE], aggregation=aggregation)


def test_trimmed_mean_panel_of_five_reaches_80() -> None:
    # Trimmed: row 3 → 1.50, row 4 → 2.00, row 5 → 1.00, row 6 → 1.50 (−2.00).
    result = score(_five("trimmed_mean"))
    assert [result["indicators"][r] for r in ("3", "4", "5", "6")] == ["1.50", "2.00", "1.00", "1.50"]
    assert result["total"] == "80.00"
    assert result["star"] == 4
    assert result["level1"] == {
        "基础条件": "12.00",  # 21 − 2 − 3 − 1 − 3
        "运营服务": "54.00",
        "数智化": "5.00",
        "绿色低碳": "5.00",
        "评价与改进": "4.00",
    }


def test_same_panel_by_mean_is_79_50() -> None:
    # Mean: row 3 → 1.30, row 4 → 1.60, row 5 → 1.20, row 6 → 1.40 (−2.50).
    for aggregation in ("mean", None):
        result = score(_five(aggregation))
        assert [result["indicators"][r] for r in ("3", "4", "5", "6")] == ["1.30", "1.60", "1.20", "1.40"]
        assert result["total"] == "79.50"
        assert result["star"] == 3


def test_trimmed_mean_panel_of_six() -> None:
    # Row 3: 0.5, 1, 1, 2, 2, 1.5 → drop 0.5 and a 2 → 1.375 → 1.38; all else full.
    row3 = ["0.5", "1", "1", "2", "2", "1.5"]
    document = sheet([expert(f"专家{i}", {3: s}) for i, s in enumerate(row3, 1)], aggregation="trimmed_mean")
    result = score(document)
    assert result["indicators"]["3"] == "1.38"
    assert result["total"] == "99.38"
    assert result["star"] == 5
    document["aggregation"] = "mean"
    assert score(document)["total"] == "99.33"  # 8/6 = 1.333… → 1.33


@pytest.mark.parametrize(("veto1", "veto2"), [(True, False), (False, True), (True, True)])
def test_a_veto_found_disqualifies(veto1: bool, veto2: bool) -> None:
    result = score(sheet([expert("专家A"), expert("专家B")], veto1=veto1, veto2=veto2))
    assert result["disqualified"] is True
    assert result["total"] is None
    assert result["star"] is None
    # The panel's record is kept: row and level scores, which are not an evaluation score.
    assert result["indicators"]["3"] == "2.00"
    assert result["level1"] == FULL_LEVEL1


def test_vetoed_rows_are_named() -> None:
    submission = parse_submission(sheet([expert("A")], veto2=True), RUBRIC)
    assert score_panel(RUBRIC, submission).vetoed_rows == (2,)


def test_score_panel_checks_typed_submissions_too() -> None:
    scores = {row: Decimal(p) for row, p in POINTS.items()}
    good = PanelSubmission(experts=(ExpertSheet("A", scores),), veto={1: False, 2: False})
    assert score_panel(RUBRIC, good).total == Decimal("100.00")
    bad = PanelSubmission(experts=(ExpertSheet("A", {**scores, 7: Decimal("4")}),), veto={1: False})
    with pytest.raises(PanelError) as caught:
        score_panel(RUBRIC, bad)
    assert any("第 7 行" in p and "A" in p for p in caught.value.problems)
    assert any("第 2 行" in p and "veto" in p for p in caught.value.problems)


# --- Reading values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.5"), "1.5"),
        ("1.5", "1.5"),
        ("2", "2"),
        (2, "2"),
        ("0.50", "0.50"),
        ("-0", "0"),
        ("1e0", "1"),
        (1.1, "1.1"),
    ],
)
def test_to_score_accepts_numbers_and_numeric_text(value: object, expected: str) -> None:
    assert to_score(value) == Decimal(expected)


@pytest.mark.parametrize(
    "value",
    [True, False, None, "abc", "", " 1", "1,5", "NaN", "Infinity", "1_0", Decimal("NaN"), Decimal("Infinity"),
     [1], {"v": 1}, "1e-40"],
)  # fmt: skip
def test_to_score_rejects_everything_else(value: object) -> None:
    with pytest.raises(ValueError):
        to_score(value)


def test_json_numbers_are_parsed_as_exact_decimals() -> None:
    parsed = parse_json('{"a": 1.1, "b": 2, "c": NaN}')
    assert isinstance(parsed, dict)
    assert parsed["a"] == Decimal("1.1") and isinstance(parsed["a"], Decimal)
    assert parsed["b"] == Decimal(2) and isinstance(parsed["b"], Decimal)
    assert parsed["c"].is_nan()


# --- The panel as a whole ---------------------------------------------------------------


def problems_of(document: dict[str, Any]) -> list[str]:
    with pytest.raises(PanelError) as caught:
        parse_submission(document, RUBRIC)
    return caught.value.problems


def test_a_sheet_without_experts_says_so() -> None:
    assert any("没有专家评分" in p for p in problems_of(sheet([])))


@pytest.mark.parametrize("count", [1, 4])
def test_trimmed_mean_panel_too_small_names_the_minimum(count: int) -> None:
    document = sheet([expert(f"专家{i}") for i in range(1, count + 1)], aggregation="trimmed_mean")
    assert any(f"至少 5 位专家，本次只有 {count} 位" in p for p in problems_of(document))


def test_zero_written_with_decimals_is_a_score_of_zero() -> None:
    # Zero has no decimal places, however many zeros it is written with (the limit of
    # MAX_SCORE_PLACES counts significant places only).
    many = "0." + "0" * 30
    assert to_score(many) == 0
    result = score(sheet([expert("甲", {3: many})]))
    assert Decimal(result["total"]) == Decimal("100") - Decimal(POINTS[3])
