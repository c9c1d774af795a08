"""Expert-panel scoring of one park against 表A.1 (clause 10, Appendix A). Pure Python.

Clause 10.1 has an expert panel score each indicator from the materials and a site visit, and
sums the scores level by level (分级求和法). The standard does not say how several experts'
scores for the same indicator become one, so the rule is explicit here and chosen per
evaluation (:class:`Aggregation`):

* ``mean`` (default): the arithmetic mean of all experts' scores;
* ``trimmed_mean``: drop one highest and one lowest score, then take the mean; it needs at
  least :data:`TRIMMED_MEAN_MIN_EXPERTS` experts so that three scores remain.

Then, exactly:

* each row's panel score is rounded to two decimals, half up (1.125 → 1.13);
* the second-level sums, the first-level sums and the total add up those rounded row scores,
  so the published row scores always add up to the published total;
* a veto item (rows 1 and 2, clause 10.2) found true takes the park out of the evaluation:
  no total and no star. The row and level scores are still returned, as the panel's record
  of what it scored, but they are not an evaluation score;
* stars (clause 10.3): total ≥ 90 → 5, ≥ 80 → 4, ≥ 70 → 3, below 70 → none.

All arithmetic is exact ``Decimal`` arithmetic (no float anywhere): sums are computed in a
context that traps any rounding, and the one division (the mean) is done as an integer
division with its remainder, so the half-up rounding never depends on a context's precision.

Only rows that carry points are scored; the veto rows are answered with ``true``/``false``,
and row 16, empty in the source table, takes no score. The level sums therefore cover the 5
scored first-level indicators and their 18 second-level groups (否决项 carries no points).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from enum import StrEnum
from fractions import Fraction
from pathlib import Path

from parkops.assessment.rubric import EMPTY_ROW_NOTE, Rubric, RubricRow, load_rubric, points_text


class Aggregation(StrEnum):
    """How the experts' scores for one indicator are combined (the standard leaves it open)."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"


TRIMMED_MEAN_MIN_EXPERTS = 5
MAX_SCORE_PLACES = 28
"""A score may have at most this many decimal places (trailing zeros aside)."""

CENT = Decimal("0.01")
STAR_THRESHOLDS: tuple[tuple[Decimal, int], ...] = ((Decimal(90), 5), (Decimal(80), 4), (Decimal(70), 3))
"""Clause 10.3: 综合评估得分 ≥ 90 五星级, 80 ≤ … < 90 四星级, 70 ≤ … < 80 三星级."""

# Scores are bounded by their row's points and by MAX_SCORE_PLACES, so 120 digits hold every
# sum exactly; trapping Inexact turns any mistake in that reasoning into an error, never a
# silently rounded score.
_EXACT = Context(
    prec=120,
    rounding=ROUND_HALF_UP,
    traps=[Inexact, InvalidOperation, DivisionByZero, Overflow],
)

_SCORE_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ROW_KEY = re.compile(r"[1-9]\d{0,5}")
_DOCUMENT_KEYS = frozenset({"aggregation", "veto", "experts"})
_EXPERT_KEYS = frozenset({"expert", "scores"})


class PanelError(ValueError):
    """The panel's score sheet cannot be scored; ``problems`` lists every reason found."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ExpertSheet:
    """One expert's scores, keyed by row number (序号) of 表A.1."""

    expert: str
    scores: Mapping[int, Decimal]


@dataclass(frozen=True)
class PanelSubmission:
    """A panel's complete score sheet for one park: the rule, the veto findings, the scores."""

    experts: tuple[ExpertSheet, ...]
    veto: Mapping[int, bool]
    aggregation: Aggregation = Aggregation.MEAN


@dataclass(frozen=True)
class PanelResult:
    """The evaluation result of clause 10: row scores, level sums, total and star.

    ``total`` and ``star`` are None when a veto item is found (``disqualified``); ``star`` is
    also None for a total below 70. Level sums and row scores are kept either way.
    """

    disqualified: bool
    vetoed_rows: tuple[int, ...]
    total: Decimal | None
    star: int | None
    level1: dict[str, Decimal]
    level2: dict[str, Decimal]
    indicators: dict[int, Decimal]

    def as_json(self) -> dict[str, object]:
        """The result as ``parkops panel-score --json`` prints it: numbers as two-decimal text."""
        return {
            "disqualified": self.disqualified,
            "total": None if self.total is None else format_score(self.total),
            "star": self.star,
            "level1": {name: format_score(value) for name, value in self.level1.items()},
            "level2": {name: format_score(value) for name, value in self.level2.items()},
            "indicators": {str(row): format_score(value) for row, value in self.indicators.items()},
        }


