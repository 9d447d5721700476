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


SEAL = "<!-- briefgen chart sha256={} -->\n"  # the entry's first line: a checksum of the SVG after it
FORMAT = 2  # of an entry; part of every key, so entries of another format are never read


class ChartCache:
    """Entries are sealed with their own checksum: a damaged or truncated one is discarded and redrawn,
    never drawn half. A cache that cannot be written to is worked around, with a warning."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_directory()
        self.hits = 0
        self.misses = 0
        self.warnings: list[str] = []

    def svg(self, key: str, render: Callable[[], str]) -> str:
        """The cached SVG for key, or render() stored under it."""
        path = self.directory / f"{key}.svg"
        cached = self._read(path)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        text = render()
        self._store(path, text)
        return text

    def _read(self, path: Path) -> str | None:
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # not cached, or no cache folder at all
            return None
        except OSError as err:
            self._warn(f"chart cache entry {path} cannot be read ({err.strerror}); the chart is redrawn")
            return None
        seal, _, svg = raw.partition(b"\n")
        if seal + b"\n" != SEAL.format(hashlib.sha256(svg).hexdigest()).encode():
            self._warn(f"chart cache entry {path} was damaged; it is discarded and the chart redrawn")
            path.unlink(missing_ok=True)
            return None
        return svg.decode("utf-8")

    def _store(self, path: Path, text: str) -> None:
        """Write to a temporary file, then rename: readers never see half a chart."""
        data = text.encode("utf-8")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        except OSError as err:
            self._warn(f"the chart cache {self.directory} cannot be written ({err.strerror}); charts are drawn "
                       f"but not kept. Set BRIEFGEN_CACHE to a writable folder")
            return
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(SEAL.format(hashlib.sha256(data).hexdigest()).encode() + data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600: entries are shared like any file
            os.replace(tmp, path)
        except OSError as err:
            os.unlink(tmp)
            self._warn(f"a chart could not be kept in {self.directory} ({err.strerror}); it was drawn anyway")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def summary(self) -> str:
        return f"charts: {self.misses} rendered, {self.hits} from cache"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def chart_key(plot: Plot, width: float, height: float, fonts: Iterable[Path], style: str) -> str:
    ingredients = {
        "plot": dataclasses.asdict(plot),
        "size": [width, height],
        "fonts": [_file_hash(path, path.stat().st_size, path.stat().st_mtime_ns) for path in fonts],
        "style": style,
        "matplotlib": version("matplotlib"),  # from package metadata: no import
        "format": FORMAT,
    }
    blob = json.dumps(ingredients, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@functools.cache
def _file_hash(path: Path, size: int, mtime_ns: int) -> str:
    """Content hash, computed once per process for each version of the file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
