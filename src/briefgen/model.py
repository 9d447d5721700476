"""The content model: what the authors wrote, validated, as plain typed data.

The reader (briefgen.content) builds it from YAML; the composer reads it.
Nothing here knows YAML, languages' formatting rules or pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# The closed sets the content chooses among, as types (the reader's choices are checked against them)
TermKind = Literal["company", "institution", "place", "person", "programme", "body", "term"]
EnName = Literal["official", "translation", "transliteration"]  # how sure a name's English is
IndicatorKind = Literal["actual", "target"]
DerivationOp = Literal["cagr", "multiple", "difference"]

TERM_KINDS: tuple[TermKind, ...] = ("company", "institution", "place", "person", "programme", "body", "term")
EN_NAME_KINDS: tuple[EnName, ...] = ("official", "translation", "transliteration")
INDICATOR_KINDS: tuple[IndicatorKind, ...] = ("actual", "target")
PARITY_RULES = ("placeholders", "numbers", "glossary")  # what a `parity:` exception may excuse


@dataclass(frozen=True)
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Text:
    """A text in every language of the content, as the authors wrote it (`{zh: …, en: …}`): language key →
    string. `zh` and `en` name the two the Chinese–English checks compare."""

    by_lang: tuple[tuple[str, str], ...]
    where: Location | None = field(default=None, compare=False)

    @classmethod
    def of(cls, by_lang: dict[str, str], where: Location | None = None) -> Text:
        return cls(tuple(by_lang.items()), where)

    def __getitem__(self, lang: str) -> str:
        return dict(self.by_lang)[lang]

    @property
    def zh(self) -> str:
        return self["zh"]

    @property
    def en(self) -> str:
        return self["en"]


# Inline content of a paragraph, parsed from the authors' light markup.
@dataclass(frozen=True)
class Str:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[InlineNode, ...]


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[InlineNode, ...]


@dataclass(frozen=True)
class ValueRef:
    """`{indicator}` in text: the indicator's value, formatted per language."""

    indicator: str


@dataclass(frozen=True)
class ChartMention:
    """`{fig:chart}` in text: the chart's figure number, linked to it."""

    chart: str


@dataclass(frozen=True)
class SectionMention:
    """`{sec:key}` in text: the section's number, linked to it."""

    section: str


InlineNode = Str | Strong | Link | ValueRef | ChartMention | SectionMention


@dataclass(frozen=True)
class RichText:
    """Paragraph text in every language, parsed; `source` keeps the authors' strings."""

    by_lang: tuple[tuple[str, tuple[InlineNode, ...]], ...]
    source: Text

    def __getitem__(self, lang: str) -> tuple[InlineNode, ...]:
        return dict(self.by_lang)[lang]

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.by_lang)


@dataclass(frozen=True)
class Term:
    key: str
    name: Text
    short: Text
    kind: TermKind
    en_name: EnName
    note: Text | None = None


@dataclass(frozen=True)
class Credit:
    role: Text
    names: tuple[Text, ...]


@dataclass(frozen=True)
class Article:
    headline: Text
    credits: tuple[Credit, ...]


@dataclass(frozen=True)
class ImageCredit:
    caption: Text
    credit: Text


@dataclass(frozen=True)
class Source:
    key: str
    title: Text
    publisher: Text
    date: Text
    articles: tuple[Article, ...]
    images: tuple[ImageCredit, ...] = ()


UNITS: tuple[str, ...] = ("元", "万元", "亿元", "万亿元", "%", "个百分点", "倍")


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str  # one of UNITS


@dataclass(frozen=True)
class Derivation:
    """A figure computed from two others: never typed, always recomputed."""

    op: DerivationOp
    operands: tuple[str, str]  # indicator keys: (from, to) or (minuend, subtrahend)


DERIVATION_OPS: tuple[DerivationOp, ...] = ("cagr", "multiple", "difference")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Text
    quantity: Quantity
    kind: IndicatorKind
    source: str
    year: int | None = None
    period: Text | None = None  # when the source gives no year
    note: Text | None = None
    assumed_year: int | None = None  # the editors' year for a `period`, used only in calculations
    derivation: Derivation | None = None  # set when the editors computed this figure
    check: Derivation | None = None  # a stated figure that its own data should reproduce
    as_of: datetime.date | None = None  # the vintage this value is: known from this date (None: its only value)

    @property
    def calendar_year(self) -> int | None:
        return self.year or self.assumed_year


@dataclass(frozen=True)
class ChartGroup:
    label: Text
    bars: tuple[str, ...] = ()  # grouped_bar: one indicator per series
    items: tuple[Text, ...] = ()  # diagram: what the group holds


@dataclass(frozen=True)
class Chart:
    """A declarative chart: one spec, drawn in each language from the indicators.

    bar and line: `indicators` in order; target_path: (actual, target);
    grouped_bar: `groups` with one indicator per `series` name;
    diagram: `groups` of items (no numbers), e.g. districts and their focus areas.
    """

    key: str
    kind: str  # a key of briefgen.charts.KINDS
    title: Text
    indicators: tuple[str, ...] = ()
    groups: tuple[ChartGroup, ...] = ()
    series: tuple[Text, ...] = ()
    columns: tuple[Text, ...] = ()  # diagram: the heads of its two columns (the groups', the items'), if any
    alt: Text | None = None  # what the chart shows, for readers who cannot see it (default: said from its data)


