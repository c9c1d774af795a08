"""Writes of the brand domain: public-opinion events registered with a suggested sentiment and
handled through the shared timeline workflow (研判 → 回应处置 → 跟踪 → 关闭)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from parkops.brand import sentiment as senti
from parkops.brand.models import OpinionEvent, Sentiment
from parkops.core import clock, workflow
from parkops.core.services import create_object


@transaction.atomic
def register_opinion(
    *,
    park,
    by,
    content: str,
    source: str,
    found_at: dt.datetime | None = None,
    source_name: str = "",
    url: str = "",
    level: str = OpinionEvent.Level.LOW,
    sentiment: str | None = None,
) -> OpinionEvent:
    """Register an opinion event. Its sentiment is suggested from the text; a sentiment given
    by the person registering it wins (both are kept)."""
    suggestion = senti.suggest(content)
    data = {
        "park": park,
        "found_at": found_at or clock.now(),
        "source": source,
        "source_name": source_name,
        "url": url,
        "content": content,
        "level": level,
        "suggested_sentiment": suggestion.sentiment if suggestion else "",
        "sentiment_score": suggestion.score if suggestion else None,
        "sentiment": sentiment or (suggestion.sentiment if suggestion else Sentiment.NEUTRAL),
        "handler": by if getattr(by, "is_authenticated", False) else None,
    }
    opinion = create_object(model=OpinionEvent, data=data, by=by)
    workflow.record_step(opinion, gettext_noop("登记"), by=by, to_state=opinion.state)
    return opinion


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def assess(*, opinion: OpinionEvent, by, sentiment: str, level: str, note: str = "") -> OpinionEvent:
    """研判: the handler sets the sentiment (whatever was suggested) and the level."""

    def apply(o):
        if sentiment not in Sentiment.values:
            raise ValidationError({"sentiment": gettext("请选择情感倾向")})
        if level not in OpinionEvent.Level.values:
            raise ValidationError({"level": gettext("请选择舆情等级")})
        o.sentiment, o.level = sentiment, level
        if getattr(by, "is_authenticated", False):
            o.handler = by

    return workflow.advance(opinion, "assess", by=by, note=note.strip(), apply=apply)


def respond(*, opinion: OpinionEvent, by, response: str) -> OpinionEvent:
    """回应处置: what was said or done (a statement, a correction, contacting the poster)."""
    text = _required(response, "response", gettext("请填写回应/处置措施"))

    def apply(o):
        o.response = f"{o.response}\n{text}".strip() if o.response else text

    return workflow.advance(opinion, "respond", by=by, note=text, apply=apply)


def follow_up(*, opinion: OpinionEvent, by, note: str) -> OpinionEvent:
    """跟踪: how the opinion develops after the response."""
    text = _required(note, "note", gettext("请填写跟踪情况"))
    return workflow.advance(opinion, "follow_up", by=by, note=text)


def close(*, opinion: OpinionEvent, by, conclusion: str) -> OpinionEvent:
    """关闭: with the conclusion of its handling."""
    text = _required(conclusion, "conclusion", gettext("请填写处置结论"))

    def apply(o):
        o.conclusion = text
        o.closed_at = clock.now()

    return workflow.advance(opinion, "close", by=by, note=text, apply=apply)


STEPS = {"assess": assess, "respond": respond, "follow_up": follow_up, "close": close}