def format_score(value: Decimal) -> str:
    """A rounded score as text with exactly two decimals, e.g. ``83.50``.

    Only for scores already rounded to 0.01: anything finer raises rather than round again.
    """
    return format(value.quantize(CENT, context=_EXACT), "f")


def _exact_sum(values: Sequence[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = _EXACT.add(total, value)
    return total


def mean_half_up(total: Decimal, count: int) -> Decimal:
    """``total / count`` rounded to two decimals, half up, computed exactly.

    The division is an integer division of ``total × 100`` with its remainder, so a mean that
    is exactly halfway (1.125) always rounds up and one just below never does.
    """
    if count <= 0:
        raise ValueError("count must be positive")
    quotient, remainder = _EXACT.divmod(_EXACT.scaleb(total, 2), count)
    if _EXACT.multiply(remainder, 2) >= count:
        quotient = _EXACT.add(quotient, 1)
    return _EXACT.scaleb(quotient, -2).quantize(CENT, context=_EXACT)


def _kept_scores(scores: Sequence[Decimal], aggregation: Aggregation) -> list[Decimal]:
    """The scores the rule averages: all of them, or all but one highest and one lowest."""
    if not scores:
        raise PanelError("没有专家评分 (no expert scores)")
    kept = list(scores)
    if aggregation is Aggregation.TRIMMED_MEAN:
        if len(kept) < TRIMMED_MEAN_MIN_EXPERTS:
            raise PanelError(_trimmed_too_few(len(kept)))
        kept = sorted(kept)[1:-1]
    return kept


def combine_scores(scores: Sequence[Decimal], aggregation: Aggregation = Aggregation.MEAN) -> Decimal:
    """The panel score of one indicator from its experts' scores, rounded half up to 0.01."""
    kept = _kept_scores(scores, aggregation)
    return mean_half_up(_exact_sum(kept), len(kept))


def unrounded_total(rubric: Rubric, submission: PanelSubmission) -> Fraction:
    """The exact total the panel's scores give when no row is rounded: each row's combined
    score before rounding, summed. Shown beside the published total (which sums the rounded
    rows) so that a reader sees what per-row rounding did; never used for the star."""
    problems = check_submission(rubric, submission)
    if problems:
        raise PanelError(problems)
    total = Fraction(0)
    for row in rubric.scored_rows:
        kept = _kept_scores([sheet.scores[row.row] for sheet in submission.experts], submission.aggregation)
        total += Fraction(_exact_sum(kept)) / len(kept)
    return total


def star_for(total: Decimal) -> int | None:
    """The star of clause 10.3 for a total: 5, 4, 3, or None below 70."""
    for threshold, star in STAR_THRESHOLDS:
        if total >= threshold:
            return star
    return None


# --- Checking a score sheet --------------------------------------------------------------


def _who(name: str) -> str:
    return f"专家「{name}」"


def _row_label(row: RubricRow) -> str:
    return f"第 {row.row} 行（{row.name}）"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)
    return type(value).__name__


def _trimmed_too_few(count: int) -> str:
    return (
        f"去掉最高分和最低分（trimmed_mean）需要至少 {TRIMMED_MEAN_MIN_EXPERTS} 位专家，本次只有 {count} 位 "
        f"(trimmed_mean needs at least {TRIMMED_MEAN_MIN_EXPERTS} experts, got {count})"
    )


def _decimal_places(value: Decimal) -> int:
    """Decimal places of a finite value, trailing zeros aside (``1.50`` has one)."""
    if value == 0:
        return 0
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite values only
    places, last = -exponent, len(digits) - 1
    while places > 0 and last > 0 and digits[last] == 0:
        places, last = places - 1, last - 1
    return max(places, 0)


class ScoreValueError(ValueError):
    """A value that is not a usable score; ``zh`` and ``en`` say why."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} ({en})")


def to_score(value: object) -> Decimal:
    """A score from a JSON number (parsed as Decimal) or a string holding one.

    Raises ScoreValueError for anything else: booleans, null, NaN, Infinity, text such as
    ``"1,5"`` or ``"两分"``, and more than :data:`MAX_SCORE_PLACES` decimal places.
    """
    if isinstance(value, bool) or value is None:
        raise ScoreValueError(f"{_show(value)} 不是数字", "not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Programmatic callers only (JSON is parsed with parse_float=Decimal); str() keeps
        # the digits as written, 1.1 → Decimal("1.1").
        number = Decimal(str(value))
    elif isinstance(value, str) and _SCORE_TEXT.fullmatch(value):
        number = Decimal(value)
    else:
        raise ScoreValueError(f"{_show(value)} 不是数字", "not a number")
    if not number.is_finite():
        raise ScoreValueError(f"{_show(value)} 不是有效数字", "NaN or Infinity is not a score")
    if _decimal_places(number) > MAX_SCORE_PLACES:
        raise ScoreValueError(
            f"{_show(value)} 小数位数过多，最多 {MAX_SCORE_PLACES} 位", "too many decimal places"
        )
    return Decimal(0) if number == 0 else number


def _expert_problems(
    rubric: Rubric,
    name: str,
    scores: Mapping[int, Decimal],
    unreadable: frozenset[int] = frozenset(),
) -> list[str]:
    """Range and coverage problems of one expert's sheet; ``unreadable`` rows were reported."""
    problems: list[str] = []
    who = _who(name)
    for row_number, score in scores.items():
        row = rubric.get(row_number)
        if row is None:
            problems.append(
                f"{who}第 {row_number} 行：表A.1 中没有这一行 (expert {name}: unknown row {row_number})"
            )
        elif row.veto:
            problems.append(
                f"{who}{_row_label(row)}：否决项不打分，请在 veto 中填写 true 或 false "
                f"(expert {name}, row {row_number}: veto row, not scored)"
            )
        elif row.points is None:
            problems.append(
                f"{who}第 {row_number} 行：{EMPTY_ROW_NOTE}，不能打分 "
                f"(expert {name}, row {row_number}: row carries no points)"
            )
        elif score < 0:
            problems.append(
                f"{who}{_row_label(row)}：评分 {score} 低于 0 (expert {name}, row {row_number}: score below zero)"
            )
        elif score > row.points:
            limit = points_text(row.points)
            problems.append(
                f"{who}{_row_label(row)}：评分 {score} 超过该行分值 {limit} "
                f"(expert {name}, row {row_number}: score {score} above the row's {limit} points)"
            )
    missing = [r.row for r in rubric.scored_rows if r.row not in scores and r.row not in unreadable]
    if missing:
        rows = "、".join(map(str, missing))
        problems.append(
            f"{who}缺少第 {rows} 行的评分 (expert {name}: missing rows {', '.join(map(str, missing))})"
        )
    return problems


def _panel_problems(rubric: Rubric, submission: PanelSubmission, expert_count: int | None) -> list[str]:
    """Problems of the panel as a whole: experts, names, the rule's minimum, veto findings.

    ``expert_count`` is how many experts the sheet lists (some may be unusable and so missing
    from ``submission``); None when the list itself is missing, which is reported elsewhere.
    """
    problems: list[str] = []
    if expert_count == 0:
        problems.append("没有专家评分：experts 为空 (no experts)")
    names = [e.expert for e in submission.experts]
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        problems.append(f"{_who(name)}重复出现 {names.count(name)} 次 (duplicate expert name {name})")
    trimmed = submission.aggregation is Aggregation.TRIMMED_MEAN
    if trimmed and expert_count is not None and 0 < expert_count < TRIMMED_MEAN_MIN_EXPERTS:
        problems.append(_trimmed_too_few(expert_count))
    veto_rows = {r.row: r for r in rubric.veto_rows}
    for row_number in submission.veto:
        if row_number not in veto_rows:
            problems.append(
                f"veto 中的第 {row_number} 行不是否决项，否决项为第 {'、'.join(map(str, veto_rows))} 行 "
                f"(row {row_number} is not a veto row)"
            )
    for row_number, row in veto_rows.items():
        if row_number not in submission.veto:
            problems.append(
                f"veto 缺少{_row_label(row)}：请填写 true 或 false (missing veto row {row_number})"
            )
        elif not isinstance(submission.veto[row_number], bool):
            problems.append(
                f"veto {_row_label(row)}的值应为 true 或 false，实为 {_show(submission.veto[row_number])} "
                f"(veto row {row_number} must be a boolean)"
            )
    return problems


def check_submission(rubric: Rubric, submission: PanelSubmission) -> list[str]:
    """Every reason the submission cannot be scored against ``rubric``; empty when it can."""
    problems = _panel_problems(rubric, submission, len(submission.experts))
    for sheet in submission.experts:
        problems.extend(_expert_problems(rubric, sheet.expert, sheet.scores))
    return problems


# --- Reading a score sheet from JSON ----------------------------------------------------


class _JSONObject(dict[str, object]):
    """A JSON object that remembers keys given twice (``json`` would keep the last silently)."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, object]]) -> _JSONObject:
    obj = _JSONObject()
    seen: list[str] = []
    for key, value in pairs:
        if key in obj:
            seen.append(key)
        obj[key] = value
    obj.duplicates = tuple(dict.fromkeys(seen))
    return obj


def parse_json(text: str) -> object:
    """Parse JSON with every number as an exact Decimal (NaN and Infinity included, to reject)."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_int=Decimal,
        parse_constant=Decimal,
        object_pairs_hook=_object_pairs,
    )


