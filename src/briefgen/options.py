"""The reader-facing choices of a build besides the theme: folio style, bilingual layout, timestamp."""

from __future__ import annotations

from dataclasses import dataclass

FOLIOS = ("page-of", "gbt9704")
LAYOUTS = ("parallel", "interleaved", "sequential")
FIGURES_ONCE = ("parallel", "interleaved")  # bilingual layouts that draw each figure once, for both languages


@dataclass(frozen=True)
class RenderOptions:
    folio: str = "page-of"  # "page-of": 第 N 页 / 共 M 页, Page N of M; "gbt9704": — N —, outer side
    layout: str = "parallel"  # bilingual: "parallel" columns; "interleaved", each Chinese block followed by its
    # English; "sequential", all the Chinese, then all the English
    epoch: int | None = None  # the PDFs' timestamp, in seconds; None: SOURCE_DATE_EPOCH, else the edition's date
