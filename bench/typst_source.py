"""The document briefgen sets, as a Typst source: a comparison of speed must give both typesetters the same work.

From briefgen's composed document (`briefgen.compose.compose`, one language) this writes a Typst source that
sets what `briefgen build` sets, in the same page style: A4 with the theme's type area; the shipped fonts
(fonts/, system fonts and Typst's own ignored); the theme's sizes, leadings, colours and spacing; Chinese
justified with its 2-em first-line indent. In order: the cover (masthead: series, issue, issuer and date over
the red rule; title, subtitle, source line), the contents (an outline with dot leaders and page numbers) and
the body, each from a new page; numbered headings (the numbers are in the composed text) kept with what
follows; paragraphs with their bold runs and internal links; notes, quotations and attributions in their
styles; numbered or bulleted lists with briefgen's marker width; key-figure panels (a table of value, label
and period on the panel's ground, white rules); figures (caption, graphic, source line), floating like
briefgen's: a chart as the very SVG briefgen draws (briefgen's own functions, its chart cache, matplotlib on
a miss; written beside the .typ), a diagram as a real table (header row, three rules, names in the accent
colour); the 报尾 at the foot of the page; running heads (short title left, the part in force right, a rule)
and folios (`— i —` in the front matter, `第N页 / 共M页` in the body, its total the body's pages).

What the source cannot say as briefgen sets it (Typst sets it its own way): the line grid of Chinese body
text (Typst has none), briefgen's spacing rules in full (Typst keeps the larger of two adjacent spacings,
briefgen adds them: each block's spacing here is what it would be next to body text), its line-breaking and
punctuation-compression rules, and bookmarks for figures (Typst bookmarks headings only). Typst writes the
PDF to the standards briefgen's meets (PDF/A-2u and PDF/UA-1, tagged; measured, it costs Typst nothing
noticeable), but does not read it back (briefgen's completeness check does).

    python bench/typst_source.py [--out DIR] [--lang zh]   # writes the source, compiles it, prints pages

Typst 0.15 comes from PyPI (`pip install typst`); it is not a dependency of briefgen.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen import document as d  # noqa: E402
from briefgen.languages import heading_line, profile, word  # noqa: E402
from briefgen.typeset import story  # noqa: E402
from briefgen.typeset.paragraph import TextStyle  # noqa: E402
from briefgen.typeset.table import TableBox  # noqa: E402
from briefgen.typeset.theme import Theme, theme  # noqa: E402

FONTS = ROOT / "fonts"
FAMILIES = {"serif": ("Noto Serif", "Noto Serif CJK SC"), "sans": ("Noto Sans", "Noto Sans CJK SC")}  # Typst's names


STANDARDS = ["a-2u", "ua-1"]  # what `briefgen build` writes by default: PDF/A-2u and PDF/UA-1 (tagged)


def compile_code(source: Path, out: Path) -> str:
    """The Python a Typst process runs: the source compiled to out in the shipped fonts only (neither the
    system's fonts nor those built into Typst), to the standards briefgen's PDF meets."""
    return (f"import typst; fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, "
            f"font_paths=[{str(FONTS)!r}]); open({str(out)!r}, 'wb').write(typst.compile({str(source)!r}, "
            f"font_paths=fonts, pdf_standards={STANDARDS!r}))")


def write_typst(doc: d.Document, folder: Path) -> Path:
    """The document's Typst source, `folder/brief.typ`, with its charts' SVG files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "brief.typ"
    source.write_text(_Source(doc, folder).text(), encoding="utf-8")
    return source


# -- Typst values -------------------------------------------------------------------------------------


def _str(text: str) -> str:
    """A Typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _pt(value: float) -> str:
    return f"{value:.3f}pt"


def _rgb(color: tuple[float, float, float]) -> str:
    return "rgb(" + ", ".join(f"{100 * c:.2f}%" for c in color) + ")"


def _array(items: list[str]) -> str:
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _font(family: str, cjk: bool) -> str:
    """A family's faces, Latin first; in a CJK text the Latin face takes Latin letters only, so the marks both
    scripts share (quotes, dashes) are set full width, as briefgen sets them."""
    latin, han = FAMILIES[family]
    return f'((name: "{latin}", covers: "latin-in-cjk"), "{han}")' if cjk else f'("{latin}", "{han}")'


def _rich(rich: d.Rich) -> str:
    """Runs as markup: plain, bold, linked to a heading or figure (its label) or to an address."""
    out = []
    for run in rich:
        text = _str(run.text)
        if run.bold:
            text = f"strong({text})"
        if run.dest:
            text = f"link(<{run.dest}>, {text})"
        elif run.href:
            text = f"link({_str(run.href)}, {text})"
        out.append("#" + text)
    return "".join(out)


# -- the source ---------------------------------------------------------------------------------------

PREAMBLE = Template("""\
// Generated by bench/typst_source.py from briefgen's composed document: the brief as briefgen sets it.
#set document(title: $title, author: $author, keywords: $keywords)
#let SERIF = $serif
#let SANS = $sans
#let INK = $ink
#let ACCENT = $accent
#let MUTED = $muted
#let PANEL = $panel
#let ON-ACCENT = $on_accent
#let MASTHEAD = $masthead
#let BODY-START = <body-start>

// A block of text in one of the brief's styles (the dictionaries below, made from briefgen's theme).
// Each line is as tall as briefgen's (its line height, the em box in the middle), so no leading is added.
#let styled(s, body, sticky: false) = block(width: 100%, above: s.above, below: s.below, inset: (x: s.inset),
                                             sticky: sticky, breakable: true, {
  set text(font: s.font, size: s.size, fill: s.fill, weight: s.weight, top-edge: 0.88em + s.half,
           bottom-edge: -0.12em - s.half)
  set par(leading: 0pt, justify: s.justify, first-line-indent: (amount: s.indent, all: true))
  set align(s.align)
  body
})

