"""English hyphenation points: Liang's algorithm on the patterns of pyphen's en_US dictionary.

pyphen reads its dictionary's 4,900 patterns into a table each time a process first hyphenates a word (about
0.05 s, in every build: the check measures the English cells of the tables too). The table is kept in the cache
folder (`hyphenation/`, marshal), keyed by the dictionary file's bytes, and the points are found here from it,
as pyphen finds them (tests/test_typeset.py holds the two to the same answers).
"""

from __future__ import annotations

import hashlib
import marshal
from functools import cache
from pathlib import Path

LANGUAGE = "en_US"
LEFT, RIGHT = 2, 3  # the fewest letters before and after a hyphen (the dictionary's own LEFT/RIGHTHYPHENMIN)
FORMAT = 1  # of a kept table; part of its key

Patterns = dict[str, tuple[int, tuple[int, ...]]]  # letters → (offset of the first value, the values)


def positions(word: str) -> tuple[int, ...]:
    """The points (letters before the hyphen) where word may be hyphenated."""
    patterns, longest = _table()
    dotted = f".{word.lower()}."
    values = [0] * (len(dotted) + 1)
    for i in range(len(dotted) - 1):
        for j in range(i + 1, min(i + longest, len(dotted)) + 1):
            found = patterns.get(dotted[i:j])
            if found:
                offset, pattern = found
                at = i + offset
                values[at:at + len(pattern)] = map(max, pattern, values[at:at + len(pattern)])
    last = len(word) - RIGHT
    return tuple(k - 1 for k, value in enumerate(values) if value % 2 and LEFT <= k - 1 <= last)


@cache
def _table() -> tuple[Patterns, int]:
    from ..cache import Store, directory

    path = _dictionary()
    data = path.read_bytes()
    store = Store(directory("hyphenation"), ".marshal", lambda message: None, "hyphenation table", "read",
                  "read again")
    key = hashlib.sha256(repr((FORMAT, LANGUAGE)).encode() + data).hexdigest()
    kept = store.get(key)
    if kept is not None:
        patterns = marshal.loads(kept)
    else:
        patterns = _parsed(path)
        store.put(key, marshal.dumps(patterns))
    return patterns, max(map(len, patterns))


def _dictionary() -> Path:
    import pyphen

    return Path(str(pyphen.LANGUAGES[LANGUAGE]))


def _parsed(path: Path) -> Patterns:
    """pyphen's table of the dictionary, as plain data (the en_US dictionary has none of the nonstandard
    patterns that pyphen marks with data of their own)."""
    import pyphen

    table = pyphen.HyphDict(path).patterns
    return {letters: (offset, tuple(int(v) for v in values)) for letters, (offset, values) in table.items()}
