"""The chart cache: each chart's SVG, stored under a hash of everything it depends on.

A chart is re-rendered only when its data, size, fonts, drawing code or matplotlib
change; otherwise its SVG is read back and matplotlib is never imported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from briefgen.cache import Store, directory, library_stamp
from briefgen.document import Plot


def default_directory() -> Path:
    """$BRIEFGEN_CACHE/charts, else .briefgen-cache/charts in the working directory."""
    return directory("charts")


FORMAT = 3  # of an entry; part of every key, so entries of another format are never read


class ChartCache:
    """Each chart's SVG, sealed with its own checksum (briefgen.cache): a damaged or truncated one is discarded
    and redrawn, never drawn half. A cache that cannot be written to is worked around, with a warning."""

    def __init__(self, folder: str | Path | None = None):
        self.directory = Path(folder) if folder else default_directory()
        self.hits = 0
        self.misses = 0
        self.warnings: list[str] = []
        self._store = Store(self.directory, ".svg", self._warn, "chart", "drawn", "redrawn")

    def svg(self, key: str, render: Callable[[], str]) -> str:
        """The cached SVG for key, or render() stored under it; a chart the build's drawing process is drawing
        is waited for (chartdrawer.py)."""
        from . import chartdrawer

        cached = self._store.get(key)
        if cached is not None and not chartdrawer.drawing(key):
            self.hits += 1
            return cached.decode("utf-8")
        self.misses += 1  # (drawn for this build, here or by the drawing process)
        if cached is not None:
            return cached.decode("utf-8")
        chartdrawer.wait()
        drawn = self._store.get(key)
        if drawn is not None:
            return drawn.decode("utf-8")
        text = render()
        self._store.put(key, text.encode("utf-8"))
        return text

    def has(self, key: str) -> bool:
        return self._store.has(key)

    def empty(self) -> bool:
        """No chart in it (a first build on this machine, or in this cache folder)."""
        return not any(self.directory.glob("*.svg")) if self.directory.is_dir() else True

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def summary(self) -> str:
        return f"charts: {self.misses} rendered, {self.hits} from cache"


_default: ChartCache | None = None


def default_cache() -> ChartCache:
    """The cache of the build under way, so that its counters add up across its charts."""
    global _default
    if _default is None:
        _default = ChartCache()
    return _default


def begin_build() -> None:
    """A build starts: its own counters, and the cache folder as BRIEFGEN_CACHE names it now (one process
    may build many times)."""
    global _default
    _default = ChartCache()


def chart_key(plot: Plot, width: float, height: float, fonts: Iterable[str], style: str) -> str:
    """fonts: the sha256 of each font file the chart is drawn in."""
    ingredients = {
        "plot": dataclasses.asdict(plot),
        "size": [width, height],
        "fonts": list(fonts),
        "style": style,
        "matplotlib": library_stamp("matplotlib"),  # its installed copy: no import
        "format": FORMAT,
    }
    blob = json.dumps(ingredients, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
