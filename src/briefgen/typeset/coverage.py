"""Glyph coverage: which characters no face of the brief can draw.

The typesetter sets each character in its script's face and falls back to the
other script's face of the same style (U+2212 comes from the CJK face, for
instance). A character is printable when, in every style the brief uses, one
of the two faces has it. The content loader asks before anything is rendered,
so a missing glyph is a located content error, never a box on the page.
"""

from __future__ import annotations

from functools import lru_cache

from ..pdf.fonts import FACES, metrics

STYLES = {(family, bold) for (_, family, bold, italic) in FACES if not italic}


@lru_cache(maxsize=1)
def printable() -> frozenset[str]:
    """Characters every style can draw in one of its two faces."""
    covered: set[str] | None = None
    for family, bold in STYLES:
        either: set[str] = set()
        for script in ("cjk", "latin"):
            face = FACES[script, family, bold, False]
            either |= set(map(chr, metrics(face.name).covered))
        covered = either if covered is None else covered & either
    return frozenset(covered or ())


def uncovered(text: str) -> list[tuple[int, str]]:
    """(offset, character) for each character of text that no face can draw. The plain space is set as
    spacing; any other space (U+3000, no-break spaces) is a glyph like the rest."""
    allowed = printable()
    if allowed.issuperset(text.replace(" ", "")):  # (the common case, at C speed)
        return []
    return [(i, c) for i, c in enumerate(text) if c not in allowed and c != " "]
