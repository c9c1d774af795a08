"""Check a translation catalogue before it ships: every entry translated, nothing fuzzy,
placeholders kept.

    python parkops/locale/check_po.py [path/to/django.po ...]

With no path, checks every ``django.po`` under this folder and the apps' own
``parkops/<app>/locale/``. Prints one line per problem and
exits 1 if there is any. Used by ``parkops/core/tests/test_i18n.py``.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# %(name)s, %s, %d … (python-format) and {name} / {} (python-brace-format). "%%" is a literal.
PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeEoxXrc]")
BRACES = re.compile(r"(?<!\{)\{[A-Za-z_0-9]*\}(?!\})")
TAGS = re.compile(r"</?[A-Za-z][^>]*>")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    obsolete: bool = False


def parse(path: Path) -> list[Entry]:
    """The entries of a .po file, header included (its msgid is empty)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None and (current.msgid or current.msgstr):
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            if current is None:
                current = Entry(line=number)
            current.obsolete = True
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if current is None:
            current = Entry(line=number)
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: continuation line without a keyword")
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            if keyword == "msgctxt":
                if target is not None:
                    finish()
                    current = Entry(line=number)
                current.msgctxt = ""
                target = ("msgctxt", 0)
            elif keyword == "msgid":
                if target is not None and target[0] != "msgctxt":
                    finish()
                    current = Entry(line=number)
                target = ("msgid", 0)
            elif keyword == "msgid_plural":
                current.msgid_plural = ""
                target = ("msgid_plural", 0)
            elif keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                current.msgstr[index] = ""
                target = ("msgstr", index)
            else:
                raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
        kind, index = target
        if kind == "msgstr":
            current.msgstr[index] += value
        elif kind == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif kind == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        else:
            current.msgid += value
    finish()
    return entries


def _placeholders(text: str) -> tuple[list[str], list[str], int]:
    return sorted(PERCENT.findall(text)), sorted(BRACES.findall(text)), text.count("%%")


def problems(path: Path) -> list[str]:
    """Everything wrong with one catalogue, as ``file:line: message`` lines."""
    found = []
    for entry in parse(path):
        where = f"{path}:{entry.line}"
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy entry {entry.msgid[:40]!r}")
        if not entry.msgid:
            continue  # the header
        translations = list(entry.msgstr.values()) or [""]
        for text in translations:
            if not text.strip():
                found.append(f"{where}: untranslated {entry.msgid[:40]!r}")
                continue
            source = _placeholders(entry.msgid)
            if entry.msgid_plural is not None:
                # A plural's forms may drop the count, but no other placeholder.
                source = _placeholders(entry.msgid_plural)
            formatted = "python-format" in entry.flags or "python-brace-format" in entry.flags
            if (formatted or source != ([], [], 0)) and _placeholders(text) != source:
                found.append(
                    f"{where}: placeholders differ in {entry.msgid[:40]!r}: "
                    f"{_placeholders(entry.msgid)} != {_placeholders(text)}"
                )
            if sorted(TAGS.findall(entry.msgid)) != sorted(TAGS.findall(text)):
                found.append(f"{where}: HTML tags differ in {entry.msgid[:40]!r}")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [
        *sorted(HERE.glob("*/LC_MESSAGES/django.po")),
        *sorted(HERE.parent.glob("*/locale/*/LC_MESSAGES/django.po")),
    ]
    if not paths:
        print("no catalogues found", file=sys.stderr)
        return 1
    found = [p for path in paths for p in problems(path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
