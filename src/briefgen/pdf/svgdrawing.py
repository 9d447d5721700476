"""A chart's SVG as a reportlab drawing, in the brief's faces.

svglib turns the SVG into reportlab shapes and Strings; each String is then
split into per-script runs (svglib gives a <text> one font), each in the first
chart face that has its glyphs: the same fallback matplotlib measured with.
Only a chart not yet drawn needs this (graphics.py keeps what it draws).
"""

from __future__ import annotations

import copy
import functools
import io
import itertools
import re

from reportlab.graphics.shapes import Drawing, Group, String

from . import fonts

BOLD_WEIGHTS = {"bold", "bolder", "600", "700", "800", "900"}


class _BriefFontMap:
    """svglib's font lookup, answering with the brief's faces only.

    svglib's global map matches weights literally (matplotlib writes '700', not
    'bold') and falls back to fontconfig, then Helvetica. Only the weight matters
    here: _string_runs picks each run's face by script afterwards.
    """

    def find_font(self, family: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        return fonts.sans_pair(str(weight).lower() in BOLD_WEIGHTS)[0].name, True


@functools.lru_cache(maxsize=64)
def drawing(svg: str, width: float, height: float) -> Drawing:
    from svglib.svglib import svg2rlg  # ~0.15 s to import: only when a chart is drawn

    fonts.register_fonts()  # svglib measures text with the faces _BriefFontMap names
    parsed = svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=_BriefFontMap())
    if parsed is None:  # the cache is sealed and matplotlib wrote it: a bug, never the content's fault
        raise ValueError("a chart's SVG could not be read")
    _set_in_runs(parsed)
    parsed.width, parsed.height = width, height  # svglib's are off by float noise
    parsed.initialFontName = fonts.sans_pair(False)[0].name  # else reportlab adds an unused Helvetica
    return parsed


def _set_in_runs(group: Group) -> None:
    group.contents = [piece for node in group.contents for piece in _pieces(node)]


def _pieces(node) -> list:
    if isinstance(node, Group):
        _set_in_runs(node)
        return [node]
    if isinstance(node, String):
        return _string_runs(node)
    return [node]


def _string_runs(string: String) -> list[String]:
    faces = fonts.sans_pair(string.fontName == fonts.sans_pair(True)[0].name)
    runs = fonts.fallback_runs(string.text, faces)
    # every character has a face: the chart's text was checked before it was drawn (charts._check_coverage)
    widths = [fonts.string_width(text, name or faces[0].name, string.fontSize) for name, text in runs]
    # ¼ em between Han and Latin letters or digits, as in the body: spacing, never a character
    gaps = [string.fontSize / 4 if _han_latin(a[-1], b[0]) else 0.0 for (_, a), (_, b) in itertools.pairwise(runs)]
    gaps.append(0.0)
    shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[string.textAnchor]
    x = string.x - shift * (sum(widths) + sum(gaps))
    pieces = []
    for (name, text), run_width, gap in zip(runs, widths, gaps):
        piece = copy.copy(string)
        piece.x, piece.text, piece.fontName, piece.textAnchor = x, text, name, "start"
        pieces.append(piece)
        x += run_width + gap
    return pieces


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z0-9]")


def _han_latin(before: str, after: str) -> bool:
    return bool((_HAN.match(before) and _LATIN.match(after)) or (_LATIN.match(before) and _HAN.match(after)))
