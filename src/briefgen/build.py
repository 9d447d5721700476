"""The pipeline: load → validate → compose → typeset → verify → write; and publishing an edition."""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, codes, completeness, snapshot
from .compose import VARIANTS, compose
from .diagnostics import ContentError, Diagnostic
from .failures import EnvironmentProblem, UsageProblem, stop_if_interrupted
from .model import Edition, Library
from .options import FIGURES_ONCE, RenderOptions
from .output import Output, write_all, write_file
from .progress import CHECKING, FINISHED, SETTING, TICK, VERIFYING, WRITING, Report, Step, silent

if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import Future

    from .document import Document
    from .typeset.chartdrawer import Request as ChartRequest


@dataclass(frozen=True)
class BuildResult:
    written: list[Path]
    outputs: list[Output]
    warnings: tuple[Diagnostic, ...]
    charts: str  # "charts: 2 rendered, 4 from cache"
    notices: tuple[str, ...] = ()  # about the machine rather than the content: a damaged cache entry redrawn


class PublishedDiffers(Exception):
    """A published edition, its content unchanged, did not rebuild to its recorded bytes: a bug in briefgen."""


def check(content_dir: Path, strict: bool = False, fingerprints: bool = False
          ) -> tuple[Library, tuple[Diagnostic, ...]]:
    """Load and validate, glyph coverage included; raises ContentError with every problem found
    (warnings too, when strict). fingerprints: every edition's (publish and diff need them; a published
    edition's is always made, to hold it to its record)."""
    from . import checked

    with snapshot.reading(Path(content_dir)):  # the key and the reading from the same bytes
        key, kept = checked.recall(Path(content_dir), fingerprints)
        if kept is not None:
            library, warnings = kept
        else:
            from .content.load import load_library
            from .typeset.capacity import PRINTER

            library, warnings = load_library(content_dir, capacity=PRINTER, fingerprints=fingerprints)
            warnings += _schemas_out_of_date(content_dir)  # kept with the rest: the key covers .schema/, the code
            if key is not None:
                checked.keep(key, library, warnings)
    if strict and warnings:
        raise ContentError(replace(w, severity="error") for w in warnings)
    return library, warnings


def _schemas_out_of_date(content_dir: Path) -> tuple[Diagnostic, ...]:
    """A warning when the content keeps the editors' schemas (briefgen.schema) and they are not this briefgen's:
    an editor would then offer keys that check refuses, or flag what it accepts."""
    from .schema import FOLDER, out_of_date

    stale = out_of_date(content_dir)
    folder = Path(content_dir) / FOLDER
    return (Diagnostic(codes.SCHEMAS_OUT_OF_DATE, None, "",
                       f"the editors' schemas in {folder} are out of date ({', '.join(stale)})",
                       f"Run `briefgen schema {content_dir}` and commit what it writes.", "warning"),) if stale else ()


def build(content_dir: Path, out_dir: Path, variants: tuple[str, ...] = VARIANTS, strict: bool = False,
          options: RenderOptions = RenderOptions(), verify: bool = True,
          editions: tuple[str, ...] = (), jobs: int = 1, progress: Report = silent) -> BuildResult:
    """Check, compose, render and, unless told not to, read every PDF back for completeness before
    anything is written: an incomplete PDF raises IncompleteOutput and leaves the last outputs as they were.
    `editions`: the keys to build (all when empty). A published edition is built with its recorded options
    and must come out as the bytes it was published as. jobs: PDFs rendered at once, in worker processes
    (each PDF comes out the same bytes whatever their number). progress: told each step, PDF by PDF."""
    from .typeset import chartdrawer

    progress(Step(CHECKING))
    _begin()
    chartdrawer.prepare()  # a first build's drawer gets ready while the content is checked
    with snapshot.reading(Path(content_dir)):  # what is built is what the manifest's content hash says
        try:
            library, warnings = check(content_dir, strict)
            chosen, notices = _rebuildable(select(library, editions), explicit=bool(editions))
            units = [(edition, variant) for edition in chosen for variant in variants]
            outputs = _render_units(library, units, options, verify, jobs, progress)
        finally:
            chartdrawer.end()
        head = _manifest_head(content_dir, options, verify)
    progress(Step(WRITING, str(out_dir)))
    return _written(out_dir, outputs, warnings, head, library, notices)


