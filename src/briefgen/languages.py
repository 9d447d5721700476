"""Languages as data: one profile per language, and the variants a brief is made in.

Everything that differs between the languages lives here: how a language is written (script, line-breaking
mode, hyphenation, justification), how it numbers headings and writes numbers, money and dates, its type
sizes and indents, and every fixed word a reader sees. The rest of briefgen asks a profile; it compares no
language names. A new language is a new profile (and, in the content, its `key:` in every bilingual text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ZH_NUMERALS = "〇一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """Chinese numerals for heading numbers 1–99: 一, 十, 十二, 二十三."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return ZH_NUMERALS[ones]
    return (ZH_NUMERALS[tens] if tens > 1 else "") + "十" + (ZH_NUMERALS[ones] if ones else "")


@dataclass(frozen=True)
class Profile:
    key: str  # how the content names the language: `{zh: …, en: …}`
    tag: str  # BCP 47, for the PDF's /Lang and XMP
    locale: str  # babel's, for numbers and dates
    script: Literal["cjk", "latin"]  # line breaking, justification and the ambiguous marks follow it
    # Headings and references
    numeral: Literal["chinese", "arabic"]
    part_number: str  # "{n}、" / "{n}"
    section_number: str  # "（{s}）" / "{p}.{s}"
    heading_gap: str  # between a heading's number and its text
    # Numbers
    group_digits: bool  # thousands separators (8000 stays 8000 in Chinese house style)
    money_in_yuan_units: bool  # 8000亿元 as written; else RMB 800 billion
    unit_words: dict[str, str]  # 个百分点, 倍 … → the language's words, with the space they need
    year: str  # "{y}年" / "{y}"
    category: str  # a chart category and its period: "{label}（{period}）"
    # Sentences and punctuation
    sentence_end: str
    sentence_ends: tuple[str, ...]
    capitalise: bool  # a sentence opens with a capital
    attribution_dash: str  # before a quotation's speaker
    list_marker: str  # before each list item: "{n}" numbers them (Chinese reports enumerate: （1）（2）)
    # Typography
    body_size: float
    first_indent_em: float
    space_after: float
    leading: float  # × size, when a style gives none
    cover_title_size: float
    justify_left: bool  # body text set flush left is justified (Chinese practice), else ragged
    hyphenate: bool
    # Checking a translation against the source
    figures: Literal["chinese", "western"]  # how numbers are written (万, 亿 and 一 to 十; or digits and words)
    official_names: bool  # companies and bodies must be named as the glossary gives their official English
    words: dict[str, str] = field(default_factory=dict)

    @property
    def cjk(self) -> bool:
        return self.script == "cjk"

    def word(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def number_in_heading(self, n: int) -> str:
        return chinese_numeral(n) if self.numeral == "chinese" else str(n)


CHINESE = Profile(
    key="zh", tag="zh-CN", locale="zh_Hans_CN", script="cjk",
    numeral="chinese", part_number="{p}、", section_number="（{s}）", heading_gap="",
    group_digits=False, money_in_yuan_units=True, unit_words={"个百分点": "个百分点", "倍": "倍", "%": "%"},
    year="{y}年", category="{label}（{period}）",
    sentence_end="。", sentence_ends=("。", "！", "？", ".", "!", "?"), capitalise=False, attribution_dash="—— ",
    list_marker="（{n}）",
    body_size=11.0, first_indent_em=2.0, space_after=4.0, leading=1.75, cover_title_size=26.0,
    justify_left=True, hyphenate=False, figures="chinese", official_names=False,
    words={
        "path": "按年均增长{rate}所需路径（编者计算）",
        "target": "{year}年目标",
        "key_figures": "要点数据",
        "figure": "图{n}",
        "alt_chart": "{kind}：{title}。{data}。",
        "alt_series": "{series}：{points}",
        "alt_point": "{category}为{value}",
        "alt_kind_bar": "柱状图",
        "alt_kind_grouped_bar": "分组柱状图",
        "alt_kind_line": "折线图",
        "alt_kind_target_path": "目标路径图",
        "alt_panel": "{title}：{figures}。",
        "alt_key_figure": "{label}{value}（{period}）",
        "source": "资料来源：",
        "distribution_to": "报送：{text}",
        "distribution_copies": "分送：{text}",
        "issued": "{issuer}　{date}印发",
        "sources": "资料来源",
        "edition": "第{n}期",
        "derived": "编者据原文数据计算",
        "assumed": "原文“{period}”未注明年份，按{year}年计（编者推定）",
        "disagrees": "编者注（{label}）：原文为{stated}；按{start}、{end}计算，年均约为{implied}。{assumed}",
        "at": "{period}{value}",
        "names": "相关企业和机构：",
        "list_sep": "、",
        "colon": "：",
        "title": "《{title}》",
        "credit_sep": "　",
        "clause_sep": "；",
        "person_sep": "、",
        "section_ref": "第{part}部分{section}",
        "publisher": "刊发媒体",
        "published": "刊发日期",
        "based_on": "本简报依据以下报道编写：",
        "contents": "目录",
        "cover": "封面",
        "folio": "第{number}页 / 共{total}页",
        "figures_changed": "数据有变",
    },
)

ENGLISH = Profile(
    key="en", tag="en", locale="en_US", script="latin",
    numeral="arabic", part_number="{p}", section_number="{p}.{s}", heading_gap="  ",
    group_digits=True, money_in_yuan_units=False,
    unit_words={"个百分点": " percentage points", "倍": " times", "%": "%"},
    year="{y}", category="{label} ({period})",
    sentence_end=".", sentence_ends=("。", "！", "？", ".", "!", "?"), capitalise=True, attribution_dash="— ",
    list_marker="•",
    body_size=10.5, first_indent_em=0.0, space_after=6.0, leading=1.4, cover_title_size=24.0,
    justify_left=False, hyphenate=True, figures="western", official_names=True,
    words={
        "path": "Path at {rate} a year (editors’ calculation)",
        "target": "{year} target",
        "key_figures": "Key figures",
        "figure": "Figure {n}",
        "alt_chart": "{kind}: {title}. {data}.",
        "alt_series": "{series}: {points}",
        "alt_point": "{category}: {value}",
        "alt_kind_bar": "Bar chart",
        "alt_kind_grouped_bar": "Grouped bar chart",
        "alt_kind_line": "Line chart",
        "alt_kind_target_path": "Chart of the path to a target",
        "alt_panel": "{title}: {figures}.",
        "alt_key_figure": "{label}: {value} ({period})",
        "source": "Source: ",
        "distribution_to": "To: {text}",
        "distribution_copies": "Copies to: {text}",
        "issued": "Issued by {issuer}, {date}",
        "sources": "Sources",
        "edition": "Edition {n}",
        "derived": "editors’ calculation from the source’s data",
        "assumed": "the source’s “{period}” gives no year; taken as {year} (editors’ assumption)",
        "disagrees": "Editors’ note ({label}): the source gives {stated}; {start} and {end} imply about "
                     "{implied} a year. {assumed}",
        "at": "{value} ({period})",
        "names": "Companies and institutions: ",
        "list_sep": "; ",
        "colon": ": ",
        "title": "{title}",
        "credit_sep": ". ",
        "clause_sep": "; ",
        "person_sep": ", ",
        "section_ref": "Section {part}.{section}",
        "publisher": "Publisher",
        "published": "Date of publication",
        "based_on": "This brief is based on the following report: ",
        "contents": "Contents",
        "cover": "Cover",
        "folio": "Page {number} of {total}",
        "figures_changed": "its figures changed",
    },
)

PROFILES: dict[str, Profile] = {p.key: p for p in (CHINESE, ENGLISH)}


def profile(lang: str) -> Profile:
    return PROFILES[lang]


def content_langs() -> tuple[str, ...]:
    """The languages every text of the content is written in: one per profile."""
    return tuple(PROFILES)


def source_lang() -> str:
    """The language the facts come in (the seed article's): every other is a translation of it."""
    return next(iter(PROFILES))


def register(new: Profile) -> None:
    """Add a language: the content must then give every text in it too, and `brief-NN-<key>.pdf` is made."""
    PROFILES[new.key] = new
    VARIANTS[new.key] = Variant(new.key, (new.key,))


def cjk_lang() -> str | None:
    """The language Han characters are read in where a Latin-script text gives a name in them."""
    return next((p.key for p in PROFILES.values() if p.cjk), None)


def heading_line(number: str, text: str, lang: str) -> str:
    """A heading as it is printed: its number, the language's gap, its text (一、背景 / 1  Background)."""
    return f"{number}{PROFILES[lang].heading_gap}{text}".strip() if number else text


def word(key: str, lang: str, **values: object) -> str:
    """A fixed word of the brief in one language, with its blanks filled."""
    return PROFILES[lang].word(key, **values)


@dataclass(frozen=True)
class Variant:
    """A PDF's languages: one, or a pair set together (the first leads: its folio, contents, running heads)."""

    key: str  # the file name's: brief-01-<key>.pdf
    langs: tuple[str, ...]

    @property
    def lead(self) -> Profile:
        return PROFILES[self.langs[0]]


VARIANTS: dict[str, Variant] = {v.key: v for v in (
    Variant("zh", ("zh",)), Variant("en", ("en",)), Variant("bilingual", ("zh", "en")))}
