"""The checked content, kept: a content folder that passed the check is not read and checked again while
nothing the check depends on has changed.

The check reads every file, derives every figure, holds the languages to each other and measures the
diagrams against the page: about a third of a short build. Its result — the content model and its
warnings — is kept in the cache folder (`checked/`), named by a hash of everything that went into it:

- every file of the content folder (path and bytes), the folder itself and the working folder (messages
  name files relative to it);
- briefgen's own code (every module's bytes), the faces and the kerning it measures with, and the state
  of its registries (languages, themes, chart kinds, the limits);
- the Python and the libraries the check runs on (each package's location and stamp).

Content with errors is never kept: it is checked, and reported, every time. An entry is unpickled with
the model's own classes only (anything else in it is refused, as a damaged entry is), and sealed like every
cache entry (briefgen.cache).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from pathlib import Path

from . import snapshot
from .cache import Store, directory, kept_later, library_stamp, typesetter_digest
from .diagnostics import Diagnostic
from .model import Library

FORMAT = 1  # of an entry; part of every key
LIBRARIES = ("yaml", "pypinyin", "pyphen", "babel", "reportlab")  # what the check runs on besides briefgen
_ALLOWED = {"briefgen.model", "briefgen.diagnostics"}  # the modules whose classes an entry may hold
_ALLOWED_OTHER = {("decimal", "Decimal"), ("datetime", "date")}


def recall(root: Path, fingerprints: bool) -> tuple[str | None, tuple[Library, tuple[Diagnostic, ...]] | None]:
    """(the key of root's content as it is now, the checked content kept under it, if any; with or without the
    fingerprints of unpublished editions). No key when the content cannot be hashed (a file unreadable, say):
    the check then says what is wrong."""
    try:
        key = _key(root, fingerprints)
    except OSError:
        return None, None
    data = _store().get(key)
    if data is None:
        return key, None
    try:
        kept = _ModelUnpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return key, None  # an entry of another briefgen's model: checked again, and kept anew
    return key, kept


def keep(key: str, library: Library, warnings: tuple[Diagnostic, ...]) -> None:
    kept_later(lambda: _store().put(key, pickle.dumps((library, warnings), protocol=pickle.HIGHEST_PROTOCOL)))


def _store() -> Store:
    return Store(directory("checked"), ".pickle", lambda message: None, "checked content", "checked",
                 "checked again")


def _key(root: Path, fingerprints: bool) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{os.getcwd()}\0{root.resolve()}\0{fingerprints}\0".encode())
    for path in snapshot.files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + snapshot.read_bytes(path) + b"\0")
    digest.update(typesetter_digest())
    digest.update(environment_digest())
    return digest.hexdigest()


def environment_digest() -> bytes:
    """The registries as this process has them, and each library's installed copy (what, besides briefgen's code,
    the check depends on)."""
    from .charts import KINDS
    from .content.limits import LIMITS
    from .languages import PROFILES, VARIANTS
    from .typeset.theme import THEMES

    state = repr((THEMES, PROFILES, VARIANTS, LIMITS, sorted(KINDS)))
    return hashlib.sha256(repr((state, [library_stamp(name) for name in LIBRARIES])).encode()).digest()


class _ModelUnpickler(pickle.Unpickler):
    """Only the content model's classes, Decimal and date: an entry can make nothing else."""

    def find_class(self, module: str, name: str) -> type:
        if module in _ALLOWED or (module, name) in _ALLOWED_OTHER:
            found = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the content model")
