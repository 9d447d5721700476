"""The laid-out page model: pages of positioned, typed items, checked without writing a PDF.

The layout of the shipped edition and of the every-block fixture, in every variant and layout, is read as
plain data: where each line is, what it is (its structure role) and in which language.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from briefgen.compose import VARIANTS, compose
from briefgen.content import load_library
from briefgen.document import Figure, Heading, Parallel
from briefgen.typeset import pagemodel as pm
from briefgen.typeset.flow import CondBreak, KeepTogether, Spacer
from briefgen.options import FIGURES_ONCE, LAYOUTS, RenderOptions
from briefgen.typeset.paginate import Frame, LayoutError
from briefgen.typeset.paragraph import Span, TextBlock, TextStyle
from briefgen.typeset.render import lay_out, plain_pages
from briefgen.typeset.theme import DEFAULT
from conftest import CONTENT, ROOT

EVERY_BLOCK = ROOT / "tests" / "fixtures" / "every_block"
CASES = [(name, variant, layout) for name in ("shipped", "every_block") for variant in VARIANTS
         for layout in (LAYOUTS if variant == "bilingual" else LAYOUTS[:1])]


@pytest.fixture(scope="module")
def docs():
    found = {}
    for name, folder in (("shipped", CONTENT), ("every_block", EVERY_BLOCK)):
        library, _ = load_library(folder)
        for variant in VARIANTS:
            found[name, variant] = compose(library, library.editions[0], variant)
    return found


@pytest.fixture(scope="module")
def laid(docs):
    return {(name, variant, layout): lay_out(docs[name, variant], RenderOptions(layout=layout))
            for name, variant, layout in CASES}


def placed_lines(items, x=0.0, y=0.0, group_role=None, with_role=False):
    """(text item, line, absolute x, absolute baseline) for every line, following the groups' origins (and,
    with_role, the role of the nearest group that has one)."""
    for item in items:
        if isinstance(item, pm.Group):
            dx, dy = item.at or (0.0, 0.0)
            yield from placed_lines(item.items, x + dx, y + dy, item.role or group_role, with_role)
        elif isinstance(item, pm.Text):
            for line in item.lines:
                yield (item, line, x + line.x, y + line.baseline, group_role) if with_role else \
                    (item, line, x + line.x, y + line.baseline)


def line_text(line: pm.TextLine) -> str:
    return "".join(step.text if isinstance(step, pm.Show) else step.char for step in line.steps
                   if isinstance(step, (pm.Show, pm.Glyph)))


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_content_lies_in_the_type_area_and_only_artifacts_outside(laid, case):
    left, bottom, right, top = DEFAULT.text_area
    for page in laid[case].pages:
        for text, line, x, baseline, within in placed_lines(page.items, with_role=True):
            # a line may open half an em left of the measure: an opening bracket's blank half hangs outside
            inside = bottom <= baseline <= top and left - text.size / 2 <= x <= right
            if page.kind == "cover" and text.role == "artifact":
                continue  # the series name on the cover band
            assert inside or text.role == "artifact", (page.number, text.role, line_text(line))
            if text.role == "artifact" and within != "contents-entry":  # (a contents entry's dot leader)
                assert not inside, (page.number, line_text(line))  # running heads sit above the type area


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_every_heading_and_figure_is_bookmarked_once_on_the_page_it_is_set(laid, docs, case):
    name, variant, _ = case
    singles = [s for b in docs[name, variant].blocks for s in (b.blocks if isinstance(b, Parallel) else (b,))]
    headings = [s for s in singles if isinstance(s, Heading)]
    figures = [s for s in singles if isinstance(s, Figure)]
    entries = [i for page in laid[case].pages for i in pm.walk(page.items) if isinstance(i, pm.OutlineEntry)]
    paired = variant == "bilingual" and case[2] in ("parallel", "interleaved")  # one bookmark per heading pair
    once = variant == "bilingual" and case[2] in FIGURES_ONCE  # and per figure set once for both languages
    expected = (len(headings) // 2 if paired else len(headings)) + (len(figures) // 2 if once else len(figures))
    assert len(entries) == expected
    anchors = [i.name for page in laid[case].pages for i in pm.walk(page.items) if isinstance(i, pm.Anchor)]
    assert len(anchors) == len(set(anchors)) == len(headings) + len(figures)


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_no_heading_is_stranded_at_a_page_foot(laid, case):
    for page in laid[case].pages:
        if page.kind != "body":
            continue
        lines = sorted(((b, t.role) for t, _, _, b in placed_lines(page.items) if t.role != "artifact"),
                       key=lambda pair: -pair[0])
        assert lines and not lines[-1][1].startswith("heading"), page.number


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_every_text_is_in_a_language_of_the_variant(laid, docs, case):
    name, variant, _ = case
    langs = {c.lang for c in docs[name, variant].covers}
    seen = {text.lang for page in laid[case].pages for text, *_ in placed_lines(page.items)}
    assert seen == langs


def test_the_contents_page_numbers_are_forms_for_every_anchor(laid):
    layout = laid["shipped", "zh", "parallel"]
    forms = {f.name for f in layout.forms}
    uses = {i.name for page in layout.pages for i in pm.walk(page.items) if isinstance(i, pm.FormUse)}
    assert uses <= forms  # every form drawn is defined
    assert {f"folio-{p.number}" for p in layout.pages[1:]} <= forms
    assert layout.labels.front_start == 2 and layout.labels.body_start > 2


def test_laying_out_never_touches_the_painter():
    script = textwrap.dedent(f"""
        import sys
        from briefgen.compose import compose
        from briefgen.content import load_library
        from briefgen.typeset.render import lay_out
        library, _ = load_library({str(EVERY_BLOCK)!r})
        pages = lay_out(compose(library, library.editions[0], "bilingual")).pages
        print(len(pages), "briefgen.pdf.painter" in sys.modules, "reportlab.pdfgen.canvas" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) > 3 and out[1:] == ["False", "False"]


