"""The data behind an edition's figures, as files a reader can take: every indicator the edition prints,
with its value as of the edition's date, its unit, when it applies, where it comes from and whether the
editors computed it — as CSV (for a spreadsheet) and JSON (for a program). A PDF/A-3 brief carries both.
"""

from __future__ import annotations

import csv
import io
import json

from .document import DataFile
from .languages import content_langs
from .model import Edition, Indicator, Library, printed_indicators


def fields() -> tuple[str, ...]:
    """The columns: a label and a period in each language of the content."""
    langs = content_langs()
    return ("key", *(f"label_{lang}" for lang in langs), "value", "unit", "kind", "year",
            *(f"period_{lang}" for lang in langs), "source", "computed_by_editors", "as_of")


def data_files(library: Library, edition: Edition) -> tuple[DataFile, ...]:
    keys = printed_indicators(edition.key_figures, edition.parts, library.charts)
    rows = [_row(edition.indicators[key], library) for key in keys]
    table = io.StringIO()
    writer = csv.DictWriter(table, fields(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    stem = f"brief-{edition.key}-figures"
    return (
        DataFile(f"{stem}.csv", "text/csv", ("\ufeff" + table.getvalue()).encode("utf-8"),  # (the BOM: Excel)
                 f"The figures edition {edition.key} prints, one indicator a row"),
        DataFile(f"{stem}.json", "application/json",
                 (json.dumps({"edition": edition.key, "date": edition.date.isoformat(), "indicators": rows},
                             ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                 f"The figures edition {edition.key} prints"),
    )


def _row(indicator: Indicator, library: Library) -> dict[str, str]:
    langs = content_langs()
    period = indicator.period
    source = library.sources.get(indicator.source)
    return {
        "key": indicator.key,
        **{f"label_{lang}": indicator.label[lang] for lang in langs},
        "value": str(indicator.quantity.value), "unit": indicator.quantity.unit, "kind": indicator.kind,
        "year": str(indicator.year or ""),
        **{f"period_{lang}": period[lang] if period else "" for lang in langs},
        "source": source.title[langs[0]] if source else indicator.source,
        "computed_by_editors": indicator.derivation.op if indicator.derivation else "",
        "as_of": indicator.as_of.isoformat() if indicator.as_of else "",
    }
