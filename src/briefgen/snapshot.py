"""The content folder as one build reads it: each file read once.

A build works out several things from the content's files: the key its checked content is kept under, the
model it reads, the content hash its manifest records. Read once, they all come from the same bytes, even
when an author saves a file while the build runs (a watch's next build then reads the new bytes); read
twice, a model could be kept under the key of other content. Reading once is also less reading.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


class _Snapshot:
    def __init__(self, root: Path):
        self.root = os.path.abspath(root) + os.sep
        self.read: dict[str, bytes | OSError] = {}
        self.listed: dict[Path, list[Path]] = {}

    def holds(self, path: str) -> bool:
        return path.startswith(self.root)


_current: _Snapshot | None = None


@contextlib.contextmanager
def reading(root: Path) -> Iterator[None]:
    """While the block runs, each file under root is read from disk once (a block inside it, of the same
    root, reads with it)."""
    global _current
    if _current is not None and _current.root == os.path.abspath(root) + os.sep:
        yield
        return
    outer, _current = _current, _Snapshot(root)
    try:
        yield
    finally:
        _current = outer


def read_bytes(path: Path) -> bytes:
    """The file's bytes, as this build first read them (OSError as reading it raised)."""
    key = os.path.abspath(path)
    snapshot = _current
    if snapshot is None or not snapshot.holds(key):
        return Path(path).read_bytes()
    found = snapshot.read.get(key)
    if found is None:
        try:
            found = Path(key).read_bytes()
        except OSError as err:
            found = err
        snapshot.read[key] = found
    if isinstance(found, OSError):
        raise found
    return found


def files(root: Path) -> list[Path]:
    """Every file under root, in path order, as this build first listed them."""
    snapshot = _current
    if snapshot is not None and snapshot.holds(os.path.abspath(root) + os.sep):
        listed = snapshot.listed.get(root)
        if listed is None:
            listed = snapshot.listed[root] = _files(root)
        return listed
    return _files(root)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())
