"""A suggested sentiment for a Chinese text, from pysenti's rule classifier (a sentiment
dictionary with degree adverbs, negations and conjunctions over jieba's segmentation; its
dictionaries ship inside the package, so it runs offline). The person handling an opinion
event always has the last word: the suggestion is stored beside the sentiment they set.

Why pysenti: SnowNLP, the usual choice, was last released in 2015 and its model was trained
on shopping reviews (it read "园区服务很好，物业响应及时" as negative); the maintained
transformer libraries (Cemotion, HanLP) fetch their weights from a hub at run time. pysenti
(2022) needs only jieba and scores a sentence with rules that can be read and explained.
Loading its dictionaries takes some seconds, so it is loaded once per process, when first used.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

from parkops.brand.models import Sentiment

# pysenti's rule score: a sum over sentiment words weighted by degree and negation.
NEGATIVE_BELOW = Decimal("-0.3")
POSITIVE_ABOVE = Decimal("1.0")

_lock = threading.Lock()
_classifier = None


@dataclass(frozen=True)
class Suggestion:
    sentiment: str
    score: Decimal


def _load():
    global _classifier
    with _lock:
        if _classifier is None:
            import logging

            from pysenti import RuleClassifier

            logging.getLogger("jieba").setLevel(logging.WARNING)
            _classifier = RuleClassifier()
    return _classifier


def label_for(score: Decimal) -> str:
    if score < NEGATIVE_BELOW:
        return Sentiment.NEGATIVE
    if score > POSITIVE_ABOVE:
        return Sentiment.POSITIVE
    return Sentiment.NEUTRAL


def suggest(text: str) -> Suggestion | None:
    """The suggested sentiment of ``text``, or None when the text is empty or the library is
    not installed (the handler then sets it by hand)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        classifier = _load()
    except ImportError:
        return None
    score = Decimal(str(classifier.classify(text)["score"])).quantize(Decimal("0.01"))
    score = max(min(score, Decimal("999.99")), Decimal("-999.99"))
    return Suggestion(label_for(score), score)
