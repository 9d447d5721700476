"""briefgen's paragraph typesetter, checked on real PDFs read back by the linter
and by two text extractors (pdftotext, pdfplumber)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from briefgen.lint import lint_pdf
from briefgen.typeset.chars import classify, hyphen_points
from briefgen.typeset.linebreak import spacing
from briefgen.typeset.paginate import Frame
from briefgen.typeset.paragraph import MissingGlyphError, Span, TextBlock, TextStyle
from briefgen.typeset.render import one_page, pdf_of, plain_pages
from briefgen.typeset.theme import DEFAULT

CORPUS = Path(__file__).parent / "corpus"
WIDTHS = (160, 200, 250, 310, 380, 450)  # 15 to 43 em at 10.5 pt
STYLES = {
    "zh": TextStyle("zh", size=10.5, first_indent_em=2.0, space_after=4.0),
    "en": TextStyle("en", size=10.5, space_after=6.0),
}
DEST = "part-1"


def corpus(lang: str) -> list[str]:
    text = (CORPUS / f"stress_{lang}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def spans(index: int, text: str) -> list[Span]:
    """Every third paragraph carries bold and links, cut at arbitrary points."""
    if index % 3:
        return [Span(text)]
    a, b, c = (len(text) * f // 10 for f in (2, 4, 6))
    return [Span(text[:a]), Span(text[a:b], bold=True), Span(text[b:c], href="https://example.org/brief"),
            Span(text[c:], dest=DEST)]


def build(path: Path, lang: str, width: float, paragraphs: list[str]) -> list[TextBlock]:
    """The paragraphs in one column of the given width, over as many A4 pages as needed."""
    blocks = [TextBlock(spans(i, text), STYLES[lang]) for i, text in enumerate(paragraphs)]
    frame = Frame(60, 66, width, DEFAULT.page_height - 132)
    path.write_bytes(pdf_of(plain_pages(list(blocks), frame, first_page_anchor=DEST)))
    return blocks


@pytest.fixture(scope="module")
def stress_pdfs(tmp_path_factory) -> dict[tuple[str, int], Path]:
    """The two stress corpora set at every width (about 2,500 lines)."""
    folder = tmp_path_factory.mktemp("stress")
    pdfs = {}
    for lang in STYLES:
        for width in WIDTHS:
            pdfs[lang, width] = folder / f"{lang}-{width}.pdf"
            build(pdfs[lang, width], lang, width, corpus(lang))
    return pdfs


def aligned(source: str, extracted: str) -> None:
    """Extracted lines must spell the source exactly: a line break may only
    replace a space, or follow a hyphen the typesetter added."""
    pos = 0
    for line in (raw.strip(" ") for raw in extracted.replace("\f", "\n").split("\n")):
        if not line:
            continue
        if source.startswith(line, pos):
            pos += len(line)
        elif line.endswith("-") and source.startswith(line[:-1], pos):
            pos += len(line) - 1
        else:
            raise AssertionError(f"at {pos}: expected {source[pos:pos + len(line)]!r}, extracted {line!r}")
        if source.startswith(" ", pos):
            pos += 1
    assert pos == len(source), f"extraction stops at {pos} of {len(source)}"


def set_lines(text: str, lang: str, width: float, **style) -> tuple[TextBlock, list[str]]:
    block = TextBlock([Span(text)], TextStyle(lang, **style))
    block.wrap(width, 10_000)
    return block, [text[line.first:line.last + 1] for line in block.lines]


def draw_one(path: Path, block: TextBlock, width: float) -> list[dict]:
    """Draw a block at (50, 400) and read its characters back."""
    path.write_bytes(pdf_of(one_page((block, 50, 400, width))))
    with pdfplumber.open(str(path)) as doc:
        return doc.pages[0].chars


# -- the stress corpora ---------------------------------------------------------


def test_stress_corpora_pass_the_linter(stress_pdfs):
    total = 0
    justified = 0
    for (lang, width), pdf in stress_pdfs.items():
        report = lint_pdf(pdf)
        assert report.ok, (lang, width, report.counts, report.offences[:5])
        assert report.max_edge_error <= 0.5
        justified += report.justified_lines
        total += report.lines
    assert total >= 2000 and justified >= 700


def test_the_linter_sees_every_line_set(tmp_path):
    blocks = build(tmp_path / "count.pdf", "zh", 250, corpus("zh"))
    assert lint_pdf(tmp_path / "count.pdf").lines == sum(len(b.lines) for b in blocks)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_returns_the_source(stress_pdfs):
    for (lang, _), pdf in stress_pdfs.items():
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        aligned("".join(corpus(lang)), text)


def test_pdfplumber_returns_the_source(stress_pdfs):
    for (lang, _), pdf in stress_pdfs.items():
        with pdfplumber.open(str(pdf)) as doc:
            text = "\n".join(page.extract_text() for page in doc.pages)
        aligned("".join(corpus(lang)), text)


def test_spacing_is_never_a_space_character(stress_pdfs):
    with pdfplumber.open(str(stress_pdfs["zh", 310])) as doc:
        spaces = sum(c["text"] == " " for page in doc.pages for c in page.chars)
    assert spaces == sum(p.count(" ") for p in corpus("zh"))


def test_bold_and_links_inside_paragraphs(stress_pdfs):
    with pdfplumber.open(str(stress_pdfs["zh", 250])) as doc:
        page = doc.pages[0]
        faces = {c["fontname"].split("+")[-1] for c in page.chars}
        uris = {link.get("uri") for link in page.hyperlinks}
        annotations = len(page.annots)
    assert {"NotoSerifCJKsc-Bold", "NotoSerif-Bold"} <= faces
    assert uris == {"https://example.org/brief"}
    assert annotations > len(page.hyperlinks)  # the internal links too


# -- rules, one at a time -------------------------------------------------------------


@pytest.mark.parametrize("unit", ["5.0%", "800亿", "1.5万亿元", "2027年", "−3.2", "235%", "7.5个", "——", "……"])
def test_never_split(unit):
    text = "数字经济" * 3 + unit + "增长" * 9
    for width in range(60, 200, 3):
        _, lines = set_lines(text, "zh", width)
        for line, after in zip(lines, lines[1:]):
            assert not any(line.endswith(unit[:k]) and after.startswith(unit[k:]) for k in range(1, len(unit)))


def test_prohibited_marks_never_open_or_close_a_line():
    text = "他说：“数字经济（digital economy）！”《方案》指出，“到2027年……”——这是“一号工程”。" * 3
    for width in range(100, 300, 2):  # narrower, “economy）！” alone overflows
        _, lines = set_lines(text, "zh", width)
        for line in lines:
            assert line.lstrip()[0] not in "，。：；！？”）》…—", line
            assert line.rstrip()[-1] not in "“（《", line


def test_english_breaks_at_spaces_or_pyphen_points():
    text = "Manufacturing digitalization accelerates infrastructure internationalization. " * 4
    for width in range(80, 320, 7):
        block, _ = set_lines(text.strip(), "en", width)
        for line in block.lines[:-1]:
            if line.hyphen:
                start = text.rfind(" ", 0, line.last) + 1
                word = re.match(r"[a-z]+", text[start:], re.I).group()
                assert line.last + 1 - start in hyphen_points(word)
            else:
                assert text[line.last] == " "


def test_english_word_spaces_stay_under_one_em():
    for text in corpus("en"):
        block, _ = set_lines(text, "en", 250, size=10.0)
        prep = block._para.prep
        for line in block.lines[:-1]:
            assert prep.w[text.index(" ")] + spacing(prep, line, "justify").flex <= 10.0 + 1e-6


def test_han_latin_gap_is_a_quarter_em_and_no_character(tmp_path):
    chars = draw_one(tmp_path / "gap.pdf", TextBlock([Span("宁波5G网络，5G基站")], TextStyle("zh", size=10.0)), 300)
    assert "".join(c["text"] for c in chars) == "宁波5G网络，5G基站"
    gaps = [round(b["x0"] - a["x1"], 2) for a, b in zip(chars, chars[1:])]
    assert gaps == [0, 2.5, 0, 2.5, 0, 0, 0, 0, 2.5, 0]  # none beside the comma


def test_adjacent_marks_share_an_em_and_a_half(tmp_path):
    chars = draw_one(tmp_path / "pair.pdf", TextBlock([Span("他说：“好。”然后")], TextStyle("zh", size=10.0)), 300)
    x = {c["text"]: c["x0"] for c in chars}
    assert x["“"] - x["："] == pytest.approx(5.0)
    assert x["”"] - x["。"] == pytest.approx(5.0)


def test_an_opening_mark_starts_a_continuation_line_flush(tmp_path):
    text = "数字经济增长（宁波）数字经济增长（宁波）数字经济增长。"
    block = TextBlock([Span(text)], TextStyle("zh", size=10.0))
    chars = draw_one(tmp_path / "flush.pdf", block, 60)  # six em: lines open with （
    firsts = [min((c for c in chars if abs(c["matrix"][5] - y) < 0.1), key=lambda c: c["x0"])
              for y in sorted({c["matrix"][5] for c in chars}, reverse=True)]
    assert [c["x0"] for c in firsts if c["text"] == "（"] == [45.0]  # ink from 50, the left margin


def test_justified_lines_end_on_the_margin(tmp_path):
    """Every line but the last fills the measure, a whole number of characters (20.3 em holds 20): a line-end
    mark reaches it with its ink half (compressed) or its blank half (kept)."""
    block = TextBlock([Span("数字经济，增长5.0%。" * 30)], TextStyle("zh", size=10.0))
    chars = draw_one(tmp_path / "edge.pdf", block, 203)  # 20.3 em: no line fits naturally
    rows: dict[float, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["matrix"][5], 1), []).append(c)
    edges = []
    for _, row in sorted(rows.items(), reverse=True)[:-1]:
        last = max(row, key=lambda c: c["x0"])
        if last["text"] in "，。":
            assert last["x0"] + 5.0 - 0.05 <= 50 + 200 <= last["x1"] + 0.05
            edges.append("mark")
        else:
            assert last["x1"] == pytest.approx(50 + 200, abs=0.05)
            edges.append("character")
    assert len(rows) > 10 and "mark" in edges  # (total fit ends every line of this text on a mark)


def test_sizes_do_not_leak_between_blocks(tmp_path):
    blocks = [(TextBlock([Span("数字经济 digital")], TextStyle("zh", size=size)), 50, y, 300)
              for size, y in ((16.0, 700), (9.0, 600), (16.0, 500))]
    (tmp_path / "sizes.pdf").write_bytes(pdf_of(one_page(*blocks)))
    with pdfplumber.open(str(tmp_path / "sizes.pdf")) as doc:
        sizes = [round(c["size"]) for c in doc.pages[0].chars if c["text"] != " "]
    assert sizes == [16] * 11 + [9] * 11 + [16] * 11


def test_a_large_mixed_script_heading_extracts_as_one_line(tmp_path):
    block = TextBlock([Span("宁波数字经济2027年 Ningbo 简报")], TextStyle("zh", "sans", 26.0))
    (tmp_path / "title.pdf").write_bytes(pdf_of(one_page((block, 50, 600, 500))))
    with pdfplumber.open(str(tmp_path / "title.pdf")) as doc:
        assert doc.pages[0].extract_text() == "宁波数字经济2027年 Ningbo 简报"


def test_ambiguous_marks_follow_their_neighbours():
    assert classify("他说“AI”很重要", "zh") == "HHPLLPHHH"
    assert classify("China’s “AI”", "zh") == "LLLLLNLSNLLN"  # the closing quote pairs up
    assert classify("“AI”", "zh") == "PLLP"
    assert classify("他说“AI”", "en") == "HHNLLN"
    assert classify("2023–2027年", "zh") == "LLLLNLLLLH"


def test_no_lone_character_on_a_last_line():
    text = "数字经济创新提质是一号发展工程" * 3 + "。"
    for width in range(100, 400, 5):
        _, lines = set_lines(text, "zh", width)
        assert len(lines[-1].rstrip("。")) > 1, (width, lines[-1])


def test_no_two_character_last_line_where_the_lines_before_can_avoid_it():
    """Two characters alone on a last line (动仗。”) cost the paragraph: total fit moves the breaks before so
    that the shipped quotation, at 400 pt, ends with at least three (the greedy breaker left 动仗。”)."""
    from briefgen.typeset.theme import DEFAULT

    text = "“一定要精准识变、科学应变、主动求变，锻长板、补短板、固底板，全力下好先手棋、打好主动仗。”"
    block = TextBlock([Span(text)], DEFAULT.quote("zh"))
    block.wrap(400.0, 10_000)
    tail = block.lines[-1]
    assert len(block.lines) > 1 and len(text[tail.first:tail.last + 1].strip("“”。")) >= 3


def test_split_keeps_widows_and_orphans_off():
    block = TextBlock([Span("数字经济" * 40)], TextStyle("zh", size=10.0, leading=20.0, space_before=6, space_after=6))
    block.wrap(100, 10_000)
    assert len(block.lines) == 16
    assert [len(part.lines) for part in block.split(100, 15 * 20)] == [14, 2]  # not 15 + 1
    assert block.split(100, 30) == []  # one line would be an orphan
    head, tail = block.split(100, 100)
    assert len(head.lines) == 5 and head.text + tail.text == block.text
    assert (head.space_before(), head.space_after(), tail.space_before(), tail.space_after()) == (6, 0, 0, 6)


def test_missing_glyphs_are_an_error_not_tofu():
    with pytest.raises(MissingGlyphError, match=re.escape("U+2A6A5")):
        TextBlock([Span("数字𪚥")], TextStyle("zh"))


# -- total fit ------------------------------------------------------------------------


def house_style_figures(lang: str, width: float, size: float = 10.0) -> dict[str, float]:
    """Shares of the corpus's wrapping lines, set at this width, that leave the house style."""
    lines = half = spread = hyphens = loose = run = longest = 0
    for text in corpus(lang):
        block = TextBlock([Span(text)], TextStyle(lang, size=size, first_indent_em=2.0 if lang == "zh" else 0.0))
        block.wrap(width, 100_000)
        prep = block._para.prep
        for line in block.lines[:-1]:
            setting = spacing(prep, line, "justify")
            lines += 1
            half += any(setting.extra.get(k, 0.0) < -0.26 * size for k in prep.squeeze)  # under ¾ em
            spread += prep.cjk and setting.flex > 0.03 * size + 1e-6
            hyphens += line.hyphen
            run = run + 1 if line.hyphen else 0
            longest = max(longest, run)
            loose += not prep.cjk and prep.w[text.index(" ")] + setting.flex > 0.5 * size + 1e-6
    return {"half": half / lines, "spread": spread / lines, "hyphens": hyphens / lines, "loose": loose / lines,
            "longest run": longest}


