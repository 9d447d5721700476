"""Charts not yet in the caches, drawn in processes of their own while the build sets its pages.

matplotlib, and svglib that turns its SVG into the canvas calls the painter plays (pdf/graphics.py), are most of
a first build: 0.6 s to import, 20-70 ms a chart. Once the build has composed its documents, it asks for the
charts they place; those the caches lack go to drawing processes, one a processor at most — new interpreters,
so that their memory holds matplotlib and not the build's — each of which draws its share into the chart and
drawing caches and ends. The build sets its pages meanwhile, in its worker processes too; one that needs a
chart the caches do not have yet waits for the drawers to end (the read end of a pipe whose only write end a
drawer holds: every process the build forks sees it close), then takes the chart from the cache, or draws it
itself, as it always could, if no drawer did (a drawer reports nothing: a chart that cannot be drawn fails
where it is placed, as before).
"""

from __future__ import annotations

import dataclasses
import json
import os
import select
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from ..document import Plot, PlotSeries
from .chartcache import default_cache


@dataclass(frozen=True)
class Request:
    plot: Plot
    width: float
    height: float
    theme: str  # a key of theme.THEMES


@dataclass
class _Drawer:
    process: subprocess.Popen[bytes]
    done: int  # the read end of the pipe the drawer holds the write end of: at its end, end of file
    pid: int  # of the process that started it (the only one that reaps it)
    keys: frozenset[str]  # the charts' cache keys it draws for this build (chartcache counts them so)
    asked: bool = False  # told what to draw (or that there is nothing)


_drawers: list[_Drawer] = []
COMMAND = (sys.executable, "-m", "briefgen.typeset.chartdrawer")  # a drawing process: _draw_all


def prepare(jobs: int = 1) -> None:
    """A first build (no chart in the cache) starts its drawers at once, `jobs` of them, before its content is
    checked: they import matplotlib meanwhile, and are told what to draw (or that there is nothing) by start()."""
    if not _drawers and default_cache().empty():
        _launch(jobs)


def start(requests: Iterable[Request], jobs: int = 1) -> None:
    """Draw, in up to `jobs` processes of their own, the requested charts the caches lack (none: nothing is
    started). The drawers take turns at the charts, in the order of their keys."""
    if any(drawer.asked for drawer in _drawers):
        return
    missing = {key: r for r in requests if not default_cache().has(key := _key(r))}
    if missing and not _drawers:
        _launch(min(jobs, len(missing)))
    keys = sorted(missing)
    for index, drawer in enumerate(_drawers):
        mine = keys[index::len(_drawers)]
        drawer.keys, drawer.asked = frozenset(mine), True
        try:
            assert drawer.process.stdin is not None
            drawer.process.stdin.write(json.dumps([_plain(missing[key]) for key in mine]).encode("utf-8"))
            drawer.process.stdin.close()
        except OSError:  # it ended already (its charts fail where they are needed again, in the build)
            pass


def _launch(count: int) -> None:
    for _ in range(count):
        done, holder = os.pipe()
        try:
            process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(holder,))
        except OSError:
            os.close(done)
            return  # each chart is drawn where it is needed, as before
        finally:
            os.close(holder)
        _drawers.append(_Drawer(process, done, os.getpid(), frozenset()))


WAIT_AT_MOST = 300  # seconds: a drawer that takes longer is given up (the charts are drawn where needed)


def wait() -> None:
    """Until the drawers (those drawing) have ended."""
    for drawer in _drawers:
        if drawer.done < 0:
            continue
        while select.select([drawer.done], [], [], WAIT_AT_MOST)[0] and os.read(drawer.done, 4096):
            pass
        os.close(drawer.done)
        drawer.done = -1  # (its keys stay: what it drew was drawn for this build)
        if drawer.pid == os.getpid():
            drawer.process.wait()


def end() -> None:
    """The build is over: a drawer still drawing is stopped (its charts are not needed any more)."""
    for drawer in _drawers:
        if drawer.pid == os.getpid() and drawer.process.poll() is None:
            drawer.process.kill()
    wait()
    _drawers.clear()


def drawing(key: str) -> bool:
    """Whether the chart of this cache key is one a drawer was asked to draw for this build."""
    return any(key in drawer.keys for drawer in _drawers)


def _key(request: Request) -> str:
    from .charts import chart_key_for
    from .theme import theme

    return chart_key_for(request.plot, request.width, request.height, theme(request.theme))


def _plain(request: Request) -> dict[str, object]:
    return {"plot": dataclasses.asdict(request.plot), "width": request.width, "height": request.height,
            "theme": request.theme}


def _request(data: dict) -> Request:
    plot = dict(data["plot"])
    plot["categories"] = tuple(plot["categories"])
    plot["series"] = tuple(PlotSeries(s["label"], tuple(s["values"]), tuple(s["value_labels"]), s["style"])
                           for s in plot["series"])
    return Request(Plot(**plot), data["width"], data["height"], data["theme"])


def _draw_all() -> None:
    """(The drawing process.) Each chart read from stdin drawn into the caches: its SVG, then its canvas calls.
    What drawing needs is made ready before the requests are read: the build may still be checking."""
    from ..pdf import graphics
    from .charts import chart_svg, warm_up
    from .theme import theme

    warm_up()
    graphics.warm_up()
    for data in json.loads(sys.stdin.buffer.read() or b"[]"):
        request = _request(data)
        look = theme(request.theme)
        graphics.chart_calls(chart_svg(request.plot, request.width, request.height, look), request.width,
                             request.height)


if __name__ == "__main__":
    _draw_all()
