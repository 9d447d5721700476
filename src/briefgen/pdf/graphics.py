"""Charts kept as SVG, drawn as vector shapes and live text in the brief's faces.

svglib turns the SVG into reportlab shapes and Strings; each String is then
split into per-script runs (svglib gives a <text> one font), each in the first
chart face that has its glyphs: the same fallback matplotlib measured with.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import itertools
import marshal
import re
from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Path, String
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

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


def draw_svg(canvas: Canvas, svg: str, width: float, height: float) -> None:
    """The SVG drawn width × height pt with its bottom left at the canvas's origin."""
    renderPDF.draw(drawing_from_svg(svg, width, height), canvas, 0, 0)


_DRAWN = 64  # drawings a process keeps (a test run, a watch: each chart parsed once)
_drawings: dict[tuple[FilePath, str], Drawing] = {}  # by cache folder and key


def drawing_from_svg(svg: str, width: float, height: float) -> Drawing:
    """The chart's drawing: this process's, else the cache's (no svglib, no lxml), else parsed and kept in
    both."""
    from ..cache import Store, directory

    store = Store(directory("drawings"), ".marshal", lambda message: None, "drawing", "made", "made again")
    key = hashlib.sha256(repr((DRAWING_FORMAT, svg, width, height, fonts.identity(), _versions())).encode())
    memo = (store.folder, key.hexdigest())
    if memo in _drawings:
        return _drawings[memo]
    cached = store.get(memo[1])
    if cached is not None:
        drawing = _thaw(marshal.loads(cached))
        assert isinstance(drawing, Drawing)  # sealed, and written by _freeze below
    else:
        drawing = _parsed(svg, width, height)
        frozen = _freeze(drawing)
        if frozen is not None:
            store.put(memo[1], marshal.dumps(frozen))
    if len(_drawings) >= _DRAWN:
        del _drawings[next(iter(_drawings))]
    _drawings[memo] = drawing
    return drawing


@functools.lru_cache(maxsize=_DRAWN)
def _parsed(svg: str, width: float, height: float) -> Drawing:
    from svglib.svglib import svg2rlg  # ~0.15 s to import: only when a chart is drawn

    fonts.register_fonts()  # svglib measures text with the faces _BriefFontMap names
    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=_BriefFontMap())
    if drawing is None:  # the cache is sealed and matplotlib wrote it: a bug, never the content's fault
        raise ValueError("a chart's SVG could not be read")
    _set_in_runs(drawing)
    drawing.width, drawing.height = width, height  # svglib's are off by float noise
    drawing.initialFontName = fonts.sans_pair(False)[0].name  # else reportlab adds an unused Helvetica
    return drawing


# -- a drawing as plain data, for the cache: the shapes svglib makes of matplotlib's SVG, nothing else ----------

DRAWING_FORMAT = 1


@functools.cache
def _versions() -> tuple[str, str]:
    from importlib.metadata import version

    return version("svglib"), version("reportlab")


class _ClipPath(Path):
    """svglib's ClippingPath as a drawing from the cache has it (svglib is then not imported): a path that
    clips and is never painted."""

    def getProperties(self, *args, **kwargs):
        props = Path.getProperties(self, *args, **kwargs)
        for name in ("fillColor", "strokeColor"):
            if name in props:
                props[name] = None
        return props


_SHAPES: dict[str, Callable[[], Any]] = {"Drawing": lambda: Drawing(0, 0), "Group": Group, "Path": Path,
                                          "String": lambda: String(0, 0, ""), "ClippingPath": _ClipPath}
_VALUES = (int, float, str, type(None))


def _freeze(node: Any) -> tuple | None:
    """(kind, attributes, children) of a shape and everything in it; None if it holds anything else (it is
    then simply not cached)."""
    kind = "ClippingPath" if type(node).__name__ in ("ClippingPath", "_ClipPath") else type(node).__name__
    if kind not in _SHAPES:
        return None
    attributes = {}
    for name, value in vars(node).items():
        if name in ("_attrMap", "contents"):
            continue
        frozen = _freeze_value(value)
        if frozen is _UNKNOWN:
            return None
        attributes[name] = frozen
    children = [_freeze(child) for child in getattr(node, "contents", ())]
    if any(child is None for child in children):
        return None
    return kind, attributes, children


_UNKNOWN = object()


def _freeze_value(value: Any) -> Any:
    if isinstance(value, _VALUES):  # (bool is an int)
        return value
    if type(value) is Color:
        return ("color", value.red, value.green, value.blue, value.alpha)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) for v in value):
        return ("list" if isinstance(value, list) else "tuple", *value)
    return _UNKNOWN


def _thaw(frozen: tuple) -> Any:
    kind, attributes, children = frozen
    node = _SHAPES[kind]()
    node.__dict__.update({name: _thaw_value(value) for name, value in attributes.items()})
    if children or hasattr(node, "contents"):
        node.contents = [_thaw(child) for child in children]
    return node


def _thaw_value(value: Any) -> Any:
    if isinstance(value, tuple):
        tag, *rest = value
        if tag == "color":
            return Color(*rest)
        return list(rest) if tag == "list" else tuple(rest)
    return value


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
