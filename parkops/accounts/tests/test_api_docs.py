"""The OpenAPI document is built once per code version, language and format, kept as a file
that every worker shares, and served from it."""

from __future__ import annotations

import json

from django.test import override_settings
from rest_framework.test import APIClient

from parkops.accounts import api_docs
from parkops.core.version import code_mark


def test_the_schema_is_built_once_into_a_file_and_then_served_from_it(world, tmp_path):
    client = APIClient()
    client.force_login(world.staff_invest)
    with override_settings(VAR_DIR=tmp_path):
        built = client.get("/api/schema/", {"format": "json"})
        assert built.status_code == 200, built.content[:500]
        path = tmp_path / "cache" / f"api-schema-{code_mark()}-zh-hans.json"
        assert path.read_bytes() == built.content
        assert json.loads(built.content)["openapi"].startswith("3.")
        assert built["Content-Type"].startswith("application/vnd.oai.openapi+json")

        path.write_bytes(b'{"openapi": "3.0.3", "served": "from the file"}')
        again = client.get("/api/schema/", {"format": "json"})
        assert json.loads(again.content)["served"] == "from the file"
        # Another language or format is another document, not this one.
        assert not (tmp_path / "cache" / f"api-schema-{code_mark()}-en.json").exists()


def test_a_language_the_platform_does_not_speak_names_no_file_of_its_own(world, tmp_path):
    """``?lang=`` is the reader's text: it picks one of the platform's languages or none."""
    client = APIClient()
    client.force_login(world.staff_invest)
    cache = tmp_path / "cache"
    cache.mkdir()
    for language in ("zh-hans", "en"):
        (cache / f"api-schema-{code_mark()}-{language}.json").write_text(json.dumps({"lang": language}))
    with override_settings(VAR_DIR=tmp_path):
        for sent, served in (("../../evil", "zh-hans"), ("fr", "zh-hans"), ("en-gb", "en"), ("en", "en")):
            answer = client.get("/api/schema/", {"format": "json", "lang": sent})
            assert answer.status_code == 200 and json.loads(answer.content) == {"lang": served}, sent
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        f"api-schema-{code_mark()}-en.json",
        f"api-schema-{code_mark()}-zh-hans.json",
    ]


def test_serve_builds_what_is_missing_and_drops_documents_of_replaced_code(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    old = cache / "api-schema-0123456789abcdef-zh-hans.json"
    old.write_text("{}")
    for language in ("zh-hans", "en"):
        (cache / f"api-schema-{code_mark()}-{language}.json").write_text('{"kept": true}')
    with override_settings(VAR_DIR=tmp_path):
        assert api_docs.build_schema_files() == []  # both documents of this code exist
    assert not old.exists()
    assert sorted(p.name for p in cache.iterdir()) == [
        f"api-schema-{code_mark()}-en.json",
        f"api-schema-{code_mark()}-zh-hans.json",
    ]


def test_the_code_mark_moves_with_the_translations(tmp_path, monkeypatch):
    """An edited catalogue changes the English document without a code change."""
    from parkops.core import version

    package = tmp_path / "parkops"
    (package / "core").mkdir(parents=True)
    (package / "core" / "version.py").write_text("x = 1\n")
    (package / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    catalogue = package / "locale" / "en" / "LC_MESSAGES" / "django.po"
    catalogue.write_text('msgid "园区"\nmsgstr "Park"\n')
    monkeypatch.setattr(version, "__file__", str(package / "core" / "version.py"))
    version.code_mark.cache_clear()
    try:
        before = version.code_mark()
        version.code_mark.cache_clear()
        catalogue.write_text('msgid "园区"\nmsgstr "Industrial park"\n')
        assert version.code_mark() != before
    finally:
        monkeypatch.undo()
        version.code_mark.cache_clear()