# -- the paginator, on boxes made for the test ------------------------------------------------------------

STYLE = TextStyle("en", size=10.0, leading=12.0, space_before=10.0, space_after=6.0)


def para(words: int) -> TextBlock:
    return TextBlock([Span(" ".join(["word"] * words))], STYLE)


def tops(layout: pm.LaidOut) -> list[list[float]]:
    """Each page's groups' tops (their origin plus their height is not stored: the first line's top)."""
    return [[g.at[1] for g in page.items if isinstance(g, pm.Group)] for page in layout.pages]


def test_spaces_merge_between_boxes_and_vanish_at_a_page_head():
    frame = Frame(0, 0, 200, 100)
    first, second = para(1), para(1)  # one line each: 12 pt
    layout = plain_pages([first, second], frame)
    [[a, b]] = tops(layout)
    assert a == 100 - 12  # no space before the first box on a page
    assert a - b == 12 + 10  # the larger of 6 after and 10 before, not their sum


def test_a_paragraph_splits_at_the_foot_and_a_box_that_fits_no_page_is_a_layout_error():
    frame = Frame(0, 0, 200, 60)  # five lines
    whole = para(150)
    whole.wrap(200, 1e6)
    layout = plain_pages([para(1), para(150)], frame)
    per_page = [sum(len(t.lines) for t in pm.walk(page.items) if isinstance(t, pm.Text)) for page in layout.pages]
    assert len(per_page) > 2 and all(count <= 5 for count in per_page)
    assert sum(per_page) == 1 + len(whole.lines)  # split between pages, no line lost or repeated
    with pytest.raises(LayoutError):
        plain_pages([Spacer(61)], frame)


def test_a_figure_that_does_not_fit_waits_for_the_next_page_while_text_fills_this_one():
    frame = Frame(0, 0, 200, 100)
    figure = KeepTogether([Spacer(70)])
    figure.floats = True
    text = para(1)
    layout = plain_pages([para(1), para(1), para(1), figure, text], frame)
    first, second = tops(layout)
    assert len(first) == 4  # three paragraphs, then the one after the figure
    assert second[0] == 100 - 70  # the figure at the head of the next page


