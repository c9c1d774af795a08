"""The live self-assessment: the park scored against 表A.1 from its own records (clause 10).

``assess(park, as_of)`` walks every row of the current edition of the table and asks the
evidence registry (``registry.sources_for(row)``) what answers it:

- an ``auto`` source runs its check over live data, ``check(park, as_of)``;
- a ``document`` source looks for the current document of its kind in the document library
  (``selectors.current_document``);
- a ``judgement`` source takes the latest recorded :class:`~parkops.assessment.models.Judgement`
  of the park and row.

Scoring, exactly:

* row score = points × Σ(share × fraction) over the row's sources, rounded to 0.01 half up;
  a share of the row that no source covers counts 0;
* level sums add the rounded row scores (keys as ``parkops panel-score``: ``一级`` and
  ``一级/二级``), the total adds the level sums; stars use ``panel.star_for``;
* veto rows 1 and 2 carry no points: a veto row whose sources are not all ``met`` (an entry
  in the incident register within two years) disqualifies the park: no total, no star;
* row 16, empty in the source table, is listed with status ``no_indicator`` and no score.

A row's status combines its sources' findings:

1. no source registered → ``no_source``;
2. every source ``met`` (each with evidence) and the sources cover the whole row → ``met``;
3. otherwise, anything earned (Σ share × fraction > 0) → ``partial``;
4. nothing earned: ``needs_document`` if a document is missing, else ``needs_judgement`` if a
   judgement is missing, else ``unmet``.

A check that reports ``met`` without any evidence is counted as unmet: the scorecard never
shows a row as met without something to look at.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.assessment import registry
from parkops.assessment.panel import CENT, STAR_THRESHOLDS, format_score, star_for
from parkops.assessment.registry import Action, Evidence, Finding, Source, Status
from parkops.assessment.rubric import EMPTY_ROW_NOTE, RubricRow
from parkops.core import clock

log = logging.getLogger(__name__)

ZERO = Decimal(0)
ONE = Decimal(1)
NO_INDICATOR = "no_indicator"
"""Row status of the empty row 16 (no indicator, no points); not one of the scoring statuses."""

STATUS_LABELS: dict[str, str] = {
    **{str(k): v for k, v in registry.STATUS_LABELS.items()},
    NO_INDICATOR: _("无指标"),
}
STAR_LABELS = {5: _("五星级"), 4: _("四星级"), 3: _("三星级")}
EFFORT_LABELS = {1: _("容易"), 2: _("较易"), 3: _("中等"), 4: _("较难"), 5: _("困难")}
NO_SOURCE_EFFORT = 5  # a part no platform record answers: needs new work, or the panel's own look


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Part:
    """What one source (or the uncovered rest of a row) contributes."""

    title: str
    kind: str  # "auto" | "document" | "judgement" | "none"
    share: Decimal
    finding: Finding
    key: str = ""

    @property
    def earned(self) -> Decimal:
        return self.share * self.finding.fraction


@dataclass
class RowResult:
    row: RubricRow
    score: Decimal
    status: str
    parts: list[Part] = field(default_factory=list)

    @property
    def points(self) -> Decimal | None:
        return self.row.points

    @property
    def evidence(self) -> list[Evidence]:
        return [e for p in self.parts for e in p.finding.evidence]

    @property
    def missing(self) -> list[str]:
        return [m for p in self.parts for m in p.finding.missing]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def criterion(self) -> str:
        return EMPTY_ROW_NOTE if self.row.is_empty else self.row.criterion

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row.row,
            "points": None if self.points is None else format_score(self.points),
            "score": format_score(self.score),
            "status": self.status,
            "evidence": [e.as_json() for e in self.evidence],
            "missing": list(self.missing),
        }


@dataclass
class GapItem:
    """One missing item of the gap plan: fixing it gains ``gain`` points."""

    row: int
    name: str
    title: str
    gain: Decimal
    effort: int
    missing: list[str]
    action: Action | None = None

    @property
    def ratio(self) -> Decimal:
        return self.gain / self.effort

    @property
    def effort_label(self) -> str:
        return str(EFFORT_LABELS.get(self.effort, self.effort))

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "title": self.title,
            "gain": format_score(self.gain),
            "effort": self.effort,
            "missing": list(self.missing),
            "action": self.action.as_json() if self.action else None,
        }


@dataclass
class GapPlan:
    """The cheapest set of missing items found that lifts the total to the next star.

    ``target`` is the next threshold (70, 80, 90) above the current total; ``items`` are
    ordered by points gained per unit of effort; ``reachable`` says whether they get there.
    """

    total: Decimal | None
    target: Decimal | None
    target_star: int | None
    items: list[GapItem]
    reachable: bool
    reason: str = ""

    @property
    def gain(self) -> Decimal:
        return sum((i.gain for i in self.items), ZERO)

    @property
    def total_after(self) -> Decimal | None:
        return None if self.total is None else self.total + self.gain

    def as_json(self) -> dict[str, Any]:
        return {
            "total": None if self.total is None else format_score(self.total),
            "target": None if self.target is None else format_score(self.target),
            "target_star": self.target_star,
            "reachable": self.reachable,
            "reason": self.reason,
            "gain": format_score(self.gain),
            "items": [i.as_json() for i in self.items],
        }


@dataclass
class AssessmentResult:
    park: Any
    as_of: dt.date
    rows: list[RowResult]
    disqualified: bool
    vetoed_rows: tuple[int, ...]
    total: Decimal | None
    star: int | None
    level1: dict[str, Decimal]
    level2: dict[str, Decimal]

    @property
    def star_label(self) -> str:
        if self.disqualified:
            return str(gettext("取消评估资格"))
        return str(
            STAR_LABELS.get(self.star, gettext("未达星级")) if self.star else gettext("未达星级（低于70分）")
        )

    def row(self, number: int) -> RowResult:
        return next(r for r in self.rows if r.row.row == number)

    def as_json(self) -> dict[str, Any]:
        """The ``parkops assess --json`` shape; another app freezes it as an evidence dossier."""
        return {
            "park": self.park.code,
            "as_of": self.as_of.isoformat(),
            "disqualified": self.disqualified,
            "total": None if self.total is None else format_score(self.total),
            "star": self.star,
            "level1": {k: format_score(v) for k, v in self.level1.items()},
            "level2": {k: format_score(v) for k, v in self.level2.items()},
            "indicators": [r.as_json() for r in self.rows],
        }

    def gap_plan(self) -> GapPlan:
        return gap_plan(self)


# --- Asking the sources ------------------------------------------------------------------


def _url(name: str, **query: Any) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse(name) + ("?" + urlencode(query) if query else "")


def _document_action(
    park, kind: registry.DocumentKind | None, code: str, title: str, as_of: dt.date
) -> Action:
    if kind is not None and kind.generate:
        return Action(
            _url(kind.generate, park=park.pk, as_of=as_of.isoformat()),
            gettext("生成《%(title)s》草稿") % {"title": title},
        )
    return Action(
        _url("assessment:document_add", park=park.pk, kind=code),
        gettext("上传《%(title)s》") % {"title": title},
        document_kind=code,
    )


def _judgement_action(park, row: int) -> Action:
    return Action(
        _url("assessment:judgement_add", park=park.pk, row=row),
        gettext("记录人工评定"),
        model="assessment.Judgement",
        permission="add",
    )


def _document_finding(park, src: Source, as_of: dt.date) -> Finding:
    from parkops.assessment.models import Document
    from parkops.assessment.selectors import current_document

    assert src.document_kind is not None
    doc = current_document(park, src.document_kind, as_of)
    if doc is not None:
        label = gettext("《%(title)s》%(version)s（%(date)s 生效）") % {
            "title": doc.title,
            "version": doc.version,
            "date": f"{doc.effective_on:%Y-%m-%d}",
        }
        return Finding.met([Evidence(label=label, url=doc.get_absolute_url(), date=doc.effective_on)])
    kind = registry.document_kinds().get(src.document_kind)
    title = kind.title if kind else src.title
    action = _document_action(park, kind, src.document_kind, title, as_of)
    latest = (
        Document.objects.filter(park=park, kind=src.document_kind, effective_on__lte=as_of)
        .order_by("-effective_on", "-pk")
        .first()
    )
    if latest is None and kind is not None and kind.generate:
        why = gettext("缺少现行有效的《%(title)s》：平台可按现有台账生成草稿，审定后上传文件库") % {
            "title": title
        }
    elif latest is None:
        why = gettext("缺少现行有效的《%(title)s》，请在文件库上传") % {"title": title}
    elif kind and kind.max_age_days and latest.effective_on < as_of - dt.timedelta(days=kind.max_age_days):
        why = gettext("《%(title)s》最近一版于 %(date)s 生效，已超过 %(days)s 天，请上传新版本") % {
            "title": title,
            "date": f"{latest.effective_on:%Y-%m-%d}",
            "days": kind.max_age_days,
        }
    else:
        why = gettext("《%(title)s》已失效或被替代，请上传现行版本") % {"title": title}
    return Finding(Status.NEEDS_DOCUMENT, ZERO, [], [why], effort=2, action=action)


def _judgement_finding(park, src: Source, row: int, as_of: dt.date, judgement=None) -> Finding:
    from parkops.assessment.selectors import latest_judgement

    judgement = judgement or latest_judgement(park, row, as_of)
    action = _judgement_action(park, row)
    if judgement is None:
        return Finding(
            Status.NEEDS_JUDGEMENT,
            ZERO,
            [],
            [gettext("待人工评定：%(title)s") % {"title": src.title}],
            effort=1,
            action=action,
        )
    fraction = Decimal(judgement.fraction)
    note = judgement.note if len(judgement.note) <= 40 else judgement.note[:40] + "…"
    evidence = [
        Evidence(
            label=gettext("%(who)s 评定 %(fraction)s：%(note)s")
            % {"who": judgement.judged_by, "fraction": f"{fraction:.0%}", "note": note},
            url=judgement.get_absolute_url(),
            date=judgement.judged_on,
        )
    ]
    if fraction >= ONE:
        return Finding.met(evidence)
    if fraction > ZERO:
        return Finding.partial(
            fraction,
            evidence,
            [gettext("人工评定未满分：%(title)s") % {"title": src.title}],
            effort=3,
            action=action,
        )
    return Finding.unmet(
        gettext("人工评定为不达标：%(title)s") % {"title": src.title},
        evidence=evidence,
        effort=3,
        action=action,
    )


def _auto_finding(park, src: Source, as_of: dt.date) -> Finding:
    assert src.check is not None
    try:
        # A savepoint: a failing query must not abort the caller's transaction (PostgreSQL).
        with transaction.atomic():
            finding = src.check(park, as_of)
    except Exception:  # a broken check must not take the scorecard down; it scores 0
        log.exception("evidence check %s failed for park %s", src.key, getattr(park, "code", park))
        return Finding.unmet(
            gettext("自动检查「%(title)s」出错，请联系平台管理员") % {"title": src.title}, effort=3
        )
    if finding.status == Status.MET and not finding.evidence:
        return Finding.unmet(
            gettext("「%(title)s」的检查未给出证据，按未达标计") % {"title": src.title}, effort=finding.effort
        )
    return finding


def _parts(park, row: RubricRow, as_of: dt.date) -> list[Part]:
    parts = []
    for src in registry.sources_for(row.row):
        if src.kind == "document":
            finding = _document_finding(park, src, as_of)
        elif src.kind == "judgement":
            finding = _judgement_finding(park, src, row.row, as_of)
        else:
            finding = _auto_finding(park, src, as_of)
        parts.append(Part(src.title, src.kind, src.share, finding, src.key))
    # What no platform record covers can still be self-assessed: a recorded judgement of the
    # row (with its written materials) answers the uncovered share, marked as a judgement.
    covered = sum((p.share for p in parts), ZERO)
    if row.points is not None and covered < ONE and not any(p.kind == "judgement" for p in parts):
        from parkops.assessment.selectors import latest_judgement

        judgement = latest_judgement(park, row.row, as_of)
        if judgement is not None:
            title = str(gettext("人工评定（平台无证据来源的部分）"))
            src = Source(row.row, "assessment.judgement", title, "judgement", ONE - covered)
            finding = _judgement_finding(park, src, row.row, as_of, judgement)
            parts.append(Part(title, "judgement", ONE - covered, finding, src.key))
    return parts


def _row_status(parts: list[Part], covered: Decimal) -> str:
    if not parts:
        return Status.NO_SOURCE.value
    if covered >= ONE and all(p.finding.status == Status.MET for p in parts):
        return Status.MET.value
    if sum((p.earned for p in parts), ZERO) > ZERO:
        return Status.PARTIAL.value
    statuses = {p.finding.status for p in parts}
    if Status.NEEDS_DOCUMENT in statuses:
        return Status.NEEDS_DOCUMENT.value
    if Status.NEEDS_JUDGEMENT in statuses:
        return Status.NEEDS_JUDGEMENT.value
    return Status.UNMET.value


def score_row(row: RubricRow, parts: list[Part], park=None) -> RowResult:
    """A scored row's result from its parts (the uncovered share is added as a part, with
    what the operator can do about it now: record a judgement with its written materials)."""
    assert row.points is not None
    covered = sum((p.share for p in parts), ZERO)
    status = _row_status(parts, covered)
    action = _judgement_action(park, row.row) if park is not None else None
    if not parts:
        missing = gettext(
            "平台尚无该指标的证据来源：现在可整理书面材料并记录人工评定（自评）；正式评估时由专家依据书面材料评分"
        )
        parts = [
            Part(
                str(gettext("尚无证据来源")),
                "none",
                ONE,
                Finding(Status.NO_SOURCE, ZERO, [], [missing], effort=NO_SOURCE_EFFORT, action=action),
            )
        ]
    elif covered < ONE:
        rest = ONE - covered
        missing = gettext("本行另有 %(share)s 的分值尚无证据来源：可整理书面材料并记录人工评定") % {
            "share": f"{rest:.0%}"
        }
        parts = [
            *parts,
            Part(
                str(gettext("尚无证据来源的部分")),
                "none",
                rest,
                Finding(Status.NO_SOURCE, ZERO, [], [missing], effort=NO_SOURCE_EFFORT, action=action),
            ),
        ]
    score = _round(row.points * sum((p.earned for p in parts), ZERO))
    return RowResult(row, score, status, parts)


def assess(park, as_of: dt.date | None = None, *, language: str | None = None) -> AssessmentResult:
    """Score ``park`` on ``as_of`` (today in Asia/Shanghai by default) against 表A.1.

    Findings are written in ``language`` (default: the standard's, Chinese — what
    ``as_json``, stored runs and frozen dossiers keep); a page passes its reader's."""
    from parkops.assessment.selectors import current_edition, edition_rubric

    as_of = as_of or clock.localdate()
    rubric = edition_rubric(current_edition())
    rows: list[RowResult] = []
    # Findings are the stable record (as_json, frozen dossiers): always in the standard's
    # language, whatever the reader's interface language; labels are translated on display.
    with translation.override(language or settings.LANGUAGE_CODE):
        for row in rubric:
            if row.is_empty:
                rows.append(RowResult(row, ZERO, NO_INDICATOR))
                continue
            parts = _parts(park, row, as_of)
            rows.append(veto_row(row, parts) if row.veto else score_row(row, parts, park))
    return summarise(park, as_of, rows)


