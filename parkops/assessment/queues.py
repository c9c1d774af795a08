"""The provisional score for the administrator's home: total, star and the top of the gap plan.

The park is assessed live through ``engine.assess_cached``, which keeps the result until the
next audited write (the daily job's stored :class:`AssessmentRun` is the history, not the
home page's figure: a run from this morning would hide the afternoon's changes)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language, gettext

from parkops.assessment import registry
from parkops.assessment.engine import STAR_LABELS, assess_cached
from parkops.assessment.models import RubricEdition
from parkops.assessment.selectors import current_edition, edition_rubric
from parkops.core.queues import register_score

TOP_ITEMS = 3


def fix_url(park, row: int, title: str) -> str:
    """The page where a gap item is fixed: upload its document, record its judgement, or
    the scorecard row that says what is missing."""
    for src in registry.sources_for(row):
        if src.title != title:
            continue
        if src.kind == "document" and src.document_kind:
            query = urlencode({"park": park.pk, "kind": src.document_kind})
            return f"{reverse('assessment:document_add')}?{query}"
        if src.kind == "judgement":
            return f"{reverse('assessment:judgement_add')}?{urlencode({'park': park.pk, 'row': row})}"
    return f"{reverse('assessment:scorecard')}?{urlencode({'park': park.pk})}#row-{row}"


def _summary(park, today) -> dict:
    result = assess_cached(park, today, language=get_language())
    return {
        "as_of": result.as_of,
        "total": result.total,
        "star": result.star,
        "disqualified": result.disqualified,
        "plan": result.gap_plan().as_json(),
    }


def score_summary(user, park, today):
    registry.autodiscover()
    summary = dict(_summary(park, today))
    if summary["disqualified"]:
        star_label = gettext("取消评估资格")
    elif summary["star"]:
        star_label = str(STAR_LABELS.get(summary["star"], summary["star"]))
    else:
        star_label = gettext("未达星级（低于70分）")
    try:
        names = {r.row: r.name for r in edition_rubric(current_edition())}
    except RubricEdition.DoesNotExist:  # no rubric loaded: items keep their titles only
        names = {}
    plan = summary["plan"] or {}
    items = []
    for item in plan.get("items", [])[:TOP_ITEMS]:
        items.append(
            {
                "row": item["row"],
                "name": names.get(item["row"], ""),
                "title": item["title"],
                "gain": Decimal(item["gain"]),
                "missing": item.get("missing", []),
                # the engine's own action (upload with its kind, draft report, judgement, the
                # domain page); runs stored before actions existed fall back to the sources
                "url": (item.get("action") or {}).get("url") or fix_url(park, item["row"], item["title"]),
            }
        )
    summary.update(
        park=park,
        star_label=star_label,
        items=items,
        target=plan.get("target"),
        target_star=plan.get("target_star"),
        reason=plan.get("reason", ""),
        scorecard_url=f"{reverse('assessment:scorecard')}?{urlencode({'park': park.pk})}",
    )
    return summary


register_score(score_summary)