def test_a_figure_waiting_behind_another_does_not_end_the_page_early():
    """Two figures wait for page 2; the first opens it, the second waits again, and text fills the rest."""
    frame = Frame(0, 0, 200, 100)  # five one-line paragraphs a page, or a figure and one paragraph
    figures = []
    for _ in range(2):
        figure = KeepTogether([Spacer(60)])
        figure.floats = True
        figures.append(figure)
    layout = plain_pages([para(1), para(1), para(1), *figures, *(para(1) for _ in range(12))], frame)
    first, second, third, *_ = tops(layout)
    assert len(first) == 5  # three paragraphs, then two more while the figures wait
    assert second == [100 - 60, 100 - 60 - 22]  # the first figure, then text where the second cannot go
    assert third[0] == 100 - 60  # the second figure opens the next page


def test_a_heading_that_breaks_the_page_asks_again_below_the_figures_that_open_the_next():
    """A heading's conditional break moves it on; figures that waited then open the next page, and if the
    heading and its first lines do not fit below them, it moves on again (it was left at the page foot)."""
    frame = Frame(0, 0, 200, 100)
    figure = KeepTogether([Spacer(70)])
    figure.floats = True
    layout = plain_pages([para(1), para(1), para(1), para(1), figure, CondBreak(50), para(1), para(1)], frame)
    pages = [[text for text in pm.walk(page.items) if isinstance(text, pm.Text)] for page in layout.pages]
    assert [len(texts) for texts in pages] == [4, 0, 2]  # page 2: the figure alone; page 3: heading and text


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_a_quotation_and_its_speaker_share_a_page(laid, case):
    """Each attribution stands on the page where its quotation ends (never alone at the head of the next)."""
    for page in laid[case].pages:
        roles = [(text.role, text.lang) for text, *_ in placed_lines(page.items)]
        for role, lang in roles:
            if role == "attribution":
                assert ("quote", lang) in roles, (page.number, lang)


def test_a_box_that_waited_is_not_refused_below_the_figures_that_open_the_next_page():
    """A box too tall for the foot of a page waits for the next; when figures that waited open that page
    and it still does not fit below them, it goes on to the one after (it once was a layout error)."""
    frame = Frame(0, 0, 200, 100)
    figure = KeepTogether([Spacer(60)])
    figure.floats = True
    layout = plain_pages([para(1), para(1), para(1), figure, Spacer(80), para(1)], frame)
    assert [page[0] for page in tops(layout)] == [88, 100 - 60, 100 - 80, 88]  # the figure, then the box
    with pytest.raises(LayoutError):
        plain_pages([Spacer(120)], frame)  # taller than any page: a bug, said as one


def test_the_bilingual_brief_sets_each_key_figure_panel_once(laid, docs):
    """Side by side, a key-figure panel is one grid for both languages (Chinese above English in each cell);
    one after the other, each language has its own."""
    for name in ("shipped", "every_block"):
        panels = sum(1 for b in docs[name, "bilingual"].blocks
                     if isinstance(b, Parallel) and type(b.blocks[0]).__name__ == "KeyFigurePanel")
        for layout, expected in (("parallel", panels), ("interleaved", panels), ("sequential", 2 * panels)):
            grids = [i for page in laid[name, "bilingual", layout].pages for i in pm.walk(page.items)
                     if isinstance(i, pm.Grid)]
            assert panels and len(grids) == expected, (name, layout)


