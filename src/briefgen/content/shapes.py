"""The shapes of the content files, declared once: each mapping's keys, which of them are required, the kind
of value each takes and what it is for (as the authors' guide, content/README.md, says it).

The readers take their keys and closed sets from here (`YamlFile.mapping(node, path, SHAPE)`,
`SHAPE.options(key)`), and `briefgen schema` (briefgen.schema) turns the same declarations into JSON Schema
for editors, so the keys an editor offers are the keys `check` accepts. What no declaration can say (a
reference to an entry that exists, a figure of one kind of unit, a diagram that fits a page) stays the
readers' alone. A chart kind declares its own keys in its module (briefgen.charts)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Union

from ..languages import content_langs
from ..model import DERIVATION_OPS, EN_NAME_KINDS, INDICATOR_KINDS, PARITY_RULES, TERM_KINDS, UNITS
from .limits import LIMITS

# -- the kinds of value --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Text in every language of the content, `{zh: …, en: …}` (the keys of TEXT), each at most `limit`
    characters. `markup`: a paragraph, list item or quotation, where placeholders, bold and links work."""

    limit: int = LIMITS.text
    markup: bool = False


@dataclass(frozen=True)
class Plain:
    """Text in one language, or a name (a section's id, a part's file name), at most `limit` characters;
    `unmarked`: printed as written, so with no markup in it."""

    limit: int = LIMITS.text
    unmarked: bool = False


@dataclass(frozen=True)
class Number:
    """A plain decimal number (8000, 1.5), below LIMITS.largest_number."""


@dataclass(frozen=True)
class Integer:
    low: int
    high: int


@dataclass(frozen=True)
class Date:
    """YYYY-MM-DD."""


@dataclass(frozen=True)
class Choice:
    """One of a closed set; `notes`, when given, say what each option means, in the same order."""

    options: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartKind:
    """One of the chart kinds of briefgen.charts.KINDS (each declares its own keys)."""


@dataclass(frozen=True)
class Theme:
    """One of the typesetter's themes: the reader asks its Capacity, the schema typeset/theme.py."""


@dataclass(frozen=True)
class Ref:
    """The key of an entry of a table: 'glossary term', 'source', 'indicator' or 'chart'."""

    table: str


@dataclass(frozen=True)
class Name:
    """A bilingual text, or a glossary key standing for that term's short name."""

    limit: int


@dataclass(frozen=True)
class ListOf:
    item: Value
    at_most: int | None = None
    at_least: int = 1


@dataclass(frozen=True)
class Entries:
    """A keyed table, `key: entry` per entry: glossary.yaml, sources.yaml, indicators.yaml, charts.yaml."""

    entry: Value


@dataclass(frozen=True)
class Switch:
    """One of two shapes: `present` when the mapping has `key`, else `absent` (an indicator: derived or stated)."""

    key: str
    present: Shape
    absent: Shape


@dataclass(frozen=True)
class ChartSpec:
    """A chart: its `type:` decides its other keys (chart_shape)."""


@dataclass(frozen=True)
class Block:
    """A block of a body: a paragraph (TEXT, with markup) or, named by its first key, one of BLOCKS."""


Value = Union[Text, Plain, Number, Integer, Date, Choice, ChartKind, Theme, Ref, Name, ListOf, Entries, Switch,
              ChartSpec, Block, "Shape"]


@dataclass(frozen=True)
class Field:
    value: Value
    about: str  # what it is for, in a line
    required: bool = True
    example: object = None  # as written in the guide; for a key per language, {language: example}


