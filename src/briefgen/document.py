"""The composed document: one language, laid out by nothing yet.

The composer turns the content model into these blocks for one language
(numbers formatted, headings numbered, references resolved); the typesetter
turns them into pages. Nothing here knows YAML or reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Inline:
    """A run of text with its emphasis and link target."""

    text: str
    bold: bool = False
    href: str | None = None  # external link
    dest: str | None = None  # internal destination (a heading's or figure's anchor)
    name: bool = False  # a proper name (the glossary's): set whole, never hyphenated


Rich = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 0 part, 1 section
    number: str  # "一、" / "1." — empty when unnumbered
    text: str
    anchor: str
    lang: str


@dataclass(frozen=True)
class Paragraph:
    text: Rich
    lang: str
    role: Literal["body", "note", "quote", "attribution"] = "body"


@dataclass(frozen=True)
class BulletList:
    items: tuple[Rich, ...]
    lang: str


@dataclass(frozen=True)
class KeyFigure:
    value: str  # formatted: "1.5万亿元" / "RMB 1.5 trillion"
    label: str
    period: str


@dataclass(frozen=True)
class KeyFigurePanel:
    title: str
    items: tuple[KeyFigure, ...]
    lang: str
    alt: str = ""  # the panel said in a sentence, for readers who cannot see it


@dataclass(frozen=True)
class PlotSeries:
    label: str
    values: tuple[float | None, ...]  # one per category, in the plot's display unit
    value_labels: tuple[str, ...]  # printed at the bars/points; "" for none
    style: Literal["actual", "target", "path"] = "actual"


@dataclass(frozen=True)
class Plot:
    """A chart's data, resolved for one language and ready to draw."""

    kind: str  # its chart kind (briefgen.charts.KINDS)
    lang: str
    title: str
    categories: tuple[str, ...]
    series: tuple[PlotSeries, ...]
    y_label: str  # the display unit: "亿元" / "RMB billion"


@dataclass(frozen=True)
class DiagramGroup:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Diagram:
    """Groups of named items without numbers, set as a table: a row a group, its name and its items."""

    lang: str
    title: str
    groups: tuple[DiagramGroup, ...]
    columns: tuple[str, ...] = ()  # the heads of the table's two columns, if it has a header row


@dataclass(frozen=True)
class Figure:
    number: str  # "图1" / "Figure 1"
    caption: str
    source_note: str
    plot: Plot | Diagram
    anchor: str
    lang: str
    chart: str  # its chart's key (charts.yaml)
    shared: Plot | None = None  # in a bilingual brief: the one chart drawn for all its languages
    alt: str = ""  # what the chart shows, in words (a table needs none: its cells are its text)


@dataclass(frozen=True)
class Parallel:
    """The same block in each language of a bilingual PDF (the lead language's first), shown side by side
    or one after the other, kept in step."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Distribution:
    """报尾: the lines that close the brief — to whom it is reported and copied, who issued it and when."""

    lines: tuple[str, ...]
    lang: str


Block = Heading | Paragraph | BulletList | KeyFigurePanel | Figure | Distribution | Parallel


@dataclass(frozen=True)
class Cover:
    """What the cover says in one language: the masthead (报头: series, issue, issuing body, date), then the
    edition's own title block."""

    series: str  # 宁波数字经济简报
    issue: str  # 第1期
    issuer: str  # 宁波数字经济简报编写组
    date: str  # 2026年11月28日
    title: str
    subtitle: str
    source_line: str
    lang: str


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str  # BCP 47, the document's primary language: "zh-CN", "en"
    languages: tuple[str, ...]  # every language in it: the bilingual brief has both
    short_title: str
    date: str  # ISO date of the edition, for reproducible timestamps


@dataclass(frozen=True)
class DataFile:
    """A file a PDF may carry for its reader (PDF/A-3): the data behind its figures."""

    name: str
    mime: str
    data: bytes
    description: str


@dataclass(frozen=True)
class Document:
    variant: str  # the variant's key (languages.VARIANTS)
    meta: Metadata
    covers: tuple[Cover, ...]
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    theme: str = "default"  # the look it is set in: a key of typeset.theme.THEMES (model.DEFAULT_THEME)
    data: tuple[DataFile, ...] = ()  # the figures it prints, as data

