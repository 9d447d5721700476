"""Compose: the content model of one edition → a Document for one language (or both).

Here figures get formatted, headings numbered, figures captioned and
references resolved; the typesetter receives finished text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import derive, numbers
from .datafiles import data_files
from .document import (
    Block,
    BulletList,
    Cover,
    Distribution,
    Document,
    Figure,
    Heading,
    Inline,
    KeyFigure,
    KeyFigurePanel,
    Metadata,
    Paragraph,
    Parallel,
    Plot,
    Rich,
)
from .languages import VARIANTS as LANGUAGE_VARIANTS
from .languages import profile, word
from .model import (
    Block as ContentBlock,
)
from .model import (
    ChartMention,
    ChartRef,
    Edition,
    Figures,
    Indicator,
    InlineNode,
    Items,
    Library,
    Link,
    Names,
    Para,
    Quote,
    RichText,
    SectionMention,
    Source,
    Str,
    Strong,
    Text,
    ValueRef,
    blocks_of,
    chart_indicators,
    figures_shown,
)
from .model import (
    Distribution as ModelDistribution,
)
from .plots import PlotComposer, alt_text, period, shared_plot

VARIANTS = tuple(LANGUAGE_VARIANTS)  # the PDFs of an edition, by file-name key: zh, en, bilingual


def sentence(text: str, lang: str) -> str:
    """Text as a sentence: capitalised where the language does, closed by a full stop unless it has one."""
    words = profile(lang)
    if words.capitalise:
        text = text[:1].upper() + text[1:]
    return text if text.endswith(words.sentence_ends) else text + words.sentence_end


def compose(library: Library, edition: Edition, variant: str) -> Document:
    langs = LANGUAGE_VARIANTS[variant].langs
    per_lang = [_Composer(library, edition, lang).blocks() for lang in langs]
    if len(per_lang) > 1:  # a bilingual variant: block against block
        blocks: tuple[Block, ...] = tuple(Parallel(_shared_figure(same, library, edition))
                                          for same in zip(*per_lang, strict=True))
    else:
        (blocks,) = per_lang
    covers = tuple(_cover(library, edition, lang) for lang in langs)
    return Document(variant, _metadata(edition, variant), covers, blocks, edition.theme, data_files(library, edition))


def _shared_figure(blocks: tuple[Block, ...], library: Library, edition: Edition) -> tuple[Block, ...]:
    """A figure's languages given the one chart a bilingual page draws for them all."""
    figures = [b for b in blocks if isinstance(b, Figure)]
    if len(figures) != len(blocks) or not all(isinstance(f.plot, Plot) for f in figures):
        return blocks
    chart = library.charts[figures[0].chart]
    indicators = PlotComposer(edition.indicators, figures[0].lang).indicators(chart)
    shared = shared_plot([f.plot for f in figures], indicators)  # type: ignore[misc]
    return tuple(replace(f, shared=shared) for f in figures)


def _metadata(edition: Edition, variant: str) -> Metadata:
    langs = LANGUAGE_VARIANTS[variant].langs

    def each(text: Text) -> str:
        return " | ".join(text[lang] for lang in langs)

    return Metadata(
        title=each(edition.title), author=each(edition.author), subject=each(edition.subject),
        keywords=tuple(each(k) for k in edition.keywords), lang=profile(langs[0]).tag,
        languages=tuple(profile(lang).tag for lang in langs),
        short_title=each(edition.short_title), date=edition.date.isoformat(),
    )


def _cover(library: Library, edition: Edition, lang: str) -> Cover:

    sources = word("list_sep", lang).join(word("title", lang, title=library.sources[k].title[lang])
                                          for k in edition.sources)
    return Cover(edition.short_title[lang], word("edition", lang, n=edition.number), edition.author[lang],
                 numbers.full_date(edition.date, lang), edition.title[lang], edition.subtitle[lang],
                 word("source", lang) + sources, lang)


def figure_numbers(edition: Edition) -> dict[str, int]:
    """Each chart's figure number, in order of first appearance, so text can cite figures ahead."""
    numbers_by_chart: dict[str, int] = {}
    for block in blocks_of(edition.parts):
        if isinstance(block, ChartRef):
            numbers_by_chart.setdefault(block.chart, len(numbers_by_chart) + 1)
    return numbers_by_chart


