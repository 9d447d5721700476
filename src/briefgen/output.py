"""Write: the PDFs and their manifest, replaced as one transaction.

Everything is rendered in memory first. The output folder then changes from
the complete old set to the complete new set, or not at all:

1. under a lock (concurrent builds take turns), any transaction a killed build
   left behind is rolled back, and stale staging files of ours are swept;
2. the new files are written and synced into `.briefgen-txn/new/`;
3. a journal naming every target is written: from here on, recovery means
   rolling back;
4. with SIGINT and SIGTERM held back, each old file is moved into
   `.briefgen-txn/old/` and its new file moved into place, the manifest last;
   any failure rolls the moves back at once;
5. the journal is deleted: that is the commit. The old files are then dropped.

A build killed outright (SIGKILL, power loss) during step 4 leaves the journal,
and the next build into the folder rolls back to the old set before it does
anything else; killed after step 5, the new set is already whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import locked_folder
from .failures import EnvironmentProblem, UsageProblem, stop_if_interrupted

MANIFEST = "manifest.json"
TRANSACTION = ".briefgen-txn"
JOURNAL = "journal.json"
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class Output:
    edition: str
    language: str  # zh | en | bilingual
    filename: str
    data: bytes
    pages: int
    date: str = ""  # the edition's, ISO
    layout: str = ""
    folio: str = ""
    published: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class OutputProblem(EnvironmentProblem):
    """The output folder cannot take the new set (a directory in a file's place, …); nothing was changed."""


def write_all(out_dir: Path, outputs: list[Output], head: dict[str, object] | None = None,
              editions: set[str] | None = None) -> list[Path]:
    """Replace the PDFs and manifest.json in out_dir as one transaction; returns the paths written.

    The manifest keeps the entries of earlier builds whose files this build does not replace (a
    `--lang` or `--edition` subset), as long as those files are still there, unchanged, and their edition is
    among `editions` (the content's, when given: a deleted edition leaves the manifest). head: what the
    manifest says of the build as a whole (briefgen's version, the content hash, the options)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with locked_folder(out_dir):  # one build at a time commits into a folder; the next waits for it
        recover(out_dir)
        files = {o.filename: o.data for o in outputs}
        kept = [e for e in _kept_entries(out_dir, set(files)) if editions is None or e.get("edition") in editions]
        files[MANIFEST] = manifest(outputs, kept, head)
        _check_targets(out_dir, files)
        _commit(out_dir, files)
    return [out_dir / name for name in files]


def write_file(path: Path, data: bytes) -> None:
    """One file replaced whole: written and synced beside its target, then renamed over it."""
    staged = path.with_name(f".{path.name}.briefgen-new")
    try:
        _write_synced(staged, data)
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)


def manifest(outputs: list[Output], kept: list[dict[str, object]] | None = None,
             head: dict[str, object] | None = None) -> bytes:
    entries = [
        {"edition": o.edition, "date": o.date, "language": o.language, "layout": o.layout, "folio": o.folio,
         "path": o.filename, "pages": o.pages, "bytes": len(o.data), "sha256": o.sha256, "published": o.published}
        for o in outputs
    ]
    entries = sorted([*(kept or []), *entries], key=lambda e: (e["edition"], e["path"]))
    return (json.dumps({**(head or {}), "pdfs": entries}, ensure_ascii=False, indent=2) + "\n").encode()


def read_manifest(path: Path) -> list[dict[str, object]]:
    """The entries of a manifest.json; a usage error when there is no such file or it is not a manifest."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["pdfs"]
    except FileNotFoundError:
        raise UsageProblem(f"{path}: no such file; give the path of a manifest.json") from None
    except (ValueError, KeyError, TypeError, RecursionError):
        raise UsageProblem(f"{path} is not a briefgen manifest") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UsageProblem(f"{path} is not a briefgen manifest (its pdfs are not entries)")
    return entries


def _kept_entries(out_dir: Path, replaced: set[str]) -> list[dict[str, object]]:
    """Entries of the existing manifest for files this build leaves alone, if they still match."""
    try:
        entries = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["pdfs"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return []
    kept = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            name, digest = entry["path"], entry["sha256"]
        except (KeyError, TypeError):
            continue
        if name in replaced or "/" in name or name.startswith("."):
            continue
        path = out_dir / name
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            kept.append(entry)
    return kept


def _check_targets(out_dir: Path, files: dict[str, bytes]) -> None:
    for name in files:
        target = out_dir / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OutputProblem(f"{target} is not a regular file (a folder or a link is in the way); "
                                f"move it aside and build again")


# -- the transaction -------------------------------------------------------------------------------------------


def _commit(out_dir: Path, files: dict[str, bytes]) -> None:
    txn = out_dir / TRANSACTION
    try:
        for name, data in files.items():
            stop_if_interrupted()
            _write_synced(txn / "new" / name, data)
        (txn / "old").mkdir()
        journal = [{"name": name, "had_old": (out_dir / name).exists()} for name in files]
        _write_synced(txn / ".journal.tmp", json.dumps(journal).encode())
        os.replace(txn / ".journal.tmp", txn / JOURNAL)
        for folder in (txn / "new", txn / "old", txn, out_dir):  # every entry on disk before anything moves
            _sync_dir(folder)
        stop_if_interrupted()  # the last moment to stop with nothing moved
    except BaseException:
        shutil.rmtree(txn, ignore_errors=True)
        raise
    with _signals_held():
        try:
            for name in sorted(files, key=lambda n: n == MANIFEST):  # the manifest last
                if (out_dir / name).exists():
                    os.rename(out_dir / name, txn / "old" / name)
                os.rename(txn / "new" / name, out_dir / name)
            _sync_dir(out_dir)
            os.unlink(txn / JOURNAL)  # the commit
            _sync_dir(txn)
        except BaseException:
            recover(out_dir)
            raise
        shutil.rmtree(txn, ignore_errors=True)  # before a held signal ends the process


def recover(out_dir: Path) -> None:
    """Undo a transaction that did not commit, then sweep what any earlier build left behind."""
    txn = out_dir / TRANSACTION
    journal = _read_journal(txn / JOURNAL)
    for entry in journal or ():
        name = str(entry["name"])
        target, old, new = out_dir / name, txn / "old" / name, txn / "new" / name
        if entry["had_old"]:
            if old.exists():  # moved aside: put it back over whatever took its place
                os.replace(old, target)
        elif not new.exists() and target.exists():  # the new file was placed where nothing was
            target.unlink()
    if journal is not None:
        _sync_dir(out_dir)
    shutil.rmtree(txn, ignore_errors=True)
    for stale in out_dir.glob(".brief-*.tmp"):  # staging files of briefgen 0.1's writer
        stale.unlink(missing_ok=True)
    for stale in out_dir.glob(f".{MANIFEST}.*.tmp"):
        stale.unlink(missing_ok=True)


def _read_journal(path: Path) -> list[dict[str, object]] | None:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:  # a journal is written whole and renamed into place: unreadable means tampered with
        raise OutputProblem(f"{path} is unreadable; the output folder cannot be restored automatically. "
                            f"Delete {path.parent} and build again") from None
    return [e for e in entries if isinstance(e, dict) and "/" not in str(e.get("name", "/"))]


def _write_synced(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:  # ordinary file modes: the umask's, as for any file a user makes
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the moves are done: a cancelled job never stops halfway through.

    Python runs signal handlers in the main thread whichever thread the signal reached, so the handlers
    themselves are swapped for ones that only take note; the signals are raised again afterwards."""
    caught: list[int] = []
    try:
        previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in HELD_SIGNALS}
    except ValueError:  # not the main thread: no handlers of ours can run here anyway
        yield
        return
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
        for signum in caught:
            signal.raise_signal(signum)
