"""``parkops rubric`` and ``parkops panel-score`` (clause 10, Appendix A)."""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parkops.assessment.tests.sheets import (
    FULL_LEVEL1,
    REPO_ROOT,
    SHARED_CSV,
    SHIPPED_CSV,
    expert,
    sheet,
    write,
    zeros,
)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def reference_csv() -> Path:
    if SHARED_CSV.exists():
        return SHARED_CSV
    warnings.warn(f"{SHARED_CSV} not found: comparing with the shipped copy instead", stacklevel=2)
    return SHIPPED_CSV


def expected_rows() -> list[dict[str, object]]:
    with reference_csv().open(encoding="utf-8", newline="") as handle:
        return [
            {
                "row": int(r["row"]),
                "level1": r["level1"],
                "level2": r["level2"],
                "level3": r["level3"],
                "nature": r["nature"],
                "points": r["points"] if r["points"] else None,
                "veto": r["nature"] == "veto",
                "criterion": r["criterion"],
            }
            for r in csv.DictReader(handle)
        ]


# --- parkops rubric ---------------------------------------------------------------------


def test_rubric_json_matches_the_standard_row_for_row() -> None:
    output = run("rubric", "--json")
    rows = json.loads(output)
    assert rows == expected_rows()
    assert len(rows) == 63
    assert rows[15] == {
        "row": 16,
        "level1": "运营服务",
        "level2": "通用要求",
        "level3": "",
        "nature": "",
        "points": None,
        "veto": False,
        "criterion": rows[15]["criterion"],
    }
    assert rows[2]["points"] == "2" and rows[0]["points"] is None and rows[0]["veto"] is True
    assert "产业定位" in output  # ensure_ascii=False: Chinese as is, not \\u escapes


def test_rubric_json_keys_in_order() -> None:
    rows = json.loads(run("rubric", "--json"))
    assert all(
        list(r) == ["row", "level1", "level2", "level3", "nature", "points", "veto", "criterion"]
        for r in rows
    )


def test_rubric_readable_table_in_chinese() -> None:
    output = run("rubric")
    assert "表A.1 产业园区运营水平评分表" in output
    assert "原表此行为空，无指标、无分值" in output
    assert "否决项 2 项" in output and "计分指标 60 项" in output and "总分 100" in output
    assert "日常管理证明材料并" in output
    assert len([line for line in output.splitlines() if line.strip()[:2].strip().isdigit()]) == 63


@pytest.mark.django_db
def test_rubric_from_the_database_edition_is_the_same() -> None:
    assert json.loads(run("rubric", "--json", "--edition", "appendix-a")) == expected_rows()


@pytest.mark.django_db
def test_rubric_unknown_edition_exits_2() -> None:
    with pytest.raises(CommandError, match="appendix-a") as caught:
        run("rubric", "--edition", "no-such-edition")
    assert caught.value.returncode == 2


# --- parkops panel-score: results -------------------------------------------------------


def test_panel_score_json(tmp_path: Path) -> None:
    # Row 3: 1, 1, 2 → 1.33; row 10: 3, 2, 2 → 2.33; row 52 zero. 100 − 0.67 − 0.67 − 3 = 95.66.
    document = sheet(
        [
            expert("专家A", {3: 1, 10: "3", 52: 0}),
            expert("专家B", {3: "1", 10: 2, 52: "0"}),
            expert("专家C", {3: 2, 10: "2", 52: "0.00"}),
        ],
        aggregation="mean",
    )
    result = json.loads(run("panel-score", str(write(tmp_path / "panel.json", document)), "--json"))
    assert list(result) == ["disqualified", "total", "star", "level1", "level2", "indicators"]
    assert result["disqualified"] is False
    assert result["total"] == "95.66"
    assert result["star"] == 5
    assert result["indicators"]["3"] == "1.33"
    assert result["indicators"]["10"] == "2.33"
    assert result["indicators"]["52"] == "0.00"
    assert result["level1"]["基础条件"] == "19.66"  # 21 − 0.67 − 0.67
    assert result["level1"]["数智化"] == "5.00"
    assert result["level2"]["基础条件/空间要求"] == "5.33"  # 1 + 2.33 + 2
    assert "16" not in result["indicators"] and "1" not in result["indicators"]