$styles

#set page(paper: "a4", margin: (left: $left, right: $right, top: $top, bottom: $bottom),
          header-ascent: $head_ascent, footer-descent: $foot_descent)
#set text(lang: "$lang", $region font: SERIF, size: $body_size, fill: INK, top-edge: 0.88em + $body_half,
          bottom-edge: -0.12em - $body_half, hyphenate: $hyphenate)
#set par(justify: $body_justify, leading: 0pt, spacing: $body_spacing,
         first-line-indent: (amount: $body_indent, all: true))
#set heading(numbering: none)
#show heading.where(level: 1): it => styled(HEADING-1, it.body, sticky: true)
#show heading.where(level: 2): it => styled(HEADING-2, it.body, sticky: true)
#show figure: set block(breakable: false)

// Running head: the short title, the part in force (a part that opens the page names it), a rule.
#let running-head = context {
  let page = here().page()
  let parts = query(heading.where(level: 1))
  let before = parts.filter(h => h.location().page() < page)
  let opening = parts.filter(h => h.location().page() == page)
  let part = if opening.len() > 0 and (before.len() == 0 or opening.first().location().position().y < $fresh) {
    opening.first().body
  } else if before.len() > 0 { before.last().body }
  set text(font: SANS, size: $head_size, fill: MUTED, top-edge: 0.88em, bottom-edge: -0.12em)
  set par(first-line-indent: 0pt, justify: false)
  grid(columns: (1fr, 1fr), align(left, $short_title), align(right, part))
  v($head_drop, weak: false)
  line(length: 100%, stroke: $head_rule + MUTED)
}

// Folio: `— i —` in the front matter, `$folio_word` in the body.
#let folio = context {
  set text(font: SANS, size: $folio_size, fill: MUTED, top-edge: 0.88em, bottom-edge: -0.12em)
  set par(first-line-indent: 0pt, justify: false)
  let body = query(BODY-START)
  align(center, if body.len() > 0 and here().page() >= body.first().location().page() {
    let number = counter(page).display()
    let total = str(counter(page).final().first())
    $folio_markup
  } else [— #counter(page).display("i") —])
}

#let key-figures(title, columns, items) = block(breakable: false, above: $panel_above, below: $panel_below, {
  if title != none { styled(PANEL-TITLE, title) }
  table(columns: (1fr,) * columns, fill: PANEL, stroke: $panel_rule + ON-ACCENT,
        inset: (x: $panel_pad_x, y: $panel_pad_y), align: left,
        ..items.map(item => if item == none { [] } else {
          styled(KEY-VALUE, item.at(0)); styled(KEY-LABEL, item.at(1)); styled(KEY-PERIOD, item.at(2))
        }))
})