def default_jobs() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _render_units(library: Library, units: list[tuple[Edition, str]], options: RenderOptions, verify: bool,
                  jobs: int, progress: Report = silent) -> list[Output]:
    """Each (edition, variant) composed, then rendered: here one after the other, or in up to `jobs` forked
    workers, which start with everything loaded (nothing is read or parsed twice) and send back the PDF and
    what the chart cache did for it. The charts the caches lack are drawn meanwhile, by a process of their own
    that forks into up to `jobs` (chartdrawer.py). Progress is told here, never by a worker: each PDF as it
    comes back."""
    from .typeset import chartdrawer

    work = [(edition, variant, compose(library, edition, variant)) for edition, variant in units]
    chartdrawer.start(_charts(doc for _, _, doc in work), jobs)
    try:
        return _rendered(work, options, verify, jobs, progress)
    finally:
        chartdrawer.end()


def _charts(docs: Iterable[Document]) -> list[ChartRequest]:
    from .typeset.chartdrawer import Request
    from .typeset.story import charts_placed
    from .typeset.theme import theme

    return [Request(plot, width, height, doc.theme) for doc in docs
            for plot, width, height in charts_placed(doc, theme(doc.theme))]


def _rendered(work: list[tuple[Edition, str, Document]], options: RenderOptions, verify: bool, jobs: int,
              progress: Report) -> list[Output]:
    total = len(work)
    if jobs <= 1 or total <= 1 or not _can_fork():
        return [_unit(edition, variant, doc, options, verify, progress, (position, total))
                for position, (edition, variant, doc) in enumerate(work, start=1)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .typeset.chartcache import default_cache

    global _WORK
    _WORK = (work, options, verify)
    workers = min(jobs, total)
    # the longest first: a bilingual PDF takes about what the two others take together, and started last it
    # would be set alone while the other workers wait
    order = sorted(range(total), key=lambda index: -_weight(work[index][2]))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {index: pool.submit(_unit_in_worker, index) for index in order}
            done = _gathered([futures[index] for index in range(total)], progress,
                             Step(SETTING, f"{total} PDFs in {workers} processes"))
    finally:
        _WORK = None
    cache = default_cache()
    for _, hits, misses, warnings in done:
        cache.hits, cache.misses = cache.hits + hits, cache.misses + misses
        cache.warnings += [w for w in warnings if w not in cache.warnings]
    return [output for output, *_ in done]


def _weight(doc: Document) -> int:
    """What setting the document costs, roughly: its blocks, in each of its languages."""
    return len(doc.blocks) * len(doc.covers)


def _can_fork() -> bool:
    return hasattr(os, "fork")  # (what multiprocessing's "fork" start method needs, without importing it)


_WORK: tuple[list[tuple[Edition, str, Document]], RenderOptions, bool] | None = None  # what forked workers render
Rendered = tuple[Output, int, int, list[str]]  # a worker's PDF, and its chart cache's hits, misses and warnings


def _gathered(futures: list[Future[Rendered]], progress: Report, step: Step) -> list[Rendered]:
    """The workers' results in the order of `futures`, progress told as each comes back, and the last step
    told again every TICK while they work (so that a terminal shows it once the build has taken a second)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    results: dict[Future[Rendered], Rendered] = {}
    pending = set(futures)
    try:
        while pending:
            progress(step)
            finished, pending = wait(pending, timeout=TICK, return_when=FIRST_COMPLETED)
            for future in finished:
                results[future] = future.result()
                step = Step(FINISHED, results[future][0].filename, len(results), len(futures))
                progress(step)
    except BaseException:
        for future in pending:
            future.cancel()
        raise
    return [results[future] for future in futures]


def _unit_in_worker(index: int) -> Rendered:
    from .typeset.chartcache import begin_build, default_cache

    assert _WORK is not None, "set before the workers were forked"
    work, options, verify = _WORK
    begin_build()
    output = _unit(*work[index], options, verify)
    cache = default_cache()
    return output, cache.hits, cache.misses, cache.warnings


def _begin() -> None:
    from .typeset.chartcache import begin_build

    begin_build()


def _rebuildable(editions: list[Edition], explicit: bool) -> tuple[list[Edition], list[str]]:
    """The editions this briefgen can build: a published edition made by another briefgen or other fonts is
    left as it was published (a notice says so), or, when asked for by name, refused."""
    from .typeset.capacity import PRINTER

    ours, notices = [], []
    for edition in editions:
        if edition.publication is None or edition.publication.identity == PRINTER.identity():
            ours.append(edition)  # (the fonts are hashed only when an edition is published)
            continue
        made_by = edition.publication.identity
        if explicit:
            raise EnvironmentProblem(f"edition {edition.key} was published with briefgen {made_by['briefgen']} "
                                     f"(fonts {made_by['fonts'][:12]}…): rebuild it with that version")
        else:
            notices.append(f"edition {edition.key} was published with briefgen {made_by['briefgen']}: not rebuilt; "
                           f"its published PDFs stand")
    return ours, notices


def publish(content_dir: Path, edition_key: str, out_dir: Path, options: RenderOptions = RenderOptions(),
            published_on: datetime.date | None = None, strict: bool = False, progress: Report = silent
            ) -> BuildResult:
    """Build one edition's three PDFs and record it as published (content/editions/NN/published.json)."""
    progress(Step(CHECKING))
    with snapshot.reading(Path(content_dir)):  # the manifest's content hash says what was published
        library, warnings = check(content_dir, strict, fingerprints=True)
        head = _manifest_head(content_dir, options, True)
    _begin()
    (edition,) = select(library, (edition_key,))
    if edition.publication:
        raise UsageProblem(f"edition {edition_key} is already published ({edition.publication.published_on}); a "
                           f"published edition does not change: start the next one with briefgen new-edition")
    from .content.published import RECORD, record
    from .typeset.capacity import PRINTER
    from .typeset.metadata import epoch_in_force

    epoch = epoch_in_force(edition.date.isoformat())
    options = replace(options, epoch=epoch)
    units = [(edition, variant) for variant in VARIANTS]
    outputs = [replace(o, published=True) for o in _render_units(library, units, options, True, 1, progress)]
    pdfs = {o.filename: {"variant": o.language, "sha256": o.sha256, "bytes": len(o.data), "pages": o.pages}
            for o in outputs}
    data = record(edition.key, published_on or datetime.date.today(), edition.fingerprint, PRINTER.identity(),
                  {"layout": options.layout, "folio": options.folio, "standard": options.standard}, epoch, pdfs)
    progress(Step(WRITING, str(out_dir)))
    result = _written(out_dir, outputs, warnings, head, library)
    write_file(Path(content_dir) / "editions" / edition.key / RECORD, data)
    return result


def select(library: Library, keys: tuple[str, ...]) -> list[Edition]:
    """The editions named (all when none are), in order; an unknown key is a usage error."""
    known = {e.key: e for e in library.editions}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise UsageProblem(f"no edition {', '.join(unknown)} in the content; the editions are "
                           f"{', '.join(known) or 'none'}")
    return [e for e in library.editions if not keys or e.key in keys]


def _unit(edition: Edition, variant: str, doc: Document, options: RenderOptions, verify: bool,
          progress: Report = silent, position: tuple[int, int] = (0, 0)) -> Output:
    from .typeset.metadata import source_date_epoch
    from .typeset.render import render

    source_date_epoch()  # a malformed value stops the build before any work
    stop_if_interrupted()
    name = f"brief-{edition.key}-{variant}.pdf"
    progress(Step(SETTING, name, *position))
    publication = edition.publication
    if publication:  # frozen: built as it was published, whatever the command line says
        options = replace(options, layout=publication.options["layout"], folio=publication.options["folio"],
                          standard=publication.options["standard"], epoch=publication.epoch)
    pdf = render(doc, options)
    if verify:
        progress(Step(VERIFYING, name, *position))
        findings = completeness.check(pdf.data, doc, pdf.text_area, options.layout in FIGURES_ONCE)
        if findings:
            raise completeness.IncompleteOutput(name, findings)
    output = Output(edition.key, variant, name, pdf.data, pdf.pages, edition.date.isoformat(), options.layout,
                    options.folio, publication is not None)
    if publication and publication.pdfs.get(name, {}).get("sha256") != output.sha256:
        recorded = str(publication.pdfs.get(name, {}).get("sha256"))
        raise PublishedDiffers(f"{name} of published edition {edition.key} came out as sha256 "
                               f"{output.sha256[:16]}…, not the {recorded[:16]}… it was published as, although its "
                               f"content and typesetter are unchanged")
    return output


def _manifest_head(content_dir: Path, options: RenderOptions, verify: bool) -> dict[str, object]:
    head: dict[str, object] = {"briefgen": __version__, "content_sha256": content_hash(Path(content_dir)),
            "options": {"layout": options.layout, "folio": options.folio, "standard": options.standard,
                        "verify": verify}}
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        head["source_date_epoch"] = int(epoch)
    return head


def content_hash(root: Path) -> str:
    """sha256 over every file of the content folder: its relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for path in snapshot.files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(snapshot.read_bytes(path)).digest())
    return digest.hexdigest()


def _written(out_dir: Path, outputs: list[Output], warnings: tuple[Diagnostic, ...], head: dict[str, object],
             library: Library, notices: list[str] | None = None) -> BuildResult:
    from .typeset.chartcache import default_cache

    cache = default_cache()
    written = write_all(out_dir, outputs, head, editions={e.key for e in library.editions})
    return BuildResult(written, outputs, warnings, cache.summary(), (*(notices or []), *cache.warnings))