@dataclass(frozen=True, eq=False)
class Shape:
    """A mapping: its keys and their values. `languages`: also a key per content language (each required),
    of that field's value. `one_of`: groups of keys of which exactly one is given; `apart`: (a, b), b is not
    given with a; `not_empty`: at least one key."""

    name: str  # in the schema's $defs
    about: str
    fields: dict[str, Field]
    languages: Field | None = None
    one_of: tuple[tuple[str, ...], ...] = ()
    apart: tuple[tuple[str, str], ...] = ()
    not_empty: bool = False

    @property
    def required(self) -> tuple[str, ...]:
        langs = content_langs() if self.languages else ()
        return (*langs, *(key for key, field in self.fields.items() if field.required))

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(key for key, field in self.fields.items() if not field.required)

    def options(self, key: str) -> tuple[str, ...]:
        """The closed set a key (or each item of its list) chooses from."""
        value = self.fields[key].value
        value = value.item if isinstance(value, ListOf) else value
        assert isinstance(value, Choice), f"{self.name}.{key} is no choice"
        return value.options


def _optional(field: Field) -> Field:
    return replace(field, required=False)


# -- texts ---------------------------------------------------------------------------------------------------

PARITY = Shape("parity", "An exception to the check of Chinese against English for this text, with its reason "
               "(content/README.md, 'Parity').", {
                   "ignore": Field(ListOf(Choice(PARITY_RULES)), "The rules the two sides are excused from.",
                                   example=["numbers"]),
                   "reason": Field(Plain(), "Why the two sides differ, for the next editor."),
               })

TEXT = Shape("text", "A text in both languages: `{zh: 中文, en: English}`.", {
    "parity": Field(PARITY, "An exception to the parity check, with its reason.", required=False),
}, languages=Field(Plain(), "The text in this language."))

# -- glossary.yaml and sources.yaml --------------------------------------------------------------------------

TERM = Shape("term", "A name the brief uses, in both languages: the key is what other files write.", {
    "kind": Field(Choice(TERM_KINDS), "What it names.", example="company"),
    "en_name": Field(Choice(EN_NAME_KINDS, (
        "the organization's own English name (or the standard official rendering)",
        "no official English name known: translated",
        "no official English name known: pinyin")), "How sure the English is.", example="official"),
    "short": Field(Text(), "The name used in running text, when shorter.", required=False,
                   example={"zh": "甬矽电子", "en": "Forehope Electronic"}),
    "note": Field(Text(), "A note on the name.", required=False),
}, languages=Field(Plain(unmarked=True), "The full name in this language.",
                   example={"zh": "甬矽电子（宁波）股份有限公司", "en": "Forehope Electronic (Ningbo) Co., Ltd."}))

CREDIT = Shape("credit", "A role and the people in it.", {
    "role": Field(Text(), "The role.", example={"zh": "记者", "en": "Reporter"}),
    "names": Field(ListOf(Text()), "The people in that role.", example=[{"zh": "徐展新", "en": "Xu Zhanxin"}]),
})

ARTICLE = Shape("article", "An article of the source.", {
    "headline": Field(Text(), "Its headline.", example={
        "zh": "宁波数字经济：风鹏正举海天阔",
        "en": "Ningbo’s Digital Economy: The Roc Rises on the Wind over a Boundless Sea"}),
    "credits": Field(ListOf(CREDIT), "Who wrote it, by role."),
})

IMAGE = Shape("image", "A photograph or graphic the source credits.", {
    "caption": Field(Text(), "What it shows."),
    "credit": Field(Text(), "Who made it.", example={"zh": "殷聪 摄", "en": "Photo: Yin Cong"}),
})

SOURCE = Shape("source", "Where the facts come from: the key is what indicators and editions name.", {
    "title": Field(Text(), "The source's title.",
                   example={"zh": "锚定“一号发展工程”", "en": "Anchoring the “No. 1 Development Project”"}),
    "publisher": Field(Text(), "Who published it.", example={"zh": "原文未注明", "en": "not stated in the source"}),
    "date": Field(Text(), "When it was published, as a text.",
                  example={"zh": "原文未注明", "en": "not stated in the source"}),
    "articles": Field(ListOf(ARTICLE), "Its articles."),
    "images": Field(ListOf(IMAGE), "Photographs and graphics it credits.", required=False),
})

# -- indicators.yaml -----------------------------------------------------------------------------------------

