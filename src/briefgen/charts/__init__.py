"""Chart kinds: each one module that says how a spec of its kind is read, composed and drawn, and one line
in KINDS.

A kind's `read` gets the charts reader (for its reference and list helpers) and returns the Chart's fields
or None when it reported an error; `compose` gets the plot composer and returns the language's Plot (or
Diagram); `draw` draws a Plot with matplotlib, or is None when the typesetter sets the kind itself.
`shape` declares the keys a spec of the kind has besides `type`, `title` and `alt` (content/shapes.py): the
reader checks a spec against it, and `briefgen schema` describes it to editors.
"""

from __future__ import annotations

from . import bar, diagram, grouped_bar, line, target_path
from .kind import Kind

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    bar.KIND,
    grouped_bar.KIND,
    line.KIND,
    target_path.KIND,
    diagram.KIND,
)}
