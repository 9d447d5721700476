"""Line breaks kept between processes: a paragraph set once to a measure is not broken again by the next build.

Finding a paragraph's lines (the total-fit search over its breaks and hyphens) is most of what setting English
costs. The lines of each paragraph, for each measure it was set to, are kept in the cache folder (`lines/`), a
bundle of them per kind of document (a brief's language or pair of languages), named by everything they
depend on besides the paragraph itself: briefgen's modules, faces and kerning (cache.typesetter_digest), the
language profiles and the hyphenation dictionary. Within a bundle, a paragraph's lines are found under a hash
of its text and spans, its style, and the part of it and the measure set. A build adds what it broke anew,
merging with what other builds added meanwhile (one at a time: a lock on the folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Callable, Iterator
from pathlib import Path

from ..cache import Store, directory, file_stamp, kept_later, library_stamp, locked_folder, typesetter_digest
from .linebreak import Line

FORMAT = 1  # of a bundle; part of its name
MOST = 20_000  # lines of paragraphs a bundle keeps; the oldest go first

Kept = tuple[tuple[int, int, float, bool, bool], ...]  # (first, last, width, hyphen, final) a line


class Bundle:
    """The kept lines of one kind of document, as this process has read and added to them."""

    def __init__(self, kind: str):
        from ..languages import PROFILES

        identity = hashlib.sha256(typesetter_digest() + repr((FORMAT, kind, PROFILES, library_stamp("pyphen")))
                                  .encode()).hexdigest()
        self.path = directory("lines") / f"{identity}.marshal"
        self.kept: dict[str, Kept] = _as_on_disk(self.path)
        self.added: dict[str, Kept] = {}

    def lines(self, key: str, compute: Callable[[], list[Line]]) -> list[Line]:
        found = self.kept.get(key)
        if found is not None:
            return [Line(*line) for line in found]
        lines = compute()
        self.added[key] = self.kept[key] = tuple((ln.first, ln.last, ln.width, ln.hyphen, ln.final) for ln in lines)
        return lines

    def save(self) -> None:
        """What this process broke anew, added to the bundle as it is now on disk. A cache folder that cannot be
        written is worked around: the lines are broken again next time."""
        if not self.added:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError), locked_folder(self.path.parent):
            merged = {**_read(self.path), **self.added}
            if len(merged) > MOST:
                merged = dict(list(merged.items())[-MOST:])
            _write(self.path, marshal.dumps(merged))
            _READ[self.path] = (file_stamp(self.path), merged)
            self.added = {}


_current: Bundle | None = None  # of the document being set


def current() -> Bundle | None:
    return _current


@contextlib.contextmanager
def kept_for(kind: str) -> Iterator[None]:
    """Paragraphs set in the block take their lines from, and add them to, kind's bundle, saved at its end."""
    global _current
    outer, _current = _current, Bundle(kind)
    try:
        yield
        kept_later(_current.save)
    finally:
        _current = outer


def paragraph_key(identity: str, start: int, end: int, measure: float, indent: float, ragged: bool,
                  hyphenate: bool) -> str:
    return hashlib.sha256(repr((identity, start, end, measure, indent, ragged, hyphenate)).encode()).hexdigest()


def _as_on_disk(path: Path) -> dict[str, Kept]:
    """The bundle, read again only when the file has changed since this process last read or wrote it (a watch
    sets a brief after each edit; any line found in it is right for its key, whoever added it)."""
    stamp = file_stamp(path)
    found = _READ.get(path)
    if found is None or found[0] != stamp:
        found = _READ[path] = (stamp, _read(path))
    return found[1]


_READ: dict[Path, tuple[tuple[str, int, int], dict[str, Kept]]] = {}


def _read(path: Path) -> dict[str, Kept]:
    data = _store(path).get(path.stem)
    try:
        kept = marshal.loads(data) if data is not None else {}
    except (ValueError, EOFError, TypeError):  # (sealed: only a bundle some other program wrote)
        return {}
    return kept if _valid(kept) else {}


def _valid(kept: object) -> bool:
    return isinstance(kept, dict) and all(
        isinstance(lines, tuple) and all(isinstance(line, tuple) and len(line) == 5 for line in lines)
        for lines in kept.values())


def _write(path: Path, data: bytes) -> None:
    _store(path).put(path.stem, data)


def _store(path: Path) -> Store:
    return Store(path.parent, ".marshal", lambda message: None, "line bundle", "broken", "broken again")
