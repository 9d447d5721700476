"""Themes: the brief's look as one value — page, type, spacing, colours (charts included), rules, cover and
contents — selected per edition (`theme:` in edition.yaml; see THEMES).

What differs between languages (body sizes, indents, leading, heading numbers) lives in their profiles
(languages.py); a theme sets everything else. Lengths are in points unless their name ends in `_mm`;
colours are RGB fractions, chart colours hex strings as matplotlib takes them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..languages import profile
from .paragraph import TextStyle

MM = 72.0 / 2.54 * 0.1  # pt: in this order of operations, so every measure in mm is the float it always was

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Theme:
    key: str  # what `theme:` names
    description: str

    # The page: GB/T 9704's type area (156 × 225 mm, top 37 mm, left 28 mm) on A4 by default
    page_mm: tuple[float, float] = (210, 297)
    left_mm: float = 28
    top_mm: float = 37
    text_width_mm: float = 156
    text_height_mm: float = 225

    # Colours
    ink: RGB = (0.1, 0.1, 0.12)
    accent: RGB = (0.05, 0.27, 0.5)  # a deep blue that stays dark in greyscale
    muted: RGB = (0.38, 0.38, 0.42)
    panel: RGB = (0.93, 0.95, 0.97)
    on_accent: RGB = (1, 1, 1)  # text on the accent colour, and the rules between key figures
    masthead: RGB = (0.78, 0.08, 0.08)  # the red of a 简报's masthead (红头) and its rule
    chart_palette: tuple[str, ...] = ("#1f4e79", "#d9822b", "#9cc3e6", "#7f7f7f")  # L* 32, 62, 77, 53
    chart_path: str = "#595959"  # a derived path is not data: neutral, dashed
    chart_text: str = "#1a1a1a"
    chart_axis: str = "#404040"
    chart_grid: str = "#d4d4d4"

    # Headings (parts, sections); a heading needs lines_after_heading body lines below it, or it moves on
    heading_sizes: tuple[float, float] = (16.0, 12.5)
    heading_leading: float = 1.45  # × size
    heading_space_before: tuple[float, float] = (18.0, 10.0)
    heading_space_after: tuple[float, float] = (8.0, 4.0)
    lines_after_heading: int = 3

    # Body blocks
    quote_size_change: float = -0.5  # against the body size
    line_grid: bool = True  # Chinese body text on a line grid (the Chinese brief)
    text_size_change: float = 0.0  # of body, list, quotation and attribution sizes against the language's
    subordinate_size_change: float = -1.0  # the interleaved layout's second language
    quote_space: float = 2.0  # before and after
    quote_inset_em: float = 2.0  # each side
    attribution_size_change: float = -1.5
    attribution_space_after: float = 6.0
    note_size: float = 8.5
    note_space_after: float = 3.0
    list_space_after: float = 2.0
    list_indent_em: float = 1.6  # the text's, at least; the marker hangs in it (a wider one widens it)
    column_gutter: float = 18.0  # between the columns of the parallel bilingual layout
    column_feather: float = 6.0  # pt a section's shorter column may open each gap between its paragraphs
    ragged_below_em: float = 25.0  # English on a narrower measure (under about 50 characters) is set ragged

    # Figures: caption, graphic, source line; key-figure panels; diagrams
    caption_size: float = 9.5
    caption_space: tuple[float, float] = (8.0, 4.0)  # before, after
    figure_gaps: tuple[float, float] = (4.0, 6.0)  # below the graphic, below the source line
    chart_height: float = 0.42  # × the type area's width
    chart_growth_per_language: float = 0.3  # a bilingual chart's labels take a line a language: it grows by this
    key_figure_value: tuple[float, float] = (15.0, 19.0)  # size, leading
    key_figure_label: tuple[float, float] = (8.5, 12.0)
    key_figure_period: tuple[float, float] = (7.5, 10.0)
    key_figure_padding: tuple[float, float] = (8.0, 7.0)  # horizontal, vertical
    key_figure_rule: float = 0.6
    key_figure_space_after: float = 8.0
    # Tables (a diagram's groups as rows): 三线表 rules, heavy and light
    table_text_size: tuple[float, float] = (9.0, 13.0)  # size, leading
    table_rules: tuple[float, float] = (1.0, 0.5)
    table_padding: tuple[float, float] = (4.0, 2.0)  # inside a cell; between its paragraphs
    table_name_share: float = 0.26  # of the width: the groups' names

    # Cover: the masthead (报头: series name in red, issue, issuing body and date over a red rule), then the
    # title, subtitle and source lines in each language
    masthead_top_space: float = 12.0
    masthead_series_size: tuple[float, float, float] = (34.0, 26.0, 18.0)  # leading in Chinese, in English; after
    masthead_line_size: float = 11.0
    masthead_shares: tuple[float, float] = (0.6, 0.4)  # issuing body | date
    masthead_rule: tuple[float, float] = (2.0, 16.0)  # weight, the height it stands in
    cover_top_space: float = 40.0
    cover_title_leading: float = 36.0
    cover_title_space_after: float = 10.0
    cover_subtitle_size: float = 15.0
    cover_line_size: float = 12.0
    cover_line_space_after: float = 6.0
    cover_source_size: float = 9.5
    cover_gap: float = 10.0  # between the subtitle and the edition line
    cover_between: float = 36.0  # between the languages' title blocks

    # 报尾: the distribution lines at the foot of the last page, between rules (GB/T 9704: 0.35 and 0.25 mm)
    distribution_size: float = 10.5
    distribution_rules: tuple[float, float] = (1.0, 0.7)  # heavy (first and last), light (between)
    distribution_rule_height: float = 6.0

    # Running heads, folios, contents
    running_head_size: float = 8.0
    running_head_rise: float = 14.0  # above the type area
    running_head_rule: tuple[float, float] = (0.4, 3.0)  # weight, drop below the head's baseline box
    folio_size: float = 9.0
    folio_drop: float = 28.0  # below the type area
    contents_size: float = 10.0
    contents_leading: float = 15.0
    contents_space_after: float = 3.0

    # -- geometry in points -------------------------------------------------------------------

    @property
    def page_width(self) -> float:
        return self.page_mm[0] * MM

    @property
    def page_height(self) -> float:
        return self.page_mm[1] * MM

    @property
    def left(self) -> float:
        return self.left_mm * MM

    @property
    def top(self) -> float:
        return self.top_mm * MM

    @property
    def text_width(self) -> float:
        return self.text_width_mm * MM

    @property
    def text_height(self) -> float:
        return self.text_height_mm * MM

    @property
    def bottom(self) -> float:
        return self.page_height - self.top - self.text_height

    @property
    def text_area(self) -> tuple[float, float, float, float]:
        """The type area with a little room for ink beyond it (running heads and folios lie outside)."""
        return (self.left - 2, self.bottom - 2, self.left + self.text_width + 2, self.bottom + self.text_height + 2)

    # -- text styles ----------------------------------------------------------------------------

    def subordinate(self) -> Theme:
        """The look of the second language's text in the interleaved layout: a size smaller, in grey."""
        return dataclasses.replace(self, text_size_change=self.subordinate_size_change, ink=self.muted)

    def body(self, lang: str) -> TextStyle:
        words = profile(lang)
        return TextStyle(lang, "serif", words.body_size + self.text_size_change, first_indent_em=words.first_indent_em,
                         color=self.ink,
                         space_after=words.space_after, ragged_below_em=self.ragged_below_em)

    def heading(self, lang: str, level: int) -> TextStyle:
        size = self.heading_sizes[level]
        return TextStyle(lang, "sans", size, leading=size * self.heading_leading, align="left",
                         color=self.accent if level == 0 else self.ink, space_before=self.heading_space_before[level],
                         space_after=self.heading_space_after[level])

    def quote(self, lang: str) -> TextStyle:
        return TextStyle(lang, "sans", profile(lang).body_size + self.text_size_change + self.quote_size_change,
                         color=self.accent,
                         space_before=self.quote_space, space_after=self.quote_space,
                         ragged_below_em=self.ragged_below_em)

    def attribution(self, lang: str) -> TextStyle:
        return TextStyle(lang, "sans", profile(lang).body_size + self.text_size_change + self.attribution_size_change,
                         align="right",
                         color=self.muted, space_after=self.attribution_space_after)

    def note(self, lang: str) -> TextStyle:
        return TextStyle(lang, "sans", self.note_size, align="left", color=self.muted,
                         space_after=self.note_space_after)

    def list_item(self, lang: str) -> TextStyle:
        return TextStyle(lang, "serif", profile(lang).body_size + self.text_size_change, color=self.ink,
                         space_after=self.list_space_after,
                         ragged_below_em=self.ragged_below_em)

    def list_marker_style(self, item: TextStyle, numbered: bool) -> TextStyle:
        """A bullet in the accent colour; a number as the text is set (（1） is part of the sentence)."""
        if numbered:
            return TextStyle(item.lang, item.family, item.size, align="left", color=self.ink)
        return TextStyle(item.lang, "sans", item.size, align="left", color=self.accent)

    def key_figure(self, lang: str, part: str) -> TextStyle:
        """A key figure's "value", "label" or "period"."""
        size, leading = {"value": self.key_figure_value, "label": self.key_figure_label,
                         "period": self.key_figure_period}[part]
        color = {"value": self.accent, "label": self.ink, "period": self.muted}[part]
        return TextStyle(lang, "sans", size, leading=leading, align="left", color=color)

    def table_text(self, lang: str, part: str) -> TextStyle:
        """A table cell's: the header row's ("head"), a group's name ("name"), an item ("item")."""
        size, leading = self.table_text_size
        color = self.accent if part == "name" else self.ink
        return TextStyle(lang, "sans", size, leading=leading, align="left", color=color)

    def caption(self, lang: str) -> TextStyle:
        before, after = self.caption_space
        return TextStyle(lang, "sans", self.caption_size, align="left", color=self.ink, space_before=before,
                         space_after=after)

    def cover_title(self, lang: str) -> TextStyle:
        return TextStyle(lang, "sans", profile(lang).cover_title_size, leading=self.cover_title_leading,
                         align="left", color=self.accent, space_after=self.cover_title_space_after)

    def cover_line(self, lang: str, size: float | None = None) -> TextStyle:
        return TextStyle(lang, "sans", size or self.cover_line_size, align="left", color=self.ink,
                         space_after=self.cover_line_space_after)

    def masthead_series(self, lang: str, lead: bool) -> TextStyle:
        size = self.masthead_series_size[(0 if profile(lang).cjk else 1) if lead else 2]
        return TextStyle(lang, "serif" if profile(lang).cjk else "sans", size, leading=size * 1.3, align="center",
                         color=self.masthead, space_after=4.0)

    def masthead_line(self, lang: str, align: str) -> TextStyle:
        return TextStyle(lang, "sans", self.masthead_line_size, align=align, color=self.ink, space_after=2.0)

    def distribution(self, lang: str) -> TextStyle:
        return TextStyle(lang, "serif", self.distribution_size, align="left", color=self.ink,
                         first_indent_em=1.0 if profile(lang).cjk else 0.0)

    def running_head(self, lang: str, align: str) -> TextStyle:
        return TextStyle(lang, "sans", self.running_head_size, align=align, color=self.muted)

    def folio(self, lang: str, align: str) -> TextStyle:
        return TextStyle(lang, "sans", self.folio_size, align=align, color=self.muted)

    def contents(self, lang: str, align: str = "left") -> TextStyle:
        return TextStyle(lang, "sans", self.contents_size, leading=self.contents_leading, align=align,
                         color=self.ink, space_after=self.contents_space_after)

    def chart_look(self) -> dict[str, object]:
        """What of the theme a chart's drawing depends on (part of its cache key)."""
        return {name: getattr(self, name) for name in ("chart_palette", "chart_path", "chart_text", "chart_axis",
                                                       "chart_grid")}


DEFAULT = Theme("default", "The brief as published: GB/T 9704 type area on A4, deep blue accents.")
MONOCHROME = dataclasses.replace(
    DEFAULT, key="monochrome",
    description="For black-and-white printers and photocopies: black accents, grey panels and charts.",
    ink=(0, 0, 0), accent=(0, 0, 0), masthead=(0, 0, 0), muted=(0.3, 0.3, 0.3), panel=(0.92, 0.92, 0.92),
    chart_palette=("#1a1a1a", "#8c8c8c", "#c8c8c8", "#5a5a5a"), chart_path="#5a5a5a", chart_text="#000000",
    chart_axis="#262626", chart_grid="#d9d9d9")

THEMES: dict[str, Theme] = {t.key: t for t in (DEFAULT, MONOCHROME)}


def theme(key: str) -> Theme:
    return THEMES[key]
