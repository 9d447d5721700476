"""The chart cache: each chart's SVG, stored under a hash of everything it depends on.

A chart is re-rendered only when its data, size, fonts, drawing code or matplotlib
change; otherwise its SVG is read back and matplotlib is never imported.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

from briefgen.document import Plot


def default_directory() -> Path:
    """$BRIEFGEN_CACHE/charts, else .briefgen-cache/charts in the working directory."""
    return Path(os.environ.get("BRIEFGEN_CACHE") or ".briefgen-cache") / "charts"


class ChartCache:
    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_directory()
        self.hits = 0
        self.misses = 0

    def svg(self, key: str, render: Callable[[], str]) -> str:
        """The cached SVG for key, or render() stored under it."""
        path = self.directory / f"{key}.svg"
        cached = _read(path)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        text = render()
        self._store(path, text)
        return text

    def _store(self, path: Path, text: str) -> None:
        """Write to a temporary file, then rename: readers never see half a chart."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    def summary(self) -> str:
        return f"charts: {self.misses} rendered, {self.hits} from cache"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


_default: ChartCache | None = None


def default_cache() -> ChartCache:
    """One cache per process, so a build's counters add up across its charts."""
    global _default
    if _default is None:
        _default = ChartCache()
    return _default


def chart_key(plot: Plot, width: float, height: float, fonts: Iterable[Path], style: str) -> str:
    ingredients = {
        "plot": dataclasses.asdict(plot),
        "size": [width, height],
        "fonts": [_file_hash(path, path.stat().st_size, path.stat().st_mtime_ns) for path in fonts],
        "style": style,
        "matplotlib": version("matplotlib"),  # from package metadata: no import
    }
    blob = json.dumps(ingredients, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@functools.cache
def _file_hash(path: Path, size: int, mtime_ns: int) -> str:
    """Content hash, computed once per process for each version of the file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
