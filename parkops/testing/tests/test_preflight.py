"""`make test` says which Debian packages it lacks before it starts."""

from __future__ import annotations

import shutil

from parkops.testing import preflight


def test_a_missing_font_and_browser_are_named(monkeypatch, capsys):
    monkeypatch.setenv("PARKOPS_PDF_FONT", "/nonexistent/font.ttc")
    monkeypatch.setattr(preflight.Path, "exists", lambda self: False)
    real_which = shutil.which
    monkeypatch.setattr(
        preflight.shutil, "which", lambda name: None if name == "chromium" else real_which(name)
    )
    assert preflight.main() == 1
    said = capsys.readouterr().out
    assert "chromium" in said and "fonts-noto-cjk" in said


def test_a_named_font_that_exists_is_enough(monkeypatch, tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"\0")
    monkeypatch.setenv("PARKOPS_PDF_FONT", str(font))
    assert "fonts-noto-cjk" not in preflight.missing_packages()