OPERATIONS = {  # what each derivation does, as the guide's table says it
    "cagr": "Compound annual growth between two dated amounts, in %: [from, to].",
    "multiple": "How many times `from` the `to` amount is (倍 / times): [from, to].",
    "difference": "A % rate less a % or 个百分点 gap: [rate, gap].",
}
_OPERANDS: dict[str, Field] = {
    op: Field(ListOf(Ref("indicator"), at_least=2, at_most=2), OPERATIONS[op], required=False,
              example=["forehope_revenue_2018", "forehope_revenue_last_year"]) for op in DERIVATION_OPS}

DERIVE = Shape("derive", "How briefgen computes the figure: one operation on two indicators.", _OPERANDS,
               one_of=(DERIVATION_OPS,))

CHECK = Shape("check", "The data that should reproduce the stated figure: one operation on two indicators; "
              "`check` warns when they disagree by more than half a point.", {
                  **_OPERANDS,
                  "expected": Field(Plain(LIMITS.line), "Once the editors have weighed a disagreement: why. The "
                                    "warning stops; the editors' note is still printed.", required=False,
                                    example="the source gives 235% without its method; its endpoints imply 175.2%; "
                                            "the brief prints both"),
              }, one_of=(DERIVATION_OPS,))

VINTAGE = Shape("vintage", "One value of a revised figure, from a date on.", {
    "value": Field(Number(), "The figure: a plain number, without its unit.", example=8000),
    "as_of": Field(Date(), "The date it was known from.", example="2026-11-28"),
    "source": Field(Ref("source"), "The revision's own source, when it has one.", required=False),
    "note": Field(Text(), "A note on the revision.", required=False),
})

_LABEL = Field(Text(LIMITS.label), "What the figure is.",
               example={"zh": "数字经济增加值", "en": "Value added of the digital economy"})
_YEAR = Field(Integer(LIMITS.first_year, LIMITS.last_year), "The year of the figure, when the source gives one.",
              required=False, example=2027)
_PERIOD = Field(Text(LIMITS.label), "The period of the figure, when the source gives no year.", required=False,
                example={"zh": "目前", "en": "at present"})
_ASSUMED = Field(Integer(LIMITS.first_year, LIMITS.last_year), "With `period`: the year calculations use "
                 "(printed as an assumption).", required=False, example=2022)
_NOTE = Field(Text(), "A note printed with the figure.", required=False)
_KIND = Field(Choice(INDICATOR_KINDS), "An actual figure, or a target.", example="actual")
_SOURCE = Field(Ref("source"), "The source it comes from: a key of sources.yaml.", example="ningbo-report")
_WHEN: tuple[tuple[str, ...], ...] = (("year", "period"),)  # exactly one of them
_APART = (("year", "assumed_year"),)  # an assumed year goes with a period

STATED = Shape("stated_indicator", "A figure as the source states it: the number and the unit the source uses.", {
    "label": _LABEL,
    "value": Field(Number(), "The number alone (8000, 1.5): the unit goes in `unit:`, and no thousands separator.",
                   required=False, example=8000),
    "values": Field(ListOf(VINTAGE, at_most=LIMITS.vintages), "Instead of `value:`, for a revised figure: its "
                    "values, oldest first, each with the date it was known from.", required=False,
                    example=[{"value": 8000, "as_of": "2026-11-28"}, {"value": 8500, "as_of": "2027-02-01"}]),
    "unit": Field(Choice(UNITS), "The unit the source uses.", example="亿元"),
    "year": _YEAR, "period": _PERIOD, "assumed_year": _ASSUMED,
    "kind": _KIND,
    "source": _SOURCE,
    "note": _NOTE,
    "check": Field(CHECK, "The data that should reproduce the figure.", required=False,
                   example={"cagr": ["forehope_revenue_2018", "forehope_revenue_last_year"]}),
}, one_of=(("value", "values"), *_WHEN), apart=_APART)

