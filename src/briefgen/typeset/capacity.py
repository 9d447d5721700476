"""What the typesetter can print, for the content reader's validate stage (content.nodes.Capacity)."""

from __future__ import annotations

import functools
import hashlib

from .. import __version__
from ..document import Diagram, DiagramGroup
from ..pdf.fonts import FACES, font_path
from .coverage import uncovered
from .theme import THEMES

FIGURE_FURNITURE = 60.0  # pt a figure needs besides its graphic: caption, source line, spacing


class _Printer:
    def uncovered(self, text: str) -> list[tuple[int, str]]:
        return uncovered(text)

    def diagram_fits(self, columns: dict[str, list[tuple[str, list[str]]]]) -> bool:
        """Each row of the diagram's table on a page of every theme (the table splits between rows): charts
        are shared by the editions, and any edition may choose any theme."""
        from .table import TableBox

        diagrams = [Diagram(lang, "", tuple(DiagramGroup(title, tuple(items)) for title, items in cols))
                    for lang, cols in columns.items()]
        for look in THEMES.values():
            for shown in [[diagram] for diagram in diagrams] + [diagrams]:
                if TableBox(shown, look).tallest_row(look.text_width) > look.text_height - FIGURE_FURNITURE:
                    return False
        return True

    def themes(self) -> tuple[str, ...]:
        return tuple(THEMES)

    def identity(self) -> dict[str, str]:
        return {"briefgen": __version__, "fonts": _fonts_digest()}


@functools.cache
def _fonts_digest() -> str:
    """The shipped faces' bytes, hashed once per process."""
    digest = hashlib.sha256()
    for face in sorted(FACES.values(), key=lambda f: f.file):
        digest.update(font_path(face).read_bytes())
    return digest.hexdigest()


PRINTER = _Printer()