def _duplicates(obj: Mapping[str, object], where: str) -> list[str]:
    keys = getattr(obj, "duplicates", ())
    return [f"{where}的键 {_show(k)} 出现了多次 (duplicate key {k!r} in {where})" for k in keys]


def parse_submission(document: object, rubric: Rubric) -> PanelSubmission:
    """Check a parsed score sheet and return it typed, or raise PanelError listing every problem.

    The expected shape::

        {"aggregation": "mean",
         "veto": {"1": false, "2": false},
         "experts": [{"expert": "专家A", "scores": {"3": "2", "4": 1.5, ...}}, ...]}

    ``aggregation`` may be left out (``mean``); any other key is refused, so that a misspelt
    ``aggregation`` cannot silently fall back to the mean.
    """
    if not isinstance(document, Mapping):
        raise PanelError("评分文件的顶层应为 JSON 对象 (top level must be a JSON object)")
    problems: list[str] = _duplicates(document, "评分文件顶层")
    unknown = sorted(set(document) - _DOCUMENT_KEYS)
    if unknown:
        problems.append(
            f"评分文件含未知的键 {'、'.join(map(_show, unknown))}，只允许 aggregation、veto、experts "
            f"(unknown keys: {', '.join(unknown)})"
        )

    aggregation = Aggregation.MEAN
    raw_aggregation = document.get("aggregation", Aggregation.MEAN.value)
    if isinstance(raw_aggregation, str) and raw_aggregation in {a.value for a in Aggregation}:
        aggregation = Aggregation(raw_aggregation)
    else:
        problems.append(
            f"未知的汇总规则 {_show(raw_aggregation)}，可选 mean（算术平均）或 trimmed_mean（去掉一个最高分和一个最低分）"
            f" (unknown aggregation)"
        )

    veto: dict[int, bool] = {}
    raw_veto = document.get("veto", {})
    if not isinstance(raw_veto, Mapping):
        # Each veto row is then reported missing by _panel_problems.
        problems.append('veto 应为 JSON 对象，如 {"1": false, "2": false} (veto must be an object)')
    else:
        problems.extend(_duplicates(raw_veto, "veto "))
        for key, value in raw_veto.items():
            if not _ROW_KEY.fullmatch(key):
                problems.append(f"veto 中的键 {_show(key)} 不是行号 (veto key {key!r} is not a row number)")
                continue
            veto[int(key)] = value  # a boolean or not: _panel_problems says which

    experts: list[ExpertSheet] = []
    # Reported after the panel-wide problems, expert by expert: unreadable values first,
    # then range and coverage.
    expert_problems: list[str] = []
    raw_experts = document.get("experts")
    expert_count: int | None = None
    if isinstance(raw_experts, list):
        expert_count = len(raw_experts)
        for index, raw in enumerate(raw_experts, start=1):
            sheet, sheet_problems, bad_rows = _parse_expert(raw, index, rubric)
            expert_problems.extend(sheet_problems)
            if sheet is not None:
                experts.append(sheet)
                expert_problems.extend(_expert_problems(rubric, sheet.expert, sheet.scores, bad_rows))
    else:
        problems.append("缺少 experts：应为专家评分的列表 (experts must be a list)")

    submission = PanelSubmission(experts=tuple(experts), veto=veto, aggregation=aggregation)
    problems.extend(_panel_problems(rubric, submission, expert_count))
    problems.extend(expert_problems)
    if problems:
        raise PanelError(problems)
    return submission


