"""Character classes for Chinese/English line breaking (W3C clreq, GB/T 15834).

Every character gets a one-letter class, so whole paragraphs can be classified
with ``str.translate`` and scanned with regular expressions (fast, C speed):

    H  Han ideographs and kana: the CJK face, and Han–Latin spacing applies
    P  other CJK characters: punctuation, full-width forms (CJK face)
    L  Latin letters, digits and signs that take Han–Latin spacing (Latin face)
    N  other Latin-side characters: ASCII punctuation, Latin quotes (Latin face)
    S  a space
    A  ambiguous: curly quotes, dashes, ellipsis, middle dot (resolved below)

The shared tables (prohibited marks, units) are used by the typesetter and by
the linter, so both apply one definition of the rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..languages import profile

# Never at a line start: closing marks, stops, connectors; strict level adds
# dashes, ellipses and per-mille/percent signs (typesetting.md §3).
NO_START = "、，。：；！？”’」』）〕】］｝〗》〉–～·／—―…％‰" + ",.;:!?)]}%"
# Never at a line end: opening marks.
NO_END = "“‘「『（〔【［｛〖《〈" + "([{"
# Full-width marks whose glyph sits in the left half of the em box (blank on
# the right) or in the right half (blank on the left): compressible to ½ em.
TRAIL_BLANK = "、，。：；！？”’」』）〕】］｝〗》〉．"
LEAD_BLANK = "“‘「『（〔【［｛〖《〈"
HANGING = "、，。．"  # the pause marks a line may end with past its measure (允许标点溢出边界)
# Characters whose script depends on context: full-width in Chinese text,
# proportional in English text.
AMBIGUOUS = "‘’“”—―…·–"
# Dashes drawn stretched so that "——" reads as one unbroken 2-em rule.
CJK_DASHES = "—―"

MAGNITUDES = "十百千万亿兆"
UNITS = "元年月日时分秒个倍人名家项次岁吨米克度户台座所条种批款位件期届代辆艘架亩斤号周天"
CURRENCY = "￥＄"
SIGNS = "−+±$¥€£"
LATIN_SYMBOLS = "%‰°$¥€£#&@+−±§"

_RANGES_H = (
    (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xAC00, 0xD7AF), (0x20000, 0x3134F),
)
_RANGES_P = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3100, 0x312F), (0x3200, 0x33FF),
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)


def char_class(c: str) -> str:
    """The one-letter class of a character (see the module docstring)."""
    o = ord(c)
    if c in AMBIGUOUS:
        return "A"
    if c in "々〇":
        return "H"
    if any(lo <= o <= hi for lo, hi in _RANGES_H):
        return "H"
    if any(lo <= o <= hi for lo, hi in _RANGES_P):
        return "P"
    if c.isspace():
        return "S"
    if c.isalnum() or c in LATIN_SYMBOLS:
        return "L"
    return "N"


class _ClassTable(dict):
    """A ``str.translate`` table computing classes on first sight."""

    def __missing__(self, o: int) -> str:
        self[o] = cls = char_class(chr(o))
        return cls


_TABLE = _ClassTable()
_AMBIGUOUS_RUN = re.compile("A+")
_QUOTE = re.compile("[“”‘’]")
_CLOSES = {"“": "”", "‘": "’"}


def classify(text: str, lang: str) -> str:
    """One class letter per character, with ambiguous characters resolved.

    Rule for the ambiguous marks (quotes, dashes, ellipsis, middle dot): in
    English text they are always Latin. In Chinese text they are full-width
    CJK unless the nearest unambiguous characters on *both* sides are
    Latin-side (letter, digit, Latin punctuation or space): so 他说“AI”很重要
    gets CJK quotes, China’s keeps a Latin apostrophe, and 2023–2027 a Latin
    en dash. A paragraph edge counts as the CJK side, and a closing quote
    follows the quote it closes.
    """
    cls = text.translate(_TABLE)
    if "A" not in cls:
        return cls
    if not profile(lang).cjk:  # ambiguous marks take their Chinese form only in CJK text
        return cls.replace("A", "N")
    out = list(cls)
    for m in _AMBIGUOUS_RUN.finditer(cls):
        left = cls[m.start() - 1] if m.start() else "P"
        right = cls[m.end()] if m.end() < len(cls) else "P"
        latin = left in "LNS" and right in "LNS"
        out[m.start():m.end()] = ("N" if latin else "P") * (m.end() - m.start())
    _pair_quotes(text, out)
    return "".join(out)


def _pair_quotes(text: str, cls: list[str]) -> None:
    """A closing quote takes the script of the opening quote it closes, so a
    pair is never half full-width (“AI” at a paragraph's end stays Latin if
    its opening quote is). An apostrophe (’ between letters) closes nothing."""
    openers: list[int] = []
    for m in _QUOTE.finditer(text):
        k, quote = m.start(), m.group()
        if quote in "“‘":
            openers.append(k)
        elif not (quote == "’" and 0 < k < len(text) - 1 and text[k - 1].isalpha() and text[k + 1].isalpha()):
            match = next((j for j in reversed(openers) if _CLOSES[text[j]] == quote), None)
            if match is not None:
                cls[k] = cls[match]
                openers = openers[:openers.index(match)]


def _char_set(chars: str) -> str:
    return "[" + re.escape(chars) + "]"


NO_START_RE = re.compile(_char_set(NO_START))
NO_END_RE = re.compile(_char_set(NO_END))
# A number glued to its unit (800亿, 1.5万亿元, 2027年) or currency (￥800).
NUMBER_UNIT_RE = re.compile(
    rf"\d({_char_set(MAGNITUDES)}+{_char_set(UNITS)}?|{_char_set(UNITS)})"
    rf"|{_char_set(CURRENCY)}(?=\d)"
)
# In English the tie is a space: 800 billion, 12.5 GW, 1 March, RMB 1.5.
EN_UNITS = ("hundred", "thousand", "million", "billion", "trillion", "percent", "percentage", "per cent",
            "years", "months", "days", "hours", "minutes", "GW", "MW", "kW", "kWh", "GB", "TB", "EFLOPS",
            "TEU", "°C", "km", "kg", "tonnes", "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December")
EN_PREFIXES = ("RMB", "CNY", "USD", "EUR", "No.")
TIED_SPACE_RE = re.compile(
    r"\d( )(?:" + "|".join(map(re.escape, EN_UNITS)) + r")(?!\w)"
    r"|(?<!\w)(?:" + "|".join(map(re.escape, EN_PREFIXES)) + r")( )\d"
)
# Tail and head of two lines that would split a number from its unit or sign.
NUMBER_TAIL_RE = re.compile(rf"(\d[\d.,]*{_char_set(MAGNITUDES)}*|(^|[^\w]){_char_set(SIGNS + CURRENCY)})$")
NUMBER_HEAD_RE = re.compile(rf"^[\d.,%‰％℃°{MAGNITUDES}{UNITS}]")


@lru_cache(maxsize=4096)
def hyphen_points(word: str) -> tuple[int, ...]:
    """Where an English letter-only word may take a hyphen (Liang's patterns, pyphen's en_US dictionary: see
    hyphenation.py).

    Words under five letters and all-capital acronyms are never hyphenated.
    """
    if len(word) < 5 or not word.isalpha() or word.isupper():
        return ()
    from .hyphenation import positions

    return positions(word)
