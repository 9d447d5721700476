"""The linter reads lines back from a PDF and must catch what is wrong, and
only that."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from briefgen.lint import lint_pdf
from briefgen.pdf.fonts import font_name
from briefgen.typeset.paragraph import Span, TextBlock, TextStyle
from briefgen.typeset.render import one_page, pdf_of

CORPUS = Path(__file__).parent / "corpus" / "stress_zh.txt"
SIZE, LEADING, LEFT = 10.0, 18.0, 60.0


def draw_lines(path: Path, lines: list[str]) -> Path:
    """Lines as a plain canvas draws them: one under the other at LEFT."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(font_name("cjk", "serif"), SIZE)
    for index, text in enumerate(lines):
        canvas.drawString(LEFT, 700 - index * LEADING, text)
    canvas.save()
    return path


def test_reportlab_cjk_wrap_fails(tmp_path):
    """reportlab's own Chinese wrap breaks the rules the typesetter keeps."""
    paragraphs = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    style = ParagraphStyle("cjk", fontName=font_name("cjk", "serif"), fontSize=10.5, leading=18.4,
                           firstLineIndent=21, alignment=TA_JUSTIFY, wordWrap="CJK", spaceAfter=4)
    pdf = tmp_path / "reportlab.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4, leftMargin=60, rightMargin=A4[0] - 60 - 250).build(
        [Paragraph(p, style) for p in paragraphs])
    report = lint_pdf(pdf)
    assert not report.ok
    for rule in ("line_start", "line_end", "split_number", "justify"):
        assert report.counts[rule] > 0, rule
    assert report.max_edge_error > 5


def test_a_clean_paragraph_passes(tmp_path):
    block = TextBlock([Span("数字经济，“一号发展工程”（2023—2027年）……增长16.4%。" * 6)],
                      TextStyle("zh", size=SIZE, first_indent_em=2))
    (tmp_path / "clean.pdf").write_bytes(pdf_of(one_page((block, LEFT, 400, 200))))
    report = lint_pdf(tmp_path / "clean.pdf")
    assert report.ok and report.lines == len(block.lines) and report.justified_lines == len(block.lines) - 1


FULL = "数字经济创新提质一号发展"  # 12 em: the paragraph's measure
FULL_EN = "digital economy grows fast "  # broken at its space


def paragraph(*middle: str, full: str = FULL) -> list[str]:
    """Lines under test inside a paragraph whose other lines fill the measure."""
    return [full, *middle, full, full, "结束。"]


@pytest.mark.parametrize("lines, rule", [
    (["数字经济增长数字经济增长“", "一号工程数字经济增长数字"], "line_end"),
    (["数字经济增长数字经济增长", "，一号工程数字经济增长数"], "line_start"),
    (["数字经济增长数字经济增长", "——一号工程数字经济增长"], "line_start"),
    (["数字经济增长数字经济2027", "年一号工程数字经济增长数"], "split_number"),
    (["数字经济增长数字经济增16.", "4%一号工程数字经济增长"], "split_number"),
    (["数字经济增长数字经济增1.5", "万亿元工程数字经济增长数"], "split_number"),
])
def test_each_violation_is_caught(tmp_path, lines, rule):
    report = lint_pdf(draw_lines(tmp_path / "bad.pdf", paragraph(*lines)))
    assert report.counts[rule] == 1, report.counts
    offence = next(o for o in report.offences if o.rule == rule)
    assert offence.page == 1 and offence.text in lines


@pytest.mark.parametrize("lines, errors", [
    (["the digi", "tal economy grows "], 1),  # split without a hyphen
    (["the di-", "gital economy grows "], 1),  # hyphen off pyphen's points
    (["the digi-", "tal economy grows "], 0),  # dig-i-tal
    (["the digital ", "economy grows "], 0),  # broken at a space, kept as the last glyph
])
def test_split_latin_words(tmp_path, lines, errors):
    report = lint_pdf(draw_lines(tmp_path / "words.pdf", paragraph(*lines, full=FULL_EN)))
    assert report.counts["split_word"] == errors


@pytest.mark.parametrize("lines, errors", [
    (["worth RMB 800 ", "billion in all"], 1),
    (["worth RMB ", "800 billion in all"], 1),
    (["plan on 1 ", "March 2023"], 1),
    (["plan on 1 March ", "2023 was set"], 0),
])
def test_english_numbers_stay_with_their_words(tmp_path, lines, errors):
    report = lint_pdf(draw_lines(tmp_path / "tied.pdf", paragraph(*lines, full=FULL_EN)))
    assert report.counts["split_number"] == errors


def test_lists_and_labels_are_not_paragraphs(tmp_path):
    """Items of a list or contents entries each end their own line."""
    items = ["（一）国家部署", "（二）浙江的“一号发展工程”", "（三）宁波全市会议", "（四）为何至关重要", "1,000", "1,250"]
    assert lint_pdf(draw_lines(tmp_path / "list.pdf", items)).ok


def test_a_short_line_inside_a_chinese_paragraph(tmp_path):
    full = "数字经济创新提质一号发展工程会议"
    pdf = draw_lines(tmp_path / "ragged.pdf", [full, full[:-1], full, full, "结束。"])
    report = lint_pdf(pdf)
    assert report.counts["justify"] == 1 and report.max_edge_error == pytest.approx(SIZE, abs=0.01)


def test_paragraphs_are_told_apart_by_indent(tmp_path):
    full = "数字经济创新提质一号发展工程会议"
    pdf = draw_lines(tmp_path / "two.pdf", [full, "结束。", "\u3000\u3000" + full[2:], full, "再见。"])
    # the indented line opens a paragraph: "结束。" ends one
    report = lint_pdf(pdf)
    assert report.counts["justify"] == 0 and report.justified_lines == 3


def test_a_folio_may_open_with_a_dash(tmp_path):
    assert lint_pdf(draw_lines(tmp_path / "folio.pdf", ["— 1 —"])).ok


def test_a_bulleted_item_ends_its_own_paragraph(tmp_path):
    """Items with hanging bullets share one left edge; a short item still ends its paragraph."""
    full = "数字经济创新提质一号发展工程会议"
    pdf = tmp_path / "bullets.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont(font_name("cjk", "serif"), SIZE)
    for index, (marker, text) in enumerate([("•", full), ("", full), ("•", full[:6]), ("•", full), ("", "结束")]):
        y = 700 - index * LEADING
        canvas.setFont(font_name("cjk", "serif"), SIZE)
        canvas.drawString(LEFT + 1.6 * SIZE, y, text)
        if marker:  # as the brief hangs them: a Latin bullet in the indent
            canvas.setFont(font_name("latin", "sans"), SIZE)
            canvas.drawString(LEFT, y, marker)
    canvas.save()
    report = lint_pdf(pdf)
    assert report.counts["justify"] == 0 and report.justified_lines == 2  # each item's own first lines only
    pdf_without = draw_lines(tmp_path / "plain.pdf", [full, full, full[:6], full, "结束"])
    assert lint_pdf(pdf_without).counts["justify"] == 1  # without the markers the short line is a fault


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_every_pdf_of_the_shipped_edition_passes(tmp_path, layout):
    from conftest import CONTENT, run_briefgen

    assert run_briefgen("build", CONTENT, "--out", tmp_path, "--layout", layout).returncode == 0
    for pdf in sorted(tmp_path.glob("*.pdf")):
        report = lint_pdf(pdf)
        assert report.ok, (pdf.name, report.offences[:5])
        assert report.lines > 400
