"""Compose: the content model of one edition → a Document for one language (or both).

Here figures get formatted, headings numbered, figures captioned and
references resolved; the typesetter receives finished text.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import numbers
from .document import (
    Block, BulletList, Cover, Document, Figure, Heading, Inline, KeyFigure, KeyFigurePanel, Metadata,
    Paragraph, Parallel, Plot, PlotSeries, Rich,
)
from .model import (
    Block as ContentBlock, ChartRef, Edition, FigureRef, Figures, Indicator, InlineNode, Items, Library,
    Link, Names, Para, Quote, RichText, Str, Strong,
)

VARIANTS = ("zh", "en", "bilingual")
LANG_TAGS = {"zh": "zh-CN", "en": "en", "bilingual": "zh-CN"}
ZH_NUMERALS = "〇一二三四五六七八九十"

WORDS = {
    "key_figures": {"zh": "要点数据", "en": "Key figures"},
    "figure": {"zh": "图{n}", "en": "Figure {n}"},
    "source": {"zh": "资料来源：", "en": "Source: "},
    "sources": {"zh": "资料来源", "en": "Sources"},
    "edition": {"zh": "第{n}期", "en": "Edition {n}"},
    "target": {"zh": "{period}目标", "en": "{period} target"},
    "names": {"zh": "相关企业和机构：", "en": "Named in the source: "},
    "list_sep": {"zh": "、", "en": "; "},
    "colon": {"zh": "：", "en": ": "},
    "publisher": {"zh": "刊发媒体", "en": "Publisher"},
    "published": {"zh": "刊发日期", "en": "Date of publication"},
    "based_on": {"zh": "本简报依据以下报道编写：", "en": "This brief is based on the following report: "},
}


def word(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)


def zh_number(n: int) -> str:
    """Chinese numerals for heading numbers 1–99: 一, 十, 十二, 二十三."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return ZH_NUMERALS[ones]
    return (ZH_NUMERALS[tens] if tens > 1 else "") + "十" + (ZH_NUMERALS[ones] if ones else "")


def compose(library: Library, edition: Edition, variant: str) -> Document:
    langs = ("zh", "en") if variant == "bilingual" else (variant,)
    per_lang = {lang: _Composer(library, edition, lang).blocks() for lang in langs}
    if variant == "bilingual":
        blocks = tuple(Parallel(zh, en) for zh, en in zip(per_lang["zh"], per_lang["en"], strict=True))
    else:
        blocks = per_lang[variant]
    return Document(variant, _metadata(edition, variant), tuple(_cover(library, edition, l) for l in langs), blocks)


def _metadata(edition: Edition, variant: str) -> Metadata:
    def both(text) -> str:
        return text.en if variant == "en" else text.zh if variant == "zh" else f"{text.zh} | {text.en}"

    return Metadata(
        title=both(edition.title), author=both(edition.author), subject=both(edition.subject),
        keywords=tuple(both(k) for k in edition.keywords), lang=LANG_TAGS[variant],
        short_title=both(edition.short_title), date=edition.date.isoformat(),
    )


def _cover(library: Library, edition: Edition, lang: str) -> Cover:
    edition_line = f"{word('edition', lang, n=edition.number)} · {numbers.full_date(edition.date, lang)}"
    sources = word("list_sep", lang).join(library.sources[k].title[lang] for k in edition.sources)
    return Cover(edition.title[lang], edition.subtitle[lang], edition_line,
                 word("source", lang) + sources, lang)


