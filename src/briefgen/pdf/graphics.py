"""Charts drawn on the canvas from what reportlab's renderer does with them, kept as plain data.

A chart's SVG becomes a reportlab drawing (below: svglib, the text set in per-script runs); the
renderer's calls on a canvas for that drawing are written down once — every colour, line, path and string,
in order — and kept in the cache folder (`drawings/`). A build plays them back on its canvas: the same calls,
so the same bytes, without svglib, lxml or reportlab's graphics package (whose import pulls in platypus).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import itertools
import marshal
import re
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from . import fonts

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Group, String


def draw_svg(canvas: Canvas, svg: str, width: float, height: float) -> None:
    """The SVG drawn width × height pt with its bottom left at the canvas's origin: the canvas calls that
    reportlab's renderer makes for its drawing, played back."""
    calls = chart_calls(svg, width, height)
    if calls is None:  # a drawing holding something the cache cannot keep: drawn as it is
        from reportlab.graphics import renderPDF

        renderPDF.draw(drawing(svg, width, height), canvas, 0, 0)
        return
    _play(canvas, calls)


_KEPT = 64  # charts a process keeps (a test run, a watch: each chart parsed once)
_calls: dict[tuple[FilePath, str, float, float], list | None] = {}  # played: by cache folder, chart and size

DRAWING_FORMAT = 2  # of a cached chart's calls; part of every key


def chart_calls(svg: str, width: float, height: float) -> list | None:
    """The chart's canvas calls, ready to play: this process's, else the cache's (neither svglib nor reportlab's
    graphics imported), else recorded from its drawing and kept in both; None if they cannot be kept."""
    from ..cache import Store, directory, library_stamp

    store = Store(directory("drawings"), ".marshal", lambda message: None, "drawing", "made", "made again")
    memo = (store.folder, svg, width, height)
    if memo in _calls:
        return _calls[memo]
    versions = library_stamp("svglib"), library_stamp("reportlab")
    key = hashlib.sha256(repr((DRAWING_FORMAT, svg, width, height, fonts.identity(), versions)).encode()).hexdigest()
    cached = store.get(key)
    calls = _valid(_loaded(cached)) if cached is not None else None
    if calls is None:
        calls = _recorded(drawing(svg, width, height))
        if calls is not None:
            store.put(key, marshal.dumps(calls))
    if len(_calls) >= _KEPT:
        del _calls[next(iter(_calls))]
    _calls[memo] = _ready(calls) if calls is not None else None
    return _calls[memo]


def _loaded(data: bytes) -> Any:
    try:
        return marshal.loads(data)
    except (ValueError, EOFError, TypeError):  # (sealed, so only an entry some other program wrote)
        return None


# -- a chart as the canvas calls that draw it: plain data, for the cache -------------------------------------
#
# Each call is (method, arguments, keywords), every value tagged: ("v", number, text or None), ("c", red, green,
# blue, alpha) a colour, ("l", numbers...) a list, ("p", (operation, arguments)...) a path built with
# canvas.beginPath(). Only the methods below are played back: anything else in an entry makes it invalid.

_CANVAS_CALLS = frozenset("""saveState restoreState transform translate scale setStrokeColor setFillColor
    setLineWidth setLineCap setLineJoin setDash setFont setFillAlpha setStrokeAlpha setFillOverprint
    setStrokeOverprint setOverprintMask rect roundRect line circle ellipse drawString drawPath clipPath
    =_fillMode""".split())
_PATH_CALLS = frozenset("moveTo lineTo curveTo close arc arcTo".split())


class _Unkept(Exception):
    """A value the cache does not keep: the chart is drawn from its drawing instead."""


def warm_up() -> None:
    """Import what turning a chart into canvas calls needs (a drawing process does it while the build checks)."""
    import reportlab.graphics.renderPDF  # noqa: F401
    import svglib.svglib  # noqa: F401


def _recorded(drawing: Any) -> list | None:
    from reportlab.graphics import renderPDF

    recorder = _Recorder(Canvas(io.BytesIO()))
    try:
        renderPDF.draw(drawing, recorder, 0, 0)
    except _Unkept:
        return None
    return recorder.calls