def test_shipped_example_sheet() -> None:
    example = SHIPPED_CSV.parent / "panel-sheet-example.json"
    result = json.loads(run("panel-score", str(example), "--json"))
    # Row 3: 2, 1.5, 1 → 1.50; row 43: 1, 1, 2 → 1.33; row 52: 2, 2, 1.5 → 1.83;
    # row 56: 0, 0, 0 → 0.00; row 58: 0.5, 0.5, 1 → 0.67.  100 − 0.50 − 0.67 − 1.17 − 1 − 0.33.
    assert [result["indicators"][r] for r in ("3", "43", "52", "56", "58")] == [
        "1.50",
        "1.33",
        "1.83",
        "0.00",
        "0.67",
    ]
    assert result["total"] == "96.33"
    assert result["star"] == 5
    assert result["level1"] == {
        "基础条件": "20.50",
        "运营服务": "59.33",
        "数智化": "5.83",
        "绿色低碳": "6.67",
        "评价与改进": "4.00",
    }


def test_panel_score_accepts_json_numbers_and_numeric_strings_exactly(tmp_path: Path) -> None:
    # 1.1 as a JSON number must not become 1.1000000000000000888 (float): 1.1, 1.1, 1.2 → 1.13.
    text = json.dumps(sheet([expert("A"), expert("B"), expert("C")]), ensure_ascii=False)
    document = json.loads(text)
    document["experts"][0]["scores"]["3"] = "__A__"
    document["experts"][1]["scores"]["3"] = "__B__"
    document["experts"][2]["scores"]["3"] = "1.2"
    raw = json.dumps(document).replace('"__A__"', "1.1").replace('"__B__"', "1.10")
    path = tmp_path / "panel.json"
    path.write_text(raw, encoding="utf-8")
    result = json.loads(run("panel-score", str(path), "--json"))
    assert result["indicators"]["3"] == "1.13"  # 3.4 / 3 = 1.1333…
    assert result["total"] == "99.13"


def test_panel_score_disqualified(tmp_path: Path) -> None:
    path = write(tmp_path / "panel.json", sheet([expert("专家A"), expert("专家B")], veto1=True))
    result = json.loads(run("panel-score", str(path), "--json"))
    assert result["disqualified"] is True
    assert result["total"] is None
    assert result["star"] is None
    assert result["level1"] == FULL_LEVEL1


def test_panel_score_readable(tmp_path: Path) -> None:
    path = write(
        tmp_path / "panel.json", sheet([expert("专家A", zeros(7, 10, 52)), expert("专家B", zeros(7, 10, 52))])
    )
    output = run("panel-score", str(path))
    assert "综合评估得分 91.00，五星级" in output
    assert "运营服务/物业服务" in output
    vetoed = write(tmp_path / "veto.json", sheet([expert("专家A")], veto2=True))
    output = run("panel-score", str(vetoed))
    assert "取消参加评估资格" in output and "责任事故" in output


# One expert. Zero rows 10, 24, 27, 52 (3 each) and 22, 23, 25, 28-33 (2 each, nine rows): −30.
LOSE_30 = zeros(10, 24, 27, 52, 22, 23, 25, 28, 29, 30, 31, 32, 33)
# Zero rows 10, 24, 27 (3 each) and give row 52 two of its three points: −10.
LOSE_10 = {**zeros(10, 24, 27), 52: "2"}


@pytest.mark.parametrize(
    ("overrides", "total", "star"),
    [
        ({**LOSE_30, 7: "2.99"}, "69.99", "未达星级"),  # 100 − 30 − 0.01
        ({**LOSE_30, 7: "3"}, "70.00", "三星级"),
        ({**LOSE_10, 9: "0.99"}, "89.99", "四星级"),  # 100 − 10 − 0.01
        ({**LOSE_10, 9: "1"}, "90.00", "五星级"),
    ],
)
def test_panel_score_boundaries_through_the_command(
    tmp_path: Path, overrides: dict[int, object], total: str, star: str
) -> None:
    path = write(tmp_path / "panel.json", sheet([expert("专家A", overrides)]))
    result = json.loads(run("panel-score", str(path), "--json"))
    assert result["total"] == total
    assert result["star"] == {"未达星级": None, "三星级": 3, "四星级": 4, "五星级": 5}[star]
    assert f"综合评估得分 {total}，{star}" in run("panel-score", str(path))


# --- parkops panel-score: sheets that cannot be scored ----------------------------------

Mutation = Callable[[Any], Any]


def _set_score(index: int, row: str, value: object) -> Mutation:
    def mutate(doc: dict) -> object:
        doc["experts"][index]["scores"][row] = value
        return doc

    return mutate


def _drop_score(index: int, row: str) -> Mutation:
    def mutate(doc: dict) -> object:
        del doc["experts"][index]["scores"][row]
        return doc

    return mutate


