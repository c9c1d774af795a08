"""Every string the Python code marks for translation has its English: a new module that
forgets its catalogue entries shows Chinese on English pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# The project catalogue and the apps' own (parkops/<app>/locale/en/...), which Django merges.
CATALOGUES = [
    ROOT / "parkops/locale/en/LC_MESSAGES/django.po",
    *sorted(ROOT.glob("parkops/*/locale/en/LC_MESSAGES/django.po")),
]
KEYWORDS = [
    "gettext",
    "gettext_lazy",
    "_",
    "gettext_noop",
    "Title",
    "pgettext:1c,2",
    "pgettext_lazy:1c,2",
    "ngettext:1,2",
    "ngettext_lazy:1,2",
]
ENTRY = re.compile(r'(?:msgctxt "((?:[^"\\]|\\.)*)"\n)?msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)')


def _entries(text: str) -> set[tuple[str | None, str]]:
    found = set()
    for match in ENTRY.finditer(text):
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2)))
        if msgid:
            found.add((match.group(1), msgid))
    return found


def test_every_marked_python_string_has_english(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("gettext's xgettext is not installed (apt-get install gettext)")
    sources = [
        str(p)
        for p in (ROOT / "parkops").rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    ]
    pot = tmp_path / "python.pot"
    subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "-o", str(pot)]
        + [f"--keyword={k}" for k in KEYWORDS]
        + sources,
        check=True,
        capture_output=True,
    )
    known = set().union(*(_entries(po.read_text()) for po in CATALOGUES))
    missing = _entries(pot.read_text()) - known
    assert not missing, "no English for:\n" + "\n".join(sorted(m for _, m in missing))
