"""The reader-facing choices of a build besides the theme: folio style, bilingual layout, timestamp."""

from __future__ import annotations

from dataclasses import dataclass

FOLIOS = ("page-of", "gbt9704")
LAYOUTS = ("parallel", "sequential")


@dataclass(frozen=True)
class RenderOptions:
    folio: str = "page-of"  # "page-of": 第 N 页 / 共 M 页, Page N of M; "gbt9704": — N —, outer side
    layout: str = "parallel"  # bilingual: "parallel" columns, or "sequential" (Chinese, then English)
    epoch: int | None = None  # the PDFs' timestamp, in seconds; None: SOURCE_DATE_EPOCH, else the edition's date