def _set(key: str, value: object) -> Mutation:
    def mutate(doc: dict) -> object:
        doc[key] = value
        return doc

    return mutate


def _rename(index: int, name: object) -> Mutation:
    def mutate(doc: dict) -> object:
        doc["experts"][index]["expert"] = name
        return doc

    return mutate


def _del_veto(row: str) -> Mutation:
    def mutate(doc: dict) -> object:
        del doc["veto"][row]
        return doc

    return mutate


def _veto(row: str, value: object) -> Mutation:
    def mutate(doc: dict) -> object:
        doc["veto"][row] = value
        return doc

    return mutate


def _drop_experts(keep: int) -> Mutation:
    def mutate(doc: dict) -> object:
        doc["experts"] = doc["experts"][:keep]
        return doc

    return mutate


BAD_SHEETS: list[tuple[str, Mutation, list[str]]] = [
    ("above-points", _set_score(1, "7", "3.5"), ["专家B", "第 7 行", "超过该行分值 3", "above"]),
    ("above-points-number", _set_score(0, "9", 1.01), ["专家A", "第 9 行", "超过该行分值 1"]),
    ("below-zero", _set_score(1, "9", "-0.5"), ["专家B", "第 9 行", "低于 0", "below zero"]),
    ("text", _set_score(2, "12", "两分"), ["专家C", "第 12 行", "不是数字", "not a number"]),
    ("comma", _set_score(2, "12", "1,5"), ["专家C", "第 12 行", "不是数字"]),
    ("empty-text", _set_score(0, "5", ""), ["专家A", "第 5 行", "不是数字"]),
    ("boolean", _set_score(0, "3", True), ["专家A", "第 3 行", "true 不是数字"]),
    ("null", _set_score(0, "3", None), ["专家A", "第 3 行", "null 不是数字"]),
    ("nan-text", _set_score(1, "4", "NaN"), ["专家B", "第 4 行", "不是数字"]),
    ("list", _set_score(1, "4", [1]), ["专家B", "第 4 行", "不是数字"]),
    ("missing-row", _drop_score(2, "33"), ["专家C", "缺少第 33 行", "missing rows 33"]),
    ("unknown-row", _set_score(0, "99", "1"), ["专家A", "第 99 行", "unknown row 99"]),
    ("not-a-row", _set_score(0, "第3行", "1"), ["专家A", "第3行", "不是行号"]),
    ("row-zero", _set_score(0, "0", "1"), ["专家A", '"0"', "不是行号"]),
    ("empty-row-16", _set_score(1, "16", "1"), ["专家B", "第 16 行", "原表此行为空", "carries no points"]),
    ("veto-row-1", _set_score(0, "1", "0"), ["专家A", "第 1 行", "否决项不打分", "veto row"]),
    ("veto-row-2", _set_score(2, "2", 0), ["专家C", "第 2 行", "否决项不打分"]),
    ("veto-string", _veto("1", "false"), ["veto", "第 1 行", "true 或 false", "boolean"]),
    ("veto-number", _veto("2", 0), ["veto", "第 2 行", "true 或 false"]),
    ("veto-null", _veto("2", None), ["veto", "第 2 行", "null"]),
    ("veto-missing-row", _del_veto("2"), ["veto", "缺少第 2 行", "missing veto row 2"]),
    ("veto-missing", _set("veto", {}), ["缺少第 1 行", "缺少第 2 行"]),
    ("veto-not-object", _set("veto", [False, False]), ["veto 应为 JSON 对象"]),
    ("veto-extra-row", _veto("3", False), ["第 3 行不是否决项"]),
    ("aggregation", _set("aggregation", "median"), ["未知的汇总规则", "median", "unknown aggregation"]),
    ("aggregation-null", _set("aggregation", None), ["未知的汇总规则"]),
    ("misspelt-key", _set("aggregaton", "trimmed_mean"), ["未知的键", "aggregaton"]),
    ("no-experts", _set("experts", []), ["没有专家评分", "no experts"]),
    ("experts-missing", lambda doc: {k: v for k, v in doc.items() if k != "experts"}, ["experts", "列表"]),
    ("duplicate-names", _rename(2, "专家A"), ["专家A", "重复出现 2 次", "duplicate expert"]),
    ("nameless", _rename(1, ""), ["第 2 位专家缺少姓名"]),
    (
        "trimmed-four",
        lambda doc: _set("aggregation", "trimmed_mean")(_drop_experts(4)(doc)),
        ["至少 5 位专家", "只有 4 位"],
    ),
    ("trimmed-three", lambda doc: _set("aggregation", "trimmed_mean")(_drop_experts(3)(doc)), ["只有 3 位"]),
    ("top-level-list", lambda doc: [doc], ["顶层应为 JSON 对象"]),
]


