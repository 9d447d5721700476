"""The cache folder: what a build worked out once and may take again ($BRIEFGEN_CACHE, else .briefgen-cache
in the working directory), one folder a kind (checked, charts, drawings, fonts, digests, subsets, hyphenation,
lines: the README's *Typesetting* says what each holds).

An entry is a file named by a hash of everything it was made from, sealed with a checksum of its content:
a damaged or truncated entry is discarded and made again, never used. Entries are written beside their
target and renamed over it, so a reader (another build running at the same time) never sees half of one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

SEAL = b"briefgen sha256=%s\n"  # an entry's first line: a checksum of the bytes after it
MAX_BYTES = 256 * 1024 * 1024  # a kind's folder at most: beyond it, the entries least recently used go


def directory(kind: str) -> Path:
    return Path(os.environ.get("BRIEFGEN_CACHE") or ".briefgen-cache") / kind


_deferred: list[Callable[[], None]] | None = None  # what is kept after the build, when a watch defers it


def kept_later(keep: Callable[[], None]) -> None:
    """Keep something for later processes: now, or, inside `deferred()`, once the build's output is out."""
    if _deferred is None:
        keep()
    else:
        _deferred.append(keep)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """What the block's builds keep for later processes (the checked content, the lines) is written when the
    block ends: a watch reports its new PDF first."""
    global _deferred
    outer, _deferred = _deferred, []
    try:
        yield
    finally:
        pending, _deferred = _deferred, outer
        for keep in pending:
            keep()


@functools.cache
def library_stamp(module: str) -> str:
    """The installed copy of a library, for keys of what it made: where its package is, its size and time.
    An upgrade or a reinstall changes it; finding it imports nothing (importlib.metadata parses e-mail
    headers, 1-4 ms a call, and imports the e-mail package)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return f"{module}: not installed"
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


class Store:
    """Sealed entries of one kind. A cache that cannot be read or written is worked around, and warn is told
    why (each message once: the caller keeps them)."""

    def __init__(self, folder: Path, suffix: str, warn: Callable[[str], None], what: str, made: str,
                 remade: str, max_bytes: int = MAX_BYTES):
        """what: the kind of entry ("chart"); made: what is done to make one ("drawn"); remade: to make one
        again ("redrawn"); max_bytes: the folder's bound."""
        self.folder, self.suffix, self.warn = folder, suffix, warn
        self.what, self.made, self.remade = what, made, remade
        self.max_bytes = max_bytes

    def get(self, key: str) -> bytes | None:
        path = self.folder / f"{key}{self.suffix}"
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # not cached, or no cache folder at all
            return None
        except OSError as err:
            self.warn(f"{self.what} cache entry {path} cannot be read ({err.strerror}); the {self.what} is "
                      f"{self.remade}")
            return None
        seal, _, data = raw.partition(b"\n")
        if seal + b"\n" != SEAL % hashlib.sha256(data).hexdigest().encode():
            self.warn(f"{self.what} cache entry {path} was damaged; it is discarded and the {self.what} "
                      f"{self.remade}")
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):  # (a read-only cache is still read)
            os.utime(path)  # used now: the last to go when the folder is trimmed
        return data

    def has(self, key: str) -> bool:
        """Whether an entry is there (not whether it is sound: get says that)."""
        return (self.folder / f"{key}{self.suffix}").is_file()

    def put(self, key: str, data: bytes) -> None:
        """Write beside the entry, then rename: readers never see half of one."""
        path = self.folder / f"{key}{self.suffix}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        except OSError as err:
            self.warn(f"the {self.what} cache {self.folder} cannot be written ({err.strerror}); {self.what}s are "
                      f"{self.made} but not kept. Set BRIEFGEN_CACHE to a writable folder")
            return
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(SEAL % hashlib.sha256(data).hexdigest().encode() + data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600: entries are shared like any file
            os.replace(tmp, path)
        except OSError as err:
            os.unlink(tmp)
            self.warn(f"a {self.what} could not be kept in {self.folder} ({err.strerror}); it was {self.made} "
                      f"anyway")
            return
        self._trim()

    def _trim(self) -> None:
        """Within max_bytes: the entries least recently used removed first (another build may be removing
        them too: an entry already gone is fine)."""
        entries = []
        for entry in os.scandir(self.folder):
            if entry.name.endswith(self.suffix):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                entries.append((info.st_mtime_ns, info.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            Path(path).unlink(missing_ok=True)
            total -= size


def typesetter_digest() -> bytes:
    """briefgen's modules, faces and kerning as they are on disk now (one process may see them change: a test,
    a watch): what anything briefgen worked out depends on. Files read again only when their size or time
    has changed since this process last read them."""
    from .pdf import fonts

    package = Path(__file__).resolve().parent
    kerning = fonts.font_dir() / fonts.KERNING_FILE
    files = [*_modules(package), kerning]
    stamps = tuple(file_stamp(path) for path in files)
    if stamps not in _typesetter_digests:
        digest = hashlib.sha256()
        for path in files:
            name = path.relative_to(package) if path.is_relative_to(package) else Path(path.name)
            digest.update(name.as_posix().encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
        _typesetter_digests.clear()
        _typesetter_digests[stamps] = digest.digest()
    return hashlib.sha256(_typesetter_digests[stamps] + fonts.identity().encode()).digest()


_typesetter_digests: dict[tuple, bytes] = {}


def _modules(package: Path) -> list[Path]:
    """The package's modules, listed again only when one of its folders has changed (a module added or
    removed changes its folder's time)."""
    global _listed
    if _listed is not None and all(file_stamp(folder) == stamp for folder, stamp in _listed[0]):
        return _listed[1]
    modules = sorted(package.rglob("*.py"))
    folders = sorted({package, *(path.parent for path in modules)})
    _listed = (tuple((folder, file_stamp(folder)) for folder in folders), modules)
    return modules


_listed: tuple[tuple[tuple[Path, tuple[str, int, int]], ...], list[Path]] | None = None


def file_stamp(path: Path) -> tuple[str, int, int]:
    """What tells a file changed, cheaply: its path, size and time (size -1 when it cannot be seen)."""
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_size, info.st_mtime_ns)


@contextlib.contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """The folder to this process until the block ends; another waits for it (a lock on the folder itself,
    so no lock file is left in it)."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