def _parse_expert(
    raw: object, index: int, rubric: Rubric
) -> tuple[ExpertSheet | None, list[str], frozenset[int]]:
    """One entry of ``experts``: its typed sheet (None if unusable), problems, unreadable rows."""
    if not isinstance(raw, Mapping):
        return (
            None,
            [f"第 {index} 位专家的评分应为 JSON 对象 (expert #{index} must be an object)"],
            frozenset(),
        )
    name = raw.get("expert")
    if not isinstance(name, str) or not name.strip():
        return None, [f"第 {index} 位专家缺少姓名 expert (expert #{index}: missing name)"], frozenset()
    name = name.strip()
    who = _who(name)
    problems = _duplicates(raw, f"{who}评分")
    unknown = sorted(set(raw) - _EXPERT_KEYS)
    if unknown:
        problems.append(
            f"{who}含未知的键 {'、'.join(map(_show, unknown))}，只允许 expert、scores "
            f"(expert {name}: unknown keys {', '.join(unknown)})"
        )
    raw_scores = raw.get("scores")
    if not isinstance(raw_scores, Mapping):
        problems.append(f"{who}缺少 scores：应为“行号: 评分”的对象 (expert {name}: scores must be an object)")
        return None, problems, frozenset()
    for key in getattr(raw_scores, "duplicates", ()):
        problems.append(f"{who}第 {key} 行的评分出现了多次 (expert {name}, row {key}: scored twice)")
    scores: dict[int, Decimal] = {}
    bad: set[int] = set()
    for key, value in raw_scores.items():
        if not _ROW_KEY.fullmatch(key):
            problems.append(f"{who}评分中的键 {_show(key)} 不是行号 (expert {name}: unknown row {key!r})")
            continue
        row_number = int(key)
        row = rubric.get(row_number)
        label = _row_label(row) if row is not None else f"第 {row_number} 行"
        try:
            scores[row_number] = to_score(value)
        except ScoreValueError as reason:
            problems.append(f"{who}{label}：评分 {reason.zh} (expert {name}, row {row_number}: {reason.en})")
            bad.add(row_number)
    return ExpertSheet(expert=name, scores=scores), problems, frozenset(bad)


