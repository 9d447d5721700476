"""The pipeline: load → validate → model → compose → typeset → write."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import completeness
from .compose import VARIANTS, compose
from .content import load_library
from .diagnostics import ContentError, Diagnostic
from .model import Library
from .output import Output, write_all
from .typeset.options import RenderOptions


@dataclass(frozen=True)
class BuildResult:
    written: list[Path]
    outputs: list[Output]
    warnings: tuple[Diagnostic, ...]
    charts: str  # "charts: 2 rendered, 4 from cache"
    notices: tuple[str, ...] = ()  # about the machine rather than the content: a damaged cache entry redrawn


def check(content_dir: Path, strict: bool = False) -> tuple[Library, tuple[Diagnostic, ...]]:
    """Load and validate, glyph coverage included; raises ContentError with every problem found
    (warnings too, when strict)."""
    from .typeset.capacity import PRINTER

    library, warnings = load_library(content_dir, capacity=PRINTER)
    if strict and warnings:
        raise ContentError(replace(w, severity="error") for w in warnings)
    return library, warnings


def build(content_dir: Path, out_dir: Path, variants: tuple[str, ...] = VARIANTS, strict: bool = False,
          options: RenderOptions = RenderOptions(), verify: bool = True) -> BuildResult:
    """Check, compose, render and, unless told not to, read every PDF back for completeness before
    anything is written: an incomplete PDF raises IncompleteOutput and leaves the last outputs as they were."""
    library, warnings = check(content_dir, strict)
    from .typeset.chartcache import (
        default_cache,  # typesetting imports are paid only when building
    )
    from .typeset.metadata import source_date_epoch
    from .typeset.render import render

    source_date_epoch()  # a malformed value stops the build before any work

    outputs = []
    for edition in library.editions:
        for variant in variants:
            doc = compose(library, edition, variant)
            pdf = render(doc, options)
            name = f"brief-{edition.key}-{variant}.pdf"
            if verify:
                findings = completeness.check(pdf.data, doc, pdf.text_area)
                if findings:
                    raise completeness.IncompleteOutput(name, findings)
            outputs.append(Output(edition.key, variant, name, pdf.data, pdf.pages))
    cache = default_cache()
    return BuildResult(write_all(out_dir, outputs), outputs, warnings, cache.summary(), tuple(cache.warnings))