CACHE_SECONDS = 24 * 3600
"""How long a cached assessment is kept; it can never be stale (see ``assess_cached``), so this
only bounds the cache's size."""


def assess_cached(park, as_of: dt.date | None = None, *, language: str | None = None) -> AssessmentResult:
    """``assess``, kept in the cache under the park's and the platform's audit-chain heads.

    Every write is audited in its own transaction and moves one of the heads, so a result
    cached under them is never stale: the mark is read before the records, and the next write
    moves it. What changes without a write is in the key too: the day (``as_of``), the reader's
    language and the code's version. Pages use this (the engine costs about 1,300 queries on
    the demo park); commands, stored runs and evaluation snapshots call ``assess``."""
    from parkops.audit.selectors import cached_under_writes

    as_of = as_of or clock.localdate()
    language = language or settings.LANGUAGE_CODE
    result = cached_under_writes(
        "assessment",
        park.pk,
        [as_of.isoformat(), language],
        lambda: assess(park, as_of, language=language),
        CACHE_SECONDS,
    )
    result.park = park  # the caller's instance, not an unpickled copy
    return result


def veto_row(row: RubricRow, parts: list[Part]) -> RowResult:
    """A veto row is met when every source finds nothing; otherwise it vetoes the park."""
    if not parts:
        status = Status.NO_SOURCE.value
    elif all(p.finding.status == Status.MET for p in parts):
        status = Status.MET.value
    else:
        status = Status.UNMET.value
    return RowResult(row, ZERO, status, parts)