class _Recorder:
    """A canvas that writes down each call made of it, in the form above, and passes it on to a scratch
    canvas (whose state, such as the font in force, the renderer reads back)."""

    def __init__(self, canvas: Canvas):
        object.__setattr__(self, "_target", canvas)
        object.__setattr__(self, "calls", [])

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return value
        if name == "beginPath":
            return lambda: _PathRecorder(value())
        if name not in _CANVAS_CALLS:
            raise _Unkept(name)

        def call(*args: Any, **keywords: Any) -> Any:
            self.calls.append((name, tuple(map(_tagged, args)), {k: _tagged(v) for k, v in keywords.items()}))
            return value(*map(_target_of, args), **{k: _target_of(v) for k, v in keywords.items()})
        return call

    def __setattr__(self, name: str, value: Any) -> None:
        if f"={name}" not in _CANVAS_CALLS:
            raise _Unkept(name)
        self.calls.append((f"={name}", (_tagged(value),), {}))
        setattr(self._target, name, value)


class _PathRecorder:
    def __init__(self, path: Any):
        self.path = path
        self.operations: list[tuple[str, tuple]] = []

    def __getattr__(self, name: str) -> Any:
        if name not in _PATH_CALLS:
            raise _Unkept(name)
        method = getattr(self.path, name)

        def call(*args: Any) -> Any:
            self.operations.append((name, tuple(map(_tagged, args))))
            return method(*args)
        return call


def _tagged(value: Any) -> tuple:
    if isinstance(value, (int, float, str, type(None))):  # (bool is an int)
        return ("v", value)
    if type(value) is Color:
        return ("c", value.red, value.green, value.blue, value.alpha)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) for v in value):
        return ("l", *value) if isinstance(value, list) else ("t", *value)
    if isinstance(value, _PathRecorder):
        return ("p", *value.operations)
    raise _Unkept(type(value).__name__)


def _target_of(value: Any) -> Any:
    return value.path if isinstance(value, _PathRecorder) else value


def _valid(calls: Any) -> list | None:
    """A cache entry's calls, if every one is a call this module plays back."""
    if not isinstance(calls, list):
        return None
    for entry in calls:
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] in _CANVAS_CALLS):
            return None
        if not all(_valid_value(v) for v in (*entry[1], *entry[2].values())):
            return None
    return calls


def _valid_value(value: Any) -> bool:
    if not (isinstance(value, tuple) and value and value[0] in ("v", "c", "l", "t", "p")):
        return False
    if value[0] == "p":
        return all(isinstance(op, tuple) and len(op) == 2 and op[0] in _PATH_CALLS and
                   all(_valid_value(v) and v[0] == "v" for v in op[1]) for op in value[1:])
    return all(isinstance(v, (int, float, str, type(None))) for v in value[1:])


def _ready(calls: list) -> list:
    """The calls with their values made once (colours, paths: the canvas only reads them)."""
    return [(name, tuple(map(_value, args)), {k: _value(v) for k, v in keywords.items()})
            for name, args, keywords in calls]


def _play(canvas: Canvas, calls: list) -> None:
    for name, args, keywords in calls:
        if name.startswith("="):
            setattr(canvas, name[1:], args[0])
        else:
            getattr(canvas, name)(*args, **keywords)


def _value(tagged: tuple) -> Any:
    tag, *rest = tagged
    if tag == "v":
        return rest[0]
    if tag == "c":
        return Color(*rest)
    if tag == "p":
        path = PDFPathObject()  # (what canvas.beginPath makes)
        for operation, args in rest:
            getattr(path, operation)(*(a[1] for a in args))
        return path
    return list(rest) if tag == "l" else tuple(rest)


# -- a chart's SVG as a reportlab drawing, in the brief's faces (only a chart not yet drawn needs this) -------
#
# svglib turns the SVG into reportlab shapes and Strings; each String is then split into per-script runs (svglib
# gives a <text> one font), each in the first chart face that has its glyphs: the same fallback matplotlib
# measured with. reportlab's graphics package is imported here only, when a chart is drawn.

BOLD_WEIGHTS = {"bold", "bolder", "600", "700", "800", "900"}


class _BriefFontMap:
    """svglib's font lookup, answering with the brief's faces only.

    svglib's global map matches weights literally (matplotlib writes '700', not
    'bold') and falls back to fontconfig, then Helvetica. Only the weight matters
    here: _string_runs picks each run's face by script afterwards.
    """

    def find_font(self, family: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        return fonts.sans_pair(str(weight).lower() in BOLD_WEIGHTS)[0].name, True


@functools.lru_cache(maxsize=_KEPT)
def drawing(svg: str, width: float, height: float) -> Drawing:
    """The chart's SVG as a reportlab drawing (svglib), its strings in per-script runs."""
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
    from reportlab.graphics.shapes import Group, String

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
