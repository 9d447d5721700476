"""The brief's look: page geometry, colours and text styles in one place."""

from __future__ import annotations

from ..languages import profile
from .paragraph import TextStyle

MM = 72.0 / 2.54 * 0.1  # pt: in this order of operations, so every measure in mm is the float it always was
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM  # A4
# GB/T 9704 type area (156 × 225 mm, top 37 mm, left 28 mm): the reference profile for official papers.
LEFT, TOP = 28 * MM, 37 * MM
TEXT_WIDTH, TEXT_HEIGHT = 156 * MM, 225 * MM
BOTTOM = PAGE_HEIGHT - TOP - TEXT_HEIGHT

INK = (0.1, 0.1, 0.12)
ACCENT = (0.05, 0.27, 0.5)  # a deep blue that stays dark in greyscale
MUTED = (0.38, 0.38, 0.42)
PANEL = (0.93, 0.95, 0.97)

LINES_AFTER_HEADING = 3  # a heading needs this many body lines below it on its page, or it moves on


def body(lang: str) -> TextStyle:
    words = profile(lang)
    return TextStyle(lang, "serif", words.body_size, first_indent_em=words.first_indent_em, color=INK,
                     space_after=words.space_after)


def heading(lang: str, level: int) -> TextStyle:
    size = (16.0, 12.5)[level]
    return TextStyle(lang, "sans", size, leading=size * 1.45, align="left", color=ACCENT if level == 0 else INK,
                     space_before=(18.0, 10.0)[level], space_after=(8.0, 4.0)[level])


def quote(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", profile(lang).body_size - 0.5, color=ACCENT, space_before=2.0, space_after=2.0)


def attribution(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", profile(lang).body_size - 1.5, align="right", color=MUTED, space_after=6.0)


def note(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 8.5, align="left", color=MUTED, space_after=3.0)


def list_item(lang: str) -> TextStyle:
    return TextStyle(lang, "serif", profile(lang).body_size, color=INK, space_after=2.0)


def figure_value(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 15.0, leading=19.0, align="left", color=ACCENT)


def figure_label(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 8.5, leading=12.0, align="left", color=INK)


def figure_period(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 7.5, leading=10.0, align="left", color=MUTED)


def caption(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 9.5, align="left", color=INK, space_before=8.0, space_after=4.0)


def cover_title(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", profile(lang).cover_title_size, leading=36.0, align="left", color=ACCENT,
                     space_after=10.0)


def cover_line(lang: str, size: float = 12.0) -> TextStyle:
    return TextStyle(lang, "sans", size, align="left", color=INK, space_after=6.0)


def running_head(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 8.0, align="left", color=MUTED)


def folio(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 9.0, align="center", color=MUTED)


def cover_band(lang: str) -> TextStyle:
    return TextStyle(lang, "sans", 13.0, align="left", color=(1, 1, 1))
