"""The evidence registry: how each domain says which indicator rows of 表A.1 it answers.

The assessment engine knows no domain. Each app declares, in its own ``evidence.py``, the
sources it offers for rows of the scoring table, with one of three kinds:

- ``auto``: a check over live data, e.g. row 30 — a satisfaction survey closed within the
  last 12 months with its analysis and improvement plan;
- ``document``: a current document of a registered kind in the document library, e.g.
  row 11 — a 空间管理制度 in force;
- ``judgement``: a judgement recorded by a person (an operator's self-assessment note or an
  assessor's finding), for criteria no data can prove.

A row's points are split between its sources by ``share`` (the shares of a row sum to at
most 1; a part with no source yet counts as "no evidence source yet", never as met).

Example (``parkops/service/evidence.py``)::

    from decimal import Decimal
    from parkops.assessment.registry import Evidence, Finding, Status, document_source, source

    @source(row=30, key="service.survey", title="年度满意度调查及分析改进")
    def yearly_survey(park, as_of):
        survey = ...  # the latest closed survey of the park within 12 months before as_of
        if survey is None:
            return Finding.unmet("近 12 个月内没有已结束的满意度调查")
        ...
        return Finding.met([Evidence(label=f"{survey.title}（回收率 {rate}%）", url=survey.get_absolute_url(),
                                     date=survey.closed_on)])

    document_source(row=32, key="environment.standards", title="园区环境管养标准",
                    document_kind="environment_standard", share=Decimal("0.5"))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

ONE = Decimal(1)
ZERO = Decimal(0)


class Status(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    NEEDS_DOCUMENT = "needs_document"
    NEEDS_JUDGEMENT = "needs_judgement"
    NO_SOURCE = "no_source"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.MET: _("达标"),
    Status.PARTIAL: _("部分达标"),
    Status.UNMET: _("未达标"),
    Status.NEEDS_DOCUMENT: _("缺少文件"),
    Status.NEEDS_JUDGEMENT: _("待人工评定"),
    Status.NO_SOURCE: _("尚无证据来源"),
}


@dataclass
class Evidence:
    """One piece of evidence: a record, a count or a document, with a link to it."""

    label: str
    url: str = ""
    count: int | None = None
    date: dt.date | None = None

    @property
    def text(self) -> str:
        """The label with its count, unless the label already states that number."""
        if self.count is None or re.search(rf"(?<![\d.]){self.count}(?![\d.])", self.label):
            return self.label
        return f"{self.label}：{self.count}"

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "url": self.url,
            "count": self.count,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Action:
    """Where the operator fixes a gap: a page (an upload form with the kind chosen, a
    filtered list, a form to fill) and what the link says, e.g. "上传文件"."""

    url: str
    label: str
    # Who may follow it: "app_label.Model" and the action ("add", "change", "view") the page
    # needs, or a document kind the user must be allowed to upload; empty: any scorecard user.
    model: str = ""
    permission: str = "view"
    document_kind: str = ""

    def allowed(self, user) -> bool:
        from django.apps import apps

        from parkops.core.scope import can_write_model

        if self.document_kind:
            from parkops.assessment.services import may_write_kind

            return may_write_kind(user, self.document_kind)
        if self.model:
            return can_write_model(user, apps.get_model(self.model), self.permission)
        return True

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "label": str(self.label)}


@dataclass
class Finding:
    """What one source found: a status, the fraction (0–1) of its share earned, the evidence
    and, in plain Chinese, what is missing. ``effort`` (1 easy … 5 hard) orders the gap plan."""

    status: Status
    fraction: Decimal
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    effort: int = 2
    action: Action | None = None  # the page where what is missing is put right

    def __post_init__(self) -> None:
        self.fraction = Decimal(self.fraction)
        if not ZERO <= self.fraction <= ONE:
            raise ValueError(f"fraction must be between 0 and 1, got {self.fraction}")

    @classmethod
    def met(cls, evidence: list[Evidence], **kw: Any) -> Finding:
        return cls(Status.MET, ONE, evidence, **kw)

    @classmethod
    def partial(cls, fraction: Decimal, evidence: list[Evidence], missing: list[str], **kw: Any) -> Finding:
        return cls(Status.PARTIAL, Decimal(fraction), evidence, missing, **kw)

    @classmethod
    def unmet(cls, *missing: str, evidence: list[Evidence] | None = None, **kw: Any) -> Finding:
        return cls(Status.UNMET, ZERO, evidence or [], list(missing), **kw)


Check = Callable[[Any, dt.date], Finding]  # (park, as_of) -> Finding


@dataclass(frozen=True)
class Source:
    row: int
    key: str
    title: str
    kind: str  # "auto" | "document" | "judgement"
    share: Decimal
    check: Check | None = None
    document_kind: str | None = None


@dataclass(frozen=True)
class DocumentKind:
    """A kind of 制度/方案/计划 document the rubric asks for, e.g. 空间管理制度."""

    code: str
    title: str
    max_age_days: int | None = None  # e.g. 365 for a yearly plan; None: valid until superseded
    departments: tuple[str, ...] = ()  # staff departments that may upload it, besides 综合管理
    generate: str | None = None  # url name of a view that drafts it from platform data


_sources: dict[int, list[Source]] = {}
_document_kinds: dict[str, DocumentKind] = {}


def _register(src: Source) -> None:
    existing = _sources.setdefault(src.row, [])
    for other in existing:
        if other.key == src.key:
            if other == src or (
                other.check is not None
                and src.check is not None
                and other.check.__qualname__ == src.check.__qualname__
            ):
                return  # the same module imported twice
            raise ValueError(f"evidence source {src.key!r} registered twice for row {src.row}")
    total = sum((s.share for s in existing), ZERO) + src.share
    if total > ONE:
        raise ValueError(f"row {src.row}: evidence shares add up to {total}, more than 1")
    existing.append(src)


def source(*, row: int, key: str, title: str, share: Decimal = ONE) -> Callable[[Check], Check]:
    """Register an automatic check over live data for ``row``."""

    def decorator(check: Check) -> Check:
        _register(Source(row, key, title, "auto", Decimal(share), check))
        return check

    return decorator


def document_kind(
    code: str,
    title: str,
    *,
    max_age_days: int | None = None,
    departments: tuple[str, ...] = (),
    generate: str | None = None,
) -> DocumentKind:
    """Register a kind of document; ``departments`` may upload it besides the operator's
    administrators and the 综合管理 (administration) department; ``generate`` names the view
    (taking ``?park=&as_of=``) that drafts it from the platform's data."""
    kind = DocumentKind(code, title, max_age_days, tuple(departments), generate)
    previous = _document_kinds.get(code)
    if previous is not None and previous != kind:
        raise ValueError(f"document kind {code!r} registered twice with different settings")
    _document_kinds[code] = kind
    return kind


