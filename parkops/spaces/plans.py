"""Drawing a simple floor plan (Pillow): rooms along two sides of a corridor, each labelled,
with the centre of each room returned as x/y percentages for the plan's marks. Used by the
demo and by anyone who has no architectural drawing to upload yet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT, MARGIN, CORRIDOR = 1200, 720, 40, 110
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@dataclass
class Room:
    key: object  # what the mark points at (a unit or a space)
    label: str
    area: Decimal
    highlight: bool = False  # function spaces are drawn tinted


def _font(size: int):
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(), False


def draw(title: str, rooms: list[Room]) -> tuple[bytes, dict]:
    """(PNG bytes, {room.key: (x %, y %)})."""
    img = Image.new("RGB", (WIDTH, HEIGHT), "#f8f9fb")
    pen = ImageDraw.Draw(img)
    font, cjk = _font(22)
    small, _ = _font(18)
    pen.rectangle([MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN], outline="#34495e", width=5)
    top = MARGIN + 50
    mid = (HEIGHT + top) // 2
    pen.rectangle([MARGIN, mid - CORRIDOR // 2, WIDTH - MARGIN, mid + CORRIDOR // 2], fill="#e9edf2")
    pen.text(
        (MARGIN + 16, MARGIN + 12),
        title if cjk else title.encode("ascii", "ignore").decode() or "Floor plan",
        fill="#34495e",
        font=font,
    )
    pen.text((WIDTH // 2 - 40, mid - 12), "走廊" if cjk else "Corridor", fill="#7f8c8d", font=small)
    rows = [rooms[0::2], rooms[1::2]]
    spans = [(top, mid - CORRIDOR // 2), (mid + CORRIDOR // 2, HEIGHT - MARGIN)]
    marks = {}
    for row, (y0, y1) in zip(rows, spans, strict=True):
        if not row:
            continue
        # Widths follow area, but a small room keeps enough width for its label and mark.
        largest = max(float(r.area) for r in row)
        weights = [max(float(r.area), 0.3 * largest) for r in row]
        total = sum(weights) or 1.0
        x = MARGIN
        inner = WIDTH - 2 * MARGIN
        for room, weight in zip(row, weights, strict=True):
            w = inner * weight / total
            box = [x + 4, y0 + 4, x + w - 4, y1 - 4]
            pen.rectangle(box, fill="#dbe7ff" if room.highlight else "#ffffff", outline="#5d6d7e", width=3)
            label = room.label if cjk else room.label.encode("ascii", "ignore").decode()
            cx, cy = x + w / 2, (y0 + y1) / 2
            pen.text((cx, cy + 36), label, fill="#2c3e50", font=small, anchor="mm")
            marks[room.key] = (
                Decimal(100 * cx / WIDTH).quantize(Decimal("0.01")),
                Decimal(100 * cy / HEIGHT).quantize(Decimal("0.01")),
            )
            x += w
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue(), marks
