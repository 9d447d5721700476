"""The limits of what content briefgen reads: each bounds the work a small file can cause, or keeps what
`check` accepts within what a page can hold. Published for authors in content/README.md, "Limits".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 2_000_000  # one content file
    depth: int = 32  # levels of nesting in a file
    expanded_nodes: int = 50_000  # values in a file once aliases (*name) are expanded
    expanded_characters: int = 200_000  # ... and their characters (or 4× the file, if larger)
    text: int = 5_000  # characters of a paragraph, list item, quotation or note
    line: int = 200  # a title, heading, name, label, caption or credit: a few lines at most
    label: int = 120  # a key figure's label or period: one cell of the panel
    chart_label: int = 80  # a category, series name or diagram heading
    diagram_item: int = 300  # one item of a diagram (each of its table's rows must also fit a page)
    diagram_items: int = 6  # items of one diagram group
    diagram_groups: int = 6  # groups of a diagram: rows of its table
    chart_points: int = 24  # bars or points of a chart
    chart_series: int = 4  # series of a grouped bar chart
    list_items: int = 60  # items of one list
    key_figures: int = 12  # figures of one panel
    vintages: int = 100  # dated values of one indicator
    sections: int = 50  # sections of one part
    parts: int = 20  # parts of one edition
    edition_number: int = 999
    first_year: int = 1900
    last_year: int = 2100
    largest_number: Decimal = Decimal(10) ** 15
    echo: int = 80  # characters of a value quoted back in a message


LIMITS = Limits()
