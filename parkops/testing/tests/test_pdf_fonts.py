"""Every PDF the platform writes draws its Chinese with a font embedded in the file: each is
rasterised (pdfium) and the glyphs of its Chinese text are checked to be ink, and different
from one another (a missing font shows the same box for every character)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from PIL import ImageChops, ImageStat

pdfium = pytest.importorskip("pypdfium2")
raw = pytest.importorskip("pypdfium2.raw")

SCALE = 3


def fonts_embedded(page) -> list[bool]:
    return [
        bool(raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj.raw)))
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,))
    ]


def glyph_images(page, text: str) -> list[bytes]:
    """The rendered pixels (greyscale) of each character of ``text`` where the page shows it."""
    textpage = page.get_textpage()
    searcher = textpage.search(text)
    found = searcher.get_next()
    assert found, f"{text!r} is not in the PDF's text"
    index, count = found
    image = page.render(scale=SCALE).to_pil().convert("L")
    height = page.get_height()
    crops = []
    for i in range(index, index + count):
        left, bottom, right, top = textpage.get_charbox(i)
        box = (
            int(left * SCALE),
            int((height - top) * SCALE),
            int(right * SCALE) + 1,
            int((height - bottom) * SCALE) + 1,
        )
        crops.append(image.crop(box))
    return crops


def assert_chinese_drawn(pdf: bytes, text: str) -> None:
    assert pdf.startswith(b"%PDF")
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        embedded = fonts_embedded(page)
        assert embedded and all(embedded), "a font of the PDF is not embedded"
        crops = glyph_images(page, text)
    finally:
        document.close()
    inked = [sum(1 for value in crop.tobytes() if value < 128) for crop in crops]
    assert all(ink > 4 for ink in inked), f"characters without ink in {text!r}: {inked}"
    shapes = [crop.resize((24, 24)) for crop in crops]
    for i, j in itertools.combinations(range(len(text)), 2):
        if text[i] != text[j]:
            difference = ImageStat.Stat(ImageChops.difference(shapes[i], shapes[j])).mean[0]
            assert difference > 8, f"{text[i]} and {text[j]} look alike: boxes instead of glyphs"


def test_a_receipt_draws_its_chinese_with_an_embedded_font():
    from parkops.fees.views import receipt_pdf

    park = SimpleNamespace(name="深圳湾科创园", operator=SimpleNamespace(name="深圳湾园区运营有限公司"))
    bill = SimpleNamespace(
        park=park,
        enterprise=SimpleNamespace(name="芯湾微电子"),
        number="B-2026-12-001",
        period=dt.date(2026, 12, 1),
    )
    payment = SimpleNamespace(
        bill=bill,
        receipt_no="R-0001",
        amount=Decimal("12345.60"),
        get_method_display=lambda: "银行转账",
        reference="",
        paid_on=dt.date(2026, 12, 3),
        received_by="财务部",
    )
    response = receipt_pdf(payment, SimpleNamespace(sees=lambda label: True))  # a reader cleared for it
    assert_chinese_drawn(response.content, "收款收据")
    assert_chinese_drawn(response.content, "芯湾微电子")


def test_the_evaluation_report_kit_draws_its_chinese_with_an_embedded_font():
    """The evaluation report and the dossier are built from these styles, tables and page."""
    from reportlab.platypus import Paragraph

    from parkops.evaluation.reports import _pdf_bytes, _pdf_kit, _pdf_table

    styles, colors, _, mm = _pdf_kit()
    story = [
        Paragraph("园区运营水平第三方评估报告", styles["title"]),
        _pdf_table([["一级指标", "得分"], ["基础条件", "18.50"]], [120 * mm, 40 * mm], styles, colors),
    ]
    pdf = _pdf_bytes(story, "评估报告")
    assert_chinese_drawn(pdf, "第三方评估报告")
    assert_chinese_drawn(pdf, "基础条件")


def test_a_pdf_with_the_old_unembedded_font_fails_the_check():
    """The check itself: reportlab's built-in STSong-Light is not embedded, so it is refused."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(60, 700, "收款收据")
    pdf.save()
    with pytest.raises(AssertionError, match="not embedded"):
        assert_chinese_drawn(buffer.getvalue(), "收款收据")


def test_an_embedded_font_without_chinese_glyphs_fails_the_check():
    """The check itself: an embedded font that lacks the characters draws one box for each."""
    import io
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.exists():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is not installed")
    pdfmetrics.registerFont(TTFont("LatinOnly", str(latin)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("LatinOnly", 18)
    pdf.drawString(60, 700, "收款收据")
    pdf.save()
    with pytest.raises(AssertionError, match="boxes instead of glyphs|without ink|not in the PDF's text"):
        assert_chinese_drawn(buffer.getvalue(), "收款收据")