def document_source(
    *,
    row: int,
    key: str,
    title: str,
    document_kind: str,
    share: Decimal = ONE,
    max_age_days: int | None = None,
    departments: tuple[str, ...] = (),
    generate: str | None = None,
) -> None:
    """Register ``row`` (or a share of it) as answered by a current document of a kind."""
    globals()["document_kind"](
        document_kind, title, max_age_days=max_age_days, departments=departments, generate=generate
    )
    _register(Source(row, key, title, "document", Decimal(share), None, document_kind))


def judgement_source(*, row: int, key: str, title: str, share: Decimal = ONE) -> None:
    """Register ``row`` (or a share of it) as needing a recorded human judgement."""
    _register(Source(row, key, title, "judgement", Decimal(share)))


def sources_for(row: int) -> list[Source]:
    autodiscover()
    return list(_sources.get(row, ()))


def all_sources() -> dict[int, list[Source]]:
    autodiscover()
    return {row: list(items) for row, items in sorted(_sources.items())}


def document_kinds() -> dict[str, DocumentKind]:
    autodiscover()
    return dict(_document_kinds)


_discovered = False


def autodiscover() -> None:
    """Import every installed app's ``evidence`` module once."""
    global _discovered
    if _discovered:
        return
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("evidence")
    _discovered = True
