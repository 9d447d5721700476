"""Charts not yet in the caches, drawn in a process of their own while the build sets its pages.

matplotlib, and svglib that turns its SVG into the canvas calls the painter plays (pdf/graphics.py), are most of
a first build: 0.6 s to import, 20-70 ms a chart. Once the build has composed its documents, it asks for the
charts they place; those the caches lack go to a drawing process — a new interpreter, so that its memory holds
matplotlib and not the build's — which draws each into the chart and drawing caches and ends; with more than one
job (--jobs), once matplotlib is imported it forks, and the processes take turns at the charts. The build sets
its pages meanwhile, in its worker processes too; one that needs a chart the caches do not have yet waits for
the drawer to end (the read end of a pipe whose only write end the drawer holds: every process the build forks
sees it close), then takes the chart from the cache, or draws it itself, as it always could, if the drawer did
not (it reports nothing: a chart that cannot be drawn fails where it is placed, as before).
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
    keys: frozenset[str]  # the charts' cache keys: drawn for this build (chartcache counts them so)
    asked: bool = False  # told what to draw (or that there is nothing)


_drawer: _Drawer | None = None
COMMAND = (sys.executable, "-m", "briefgen.typeset.chartdrawer")  # the drawing process: _draw_all


def prepare() -> None:
    """A first build (no chart in the cache) starts its drawer at once, before its content is checked: the
    drawer imports matplotlib meanwhile, and is told what to draw (or that there is nothing) by start()."""
    if _drawer is None and default_cache().empty():
        _launch()


def start(requests: Iterable[Request], jobs: int = 1) -> None:
    """Draw, in a process of its own (in up to `jobs` once it has imported matplotlib), the requested charts the
    caches lack (none: nothing is started)."""
    if _drawer is not None and _drawer.asked:
        return
    missing = {key: r for r in requests if not default_cache().has(key := _key(r))}
    if missing and _drawer is None:
        _launch()
    if _drawer is None:
        return
    _drawer.keys, _drawer.asked = frozenset(missing), True
    process = _drawer.process
    try:
        assert process.stdin is not None
        charts = [_plain(missing[key]) for key in sorted(missing)]
        process.stdin.write(json.dumps({"jobs": jobs, "charts": charts}).encode("utf-8"))
        process.stdin.close()
    except OSError:  # it ended already (it fails where the chart is needed again, in the build)
        pass


def _launch() -> None:
    global _drawer
    done, holder = os.pipe()
    try:
        process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(holder,))
    except OSError:
        os.close(done)
        return  # each chart is drawn where it is needed, as before
    finally:
        os.close(holder)
    _drawer = _Drawer(process, done, os.getpid(), frozenset())


WAIT_AT_MOST = 300  # seconds: a drawer that takes longer is given up (the charts are drawn where needed)


def wait() -> None:
    """Until the drawer (if one is drawing) has ended."""
    global _drawer
    if _drawer is None or _drawer.done < 0:
        return
    while select.select([_drawer.done], [], [], WAIT_AT_MOST)[0] and os.read(_drawer.done, 4096):
        pass
    os.close(_drawer.done)
    _drawer.done = -1  # (its keys stay: what it drew was drawn for this build)
    if _drawer.pid == os.getpid():
        _drawer.process.wait()


def end() -> None:
    """The build is over: a drawer still drawing is stopped (its charts are not needed any more)."""
    global _drawer
    if _drawer is not None and _drawer.pid == os.getpid() and _drawer.process.poll() is None:
        _drawer.process.kill()
    wait()
    _drawer = None


def drawing(key: str) -> bool:
    """Whether the chart of this cache key is one the drawer was asked to draw for this build."""
    return _drawer is not None and key in _drawer.keys


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
    What drawing needs is made ready before the requests are read: the build may still be checking. With more
    than one job, the process forks once that is done (matplotlib is imported once) and the processes take
    turns at the charts; each holds the pipe the build waits on, so the build waits for all of them."""
    from ..pdf import graphics
    from .charts import chart_svg, warm_up
    from .theme import theme

    warm_up()
    graphics.warm_up()
    asked: dict = json.loads(sys.stdin.buffer.read() or b"{}")
    charts = asked.get("charts", [])
    turns = max(1, min(int(asked.get("jobs", 1)), len(charts))) if hasattr(os, "fork") else 1
    turn, children = 0, list[int]()
    for other in range(1, turns):
        pid = os.fork()
        if pid == 0:
            turn, children = other, []
            break
        children.append(pid)
    try:
        for data in charts[turn::turns]:
            request = _request(data)
            look = theme(request.theme)
            graphics.chart_calls(chart_svg(request.plot, request.width, request.height, look), request.width,
                                 request.height)
    finally:
        if turn:
            os._exit(0)  # a forked drawer: nothing of the parent's to run at exit
        for pid in children:
            os.waitpid(pid, 0)


if __name__ == "__main__":
    _draw_all()
