"""What the typesetter can print, for the content reader's validate stage (content.nodes.Capacity)."""

from __future__ import annotations

import functools
import hashlib

from .. import __version__
from ..document import Diagram, DiagramGroup
from ..pdf.fonts import FACES, font_path
from . import styles
from .coverage import uncovered

FIGURE_FURNITURE = 60.0  # pt a figure needs besides its graphic: caption, source line, spacing


class _Printer:
    def uncovered(self, text: str) -> list[tuple[int, str]]:
        return uncovered(text)

    def diagram_fits(self, lang: str, columns: list[tuple[str, list[str]]]) -> bool:
        from .diagram import DiagramBox

        diagram = Diagram(lang, "", tuple(DiagramGroup(title, tuple(items)) for title, items in columns))
        _, height = DiagramBox(diagram).wrap(styles.TEXT_WIDTH, 100 * styles.TEXT_HEIGHT)  # measured whole
        return height <= styles.TEXT_HEIGHT - FIGURE_FURNITURE

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
