"""The command line: build, check, lint, and the edition workflow (editions, new-edition, publish, diff, verify).

Exit codes (see failures.py): 0 success, 1 content errors, 2 usage errors, 3 environment problems,
4 a bug in briefgen; 130 / 143 when interrupted. No traceback ever reaches the terminal: an
unexpected error is reported in one line and its traceback saved to a file. What a command says goes
through its Report (reports.py): text, or for tools a JSON or SARIF document.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import hashlib
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from . import __version__, codes
from .build import PublishedDiffers
from .completeness import IncompleteOutput
from .compose import VARIANTS
from .diagnostics import ContentError
from .failures import (
    EXIT_BUG,
    EXIT_CONTENT,
    EXIT_ENVIRONMENT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    EnvironmentProblem,
    Interrupted,
    UsageProblem,
    acknowledge_interrupt,
    clip,
    describe_os_error,
    interruptible,
    save_traceback,
    stop_if_interrupted,
)
from .options import DEFAULT_STANDARD, FOLIOS, LAYOUTS, STANDARDS, RenderOptions
from .reports import FORMATS, Problem, Report

SET_KEPT = "An output folder holds either its complete old set of PDFs or the complete new one, never a mix."


def main(argv: list[str] | None = None) -> int:
    with interruptible(), _no_cycle_collection():
        return _answer(argv)


def run() -> int:
    """The process's entry point: main with the cycle collector off for good, and what is left freed as the
    process ends, not collected. (Turned on again, the collector's first pass walks every object the command
    made since it was turned off: 25 ms after a warm build, 0.2 s after a cold one.)"""
    gc.disable()
    code = main()
    gc.freeze()  # (the interpreter's last collection would walk every object a build made)
    return code


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A command makes few reference cycles and ends soon: collecting them as it goes would cost a fifth of a
    short build (measured), and memory stays within bounds without it (the benchmark's peak)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _answer(argv: list[str] | None) -> int:
    """Run the command; every way it can end becomes an exit code and at most one line of its own (for tools,
    a document in the format asked for too)."""
    report = Report.asked(argv)
    try:
        code = _run(argv, report)
        stop_if_interrupted()  # a signal during the last step: the work is done, but the user asked to stop
    except ContentError as err:
        report.diagnose(err.diagnostics)
        errors = sum(d.severity == "error" for d in err.diagnostics)
        return report.end(EXIT_CONTENT, f"{errors} error{'s' if errors != 1 else ''} in the content; nothing was "
                                        f"written.")
    except IncompleteOutput as err:
        return report.fail(EXIT_BUG, codes.INCOMPLETE_OUTPUT, f"{err.name} does not show all of its content: this "
                           "is a bug in briefgen, not in the content; nothing was written.",
                           list(map(str, err.findings)))
    except PublishedDiffers as err:
        return report.fail(EXIT_BUG, codes.PUBLISHED_DIFFERS, f"{err}: this is a bug in briefgen; nothing was written.")
    except UsageProblem as err:
        return report.fail(EXIT_USAGE, codes.USAGE, str(err))
    except EnvironmentProblem as err:
        return report.fail(EXIT_ENVIRONMENT, codes.ENVIRONMENT, f"{err}.")
    except OSError as err:
        return report.fail(EXIT_ENVIRONMENT, codes.ENVIRONMENT, f"{describe_os_error(err)}.")
    except (KeyboardInterrupt, Interrupted) as err:
        if getattr(err, "signum", signal.SIGINT) == signal.SIGTERM:
            return report.fail(EXIT_TERMINATED, codes.INTERRUPTED, f"terminated. {SET_KEPT}")
        return report.fail(EXIT_INTERRUPTED, codes.INTERRUPTED, f"interrupted. {SET_KEPT}")
    except Exception as err:  # noqa: BLE001 — a bug: one line here, the traceback in a file
        saved = save_traceback(err)
        return report.fail(EXIT_BUG, codes.INTERNAL, f"internal error, a bug in briefgen rather than in the content "
                           f"({type(err).__name__}: {clip(str(err), 120)}). The traceback is in {saved}; "
                           f"please report it with that file.")
    return report.end(code)


def _run(argv: list[str] | None, report: Report) -> int:
    try:
        os.getcwd()
    except FileNotFoundError:
        raise EnvironmentProblem("the current folder no longer exists: change to an existing folder and "
                                 "run briefgen again") from None
    parser = _parser(report.for_tools)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    return args.run(args, report)


class _Parser(argparse.ArgumentParser):
    """argparse's parser; when a report for tools is asked for, a malformed command line is a usage problem
    said in that report's format rather than argparse's usage text."""

    for_tools = False

    def error(self, message: str):  # (raises, as argparse's does by exiting)
        if self.for_tools:
            raise UsageProblem(f"{self.prog.removeprefix('briefgen ')}: {message}")
        super().error(message)


def _parser(for_tools: bool = False) -> argparse.ArgumentParser:
    parser = _Parser(prog="briefgen", description="Typeset PDF briefs from YAML content.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the PDFs of every edition",
                                description="Build a Chinese, an English and a bilingual PDF of every edition.")
    _content_argument(build)
    _output_options(build)
    build.add_argument("--lang", type=_variants, default=VARIANTS, metavar="LIST",
                       help="comma-separated: zh,en,bilingual (default: all three)")
    build.add_argument("--no-verify", dest="verify", action="store_false",
                       help="skip reading each PDF back to confirm that it shows every piece of its content, "
                            "in order, once (on by default; it costs a few hundredths of a second per PDF)")
    build.add_argument("--edition", action="append", default=[], metavar="NN",
                       help="build only this edition (repeatable; default: every edition)")
    build.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                       help="PDFs rendered at once, in worker processes, and charts drawn at once where the "
                            "caches lack them (default: one per processor); the PDFs are the same bytes "
                            "whatever N")
    _strict_option(build)
    _quiet_option(build)
    _format_option(build, FORMATS["build"])
    build.set_defaults(run=_build)

    watch = commands.add_parser("watch", help="build, then build again whenever the content changes",
                                description="Build as `build` does, then again each time a content file changes, "
                                            "in one process that keeps everything it has loaded and set; a content "
                                            "error is shown and the watch waits for the fix. Ctrl-C stops it.")
    _content_argument(watch)
    _output_options(watch)
    watch.add_argument("--lang", type=_variants, default=VARIANTS, metavar="LIST",
                       help="comma-separated: zh,en,bilingual (default: all three)")
    watch.add_argument("--edition", action="append", default=[], metavar="NN",
                       help="build only this edition (repeatable; default: every edition)")
    _strict_option(watch)
    _quiet_option(watch)
    watch.set_defaults(run=_watch)

    editions = commands.add_parser("editions", help="list the editions (for a CI matrix: --format json)")
    _content_argument(editions)
    _format_option(editions)
    editions.set_defaults(run=_editions)

    new = commands.add_parser("new-edition", help="start the next edition as a copy of an existing one",
                              description="Copy editions/MM (the latest by default) to editions/NN, comments and "
                                          "all, with its number and date set; then edit it and run check.")
    new.add_argument("number", metavar="NN", help="the new edition's folder name, e.g. 02")
    _content_argument(new)
    new.add_argument("--from", dest="source", metavar="MM", help="the edition to start from (default: the latest)")
    new.add_argument("--date", type=_date, default=None, help="its date, YYYY-MM-DD (default: today)")
    new.set_defaults(run=_new_edition)

    publish = commands.add_parser("publish", help="build an edition and record it as published (frozen)",
                                  description="Build edition NN's three PDFs into --out and record them, with a "
                                              "fingerprint of everything it prints, in editions/NN/published.json. "
                                              "From then on check refuses any change to what it prints, and build "
                                              "must reproduce its bytes.")
    publish.add_argument("number", metavar="NN", help="the edition, e.g. 01")
    _content_argument(publish)
    _output_options(publish)
    publish.add_argument("--date", type=_date, default=None, help="the date of publication (default: today)")
    _strict_option(publish)
    _quiet_option(publish)
    publish.set_defaults(run=_publish)

    diff = commands.add_parser("diff", help="what changed between two editions, in both languages")
    diff.add_argument("old", metavar="MM")
    diff.add_argument("new", metavar="NN")
    _content_argument(diff)
    _format_option(diff, FORMATS["diff"])
    diff.set_defaults(run=_diff)

    verify = commands.add_parser("verify", help="re-hash the PDFs a manifest lists")
    verify.add_argument("manifest", type=Path, metavar="MANIFEST", help="e.g. output/manifest.json")
    verify.set_defaults(run=_verify)

    schema = commands.add_parser("schema", help="write the JSON Schema of every content file, for editors",
                                 description="Write JSON Schema (draft 2020-12) of each kind of content file into "
                                             "CONTENT_DIR/.schema, where the first line of each content file "
                                             "(# yaml-language-server: $schema=…) points: an editor with the YAML "
                                             "extension then completes keys, describes them and flags mistakes as "
                                             "you type. check warns when the folder is out of date.")
    _content_argument(schema)
    schema.add_argument("--out", type=Path, default=None, help="folder to write them to (default: CONTENT_DIR/.schema)")
    schema.set_defaults(run=_schema)

    check = commands.add_parser("check", help="validate the content; writes nothing")
    _content_argument(check)
    _strict_option(check)
    _format_option(check, FORMATS["check"])
    check.set_defaults(run=_check)

    lint = commands.add_parser("lint", help="check every line of PDFs against the Chinese line-breaking rules",
                               description="Read PDFs back (characters with positions) and report lines that "
                                           "break clreq / GB/T 15834 rules or miss the right margin.")
    lint.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    _format_option(lint, FORMATS["lint"])
    lint.set_defaults(run=_lint)

    preview = commands.add_parser("preview", help="PNG pictures of PDFs' pages and a contact sheet of each",
                                  description="Render PDFs' pages as PNG files and each PDF's pages as a contact "
                                              "sheet (thumbnails under their page labels), for review without a "
                                              "PDF viewer. The same PDF gives the same PNG bytes.")
    preview.add_argument("targets", nargs="*", metavar="PDF|NN",
                         help="a PDF, or an edition whose PDFs were built into --from (default: every PDF there)")
    preview.add_argument("--from", dest="built", type=Path, default=Path("output"), metavar="DIR",
                         help="the folder an edition's PDFs were built into (default: output/)")
    preview.add_argument("--out", type=Path, default=None, metavar="DIR",
                         help="where the PNGs go (default: a preview/ folder beside each PDF)")
    preview.add_argument("--pages", type=_pages, default=None, metavar="LIST",
                         help="the pages to write, counted from 1, e.g. 1-3,7 (default: all); the contact sheet "
                              "always shows every page")
    preview.add_argument("--dpi", type=_dpi, default=None, metavar="N",
                         help="resolution of the page pictures, 20 to 300 (default: 100)")
    preview.set_defaults(run=_preview)
    for each in (parser, *commands.choices.values()):
        each.for_tools = for_tools
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    """Where the PDFs go and how they are set: build's and publish's."""
    command.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    command.add_argument("--folio", choices=FOLIOS, default="page-of",
                         help="page numbers: 'page-of' (第 N 页 / 共 M 页, Page N of M) or "
                              "'gbt9704' (— N —, on the outer side, as in GB/T 9704 official papers)")
    command.add_argument("--layout", choices=LAYOUTS, default="parallel",
                         help="bilingual PDF: Chinese and English side by side, a section a row (default); "
                              "interleaved, each Chinese block followed by its English; or sequential, all the "
                              "Chinese, then all the English")
    command.add_argument("--pdf-standard", choices=tuple(STANDARDS), default=DEFAULT_STANDARD,
                         help="the archival standard of the PDFs, all tagged for accessibility (PDF/UA-1): "
                              "'a-2u' (PDF/A-2u, default) or 'a-3u' (PDF/A-3u, with the data behind the edition's "
                              "figures attached as CSV and JSON)")


def _render_options(args: argparse.Namespace) -> RenderOptions:
    return RenderOptions(folio=args.folio, layout=args.layout, standard=args.pdf_standard)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number of jobs from 1 to 64, got {text!r}")
    return int(text)


def _content_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("content", nargs="?", type=Path, default=Path("content"),
                         help="content folder (default: content/)")


def _format_option(command: argparse.ArgumentParser, formats: tuple[str, ...] = ("json",)) -> None:
    helps = {"json": "json: one document on stdout", "sarif": "sarif: a SARIF 2.1.0 log on stdout"}
    command.add_argument("--format", choices=("text", *formats), default="text",
                         help=f"output format (default: text; {', '.join(helps[f] for f in formats)})")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got '{value}'") from None


def _quiet_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--quiet", action="store_true",
                         help="no progress line on the terminal while it works (what was written is still printed)")


def _progress(args: argparse.Namespace):  # -> a context manager giving the build its progress Report
    from .progress import progress_on

    return progress_on(sys.stderr, quiet=args.quiet)


def _pages(text: str) -> tuple[tuple[int, int], ...]:
    from .preview import parse_pages

    try:
        return parse_pages(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _dpi(text: str) -> int:
    from .preview import DPI_RANGE

    low, high = DPI_RANGE
    if not text.isdigit() or not low <= int(text) <= high:
        raise argparse.ArgumentTypeError(f"expected a whole number of dots per inch from {low} to {high}, got "
                                         f"{text!r}")
    return int(text)


def _strict_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--strict", action="store_true",
                         help="treat warnings (e.g. a stated figure its own data contradicts) as errors")


def _variants(value: str) -> tuple[str, ...]:
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {','.join(VARIANTS)} (got '{value}')")
    return tuple(v for v in VARIANTS if v in chosen)


def _check(args: argparse.Namespace, report: Report) -> int:
    from .build import check

    report.folder = args.content
    library, warnings = check(args.content, strict=args.strict)
    report.diagnose(warnings)
    report.summary["content"] = {"editions": len(library.editions), "indicators": len(library.indicators),
                                 "glossary_terms": len(library.glossary)}
    report.say(f"{args.content}: {len(library.editions)} edition(s), {len(library.indicators)} indicators, "
               f"{len(library.glossary)} glossary terms: OK")
    return EXIT_OK


def _schema(args: argparse.Namespace, report: Report) -> int:
    from .schema import FOLDER, write

    if args.out is None and not args.content.is_dir():
        raise UsageProblem(f"content folder {args.content} does not exist: give it, or the folder to write to (--out)")
    for path in write(args.out or args.content / FOLDER):
        print(f"wrote {path}")
    return EXIT_OK


def _build(args: argparse.Namespace, report: Report) -> int:
    from .build import build, default_jobs

    options = _render_options(args)
    try:
        with _progress(args) as progress:
            result = build(args.content, args.out, args.lang, strict=args.strict, options=options,
                           verify=args.verify, editions=tuple(args.edition), jobs=args.jobs or default_jobs(),
                           progress=progress)
    except OSError as err:
        raise EnvironmentProblem(f"{describe_os_error(err)}; nothing was written, {args.out} is as it was") from err
    except EnvironmentProblem as err:
        raise EnvironmentProblem(f"{err}; nothing was written, {args.out} is as it was") from err
    report.diagnose(result.warnings)
    for notice in result.notices:
        report.notice(notice)
    for output, path in zip(result.outputs, result.written):
        report.say(f"wrote {path}  ({output.pages} pages, {len(output.data) / 1024:.0f} KB)")
    report.say(f"wrote {result.written[-1]}")
    report.say(result.charts)
    report.summary["written"] = [{"file": str(path), "edition": output.edition, "language": output.language,
                                  "pages": output.pages, "bytes": len(output.data), "sha256": output.sha256}
                                 for output, path in zip(result.outputs, result.written)]
    report.summary["manifest"] = str(result.written[-1])
    report.summary["charts"] = result.charts.removeprefix("charts: ")
    return EXIT_OK


def _watch(args: argparse.Namespace, report: Report) -> int:
    from .build import build
    from .watch import watch

    options = _render_options(args)

    def build_once() -> str:
        # one process (jobs 1): what it has prepared stays for the next build
        with _progress(args) as progress:
            result = build(args.content, args.out, args.lang, strict=args.strict, options=options,
                           editions=tuple(args.edition), progress=progress)
        report.diagnose(result.warnings)
        return f"{', '.join(o.filename for o in result.outputs)} in {args.out}"

    if not args.content.is_dir():
        raise UsageProblem(f"content folder {args.content} does not exist")
    try:
        watch(args.content, build_once, lambda line: print(line, flush=True),
              lambda err: report.diagnose(err.diagnostics))
    except Interrupted:
        acknowledge_interrupt()
        print(f"stopped. {SET_KEPT}", flush=True)
    return EXIT_OK


def _editions(args: argparse.Namespace, report: Report) -> int:
    from .build import check

    library, _ = check(args.content)
    listed = [{"edition": e.key, "number": e.number, "date": e.date.isoformat(),
               "published": e.publication.published_on.isoformat() if e.publication else None}
              for e in library.editions]
    if args.format == "json":
        print(json.dumps(listed, ensure_ascii=False))
    for entry in listed if args.format == "text" else ():
        state = f"published {entry['published']}" if entry["published"] else "draft"
        print(f"{entry['edition']}  {entry['date']}  {state}")
    return EXIT_OK


def _new_edition(args: argparse.Namespace, report: Report) -> int:
    from .newedition import new_edition

    folder = new_edition(args.content, args.number, args.source, args.date or datetime.date.today())
    print(f"created {folder}: edit it, then run briefgen check {args.content}")
    return EXIT_OK


def _publish(args: argparse.Namespace, report: Report) -> int:
    from .build import publish
    from .content.published import RECORD

    options = _render_options(args)
    try:
        with _progress(args) as progress:
            result = publish(args.content, args.number, args.out, options, args.date, args.strict, progress)
    except OSError as err:
        raise EnvironmentProblem(f"{describe_os_error(err)}; the edition was not recorded as published") from err
    report.diagnose(result.warnings)
    for output, path in zip(result.outputs, result.written):
        print(f"wrote {path}  ({output.pages} pages, sha256 {output.sha256[:16]}…)")
    print(f"published edition {args.number}: {args.content / 'editions' / args.number / RECORD}")
    return EXIT_OK


def _diff(args: argparse.Namespace, report: Report) -> int:
    from .build import check, select
    from .diff import as_text, diff

    library, warnings = check(args.content, fingerprints=True)  # (what each edition prints, by unit)
    if report.for_tools:  # (in text, diff has always said only what changed)
        report.diagnose(warnings)
    old, new = select(library, (args.old,))[0], select(library, (args.new,))[0]
    result = diff(library, old, new)
    report.data.update(result.as_json())
    report.say(as_text(result))
    return EXIT_OK


def _verify(args: argparse.Namespace, report: Report) -> int:
    """Every file the manifest lists is there with its recorded size and sha256."""
    from .output import read_manifest

    entries = read_manifest(args.manifest)
    bad = 0
    for entry in entries:
        name = str(entry.get("path", ""))
        if not name or Path(name).name != name or name.startswith("."):  # a manifest names files beside it
            bad += 1
            print(f"REFUSED  {clip(name, 80)!r}: not a file name of the manifest's own folder")
            continue
        path = args.manifest.parent / name
        data = path.read_bytes() if path.is_file() else None
        ok = data is not None and len(data) == entry.get("bytes") and \
            hashlib.sha256(data).hexdigest() == entry.get("sha256")
        bad += not ok
        print(f"{'ok' if ok else 'MISMATCH' if data is not None else 'MISSING'}  {path}")
    print(f"{len(entries) - bad} of {len(entries)} files as recorded")
    return EXIT_CONTENT if bad else EXIT_OK


def _lint(args: argparse.Namespace, report: Report) -> int:
    from .lint import lint_pdf

    failed = False
    for path in args.pdfs:
        stop_if_interrupted()
        _readable_pdf(path)
        linted = lint_pdf(path)
        for offence in linted.offences:
            report.found(Problem.of_offence(path, offence),
                         f"{path}: page {offence.page}, y {offence.y:.1f}: {offence.rule}: {offence.text}")
        counts = ", ".join(f"{rule} {count}" for rule, count in linted.counts.items())
        report.say(f"{path}: {linted.lines} lines checked; {counts}; max right-edge error "
                   f"{linted.max_edge_error:.2f} pt over {linted.justified_lines} justified lines")
        report.say(f"{path}: style: {linted.typography.summary()}")
        report.summary.setdefault("pdfs", []).append({
            "file": str(path), "lines": linted.lines, "counts": linted.counts,
            "justified_lines": linted.justified_lines, "max_edge_error": round(linted.max_edge_error, 3),
            "style": {k: v for k, v in vars(linted.typography).items() if not k.startswith("_")}})
        failed |= not linted.ok
    return EXIT_CONTENT if failed else EXIT_OK


def _preview(args: argparse.Namespace, report: Report) -> int:
    from .preview import DEFAULT_DPI, PREVIEW_FOLDER, pdfs_to_preview, preview, ranges

    pdfs = list(dict.fromkeys(pdfs_to_preview(args.targets, args.built)))  # (each once, in order)
    folders = {pdf: args.out or pdf.parent / PREVIEW_FOLDER for pdf in pdfs}
    clashing = sorted({p.name for p in pdfs for q in pdfs if p != q and (p.name, folders[p]) == (q.name, folders[q])})
    if clashing:
        raise UsageProblem(f"two PDFs named {clashing[0]} would preview into one folder: give them one at a time, "
                           f"each with its own --out")
    dpi = args.dpi or DEFAULT_DPI
    for pdf in pdfs:
        stop_if_interrupted()
        done = preview(pdf, folders[pdf], dpi, args.pages)
        which = f"all {done.page_count} pages" if len(done.numbers) == done.page_count else \
            f"page{'s' if len(done.numbers) > 1 else ''} {ranges(done.numbers)} of {done.page_count}"
        shown = f"{done.pages[0]} … {done.pages[-1].name}" if len(done.pages) > 1 else str(done.pages[0])
        print(f"wrote {shown}  ({pdf}, {which}, {dpi} dpi)")
        print(f"wrote {done.sheet}  (contact sheet, all {done.page_count} pages)")
    return EXIT_OK


def _readable_pdf(path: Path) -> None:
    """A usage error unless path is a PDF that opens without a password."""
    import pypdfium2

    if not path.is_file():
        raise UsageProblem(f"{path}: no such file; give the path of a PDF")
    try:
        pypdfium2.PdfDocument(str(path)).close()
    except pypdfium2.PdfiumError as err:
        raise UsageProblem(f"{path} is not a PDF briefgen can read ({clip(str(err), 80)}); "
                           f"give the path of an unencrypted, complete PDF") from None


if __name__ == "__main__":
    sys.exit(main())
