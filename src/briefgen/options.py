"""The reader-facing choices of a build besides the theme: folio style, bilingual layout, timestamp."""

from __future__ import annotations

from dataclasses import dataclass

FOLIOS = ("page-of", "gbt9704")
LAYOUTS = ("parallel", "interleaved", "sequential")
FIGURES_ONCE = ("parallel", "interleaved")  # bilingual layouts that draw each figure once, for both languages


@dataclass(frozen=True)
class Standard:
    """An archival standard the PDFs are finished to (briefgen.pdf.archive), always with PDF/UA-1."""

    key: str  # as the command line names it
    part: int  # of PDF/A (ISO 19005), at conformance level U
    attachments: bool  # carries the data behind the figures (PDF/A-3 allows embedded files of any kind)


STANDARDS: dict[str, Standard] = {s.key: s for s in (Standard("a-2u", 2, False), Standard("a-3u", 3, True))}
DEFAULT_STANDARD = "a-2u"


@dataclass(frozen=True)
class RenderOptions:
    folio: str = "page-of"  # "page-of": 第 N 页 / 共 M 页, Page N of M; "gbt9704": — N —, outer side
    layout: str = "parallel"  # bilingual: "parallel" columns; "interleaved", each Chinese block followed by its
    # English; "sequential", all the Chinese, then all the English
    epoch: int | None = None  # the PDFs' timestamp, in seconds; None: SOURCE_DATE_EPOCH, else the edition's date
    standard: str = DEFAULT_STANDARD  # a key of STANDARDS, always with PDF/UA-1; "": none, reportlab's output as it
    # is (for tests of the typesetter alone)