// A figure: caption, graphic, source line; floating, as briefgen's may wait for the next page.
#let brief-figure(caption, graphic, sources) = figure(kind: "brief-figure", supplement: none, numbering: none,
                                                      outlined: false, gap: 0pt, block(width: 100%, {
  styled(CAPTION, caption, sticky: true)
  graphic
  v($below_graphic, weak: false)
  for source in sources { styled(NOTE, source) }
}))

#let chart(file, width, height, alt) = { set text(font: SANS); image(file, width: width, height: height, alt: alt) }

#let diagram(heads, rows, run-in) = {
  set text(font: SANS, size: $table_size, fill: INK, top-edge: 0.88em + $table_half, bottom-edge: -0.12em - $table_half)
  set par(leading: 0pt, spacing: $table_spacing, justify: $body_justify, first-line-indent: 0pt)
  let header = if heads == none { () } else { (table.header(..heads.map(strong)),) }
  let top = if heads == none { 0 } else { 1 }
  table(columns: ($name_share, 1fr), stroke: none, inset: $table_pad, align: left,
        ..header,
        ..rows.map(row => (text(fill: ACCENT, weight: "bold", row.at(0)),
                           if run-in { row.at(1).join($list_sep) } else { row.at(1).map(par).join() })).flatten(),
        table.hline(y: 0, stroke: $heavy_rule + INK),
        ..if heads != none { (table.hline(y: 1, stroke: $light_rule + INK),) },
        table.hline(y: rows.len() + top, stroke: $heavy_rule + INK))
}

#let distribution(lines) = place(bottom, float: true, block(width: 100%, {
  set par(first-line-indent: 0pt)
  line(length: 100%, stroke: $heavy_dist + INK)
  for (k, l) in lines.enumerate() {
    if k > 0 { line(length: 100%, stroke: $light_dist + INK) }
    styled(DISTRIBUTION, l)
  }
  line(length: 100%, stroke: $heavy_dist + INK)
}))

// The cover: no running head, no folio.
#set page(header: none, footer: none, numbering: none)
#v($masthead_top)
#styled(SERIES, strong($series))
#styled(ISSUE, $issue)
#grid(columns: ($issuer_share, 1fr), styled(ISSUER, $issuer), styled(DATE, $date))
#block(height: $masthead_rule_height, above: 0pt, below: 0pt,
       align(horizon, line(length: 100%, stroke: $masthead_rule + MASTHEAD)))
#v($cover_top)
#styled(COVER-TITLE, strong($cover_title))
#styled(COVER-SUBTITLE, $subtitle)
#v($cover_gap)
#styled(COVER-SOURCE, $source_line)

// The contents, from a new page, numbered i, ii, …
#set page(header: running-head, footer: folio, numbering: "i")
#counter(page).update(1)
#styled(HEADING-1, strong($contents_word))
#{
  set text(font: SANS, size: $contents_size, top-edge: 0.88em + $contents_half, bottom-edge: -0.12em - $contents_half)
  set par(leading: 0pt, spacing: $contents_spacing, first-line-indent: 0pt, justify: false)
  show outline.entry: set block(spacing: $contents_spacing)
  show outline.entry.where(level: 1): set text(weight: "bold")
  outline(title: none, indent: n => n * $contents_indent)
}