@dataclass
class _Composer:
    library: Library
    edition: Edition
    lang: str
    figure_count: int = 0

    def blocks(self) -> tuple[Block, ...]:
        out: list[Block] = [self._key_figures(word("key_figures", self.lang), self.edition.key_figures)]
        for p, part in enumerate(self.edition.parts, start=1):
            out.append(Heading(0, self._part_number(p), part.title[self.lang], f"part-{p}", self.lang))
            out += self._body(part.intro)
            for s, section in enumerate(part.sections, start=1):
                out.append(Heading(1, self._section_number(p, s), section.title[self.lang], f"sec-{p}-{s}", self.lang))
                out += self._body(section.body)
        out += self._sources_section(len(self.edition.parts) + 1)
        return tuple(out)

    def _part_number(self, p: int) -> str:
        return f"{zh_number(p)}、" if self.lang == "zh" else f"{p}"

    def _section_number(self, p: int, s: int) -> str:
        return f"（{zh_number(s)}）" if self.lang == "zh" else f"{p}.{s}"

    def _body(self, blocks: tuple[ContentBlock, ...]) -> list[Block]:
        return [composed for block in blocks for composed in self._block(block)]

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
        return tuple(self._inlines(text[self.lang], bold=False, href=None))

    def _inlines(self, nodes: tuple[InlineNode, ...], bold: bool, href: str | None) -> list[Inline]:
        runs: list[Inline] = []
        for node in nodes:
            if isinstance(node, Str):
                runs.append(Inline(node.text, bold, href))
            elif isinstance(node, FigureRef):
                runs.append(Inline(self._value(self.library.indicators[node.indicator]), bold, href))
            elif isinstance(node, Strong):
                runs += self._inlines(node.children, True, href)
            elif isinstance(node, Link):
                runs += self._inlines(node.children, bold, node.url)
        return runs

    # -- figures --------------------------------------------------------------

    def _value(self, indicator: Indicator) -> str:
        return numbers.quantity(indicator.quantity, self.lang)

    def _period(self, indicator: Indicator) -> str:
        period = numbers.year(indicator.year, self.lang) if indicator.year else indicator.period[self.lang]
        return word("target", self.lang, period=period) if indicator.kind == "target" else period

    def _key_figures(self, title: str, keys: tuple[str, ...]) -> KeyFigurePanel:
        indicators = [self.library.indicators[k] for k in keys]
        items = tuple(KeyFigure(self._value(i), i.label[self.lang], self._period(i)) for i in indicators)
        return KeyFigurePanel(title, items, self.lang)

    def _figure(self, key: str) -> Figure:
        chart = self.library.charts[key]
        indicators = [self.library.indicators[k] for k in chart.bars]
        unit, size = numbers.chart_scale([i.quantity for i in indicators], self.lang)
        same_label = len({i.label[self.lang] for i in indicators}) == 1
        categories = tuple(self._period(i) if same_label else f"{i.label[self.lang]}\n{self._period(i)}"
                           for i in indicators)
        series = PlotSeries(
            label=indicators[0].label[self.lang] if same_label else "",
            values=tuple(float(numbers.in_scale(i.quantity, size)) for i in indicators),
            value_labels=tuple(self._value(i) for i in indicators),
        )
        plot = Plot("bar", self.lang, chart.title[self.lang], categories, (series,), unit)
        self.figure_count += 1
        sources = {self.library.sources[i.source].title[self.lang] for i in indicators}
        note = word("source", self.lang) + word("list_sep", self.lang).join(sorted(sources))
        return Figure(word("figure", self.lang, n=self.figure_count), chart.title[self.lang], note, plot,
                      f"fig-{self.figure_count}", self.lang)

    # -- quotations and names ---------------------------------------------------

    def _quote(self, quote: Quote) -> list[Block]:
        quoted = (Inline("“"), *self._rich(quote.text), Inline("”"))
        blocks: list[Block] = [Paragraph(quoted, self.lang, "quote")]
        if quote.by:
            term = self.library.glossary[quote.by]
            blocks.append(Paragraph((Inline("—— " if self.lang == "zh" else "— ") ,
                                     Inline(term.name[self.lang]),), self.lang, "attribution"))
        return blocks

    def _names(self, names: Names) -> Paragraph:
        terms = [self.library.glossary[k] for k in names.terms]
        listed = word("list_sep", self.lang).join(t.name[self.lang] for t in terms)
        return Paragraph((Inline(word("names", self.lang), bold=True), Inline(listed)), self.lang, "note")

    # -- the sources section ------------------------------------------------------

    def _sources_section(self, p: int) -> list[Block]:
        blocks: list[Block] = [Heading(0, self._part_number(p), word("sources", self.lang), f"part-{p}", self.lang)]
        for key in self.edition.sources:
            source = self.library.sources[key]
            blocks.append(Paragraph((Inline(word("based_on", self.lang)), Inline(source.title[self.lang], bold=True)),
                                    self.lang, "note"))
            for label, value in (("publisher", source.publisher), ("published", source.date)):
                blocks.append(Paragraph((Inline(word(label, self.lang) + word("colon", self.lang) + value[self.lang]),),
                                        self.lang, "note"))
            for article in source.articles:
                credits = "; ".join(
                    c.role[self.lang] + word("colon", self.lang) + word("list_sep", self.lang).join(n[self.lang] for n in c.names)
                    for c in article.credits)
                blocks.append(Paragraph((Inline(article.headline[self.lang], bold=True),
                                         Inline(word("colon", self.lang) + credits)), self.lang, "note"))
            for image in source.images:
                blocks.append(Paragraph((Inline(image.caption[self.lang] + " "),
                                         Inline(image.credit[self.lang])), self.lang, "note"))
        return blocks