def summarise(park, as_of: dt.date, rows: list[RowResult]) -> AssessmentResult:
    """Level sums, veto, total and star from the row results (分级求和法)."""
    level1: dict[str, Decimal] = {}
    level2: dict[str, Decimal] = {}
    vetoed = tuple(r.row.row for r in rows if r.row.veto and r.status == Status.UNMET.value)
    for r in rows:
        if r.points is None:
            continue
        level1[r.row.level1] = level1.get(r.row.level1, ZERO) + r.score
        level2[r.row.group] = level2.get(r.row.group, ZERO) + r.score
    total = None if vetoed else sum(level1.values(), ZERO)
    return AssessmentResult(
        park=park,
        as_of=as_of,
        rows=rows,
        disqualified=bool(vetoed),
        vetoed_rows=vetoed,
        total=total,
        star=None if total is None else star_for(total),
        level1=level1,
        level2=level2,
    )


# --- The gap plan ------------------------------------------------------------------------


def next_threshold(total: Decimal) -> tuple[Decimal, int] | None:
    """The next star threshold above ``total`` (70, 80, 90), from panel's STAR_THRESHOLDS."""
    above = [(threshold, star) for threshold, star in STAR_THRESHOLDS if threshold > total]
    return min(above) if above else None


@dataclass
class _Candidate:
    result: RowResult
    index: int  # which part of the row
    estimate: Decimal  # points × share × (1 − fraction), before rounding


