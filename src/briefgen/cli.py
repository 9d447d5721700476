"""The command line: `briefgen build`, `briefgen check`, `briefgen lint`.

Exit codes (see failures.py): 0 success, 1 content errors, 2 usage errors, 3 environment problems,
4 a bug in briefgen; 130 / 143 when interrupted. No traceback ever reaches the terminal: an
unexpected error is reported in one line and its traceback saved to a file.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from . import __version__
from .compose import VARIANTS
from .completeness import IncompleteOutput
from .diagnostics import ContentError
from .failures import (
    EXIT_BUG, EXIT_CONTENT, EXIT_ENVIRONMENT, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE,
    EnvironmentProblem, Terminated, UsageProblem, clip, describe_os_error, save_traceback,
)
from .typeset.options import FOLIOS, LAYOUTS, RenderOptions

SHOWN_FINDINGS = 12  # of an incomplete PDF: enough to see the pattern
SET_KEPT = "An output folder holds either its complete old set of PDFs or the complete new one, never a mix."


def main(argv: list[str] | None = None) -> int:
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _answer(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _answer(argv: list[str] | None) -> int:
    """Run the command; every way it can end becomes an exit code and at most one line of its own."""
    try:
        return _run(argv)
    except ContentError as err:
        _report(err.diagnostics)
        errors = sum(d.severity == "error" for d in err.diagnostics)
        return _fail(EXIT_CONTENT, f"{errors} error{'s' if errors != 1 else ''} in the content; nothing was written.")
    except IncompleteOutput as err:
        _report_incomplete(err)
        return EXIT_BUG
    except UsageProblem as err:
        return _fail(EXIT_USAGE, str(err))
    except EnvironmentProblem as err:
        return _fail(EXIT_ENVIRONMENT, f"{err}.")
    except OSError as err:
        return _fail(EXIT_ENVIRONMENT, f"{describe_os_error(err)}.")
    except KeyboardInterrupt:
        return _fail(EXIT_INTERRUPTED, f"interrupted. {SET_KEPT}")
    except Terminated:
        return _fail(EXIT_TERMINATED, f"terminated. {SET_KEPT}")
    except Exception as err:  # a bug: one line here, the traceback in a file
        saved = save_traceback(err)
        return _fail(EXIT_BUG, f"internal error, a bug in briefgen rather than in the content "
                               f"({type(err).__name__}: {clip(str(err), 120)}). The traceback is in {saved}; "
                               f"please report it with that file.")


def _run(argv: list[str] | None) -> int:
    try:
        os.getcwd()
    except FileNotFoundError:
        raise EnvironmentProblem("the current folder no longer exists: change to an existing folder and "
                                 "run briefgen again") from None
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    return args.run(args)


def _terminate(signum, frame) -> None:
    raise Terminated()


def _fail(code: int, message: str) -> int:
    print(f"briefgen: {message}", file=sys.stderr)
    return code


def _report_incomplete(err: IncompleteOutput) -> None:
    print(f"briefgen: {err.name} does not show all of its content: this is a bug in briefgen, not in the "
          "content; nothing was written.", file=sys.stderr)
    for finding in err.findings[:SHOWN_FINDINGS]:
        print(f"  {finding}", file=sys.stderr)
    if len(err.findings) > SHOWN_FINDINGS:
        print(f"  … and {len(err.findings) - SHOWN_FINDINGS} more", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefgen", description="Typeset PDF briefs from YAML content.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the PDFs of every edition",
                                description="Build a Chinese, an English and a bilingual PDF of every edition.")
    build.add_argument("content", nargs="?", type=Path, default=Path("content"),
                       help="content folder (default: content/)")
    build.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    build.add_argument("--lang", type=_variants, default=VARIANTS, metavar="LIST",
                       help="comma-separated: zh,en,bilingual (default: all three)")
    build.add_argument("--folio", choices=FOLIOS, default="page-of",
                       help="page numbers: 'page-of' (第 N 页 / 共 M 页, Page N of M) or "
                            "'gbt9704' (— N —, on the outer side, as in GB/T 9704 official papers)")
    build.add_argument("--layout", choices=LAYOUTS, default="parallel",
                       help="bilingual PDF: Chinese and English side by side (default), or one after the other")
    build.add_argument("--no-verify", dest="verify", action="store_false",
                       help="skip reading each PDF back to confirm that it shows every piece of its content, "
                            "in order, once (on by default; it costs a few hundredths of a second per PDF)")
    _strict_option(build)
    build.set_defaults(run=_build)

    check = commands.add_parser("check", help="validate the content; writes nothing")
    check.add_argument("content", nargs="?", type=Path, default=Path("content"),
                       help="content folder (default: content/)")
    _strict_option(check)
    check.set_defaults(run=_check)

    lint = commands.add_parser("lint", help="check every line of PDFs against the Chinese line-breaking rules",
                               description="Read PDFs back (characters with positions) and report lines that "
                                           "break clreq / GB/T 15834 rules or miss the right margin.")
    lint.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    lint.set_defaults(run=_lint)
    return parser


def _strict_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--strict", action="store_true",
                         help="treat warnings (e.g. a stated figure its own data contradicts) as errors")


def _variants(value: str) -> tuple[str, ...]:
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {','.join(VARIANTS)} (got '{value}')")
    return tuple(v for v in VARIANTS if v in chosen)


def _report(diagnostics) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from .build import check

    library, warnings = check(args.content, strict=args.strict)
    _report(warnings)
    print(f"{args.content}: {len(library.editions)} edition(s), {len(library.indicators)} indicators, "
          f"{len(library.glossary)} glossary terms: OK")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .build import build

    options = RenderOptions(folio=args.folio, layout=args.layout)
    try:
        result = build(args.content, args.out, args.lang, strict=args.strict, options=options, verify=args.verify)
    except OSError as err:
        raise EnvironmentProblem(f"{describe_os_error(err)}; nothing was written, {args.out} is as it was") from err
    except EnvironmentProblem as err:
        raise EnvironmentProblem(f"{err}; nothing was written, {args.out} is as it was") from err
    _report(result.warnings)
    for notice in result.notices:
        print(f"briefgen: warning: {notice}", file=sys.stderr)
    for output, path in zip(result.outputs, result.written):
        print(f"wrote {path}  ({output.pages} pages, {len(output.data) / 1024:.0f} KB)")
    print(f"wrote {result.written[-1]}")
    print(result.charts)
    return EXIT_OK


def _lint(args: argparse.Namespace) -> int:
    from .lint import lint_pdf

    failed = False
    for path in args.pdfs:
        _readable_pdf(path)
        report = lint_pdf(path)
        for offence in report.offences:
            print(f"{path}: page {offence.page}, y {offence.y:.1f}: {offence.rule}: {offence.text}")
        counts = ", ".join(f"{rule} {count}" for rule, count in report.counts.items())
        print(f"{path}: {report.lines} lines checked; {counts}; "
              f"max right-edge error {report.max_edge_error:.2f} pt over {report.justified_lines} justified lines")
        failed |= not report.ok
    return EXIT_CONTENT if failed else EXIT_OK


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