@dataclass
class _Composer:
    library: Library
    edition: Edition
    lang: str
    noted: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.figure_number = figure_numbers(self.edition)
        self.section_number = {section.key: (p, s) for p, part in enumerate(self.edition.parts, start=1)
                               for s, section in enumerate(part.sections, start=1) if section.key}
        names = {term.name[self.lang] for term in self.library.glossary.values()}
        self.names = (re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
                      if names and profile(self.lang).hyphenate else None)

    def blocks(self) -> tuple[Block, ...]:
        out: list[Block] = [self._key_figures(word("key_figures", self.lang), self.edition.key_figures)]
        out += self._editors_notes(list(self.edition.key_figures))
        for p, part in enumerate(self.edition.parts, start=1):
            out.append(Heading(0, self._part_number(p), part.title[self.lang], f"part-{p}", self.lang))
            out += self._body(part.intro)
            for s, section in enumerate(part.sections, start=1):
                out.append(Heading(1, self._section_number(p, s), section.title[self.lang], f"sec-{p}-{s}", self.lang))
                out += self._body(section.body)
        out += self._sources_section(len(self.edition.parts) + 1)
        if self.edition.distribution:
            out.append(self._distribution(self.edition.distribution))
        return tuple(out)

    def _distribution(self, sent: ModelDistribution) -> Distribution:
        lines = [word(key, self.lang, text=text[self.lang])
                 for key, text in (("distribution_to", sent.to), ("distribution_copies", sent.copies)) if text]
        lines.append(word("issued", self.lang, issuer=self.edition.author[self.lang],
                          date=numbers.full_date(self.edition.date, self.lang)))
        return Distribution(tuple(lines), self.lang)

    def _section_ref(self, p: int, s: int) -> str:
        words = profile(self.lang)
        section = self._section_number(p, s) if words.numeral == "chinese" else s  # 第二部分（一） / Section 2.1
        return word("section_ref", self.lang, part=words.number_in_heading(p), section=section)

    def _part_number(self, p: int) -> str:
        return profile(self.lang).part_number.format(p=profile(self.lang).number_in_heading(p))

    def _section_number(self, p: int, s: int) -> str:
        words = profile(self.lang)
        return words.section_number.format(p=words.number_in_heading(p), s=words.number_in_heading(s))

    def _body(self, blocks: tuple[ContentBlock, ...]) -> list[Block]:
        composed: list[Block] = []
        for block in blocks:
            composed += self._block(block)
            shown = chart_indicators(self.library.charts[block.chart]) if isinstance(block, ChartRef) \
                else figures_shown(block)
            composed += self._editors_notes(shown)
        return composed

    def _block(self, block: ContentBlock) -> list[Block]:
        if isinstance(block, Para):
            return [Paragraph(self._rich(block.text), self.lang)]
        if isinstance(block, Items):
            return [BulletList(tuple(self._rich(item) for item in block.items), self.lang)]
        if isinstance(block, Figures):
            return [self._key_figures("", block.indicators)]
        if isinstance(block, ChartRef):
            return [self._figure(block.chart)]
        if isinstance(block, Quote):
            return self._quote(block)
        if isinstance(block, Names):
            return [self._names(block)]
        raise TypeError(f"no composition for {type(block).__name__}")

    # -- inline text --------------------------------------------------------

    def _rich(self, text: RichText) -> Rich:
        return tuple(self._names_marked(self._inlines(text[self.lang], bold=False, href=None)))

    def _names_marked(self, runs: list[Inline]) -> list[Inline]:
        """Runs split where a glossary name occurs, the name's own run marked, so no line breaks it at a
        hyphen (Joyson Electronics, not Joyson Elec-tronics)."""
        if self.names is None:
            return runs
        marked: list[Inline] = []
        for run in runs:
            at = 0
            for m in self.names.finditer(run.text):
                if m.start() > at:
                    marked.append(replace(run, text=run.text[at:m.start()]))
                marked.append(replace(run, text=m.group(), name=True))
                at = m.end()
            if at < len(run.text):
                marked.append(replace(run, text=run.text[at:]) if at else run)
        return marked

    def _inlines(self, nodes: tuple[InlineNode, ...], bold: bool, href: str | None) -> list[Inline]:
        runs: list[Inline] = []
        for node in nodes:
            if isinstance(node, Str):
                runs.append(Inline(node.text, bold, href))
            elif isinstance(node, ValueRef):
                runs.append(Inline(self._value(self.edition.indicators[node.indicator]), bold, href))
            elif isinstance(node, SectionMention):
                p, s = self.section_number[node.section]
                runs.append(Inline(self._section_ref(p, s), bold, dest=f"sec-{p}-{s}-{self.lang}"))
            elif isinstance(node, ChartMention):
                n = self.figure_number[node.chart]
                runs.append(Inline(word("figure", self.lang, n=n), bold, dest=f"fig-{n}-{self.lang}"))
            elif isinstance(node, Strong):
                runs += self._inlines(node.children, True, href)
            elif isinstance(node, Link):
                runs += self._inlines(node.children, bold, node.url)
        return runs

    # -- figures --------------------------------------------------------------

    def _value(self, indicator: Indicator) -> str:
        return numbers.quantity(indicator.quantity, self.lang)

    def _period(self, indicator: Indicator) -> str:
        when = period(indicator, self.lang)
        return f"{when} · {word('derived', self.lang)}" if indicator.derivation else when

    def _key_figures(self, title: str, keys: tuple[str, ...]) -> KeyFigurePanel:
        indicators = [self.edition.indicators[k] for k in keys]
        items = tuple(KeyFigure(self._value(i), i.label[self.lang], self._period(i)) for i in indicators)
        lang = self.lang
        said = word("clause_sep", lang).join(word("alt_key_figure", lang, label=item.label, value=item.value,
                                                  period=item.period) for item in items)
        return KeyFigurePanel(title, items, lang, word("alt_panel", lang, title=title or word("key_figures", lang),
                                                       figures=said))

    def _figure(self, key: str) -> Figure:
        chart = self.library.charts[key]
        plots = PlotComposer(self.edition.indicators, self.lang)
        indicators = plots.indicators(chart)
        n = self.figure_number[key]
        sources = sorted({self.library.sources[i.source].title[self.lang] for i in indicators}) or \
            [self.library.sources[k].title[self.lang] for k in self.edition.sources]
        notes = [word("source", self.lang) + word("list_sep", self.lang).join(
            word("title", self.lang, title=title) for title in sources)]
        notes += [self._assumption(i) for i in indicators if i.assumed_year]
        plot = plots.plot(chart)
        alt = chart.alt[self.lang] if chart.alt else alt_text(plot) if isinstance(plot, Plot) else ""
        return Figure(word("figure", self.lang, n=n), chart.title[self.lang],
                      word("clause_sep", self.lang).join(notes), plot, f"fig-{n}", self.lang, key, alt=alt)

    def _assumption(self, indicator: Indicator) -> str:
        assert indicator.period is not None  # an assumed year goes with a period (the reader holds them together)
        return word("assumed", self.lang, period=indicator.period[self.lang], year=indicator.assumed_year)

    def _editors_notes(self, keys: list[str]) -> list[Block]:
        """A note after the first block that shows a figure its own data contradicts."""
        notes: list[Block] = []
        for key in keys:
            indicator = self.edition.indicators[key]
            found = derive.disagreement(indicator, self.edition.indicators)
            if found is None or key in self.noted:
                continue
            self.noted.add(key)
            start, end = (self.edition.indicators[k] for k in found.derivation.operands)
            assumed = "".join(sentence(self._assumption(i), self.lang) for i in (start, end) if i.assumed_year)
            text = word("disagrees", self.lang, label=indicator.label[self.lang], stated=self._value(indicator),
                        start=self._at(start), end=self._at(end), implied=numbers.quantity(found.implied, self.lang),
                        assumed=assumed)
            notes.append(Paragraph(tuple(self._names_marked([Inline(text.strip())])), self.lang, "note"))
        return notes

    def _at(self, indicator: Indicator) -> str:
        return word("at", self.lang, period=self._period(indicator), value=self._value(indicator))

    # -- quotations and names ---------------------------------------------------

    def _quote(self, quote: Quote) -> list[Block]:
        quoted = (Inline("“"), *self._rich(quote.text), Inline("”"))
        blocks: list[Block] = [Paragraph(quoted, self.lang, "quote")]
        if quote.by:
            term = self.library.glossary[quote.by]
            blocks.append(Paragraph((Inline(profile(self.lang).attribution_dash), Inline(term.name[self.lang])),
                                    self.lang, "attribution"))
        return blocks

    def _names(self, names: Names) -> Paragraph:
        terms = [self.library.glossary[k] for k in names.terms]
        listed = word("list_sep", self.lang).join(t.name[self.lang] for t in terms)
        return Paragraph((Inline(word("names", self.lang), bold=True), Inline(listed)), self.lang, "note")

    # -- the sources section ------------------------------------------------------

    def _sources_section(self, p: int) -> list[Block]:
        blocks: list[Block] = [Heading(0, self._part_number(p), word("sources", self.lang), f"part-{p}", self.lang)]
        for key in self.edition.sources:
            blocks += self._source(self.library.sources[key])
        return blocks

    def _source(self, source: Source) -> list[Block]:
        """The report, its articles with their credits, and the pictures' credits, as notes."""
        def note(*runs: Inline) -> Paragraph:
            return Paragraph(runs, self.lang, "note")

        def title(text: Text) -> str:
            return word("title", self.lang, title=text[self.lang])

        lines: list[Block] = [note(Inline(word("based_on", self.lang)), Inline(title(source.title), bold=True))]
        lines += [note(Inline(word(label, self.lang) + word("colon", self.lang) + value[self.lang]))
                  for label, value in (("publisher", source.publisher), ("published", source.date))]
        for article in source.articles:
            credits = word("clause_sep", self.lang).join(c.role[self.lang] + word("colon", self.lang)
                                + word("person_sep", self.lang).join(n[self.lang] for n in c.names)
                                for c in article.credits)
            lines.append(note(Inline(title(article.headline), bold=True),
                              Inline(word("credit_sep", self.lang) + credits)))
        lines += [note(Inline(sentence(image.caption[self.lang], self.lang) + " " + image.credit[self.lang]))
                  for image in source.images]
        return lines
