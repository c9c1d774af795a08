"""Plain-text tables for the terminal, aligned for Chinese (full-width) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: full-width (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Lines of a table, columns in ``right`` right-aligned; a left-aligned last column is not padded."""
    widths = [max(text_width(line[i]) for line in [header, *rows]) for i in range(len(header))]
    lines = []
    for line in [header, *rows]:
        cells = [
            pad(cell, widths[i], right=True)
            if i in right
            else cell
            if i == len(line) - 1
            else pad(cell, widths[i])
            for i, cell in enumerate(line)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines
