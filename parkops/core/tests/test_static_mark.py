"""`parkops serve` collects the static files only when they changed since the last collect."""

from __future__ import annotations

import shutil

from django.test import override_settings

from parkops.core.version import collect_static_if_changed


def test_static_files_are_collected_again_only_when_a_source_changed(tmp_path):
    source = tmp_path / "src"
    (source / "parkops").mkdir(parents=True)
    script = source / "parkops" / "actions.js"
    script.write_text("one();")
    collected = tmp_path / "static" / "parkops" / "actions.js"
    with override_settings(
        VAR_DIR=tmp_path,
        STATIC_ROOT=tmp_path / "static",
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        (tmp_path / "static").mkdir()
        assert collect_static_if_changed() is True
        assert collected.read_text() == "one();"
        assert collect_static_if_changed() is False  # nothing changed: a restart skips it

        script.write_text("two();")
        assert collect_static_if_changed() is True
        assert collected.read_text() == "two();"

        shutil.rmtree(tmp_path / "static")  # a new, empty STATIC_ROOT (another release's)
        (tmp_path / "static").mkdir()
        assert collect_static_if_changed() is True
        assert collected.read_text() == "two();"