# Blocks of an edition's body.
@dataclass(frozen=True)
class Para:
    text: RichText


@dataclass(frozen=True)
class Items:
    items: tuple[RichText, ...]


@dataclass(frozen=True)
class Figures:
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class ChartRef:
    chart: str


@dataclass(frozen=True)
class Quote:
    text: RichText
    by: str | None  # glossary key


@dataclass(frozen=True)
class Names:
    terms: tuple[str, ...]  # glossary keys


Block = Para | Items | Figures | ChartRef | Quote | Names


@dataclass(frozen=True)
class Section:
    title: Text
    body: tuple[Block, ...]
    key: str | None = None  # `id:` in the content, for `{sec:key}` references


@dataclass(frozen=True)
class Part:
    title: Text
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Vintage:
    """One value an indicator held from a date on: a revision of the same figure, with its own source."""

    value: Decimal
    as_of: datetime.date | None  # None: the figure's only value, for every edition
    source: str | None = None  # when the revision has a source of its own
    note: Text | None = None


@dataclass(frozen=True)
class Publication:
    """What `briefgen publish` recorded of an edition: how it was built, and the bytes it must rebuild to."""

    published_on: datetime.date
    options: dict[str, str]  # the build options its PDFs were made with (layout, folio, standard)
    epoch: int  # the timestamp its PDFs carry
    pdfs: dict[str, dict[str, object]]  # file name → {"variant", "sha256", "bytes", "pages"}
    identity: dict[str, str]  # the typesetter that made them: briefgen version, fonts


DEFAULT_THEME = "default"  # what an edition without `theme:` is printed in


@dataclass(frozen=True)
class Distribution:
    """报尾: who an edition is sent to, printed at its end with who issued it and when (GB/T 9704's 版记)."""

    to: Text | None  # 报送: those it is reported to
    copies: Text | None  # 分送: those it is copied to


@dataclass(frozen=True)
class Edition:
    key: str  # the folder name, e.g. "01"
    number: int
    date: datetime.date
    title: Text
    subtitle: Text
    short_title: Text
    author: Text
    subject: Text
    keywords: tuple[Text, ...]
    sources: tuple[str, ...]
    key_figures: tuple[str, ...]
    parts: tuple[Part, ...]
    as_of: datetime.date | None = None  # the date its figures are taken as of; None: its `date`
    theme: str = DEFAULT_THEME  # the look it is printed in (typeset.theme.THEMES)
    distribution: Distribution | None = None  # its 报尾, if it has one
    indicators: dict[str, Indicator] = field(default_factory=dict, compare=False)  # as of that date, derived
    fingerprint: dict[str, str] = field(default_factory=dict, compare=False)  # unit → digest of what it prints
    publication: Publication | None = None  # set once published: frozen from then on

@dataclass(frozen=True)
class Library:
    """Everything in a content folder."""

    glossary: dict[str, Term]
    sources: dict[str, Source]
    indicators: dict[str, Indicator]
    charts: dict[str, Chart]
    editions: tuple[Edition, ...]


# -- what an edition prints: shared by the reader (published and dated figures) and the composer ----------


def blocks_of(parts: tuple[Part, ...]) -> list[Block]:
    """Every block of the parts, intros and sections, in reading order."""
    return [b for part in parts for b in (*part.intro, *(b for section in part.sections for b in section.body))]


def figures_shown(block: Block) -> list[str]:
    """The indicators a block prints in its text or panel, in order."""
    if isinstance(block, Figures):
        return list(block.indicators)
    texts = [block.text] if isinstance(block, (Para, Quote)) else list(block.items) if isinstance(block, Items) else []
    cited = [ref for text in texts for _, nodes in text.by_lang for ref in cited_indicators(nodes)]
    return list(dict.fromkeys(cited))  # both languages: a parity exception may cite a figure in one alone


def cited_indicators(nodes: tuple[InlineNode, ...]) -> list[str]:
    found: list[str] = []
    for node in nodes:
        if isinstance(node, ValueRef):
            found.append(node.indicator)
        elif isinstance(node, (Strong, Link)):
            found += cited_indicators(node.children)
    return found


def chart_indicators(chart: Chart) -> list[str]:
    return [*chart.indicators, *(k for group in chart.groups for k in group.bars)]


def printed_indicators(edition_figures: tuple[str, ...], parts: tuple[Part, ...],
                       charts: dict[str, Chart]) -> list[str]:
    """The indicators an edition prints: its key figures, its panels, the figures its texts cite and the data
    of the charts it places, in order of appearance, each once."""
    found = list(edition_figures)
    for block in blocks_of(parts):
        if isinstance(block, ChartRef) and block.chart in charts:
            found += chart_indicators(charts[block.chart])
        else:
            found += figures_shown(block)
    return list(dict.fromkeys(found))