def load_submission(path: Path, rubric: Rubric) -> PanelSubmission:
    """Read, parse and check a panel score sheet from a UTF-8 JSON file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PanelError(f"无法读取评分文件 {path}：{error.strerror or error} (unreadable file)") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PanelError(f"评分文件 {path} 不是 UTF-8 编码 (file is not UTF-8)") from None
    try:
        document = parse_json(text)
    except json.JSONDecodeError as error:
        raise PanelError(
            f"评分文件 {path} 不是有效的 JSON：文件第 {error.lineno} 行第 {error.colno} 列，{error.msg} "
            f"(malformed JSON)"
        ) from None
    except RecursionError:
        raise PanelError(f"评分文件 {path} 嵌套过深 (malformed JSON: nested too deeply)") from None
    return parse_submission(document, rubric)


# --- Scoring ----------------------------------------------------------------------------


def score_panel(rubric: Rubric, submission: PanelSubmission) -> PanelResult:
    """Score a park per clause 10: combine, round, sum level by level, apply vetoes and stars."""
    problems = check_submission(rubric, submission)
    if problems:
        raise PanelError(problems)
    indicators: dict[int, Decimal] = {}
    level1: dict[str, Decimal] = {}
    level2: dict[str, Decimal] = {}
    for row in rubric.scored_rows:
        score = combine_scores(
            [sheet.scores[row.row] for sheet in submission.experts], submission.aggregation
        )
        indicators[row.row] = score
        level1[row.level1] = _EXACT.add(level1.get(row.level1, Decimal(0)), score)
        level2[row.group] = _EXACT.add(level2.get(row.group, Decimal(0)), score)
    vetoed = tuple(r.row for r in rubric.veto_rows if submission.veto[r.row])
    total = None if vetoed else _exact_sum(list(level1.values())).quantize(CENT, context=_EXACT)
    return PanelResult(
        disqualified=bool(vetoed),
        vetoed_rows=vetoed,
        total=total,
        star=None if total is None else star_for(total),
        level1=level1,
        level2=level2,
        indicators=indicators,
    )


def score_file(path: Path, rubric: Rubric | None = None) -> PanelResult:
    """Score the panel sheet in ``path`` against ``rubric`` (by default the shipped 表A.1)."""
    rubric = rubric if rubric is not None else load_rubric()
    return score_panel(rubric, load_submission(path, rubric))