def test_the_bilingual_brief_draws_each_chart_once_with_both_languages(laid, docs):
    """Side by side and interleaved, a chart is drawn once, its labels in both languages (one line each) and
    each language's caption above it; one after the other, each language has its own chart."""
    for name in ("shipped", "every_block"):
        figures = [b.blocks for b in docs[name, "bilingual"].blocks
                   if isinstance(b, Parallel) and isinstance(b.blocks[0], Figure)]
        charts = sum(1 for pair in figures if pair[0].shared is not None)
        for layout, expected in (("parallel", charts), ("interleaved", charts), ("sequential", 2 * charts)):
            graphics = [i for page in laid[name, "bilingual", layout].pages for i in pm.walk(page.items)
                        if isinstance(i, pm.Graphic)]
            assert charts and len(graphics) == expected, (name, layout)
        for zh, en in figures:
            if zh.shared is not None:
                assert zh.shared is en.shared
                for k, category in enumerate(zh.shared.categories):  # a label written alike is written once
                    assert category.split("\n") == list(dict.fromkeys([zh.plot.categories[k], en.plot.categories[k]]))
        captions = [line_text(line) for page in laid[name, "bilingual", "parallel"].pages
                    for text, line, _, _ in placed_lines(page.items) if text.role == "caption"]
        assert [c for c in captions if c.startswith("图")] and len(captions) >= 2 * len(figures)


def test_sequential_sets_the_whole_brief_in_chinese_then_in_english(laid):
    """Every Chinese body text comes before the first English one: a reader of either language reads straight
    through; interleaved, they alternate and the English is set a size smaller."""
    for name in ("shipped", "every_block"):
        order = [text.lang for page in laid[name, "bilingual", "sequential"].pages if page.kind == "body"
                 for text in pm.walk(page.items) if isinstance(text, pm.Text) and text.role == "paragraph"]
        first_en = order.index("en")
        assert "zh" not in order[first_en:] and first_en > 3
        sizes = {(text.lang, text.size) for page in laid[name, "bilingual", "interleaved"].pages if page.kind == "body"
                 for text in pm.walk(page.items) if isinstance(text, pm.Text) and text.role == "paragraph"}
        zh_size = max(size for lang, size in sizes if lang == "zh")
        assert all(size < zh_size - 1 for lang, size in sizes if lang == "en"), sizes


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_cover_opens_with_a_masthead(laid, docs, variant):
    """报头: the series name large in the masthead red, the issue under it, the issuing body on the left and the
    date on the right of one line, over a rule across the type area; then the edition's title."""
    from briefgen.typeset.theme import DEFAULT

    cover = laid["shipped", variant, "parallel"].pages[0]
    lines = sorted(placed_lines(cover.items), key=lambda q: -q[3])
    series = [(text, x) for text, line, x, _ in lines if line_text(line) == docs["shipped", variant].covers[0].series]
    assert series and series[0][0].size >= 26 and series[0][0].color == DEFAULT.masthead
    lead = docs["shipped", variant].covers[0]
    issuer = next(b for _, line, _, b in lines if line_text(line) == lead.issuer)
    date = [(x, b) for text, line, x, b in lines if line_text(line).replace(" ", "") == lead.date.replace(" ", "")]
    assert date and date[0][1] == pytest.approx(issuer) and date[0][0] > DEFAULT.left + DEFAULT.text_width / 2
    rules = [r for r in pm.walk(cover.items) if isinstance(r, pm.Rule) and r.color == DEFAULT.masthead]
    assert len(rules) == 1
    titles = [b for _, line, _, b in lines if line_text(line).startswith(lead.title[:4])]
    assert titles and titles[0] < issuer  # the edition's title below the masthead


@pytest.mark.parametrize("case", [c for c in CASES if c[0] == "every_block"], ids=lambda c: "-".join(c))
def test_the_distribution_lines_close_the_last_page_at_its_foot(laid, docs, case):
    """报尾 (an edition's `distribution:`): 报送, 分送 and 印发 lines, each language's, at the foot of the last
    page between rules, the last rule on the type area's foot."""
    from briefgen.document import Distribution
    from briefgen.typeset.theme import DEFAULT

    name, variant, layout = case
    blocks = [s for b in docs[name, variant].blocks for s in (b.blocks if isinstance(b, Parallel) else (b,))]
    closing = [b for b in blocks if isinstance(b, Distribution)]
    assert len(closing) == (2 if variant == "bilingual" else 1)
    if layout == "sequential":  # each language's brief closes with its own
        closing = closing[-1:]
    expected = [line for b in closing for line in b.lines]
    assert expected[0].startswith(("报送：", "To: ")) and len(expected) == 3 * len(closing)
    last = laid[case].pages[-1]
    lines = [(line_text(line), b) for _, line, _, b in sorted(placed_lines(last.items), key=lambda q: -q[3])
             if line_text(line) in {e.replace(" ", "") for e in expected} | set(expected)]
    assert [text for text, _ in lines] == [e for e in expected if e in dict(lines)] and len(lines) == len(expected)
    assert lines[-1][1] < DEFAULT.bottom + 40  # at the foot