DERIVED = Shape("derived_indicator", "A figure computed by briefgen from other indicators, never typed.", {
    "label": _LABEL,
    "derive": Field(DERIVE, "How it is computed.", example={"difference": ["core_growth_5y", "core_growth_gap_5y"]}),
    "year": _YEAR, "period": _PERIOD, "assumed_year": _ASSUMED,
    "note": _NOTE,
    "kind": _optional(_KIND),
    "source": _optional(_SOURCE),
}, one_of=_WHEN, apart=_APART)

# -- charts.yaml: the kinds' own keys are in their modules (briefgen.charts) ------------------------------------

CHART = Shape("chart", "A chart, drawn in both languages from the indicators; `type:` decides its other keys.", {
    "type": Field(ChartKind(), "The kind of chart.", example="bar"),
    "title": Field(Text(LIMITS.line), "The chart's title."),
    "alt": Field(Text(), "What the chart shows, in words, for readers who cannot see it; replaces the description "
                 "said from its data.", required=False),
})

GROUPS = {  # a group of a chart, by what its members are
    "bars": Shape("bar_group", "A group of bars: its label and one indicator per series.", {
        "label": Field(Name(LIMITS.chart_label), "The group's name: {zh, en} or a glossary key.",
                       example={"zh": "甲市", "en": "City A"}),
        "bars": Field(ListOf(Ref("indicator")), "One indicator per name in `series:`.", example=["a_2018", "a_2022"]),
    }),
    "items": Shape("item_group", "A row of the diagram's table: its name and its items.", {
        "label": Field(Name(LIMITS.chart_label), "The group's name: {zh, en} or a glossary key.", example="haishu"),
        "items": Field(ListOf(Name(LIMITS.diagram_item), at_most=LIMITS.diagram_items), "What the group holds: "
                       "texts {zh, en} or glossary keys.", example=["cuibaili"]),
    }),
}


@functools.cache
def chart_shape(kind: Shape | None) -> Shape:
    """A chart of a kind (its module's SHAPE): `type`, `title`, the kind's own keys and `alt`; without a kind
    known, the keys every chart has."""
    if kind is None:
        return CHART
    common = CHART.fields
    return Shape(f"{kind.name}_chart", kind.about, {"type": common["type"], "title": common["title"], **kind.fields,
                                                     "alt": common["alt"]})


# -- editions/NN/edition.yaml and its parts ------------------------------------------------------------------

DISTRIBUTION = Shape("distribution", "The 报尾 at the foot of the last page: who the brief is sent to.", {
    "to": Field(Text(LIMITS.line), "报送: those the brief is reported to.", required=False),
    "copies": Field(Text(LIMITS.line), "分送: those it is copied to.", required=False),
}, not_empty=True)

EDITION = Shape("edition", "An edition: its title, date and metadata, its key figures and its parts, in order.", {
    "number": Field(Integer(1, LIMITS.edition_number), "The edition's number, as its folder says (editions/01 → 1).",
                    example=1),
    "date": Field(Date(), "The date the edition is issued (printed on the cover).", example="2026-11-28"),
    "title": Field(Text(LIMITS.line), "The brief's title.",
                   example={"zh": "锚定“一号发展工程”", "en": "Anchoring the “No. 1 Development Project”"}),
    "subtitle": Field(Text(LIMITS.line), "The subtitle, under the title on the cover."),
    "short_title": Field(Text(LIMITS.line), "The masthead's series name, and the running heads.",
                         example={"zh": "宁波数字经济简报", "en": "Ningbo Digital Economy Brief"}),
    "author": Field(Text(LIMITS.line), "The issuing body, in the masthead and the 报尾."),
    "subject": Field(Text(LIMITS.line), "The subject, in the PDF's metadata."),
    "keywords": Field(ListOf(Text(LIMITS.line)), "Keywords, in the PDF's metadata.",
                      example=[{"zh": "数字经济", "en": "digital economy"}]),
    "sources": Field(ListOf(Ref("source")), "The sources it is based on: keys of sources.yaml.",
                     example=["ningbo-report"]),
    "key_figures": Field(ListOf(Ref("indicator"), at_most=LIMITS.key_figures), "The panel of key figures at the "
                         "front: keys of indicators.yaml.", example=["dv_value_added", "dv_target_2027"]),
    "parts": Field(ListOf(Plain(LIMITS.line), at_most=LIMITS.parts), "Its parts, in the order they are printed: "
                   "file names in this folder.", example=["goals.yaml", "districts.yaml", "enterprises.yaml"]),
    "as_of": Field(Date(), "Take the figures as of this day, not of `date`: an earlier day.", required=False),
    "theme": Field(Theme(), "The look it is printed in (default: default).", required=False),
    "distribution": Field(DISTRIBUTION, "The 报尾: give `to:`, `copies:` or both; leave it out for none.",
                          required=False),
})

