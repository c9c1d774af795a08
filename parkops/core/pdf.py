"""The Chinese font of every PDF the platform writes, embedded (as a subset) in the file.

reportlab's built-in CID fonts (STSong-Light) are not embedded: a reader without that font
shows boxes. reportlab embeds TrueType fonts (only the glyphs a document uses), but the CJK
fonts Debian ships (Noto Sans CJK, package fonts-noto-cjk) have PostScript (CFF) outlines,
which it cannot embed. So once per machine the platform converts the characters of GB 2312
(all 6,763 hanzi and its symbols) plus ASCII, Latin-1, general punctuation, CJK punctuation
and full-width forms from Noto Sans CJK SC into a TrueType font with fontTools (cubic outlines
to quadratic ones), cached in PARKOPS_FONT_DIR (default var/fonts); `parkops serve` builds it
before the web workers start, everything else on first use. PARKOPS_PDF_FONT names another
font file to convert instead (a .ttc takes its "Simplified Chinese" face or the first one).
Characters outside that set (rare names) are added from the same source the next time the
cache is built, when listed in PARKOPS_PDF_EXTRA_CHARS.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
from pathlib import Path

FONT_NAME = "ParkOpsCJK"
FORMAT = "1"
CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)


class FontMissing(RuntimeError):
    pass


def source_font() -> Path:
    named = os.environ.get("PARKOPS_PDF_FONT")
    for candidate in [named] if named else CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing(
        "no CJK font to embed in PDFs: install Debian's fonts-noto-cjk or set PARKOPS_PDF_FONT to a font file"
    )


def characters() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x180)}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((first, second)).decode("gb2312"))
    for start, end in (
        (0x2000, 0x2070),
        (0x2100, 0x2200),
        (0x2460, 0x2500),
        (0x3000, 0x3040),
        (0xFF00, 0xFFF0),
    ):
        chars |= {chr(c) for c in range(start, end)}
    chars |= set(os.environ.get("PARKOPS_PDF_EXTRA_CHARS", ""))
    return "".join(sorted(chars))


def font_dir() -> Path:
    from django.conf import settings

    return Path(os.environ.get("PARKOPS_FONT_DIR") or Path(settings.VAR_DIR) / "fonts")


def cached_font() -> Path:
    """The converted TrueType font, built if missing (one process builds, others wait)."""
    source = source_font()
    chars = characters()
    stat = source.stat()
    key = hashlib.sha256(f"{FORMAT}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{chars}".encode()).hexdigest()[
        :16
    ]
    folder = font_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"parkops-cjk-{key}.ttf"
    if target.exists():
        return target
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
                partial = Path(handle.name)
            try:
                convert(source, chars, partial)
                partial.chmod(0o644)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
    return target


def _face(source: Path) -> int:
    if source.suffix.lower() != ".ttc":
        return -1
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source), lazy=True)
    for index, face in enumerate(collection.fonts):
        if " SC" in face["name"].getDebugName(4) or "Simplified" in face["name"].getDebugName(4):
            return index
    return 0


def convert(source: Path, chars: str, target: Path) -> None:
    """Subset ``source`` to ``chars`` and write it with TrueType (quadratic) outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter lists every glyph
    index = _face(source)
    font = TTFont(str(source), fontNumber=index) if index >= 0 else TTFont(str(source))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    if "glyf" not in font:
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyf[name] = pen.glyph()
        font["loca"] = newTable("loca")
        font["glyf"] = glyf
        for table in ("CFF ", "CFF2", "VORG"):
            if table in font:
                del font[table]
        font.sfntVersion = "\x00\x01\x00\x00"
        maxp = font["maxp"]
        maxp.tableVersion = 0x00010000
        for field in (
            "maxTwilightPoints",
            "maxStorage",
            "maxFunctionDefs",
            "maxInstructionDefs",
            "maxStackElements",
            "maxSizeOfInstructions",
            "maxComponentElements",
        ):
            setattr(maxp, field, 0)
        maxp.maxZones = 1
        font["head"].indexToLocFormat = 0
        font["head"].glyphDataFormat = 0
        post = font["post"]
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        post.glyphOrder = order
    font.save(str(target))


def cjk_font() -> str:
    """Register the embedded CJK font with reportlab (once per process); its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(cached_font())))
    return FONT_NAME


def escape(text: str) -> str:
    """Text for a reportlab ``Paragraph``, whose markup is XML: ``&``, ``<`` and ``>`` escaped."""
    from xml.sax.saxutils import escape as xml_escape

    return xml_escape(text)


def a4_pdf(story, title: str) -> bytes:
    """The platform's PDF page: A4, 16 mm margins, the title in the file's properties."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    margin = 16 * mm
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="ParkOps",
    ).build(story)
    return buffer.getvalue()