@pytest.mark.parametrize("name", ["shipped", "every_block"])
def test_the_chinese_body_keeps_to_a_line_grid(laid, name):
    """In the Chinese brief every line of body text (paragraphs, list items, notes at the body size) stands on
    a grid of the body's line height from the type area's top, page after page, so full pages end on the same
    line; the English and bilingual briefs have no grid."""
    from briefgen.languages import profile
    from briefgen.typeset.paragraph import ASCENT
    from briefgen.typeset.theme import DEFAULT

    body = DEFAULT.body("zh")
    pitch, size = body.line_height, body.size
    first = DEFAULT.bottom + DEFAULT.text_height - ((pitch - size) / 2 + ASCENT * size)
    misses, lowest = [], []
    for page in laid[name, "zh", "parallel"].pages:
        if page.kind != "body":
            continue
        baselines = [b for text, _, _, b in placed_lines(page.items)
                     if text.role in ("paragraph", "list-item") and text.size == size]
        misses += [b for b in baselines if min((first - b) % pitch, pitch - (first - b) % pitch) > 0.01]
        lowest += [min(baselines)] if baselines else []
    assert lowest and not misses, misses[:5]
    assert profile("zh").cjk and len({round(b, 1) for b in lowest if b < DEFAULT.bottom + pitch}) <= 1
    en = [b for page in laid[name, "en", "parallel"].pages if page.kind == "body"
          for text, _, _, b in placed_lines(page.items) if text.role == "paragraph"]
    en_pitch = DEFAULT.body("en").line_height
    assert any(min((first - b) % en_pitch, en_pitch - (first - b) % en_pitch) > 0.5 for b in en)


def test_a_table_splits_between_rows_and_repeats_its_header():
    """A diagram set as a table (三线表): heavy rules above and below, a light one under the header row; too
    tall for the room left, it splits between rows, and the next page opens with the header row again."""
    from briefgen.document import Diagram, DiagramGroup
    from briefgen.typeset.table import TableBox
    from briefgen.typeset.theme import DEFAULT

    groups = tuple(DiagramGroup(f"第{n}组", tuple(f"第{n}组的第{k}项，数字经济" for k in range(1, 5))) for n in range(1, 9))
    table = TableBox([Diagram("zh", "", groups, ("组别", "内容"))], DEFAULT)
    frame = Frame(0, 0, 300, 400)
    layout = plain_pages([para(1), table], frame)
    heads, names = [], []
    for page in layout.pages:
        lines = [line_text(line) for _, line, _, _ in sorted(placed_lines(page.items), key=lambda q: -q[3])]
        heads.append(lines.count("组别"))
        names += [line for line in lines if line.startswith("第") and line.endswith("组")]
        rules = sorted((r.width for r in pm.walk(page.items) if isinstance(r, pm.Rule)), reverse=True)
        assert rules[:2] == [DEFAULT.table_rules[0]] * 2 and DEFAULT.table_rules[1] in rules
    assert len(layout.pages) >= 2 and heads == [1] * len(layout.pages)
    assert names == [f"第{n}组" for n in range(1, 9)]  # every row once, in order