def _set_gains(chosen: list[_Candidate]) -> list[Decimal]:
    """Exact gains of fixing ``chosen`` in order: differences of rounded row scores."""
    raw: dict[int, Decimal] = {}
    gains = []
    for c in chosen:
        row = c.result.row
        assert row.points is not None
        current = raw.get(row.row, sum((p.earned for p in c.result.parts), ZERO))
        part = c.result.parts[c.index]
        after = current + part.share * (ONE - part.finding.fraction)
        gains.append(_round(row.points * after) - _round(row.points * current))
        raw[row.row] = after
    return gains


def gap_plan(result: AssessmentResult) -> GapPlan:
    """The cheapest set of missing items found that reaches the next star.

    Every part of a scored row not fully earned is a candidate, worth its points × share ×
    (1 − fraction), at its finding's ``effort`` (1 easy … 5 hard; parts with no source yet
    count as 5). Candidates are taken greedily by points per effort until the total reaches
    the next threshold; then any chosen item the target can do without is dropped, costliest
    per point first. Gains are exact: per-row rounded scores before and after.
    """
    if result.disqualified:
        return GapPlan(
            None, None, None, [], False, gettext("否决项成立：须先确认近两年内无否决项事件，方可参加评估")
        )
    assert result.total is not None
    nxt = next_threshold(result.total)
    if nxt is None:
        return GapPlan(result.total, None, None, [], True, gettext("已达五星级，无更高星级"))
    target, target_star = nxt
    candidates = []
    for row_result in result.rows:
        if row_result.points is None or row_result.row.veto:
            continue
        for i, part in enumerate(row_result.parts):
            if part.finding.fraction < ONE:
                estimate = row_result.points * part.share * (ONE - part.finding.fraction)
                if estimate > ZERO:
                    candidates.append(_Candidate(row_result, i, estimate))

    def ratio(c: _Candidate) -> Decimal:
        return c.estimate / c.result.parts[c.index].finding.effort

    candidates.sort(key=lambda c: (-ratio(c), c.result.row.row, c.index))
    needed = target - result.total
    chosen: list[_Candidate] = []
    for c in candidates:
        if sum(_set_gains(chosen), ZERO) >= needed:
            break
        chosen.append(c)
    reachable = sum(_set_gains(chosen), ZERO) >= needed
    if reachable:
        for c in sorted(chosen, key=ratio):
            rest = [x for x in chosen if x is not c]
            if sum(_set_gains(rest), ZERO) >= needed:
                chosen = rest
    items = []
    for c, gain in zip(chosen, _set_gains(chosen), strict=True):
        part = c.result.parts[c.index]
        items.append(
            GapItem(
                row=c.result.row.row,
                name=c.result.row.name,
                title=part.title,
                gain=gain,
                effort=part.finding.effort,
                missing=list(part.finding.missing),
                action=part.finding.action,
            )
        )
    reason = "" if reachable else gettext("现有缺项全部补齐也达不到 %(target)s 分") % {"target": target}
    return GapPlan(result.total, target, target_star, items, reachable, reason)