BLOCKS = {  # the blocks other than paragraphs, by the key that names them (content/editions.py's BLOCK_READERS)
    "figures": Shape("figures_block", "A panel of key figures.", {
        "figures": Field(ListOf(Ref("indicator"), at_most=LIMITS.key_figures), "The indicators it shows.",
                         example=["dv_target_2027", "core_revenue_target_2027"]),
    }),
    "chart": Shape("chart_block", "Places a chart; text cites it as {fig:key}.", {
        "chart": Field(Ref("chart"), "The chart: a key of charts.yaml.", example="dv_path"),
    }),
    "list": Shape("list_block", "A list: numbered （1）（2）… in Chinese, bulleted in English.", {
        "list": Field(ListOf(Text(markup=True), at_most=LIMITS.list_items), "Its items, each {zh, en}."),
    }),
    "quote": Shape("quote_block", "A quotation, with who said it.", {
        "quote": Field(Text(markup=True), "What was said."),
        "by": Field(Ref("glossary term"), "Who said it: a glossary key.", required=False, example="peng_jiaxue"),
    }),
    "names": Shape("names_block", "A list of glossary names, printed in both languages.", {
        "names": Field(ListOf(Ref("glossary term")), "Glossary keys.", example=["joyson", "geely_auto"]),
    }),
}

SECTION = Shape("section", "A section: its heading and its body.", {
    "id": Field(Plain(), "Lets text cite the section as {sec:id}.", required=False, example="targets_2027"),
    "title": Field(Name(LIMITS.line), "The heading: {zh, en}, or a glossary key (a district's name).",
                   example={"zh": "2027年目标", "en": "Targets for 2027"}),
    "body": Field(ListOf(Block()), "Its blocks: paragraphs {zh, en}, and figures, chart, list, quote, names."),
})

PART = Shape("part", "A part of an edition: its title, an introduction if any, and its sections.", {
    "title": Field(Text(LIMITS.line), "The part's title.", example={"zh": "目标与部署", "en": "Goals and Tasks"}),
    "intro": Field(ListOf(Block()), "Blocks before the first section.", required=False),
    "sections": Field(ListOf(SECTION, at_most=LIMITS.sections), "Its sections."),
})


@dataclass(frozen=True)
class FileKind:
    name: str  # of its schema: .schema/<name>.schema.json
    about: str
    root: Value


FILES = (
    FileKind("glossary", "glossary.yaml: every name the brief uses, in both languages.", Entries(TERM)),
    FileKind("sources", "sources.yaml: where the facts come from.", Entries(SOURCE)),
    FileKind("indicators", "indicators.yaml: every figure once, as a number with its unit.",
             Entries(Switch("derive", DERIVED, STATED))),
    FileKind("charts", "charts.yaml: charts drawn from the indicators.", Entries(ChartSpec())),
    FileKind("edition", "editions/NN/edition.yaml: an edition.", EDITION),
    FileKind("part", "editions/NN/<part>.yaml: a part of an edition, as edition.yaml's `parts:` lists it.", PART),
)
