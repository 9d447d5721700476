"""`briefgen watch`: build, then build again whenever the content changes, in one long-running process.

Nothing is started twice: the imports, the parsed faces, the prepared paragraphs and their lines (a
paragraph that did not change is not set again), the charts all stay in memory between builds. A content
error is shown, located, and the watch goes on waiting for the fix; the output folder keeps its last good
set, replaced whole, so a viewer that has a PDF open never sees half of one (briefgen.output).
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .cache import deferred
from .diagnostics import ContentError
from .failures import EnvironmentProblem, UsageProblem, stop_if_interrupted

POLL_MS = 300  # how often the watch looks for a signal while it waits for a change
DEBOUNCE_MS = 150  # changes this close together are one edit (an editor's save writes several times)


def watch(content_dir: Path, build_once: Callable[[], str], say: Callable[[str], None],
          report: Callable[[ContentError], None], changes: Iterator[set[str]] | None = None) -> None:
    """Build, then build again after each change to content_dir, until interrupted (Interrupted). build_once
    returns what it wrote, in a line; say prints a line; report shows a content error's diagnostics.
    changes: the changed paths, a set an edit (default: the file system's); the first is taken before the
    first build, once the watcher runs, so that an edit made while it builds is built next."""
    events = iter(changes) if changes is not None else _file_changes(content_dir)
    pending = next(events, set())
    with deferred():  # what a build keeps for later processes is written once it has said what it wrote
        _attempt(build_once, say, report, "built")
    say(f"watching {content_dir} for changes (Ctrl-C stops)")
    gc.collect()
    for changed in itertools.chain([pending], events):
        if not changed:
            continue
        names = ", ".join(sorted(_shown(path, content_dir) for path in changed))
        with deferred():
            _attempt(build_once, say, report, "rebuilt", f" after a change to {names}")
        gc.collect()  # between builds, while the author reads: a build runs with the cycle collector off


def _attempt(build_once: Callable[[], str], say: Callable[[str], None], report: Callable[[ContentError], None],
             done: str, why: str = "") -> None:
    """One build: what it wrote and how long it took, or why it wrote nothing (the watch goes on)."""
    start = time.perf_counter()
    try:
        wrote = build_once()
    except ContentError as err:
        report(err)
        errors = sum(d.severity == "error" for d in err.diagnostics)
        say(f"{errors} error{'s' if errors != 1 else ''} in the content{why}: nothing was written; waiting for "
            f"the fix")
        return
    except (UsageProblem, EnvironmentProblem) as err:
        say(f"{err}{why}: nothing was written; waiting for a change")
        return
    say(f"{done} {wrote} in {time.perf_counter() - start:.3f} s{why}")


def _file_changes(content_dir: Path) -> Iterator[set[str]]:
    """Each batch of changed paths; an empty set now and then, so that a signal is noticed while waiting."""
    import watchfiles

    for batch in watchfiles.watch(content_dir, debounce=DEBOUNCE_MS, rust_timeout=POLL_MS, yield_on_timeout=True,
                                  raise_interrupt=False):
        stop_if_interrupted()  # Ctrl-C while waiting: Interrupted, which the command line ends cleanly
        yield {path for _, path in batch}


def _shown(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path