def test_a_contents_entry_that_wraps_hangs_its_number():
    """A title too long for one contents line goes on under its text, its number (1.2) hanging to its left;
    the dot leader and page number follow its last line."""
    from briefgen.typeset.navigation import ContentsLine
    from briefgen.typeset.theme import DEFAULT

    style = DEFAULT.contents("en")
    entry = ContentsLine([Span("1.2  Zhejiang’s “No. 1 Development Project” for innovation-driven, quality growth "
                               "of the digital economy")], 1, "sec-1-2-en", style, number="1.2  ")
    layout = plain_pages([entry], Frame(0, 0, 300, 300))
    lines = sorted(((x, b, line_text(line)) for _, line, x, b in placed_lines(layout.pages[0].items)),
                   key=lambda q: -q[1])
    titles = [(x, text) for x, _, text in lines if not set(text) <= {"."}]
    assert len(titles) >= 2 and titles[0][1].startswith("1.2")
    hang = TextBlock([Span("1.2  ")], style).natural_width()
    assert all(x == pytest.approx(titles[0][0] + hang, abs=0.05) for x, _ in titles[1:])


def test_a_section_row_opens_its_shorter_column_a_little_so_both_end_level():
    """The column that ends short of the other opens each gap between its paragraphs by at most the theme's
    feather (6 pt): a small shortfall is shared out and both columns end level; a large one is only
    narrowed. The part of a row cut off by a page foot keeps its spacing."""
    from briefgen.typeset.parallel import ParallelRow

    def column(count: int) -> list[TextBlock]:
        return [para(1) for _ in range(count)]

    row = ParallelRow([column(3), column(4)], 10.0, feather=6.0)
    row.wrap(300, 1000)
    shortfall = row.height - sum(row._heights[0])  # 28 pt: one paragraph and its spaces
    tops_by_x: dict[float, list[float]] = {}
    for group in row.draw():
        tops_by_x.setdefault(group.at[0], []).append(group.at[1])
    short, full = sorted(tops_by_x.items())[0][1], sorted(tops_by_x.items())[1][1]
    assert min(full) == 0.0 and min(short) == pytest.approx(shortfall - 2 * 6.0)  # its two gaps opened by 6 pt
    head, _ = ParallelRow([column(3), column(8)], 10.0, feather=6.0).split(300, 80)
    head.wrap(300, 80)
    assert not head.ends


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_a_lead_in_is_never_left_at_a_page_foot_without_its_list(laid, case):
    """A paragraph that leads into a list (创新生态，要全面提速—— / … as follows:) keeps the list's first lines
    with it on its page."""
    for page in laid[case].pages:
        if page.kind != "body":
            continue
        lines = sorted(((b, text.role, line_text(line)) for text, line, _, b in placed_lines(page.items)
                        if text.role != "artifact"), key=lambda q: -q[0])
        if not lines or page is laid[case].pages[-1]:
            continue
        baseline, role, text = lines[-1]
        assert not (role == "paragraph" and text.rstrip().endswith(("——", "：", ":"))), (page.number, text)


def test_sequential_contents_lists_each_half_and_its_running_heads_start_afresh(laid, docs):
    """One language after the other: the contents list each half's headings with their own page numbers (the
    English reader finds the English sections), and the English half's first page names no Chinese part."""
    doc = docs["shipped", "bilingual"]
    headings = [s for b in doc.blocks if isinstance(b, Parallel) for s in b.blocks if isinstance(s, Heading)]
    layout = laid["shipped", "bilingual", "sequential"]
    entries = [i for page in layout.pages if page.kind == "front" for i in pm.walk(page.items)
               if isinstance(i, pm.Text) and i.role == "contents-entry"]
    assert len(entries) == len(headings)  # one line a heading of each language, none joined
    body = [page for page in layout.pages if page.kind == "body"]
    first_en = next(page for page in body if any(isinstance(t, pm.Text) and t.lang == "en" and t.role == "paragraph"
                                                  for t in pm.walk(page.items)))
    heads = [line_text(line) for text, line, _, _ in placed_lines(first_en.items) if text.role == "artifact"]
    assert not any("、" in head for head in heads), heads  # 一、背景与概况 would be the Chinese half's