def test_total_fit_keeps_mid_line_marks_full_and_chinese_unspread_on_a_full_measure():
    """The stress corpus (marks, numbers and Latin words packed in) on a 44-em measure: mid-line marks keep at
    least ¾ em and lines spread by at most 3 % of an em on nearly every line (the greedy breaker squeezed a
    mark to ½ em on a line in ten)."""
    figures = house_style_figures("zh", 440)
    assert figures["half"] <= 0.02 and figures["spread"] <= 0.05, figures


def test_total_fit_hyphenates_english_rarely_and_never_three_in_a_row():
    figures = house_style_figures("en", 442)
    assert figures["hyphens"] <= 0.05 and figures["loose"] <= 0.03, figures
    narrow = house_style_figures("en", 250)
    assert narrow["longest run"] <= 2, narrow


def test_a_proper_name_is_never_hyphenated():
    name = "Joyson Electronics"
    spans_ = [Span("Automotive suppliers such as "), Span(name, hyphenate=False),
              Span(" are transforming the industry cluster, and "), Span(name, hyphenate=False),
              Span(" leads the electrification of components.")]
    text = "".join(s.text for s in spans_)
    starts = [m.start() for m in re.finditer(name, text)]
    for width in range(120, 300, 3):
        block = TextBlock(spans_, TextStyle("en", size=10.0))
        block.wrap(float(width), 100_000)
        for line in block.lines:
            assert not (line.hyphen and any(s <= line.last < s + len(name) for s in starts)), (width, line)


