"""The sentences every app's evidence checks write (evidence labels and what is missing) follow the reader's language; stored results keep the standard's Chinese.
Names that come from records (enterprises, people, floors) are data and stay as written."""

from __future__ import annotations

import json
import re

from django.apps import apps
from django.db import models
from django.utils import translation

from parkops.assessment.engine import assess
from parkops.assessment.services import record_assessment
from parkops.assessment.titles import Title
from parkops.core import clock

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _record_texts() -> list[str]:
    """Every Chinese text a record holds or is named by, longest first."""
    texts: set[str] = set()
    with translation.override("en"):
        for model in apps.get_models():
            if not model.__module__.startswith("parkops.") or model._meta.app_label == "audit":
                continue
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for obj in model._default_manager.all():
                texts.add(str(obj))
                texts.update(str(getattr(obj, name) or "") for name in fields)
    return sorted((t for t in texts if HAN.search(t)), key=len, reverse=True)


def _sentences(result) -> list[str]:
    texts = []
    for row in result.rows:
        texts += [e.label for e in row.evidence]
        texts += list(row.missing)
    return texts


def _chinese_outside_data(text: str, data: list[str]) -> bool:
    for name in data:
        text = text.replace(name, "")
    return bool(HAN.search(text))


def test_an_english_reader_gets_no_chinese_sentence_from_any_check(world):
    result = assess(world.alpha, clock.localdate(), language="en")
    data = _record_texts()
    texts = _sentences(result)
    assert len(texts) > 60  # every row of the world's park says something
    chinese = [t for t in texts if _chinese_outside_data(t, data)]
    assert chinese == []
    # The checks' own sentences, in English, with the record counts kept as numbers.
    row7 = " ".join(e.label for e in result.row(7).evidence)
    assert "in post" in row7 and re.search(r"\d", row7)
    assert any("satisfaction survey" in m for m in result.row(30).missing)


def test_the_stored_result_stays_in_chinese(world):
    with translation.override("en"):
        stored = assess(world.alpha, clock.localdate()).as_json()
    sentences = [e["label"] for row in stored["indicators"] for e in row["evidence"]]
    sentences += [m for row in stored["indicators"] for m in row["missing"]]
    assert any("满意度调查" in m for m in sentences)
    assert any("在职" in m for m in sentences)
    english = [s for s in sentences if re.search(r"[A-Za-z]{4,}", s) and not HAN.search(s)]
    assert english == []


def test_source_titles_read_in_english_and_are_stored_in_chinese(world):
    result = assess(world.alpha, clock.localdate(), language="en")
    with translation.override("en"):
        titles = [str(p.title) for row in result.rows for p in row.parts]
        plan = result.gap_plan()
        shown = [str(item.title) for item in plan.items]
    assert titles and not [t for t in titles if HAN.search(t)]
    assert shown and not [t for t in shown if HAN.search(t)]
    # What is stored keeps the standard's wording of the apps' titles, whatever language was
    # active (the engine's own titles follow the language the assessment ran in).
    stored = json.loads(json.dumps(plan.as_json()))
    titled = [
        raw for item, raw in zip(plan.items, stored["items"], strict=True) if isinstance(item.title, Title)
    ]
    assert titled and all(HAN.search(raw["title"]) for raw in titled)


def test_a_recorded_assessment_stores_its_gap_plan_under_an_english_request(world):
    with translation.override("en"):
        run = record_assessment(park=world.alpha, as_of=clock.localdate(), by=world.admin)
    run.refresh_from_db()
    assert run.gap_plan["items"]
    assert all(HAN.search(item["title"]) for item in run.gap_plan["items"])