// The body, from a new page, numbered 1, 2, …
#set page(numbering: "1")
#counter(page).update(1)
#metadata("body") <body-start>
""")


class _Source:
    def __init__(self, doc: d.Document, folder: Path):
        if any(isinstance(b, d.Parallel) for b in doc.blocks) or len(doc.covers) != 1:
            raise NotImplementedError("a Typst source is made for a brief in one language, not a bilingual one")
        self.doc, self.folder = doc, folder
        self.look: Theme = theme(doc.theme)
        self.lang = doc.covers[0].lang
        self.words = profile(self.lang)
        self.body = self.look.body(self.lang)

    def text(self) -> str:
        return self.preamble() + "\n" + "\n".join(self.blocks()) + "\n"

    # -- styles --------------------------------------------------------------------------------------

    def _half(self, style: TextStyle) -> float:
        """Half the leading: briefgen's line is its line height with the em box in its middle."""
        return (style.line_height - style.size) / 2

    def style(self, style: TextStyle, bold: bool = False, inset: float = 0.0, in_text: bool = True) -> str:
        """A style for `styled`. in_text: it stands among body paragraphs, whose space after briefgen adds to
        its space before (Typst keeps the larger of two adjacent spacings)."""
        above = style.space_before + (self.body.space_after if in_text and style.space_before else 0.0)
        align = {"left": "left", "justify": "left", "center": "center", "right": "right"}[style.align]
        justify = "true" if style.effective_align == "justify" else "false"
        return (f"(font: {'SANS' if style.family == 'sans' else 'SERIF'}, size: {_pt(style.size)}, "
                f"fill: {_rgb(style.color)}, weight: \"{'bold' if bold else 'regular'}\", "
                f"half: {_pt(self._half(style))}, above: {_pt(above)}, below: {_pt(style.space_after)}, "
                f"indent: {style.first_indent_em}em, justify: {justify}, align: {align}, inset: {_pt(inset)})")

    def styles(self) -> dict[str, str]:
        look, lang = self.look, self.lang
        quote = look.quote(lang)
        return {
            "HEADING-1": self.style(look.heading(lang, 0), bold=True),
            "HEADING-2": self.style(look.heading(lang, 1), bold=True),
            "NOTE": self.style(look.note(lang)),
            "QUOTE": self.style(quote, inset=look.quote_inset_em * quote.size),
            "ATTRIBUTION": self.style(look.attribution(lang)),
            "CAPTION": self.style(look.caption(lang), bold=True, in_text=False),
            "PANEL-TITLE": self.style(look.heading(lang, 1), bold=True, in_text=False),
            "KEY-VALUE": self.style(look.key_figure(lang, "value"), bold=True, in_text=False),
            "KEY-LABEL": self.style(look.key_figure(lang, "label"), in_text=False),
            "KEY-PERIOD": self.style(look.key_figure(lang, "period"), in_text=False),
            "DISTRIBUTION": self.style(look.distribution(lang), in_text=False),
            "SERIES": self.style(look.masthead_series(lang, True), in_text=False),
            "ISSUE": self.style(look.masthead_line(lang, "center"), in_text=False),
            "ISSUER": self.style(look.masthead_line(lang, "left"), in_text=False),
            "DATE": self.style(look.masthead_line(lang, "right"), in_text=False),
            "COVER-TITLE": self.style(look.cover_title(lang), in_text=False),
            "COVER-SUBTITLE": self.style(look.cover_line(lang, look.cover_subtitle_size), in_text=False),
            "COVER-SOURCE": self.style(look.cover_line(lang, look.cover_source_size), in_text=False),
        }

    def preamble(self) -> str:
        look, doc, words, body = self.look, self.doc, self.words, self.body
        cover = doc.covers[0]
        head, folio, contents = look.running_head(self.lang, "left"), look.folio(self.lang, "center"), \
            look.contents(self.lang)
        table_size, table_line = look.table_text_size
        pad, gap = look.table_padding  # inside a cell; between its paragraphs
        heavy, light = look.table_rules
        heavy_dist, light_dist = look.distribution_rules
        key_pad_x, key_pad_y = look.key_figure_padding
        rule_weight, rule_height = look.masthead_rule
        head_weight, head_drop = look.running_head_rule
        folio_word = words.words["folio"]
        number, rest = folio_word.split("{number}")
        middle, end = rest.split("{total}")
        return PREAMBLE.substitute(
            title=_str(doc.meta.title), author=_str(doc.meta.author),
            keywords=_array([_str(k) for k in doc.meta.keywords]),
            serif=_font("serif", words.cjk), sans=_font("sans", words.cjk),
            ink=_rgb(look.ink), accent=_rgb(look.accent), muted=_rgb(look.muted), panel=_rgb(look.panel),
            on_accent=_rgb(look.on_accent), masthead=_rgb(look.masthead),
            styles="\n".join(f"#let {name} = {value}" for name, value in self.styles().items()),
            left=_pt(look.left), right=_pt(look.page_width - look.left - look.text_width), top=_pt(look.top),
            bottom=_pt(look.bottom),
            head_ascent=_pt(look.running_head_rise - head_drop - head_weight / 2),
            foot_descent=_pt(look.folio_drop - 0.88 * look.folio_size),
            lang=self.lang, region='region: "cn",' if words.cjk else "",
            body_size=_pt(body.size), hyphenate="true" if words.hyphenate else "false",
            body_justify="true" if body.effective_align == "justify" else "false",
            body_half=_pt(self._half(body)), body_spacing=_pt(body.space_after),
            body_indent=f"{body.first_indent_em}em",
            fresh=_pt(look.top + 2), head_size=_pt(head.size), short_title=_str(doc.meta.short_title),
            head_drop=_pt(head_drop), head_rule=_pt(head_weight),
            folio_word=folio_word, folio_size=_pt(folio.size),
            folio_markup=f"[#{_str(number)}#number#{_str(middle)}#total#{_str(end)}]",
            panel_above=_pt(body.space_after), panel_below=_pt(look.key_figure_space_after),
            panel_rule=_pt(look.key_figure_rule), panel_pad_x=_pt(key_pad_x), panel_pad_y=_pt(key_pad_y),
            below_graphic=_pt(look.figure_gaps[0]),
            table_size=_pt(table_size), table_half=_pt((table_line - table_size) / 2),
            table_spacing=_pt(gap), table_pad=_pt(pad), name_share=f"{100 * look.table_name_share}%",
            list_sep=_str(word("list_sep", self.lang)), heavy_rule=_pt(heavy), light_rule=_pt(light),
            heavy_dist=_pt(heavy_dist), light_dist=_pt(light_dist),
            masthead_top=_pt(look.masthead_top_space), series=_str(cover.series), issue=_str(cover.issue),
            issuer_share=f"{100 * look.masthead_shares[0]}%", issuer=_str(cover.issuer), date=_str(cover.date),
            masthead_rule_height=_pt(rule_height), masthead_rule=_pt(rule_weight),
            cover_top=_pt(look.cover_top_space), cover_title=_str(cover.title), subtitle=_str(cover.subtitle),
            cover_gap=_pt(look.cover_gap), source_line=_str(cover.source_line),
            contents_word=_str(word("contents", self.lang)), contents_size=_pt(contents.size),
            contents_half=_pt(self._half(contents)), contents_spacing=_pt(contents.space_after),
            contents_indent=_pt(2 * contents.size),
        )

    # -- blocks --------------------------------------------------------------------------------------

    def blocks(self) -> list[str]:
        out = []
        blocks = self.doc.blocks
        for k, block in enumerate(blocks):
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            out.append(self.block(block, after))
        return out

    def block(self, block: d.Block, after: d.Block | None) -> str:
        match block:
            case d.Heading():
                title = heading_line(block.number, block.text, block.lang)
                return f"#heading(level: {block.level + 1}, {_str(title)}) <{block.anchor}-{block.lang}>\n"
            case d.Paragraph(role="body"):
                return _rich(block.text) + "\n"
            case d.Paragraph(role="quote"):
                said = isinstance(after, d.Paragraph) and after.role == "attribution"
                return f"#styled(QUOTE, sticky: {'true' if said else 'false'})[{_rich(block.text)}]\n"
            case d.Paragraph():
                return f"#styled({block.role.upper()})[{_rich(block.text)}]\n"
            case d.BulletList():
                return self.bullets(block)
            case d.KeyFigurePanel():
                return self.key_figures(block)
            case d.Figure():
                return self.figure(block)
            case d.Distribution():
                return f"#distribution({_array([_str(line) for line in block.lines])})\n"
        raise TypeError(f"no Typst for {type(block).__name__}")

    def bullets(self, lst: d.BulletList) -> str:
        """An enum or a list whose text stands where briefgen's does: its markers in a box of briefgen's
        indent (story._bullets measures it), less the gap Typst puts after a marker."""
        style = self.look.list_item(lst.lang)
        indent = story._bullets(lst, self.look)[0].left
        gap = style.size / 4
        form = self.words.list_marker
        spacing = _pt(style.space_after)
        items = ", ".join(f"[{_rich(item)}]" for item in lst.items)
        if "{n}" in form:
            before, after = form.split("{n}")
            marker = f"n => box(width: {_pt(indent - gap)}, [#{_str(before)}#str(n)#{_str(after)}])"
            return (f"#{{set par(first-line-indent: 0pt); enum(numbering: {marker}, indent: 0pt, "
                    f"body-indent: {_pt(gap)}, spacing: {spacing}, {items})}}\n")
        marker = f"box(width: {_pt(indent - gap)}, text(font: SANS, fill: ACCENT, {_str(form)}))"
        return (f"#{{set par(first-line-indent: 0pt); list(marker: {marker}, indent: 0pt, body-indent: {_pt(gap)}, "
                f"spacing: {spacing}, {items})}}\n")

    def key_figures(self, panel: d.KeyFigurePanel) -> str:
        columns = len(next(box for box in story._key_figures([panel], self.look)
                           if isinstance(box, story.Grid)).column_widths)  # briefgen's choice of columns
        items = [_array([_str(item.value), _str(item.label), _str(item.period)]) for item in panel.items]
        items += ["none"] * (-len(items) % columns)
        title = _str(panel.title) if panel.title else "none"
        return f"#key-figures({title}, {columns}, {_array(items)})\n"

    def figure(self, fig: d.Figure) -> str:
        caption = f"strong({_str(f'{fig.number}  {fig.caption}')})"
        if isinstance(fig.plot, d.Diagram):
            graphic = self.diagram(fig.plot)
        else:
            box = story._chart(fig.plot, self.look)  # the chart briefgen sets: its SVG, from its cache or drawn
            data = box.svg.encode("utf-8")
            name = f"chart-{hashlib.sha256(data).hexdigest()[:16]}.svg"
            (self.folder / name).write_bytes(data)
            graphic = f"chart({_str(name)}, {_pt(box.width)}, {_pt(box.height)}, {_str(fig.alt)})"
        clearance = _pt(self.look.caption_space[0] + self.look.figure_gaps[1])
        return (f"#place(auto, float: true, clearance: {clearance})[#brief-figure({caption}, {graphic}, "
                f"({_str(fig.source_note)},)) <{fig.anchor}-{fig.lang}>]\n")

    def diagram(self, diagram: d.Diagram) -> str:
        table = TableBox([diagram], self.look)
        table.wrap(self.look.text_width, 1e6)
        run_in = table._names_only()  # briefgen's choice: names run in, sentences one to a paragraph
        heads = _array([_str(head) for head in diagram.columns]) if diagram.columns else "none"
        rows = _array([_array([_str(group.title), _array([_str(item) for item in group.items])])
                       for group in diagram.groups])
        return f"diagram({heads}, {rows}, {'true' if run_in else 'false'})"


# -- by hand ------------------------------------------------------------------------------------------


def main() -> None:
    import typst

    from briefgen.build import check
    from briefgen.compose import compose

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="typst-source-")))
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    library, _ = check(ROOT / "content")
    doc = compose(library, library.editions[0], args.lang)
    source = write_typst(doc, args.out)
    pdf = args.out / "brief.pdf"
    subprocess.run([sys.executable, "-c", compile_code(source, pdf)], check=True)
    from pypdf import PdfReader

    print(f"{source}: Typst {typst.__version__} sets {len(PdfReader(pdf).pages)} pages ({pdf})")


if __name__ == "__main__":
    main()