def test_a_line_end_mark_may_keep_its_blank_half_rather_than_spread_the_line():
    """Eighteen characters and a comma in a 19-em measure: the comma is set full width at the margin, the
    characters are not spread (the house style's cheapest stretch)."""
    text = "数字经济创新提质一号发展工程全面推进，" + "宁波数字经济核心产业增加值年均增速达到" * 2
    block, lines = set_lines(text, "zh", 190.0, size=10.0)
    first = block.lines[0]
    assert lines[0].endswith("，")
    assert spacing(block._para.prep, first, "justify").flex == 0.0


def test_latin_pairs_are_kerned_from_the_fonts_own_table_and_copy_unchanged(tmp_path):
    """To, Wo, AV and Ya are drawn as close as the face's GPOS 'kern' feature has them (fonts/kerning.json,
    made by tools/make_fonts.py), and the text still reads back letter for letter."""
    from briefgen.pdf.fonts import font_name, kerning

    text = "To Wo AV Ya"
    chars = draw_one(tmp_path / "kern.pdf", TextBlock([Span(text)], TextStyle("en", size=20.0, align="left")), 400)
    table = kerning(font_name("latin", "serif"))
    glyphs = [c for c in chars if not c["text"].isspace()]
    assert "".join(c["text"] for c in chars).replace(" ", "") == text.replace(" ", "")
    for a, b in zip(glyphs[::2], glyphs[1::2]):
        kern = table[a["text"] + b["text"]] * 20 / 1000
        assert kern < -0.5 and b["x0"] - a["x1"] == pytest.approx(kern, abs=0.02), (a["text"], b["text"])


def test_hyphenation_points_are_pyphens_and_its_table_is_kept(private_cache: Path):
    import pyphen

    from briefgen.typeset import hyphenation

    words = set()
    for source in (CORPUS / "stress_en.txt", *Path(__file__).parent.parent.glob("content/**/*.yaml")):
        words |= set(re.findall(r"[A-Za-z]{5,}", source.read_text(encoding="utf-8")))
    words |= {"hyphenation", "Ningbo", "infrastructure", "internationalisation", "Sugarcane", "ABSOLUTE"}
    reference = pyphen.Pyphen(lang="en_US", left=2, right=3)
    hyphenation._table.cache_clear()  # read from the dictionary, and kept
    assert {w: hyphenation.positions(w) for w in words} == {w: tuple(reference.positions(w)) for w in words}
    assert len(list((private_cache / "hyphenation").glob("*.marshal"))) == 1
    hyphenation._table.cache_clear()  # taken from the cache folder: the same answers
    assert all(hyphenation.positions(w) == tuple(reference.positions(w)) for w in words)
    assert len(words) > 1400  # the corpus and the content: enough words to mean something