def _good_sheet() -> dict:
    return sheet([expert("专家A"), expert("专家B"), expert("专家C"), expert("专家D")])


@pytest.mark.parametrize(("mutate", "fragments"), [c[1:] for c in BAD_SHEETS], ids=[c[0] for c in BAD_SHEETS])
def test_bad_sheets_exit_2_naming_expert_and_row(
    tmp_path: Path, mutate: Mutation, fragments: list[str]
) -> None:
    path = write(tmp_path / "panel.json", mutate(copy.deepcopy(_good_sheet())))
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("panel-score", str(path), "--json", stdout=out)
    assert caught.value.returncode == 2
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert out.getvalue() == ""  # nothing written


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('{"veto": {"1": false, "2": false}, "experts": [', ["不是有效的 JSON", "malformed JSON"]),
        ("", ["不是有效的 JSON"]),
        ("[" * 100_000, ["JSON"]),
        ("not json", ["文件第 1 行第 1 列"]),
    ],
)
def test_malformed_json_exits_2(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = tmp_path / "panel.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("panel-score", str(path), "--json")
    assert caught.value.returncode == 2
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_json_constants_nan_and_infinity_exit_2(tmp_path: Path) -> None:
    raw = json.dumps(_good_sheet(), ensure_ascii=False)
    raw = raw.replace('"4": "2"', '"4": NaN', 1).replace('"5": "2"', '"5": -Infinity', 1)
    path = tmp_path / "panel.json"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("panel-score", str(path), "--json")
    message = str(caught.value)
    assert caught.value.returncode == 2
    assert "专家「专家A」第 4 行（规划设计）：评分 NaN 不是有效数字" in message
    assert "专家「专家A」第 5 行（入园条件）：评分 -Infinity 不是有效数字" in message


def test_duplicate_keys_exit_2(tmp_path: Path) -> None:
    raw = json.dumps(_good_sheet(), ensure_ascii=False).replace('"3": "2"', '"3": "2", "3": "1"', 1)
    path = tmp_path / "panel.json"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("panel-score", str(path), "--json")
    assert "专家A" in str(caught.value) and "第 3 行的评分出现了多次" in str(caught.value)


def test_unreadable_files_exit_2(tmp_path: Path) -> None:
    for path, fragment in [
        (tmp_path / "missing.json", "无法读取评分文件"),
        (tmp_path, "无法读取评分文件"),
    ]:
        with pytest.raises(CommandError) as caught:
            run("panel-score", str(path), "--json")
        assert caught.value.returncode == 2
        assert fragment in str(caught.value)
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"experts": "é"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run("panel-score", str(latin), "--json")


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    document = _good_sheet()
    document["experts"][0]["scores"]["7"] = "4"
    document["experts"][3]["scores"]["9"] = "x"
    path = write(tmp_path / "panel.json", document)
    with pytest.raises(CommandError) as caught:
        run("panel-score", str(path), "--json")
    message = str(caught.value)
    assert "专家「专家A」第 7 行（管理和服务团队）：评分 4 超过该行分值 3" in message
    assert '专家「专家D」第 9 行（服务空间）：评分 "x" 不是数字' in message


# --- The installed console script -------------------------------------------------------


def _console_script() -> str | None:
    local = REPO_ROOT / ".venv" / "bin" / "parkops"
    if local.exists():
        return str(local)
    beside = Path(sys.executable).parent / "parkops"
    return str(beside) if beside.exists() else shutil.which("parkops")


def test_console_script_panel_score(tmp_path: Path) -> None:
    script = _console_script()
    if script is None:
        pytest.skip("the parkops console script is not installed yet")
    env = dict(os.environ)
    good = write(tmp_path / "good.json", _good_sheet() | {"aggregation": "mean"})
    done = subprocess.run(
        [script, "panel-score", str(good), "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == "100.00"

    bad_document = _good_sheet()
    bad_document["experts"][1]["scores"]["7"] = "3.5"
    bad = write(tmp_path / "bad.json", bad_document)
    done = subprocess.run(
        [script, "panel-score", str(bad), "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "专家B" in done.stderr and "第 7 行" in done.stderr

    done = subprocess.run([script, "rubric", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected_rows()
