"""The stable code of every kind of problem briefgen reports, for tools (`--format json`, `--format sarif`).

A code is `BG` and three digits: the first names the area (below), the others the kind of problem within it.
A code never changes its meaning and is never reused; a kind that is dropped keeps its number retired. Each
code says how its message reads (`says`: `…` stands for the part that varies), which the tests hold every
message to, so that no two kinds of problem share a code. The table in content/README.md ("Codes") is
generated from this module (`markdown()`), and a test keeps the two the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

AREAS = {
    "0": "the run itself (exit codes 2, 3, 4, 130 and 143: the `failure` of a JSON or SARIF report)",
    "1": "reading files and folders",
    "2": "keys and types",
    "3": "text and inline markup",
    "4": "references",
    "5": "figures: numbers, dates and what is computed from them",
    "6": "parity of Chinese and English",
    "7": "glyph coverage and layout capacity",
    "8": "published editions",
    "9": "the line-breaking rules `briefgen lint` checks in a PDF",
}


@dataclass(frozen=True)
class Code:
    id: str  # "BG203"
    name: str  # "unknown-key"
    says: str  # how the message reads, `…` for what varies
    severity: Literal["error", "warning"] = "error"  # as reported without --strict

    @property
    def area(self) -> str:
        return AREAS[self.id[2]]

    def matches(self, message: str) -> bool:
        """Whether a message reads as this code says."""
        return _pattern(self.says).fullmatch(message) is not None


CODES: dict[str, Code] = {}


def _code(id: str, name: str, says: str, severity: Literal["error", "warning"] = "error") -> Code:
    assert re.fullmatch(r"BG\d{3}", id) and id not in CODES, id
    assert name not in {c.name for c in CODES.values()}, name
    CODES[id] = code = Code(id, name, says, severity)
    return code


def _pattern(says: str) -> re.Pattern[str]:
    """`says` as a pattern: each of its forms (separated by " / "), `…` standing for any text."""
    forms = (".*?".join(map(re.escape, form.split("…"))) for form in says.split(" / "))
    return re.compile("|".join(f"(?:{form})" for form in forms), re.DOTALL)


# -- 0: the run itself ---------------------------------------------------------------------------------------------
USAGE = _code("BG001", "usage", "the command line, or a file given to it, cannot be used (exit 2): …")
ENVIRONMENT = _code("BG002", "environment", "something outside the content stops the work (exit 3): …")
INTERNAL = _code("BG003", "internal-error", "a bug in briefgen (exit 4): …")
INCOMPLETE_OUTPUT = _code("BG004", "incomplete-output", "a PDF does not show all of its content, a bug (exit 4): …")
PUBLISHED_DIFFERS = _code("BG005", "published-differs",
                          "a published edition did not rebuild to its bytes, a bug (exit 4): …")
INTERRUPTED = _code("BG006", "interrupted", "stopped by SIGINT or SIGTERM (exit 130 or 143): …")

# -- 1: reading files and folders ----------------------------------------------------------------------------------
FILE_UNREADABLE = _code("BG101", "file-unreadable", "the file cannot be read (…)")
FILE_TOO_LARGE = _code("BG102", "file-too-large", "the file is larger than … MB")
UTF16_FILE = _code("BG103", "utf16-file", "the file is UTF-16 text")
NOT_UTF8 = _code("BG104", "not-utf8", "the file is not UTF-8 text (byte 0x…)")
CONTROL_CHARACTER = _code("BG105", "control-character", "the file holds an invisible control character U+…")
YAML_SYNTAX = _code("BG106", "yaml-syntax", "YAML syntax error: …")
YAML_ERROR = _code("BG107", "yaml-error", "YAML error: …")
TOO_DEEP = _code("BG108", "too-deep", "the file nests too deeply to read / the content nests deeper than … levels")
EMPTY_FILE = _code("BG109", "empty-file", "the file is empty")
ALIAS_EXPANSION = _code("BG110", "alias-expansion",
                        "aliases (*name) expand this file to … values and … characters, beyond the limits (…)")
MISSING_FILE = _code("BG111", "missing-file", "missing file …")
NO_CONTENT_FOLDER = _code("BG112", "no-content-folder", "content folder '…' does not exist")
EDITION_FOLDER_NAME = _code("BG113", "edition-folder-name", "…: an edition's folder is named by its number")
EDITION_FOLDER_TWICE = _code("BG114", "edition-folder-twice", "… and … are both edition …")
NO_EDITION_YAML = _code("BG115", "no-edition-yaml", "… has no edition.yaml")
NO_EDITIONS = _code("BG116", "no-editions", "no edition found under …")
SCHEMAS_OUT_OF_DATE = _code("BG117", "schemas-out-of-date", "the editors' schemas in … are out of date (…)", "warning")

# -- 2: keys and types ---------------------------------------------------------------------------------------------
EXPECTED_MAPPING = _code("BG201", "expected-mapping", "expected a mapping (key: value), got …")
DUPLICATE_KEY = _code("BG202", "duplicate-key", "key '…' appears twice")
UNKNOWN_KEY = _code("BG203", "unknown-key", "unknown key '…'")
MISSING_KEY = _code("BG204", "missing-key", "missing '…'")
EXPECTED_ENTRIES = _code("BG205", "expected-entries", "expected entries `key: ...`, got …")
EXPECTED_LIST = _code("BG206", "expected-list", "expected a list, got …")
EXPECTED_TEXT = _code("BG207", "expected-text", "expected text, got …")
EXPECTED_NUMBER = _code("BG208", "expected-number", "expected a number, got …")
NUMBER_TOO_LARGE = _code("BG209", "number-too-large", "… is too large")
EXPECTED_WHOLE_NUMBER = _code("BG210", "expected-whole-number", "expected a whole number, got …")
OUT_OF_RANGE = _code("BG211", "out-of-range", "… is out of range")
EXPECTED_DATE = _code("BG212", "expected-date", "expected a date, got …")
NOT_ALLOWED = _code("BG213", "not-allowed", "'…' is not allowed here / expected one of …")
EXPECTED_BOTH_LANGUAGES = _code("BG214", "expected-both-languages", "expected both languages, got …")
EMPTY_LIST = _code("BG215", "empty-list", "the list is empty / the list needs at least … items")
EXPECTED_KEY = _code("BG216", "expected-key", "expected the key of a …, got …")
UNKNOWN_UNIT = _code("BG217", "unknown-unit", "unknown unit '…'")
VALUE_OR_VALUES = _code("BG218", "value-or-values", "give either `value:` or `values:`")
YEAR_OR_PERIOD = _code("BG219", "year-or-period", "give either `year:` or `period:`")
ASSUMED_YEAR_WITH_YEAR = _code("BG220", "assumed-year-with-year", "`assumed_year` goes with `period`, not `year`")
ONE_OPERATION = _code("BG221", "one-operation", "expected one operation")
TWO_OPERANDS = _code("BG222", "two-operands", "… takes two indicators, got …")
EXPECTED_BLOCK = _code("BG223", "expected-block", "expected a paragraph `{zh: …, en: …}` or a block (…)")
UNKNOWN_BLOCK = _code("BG224", "unknown-block", "unknown block '…'")
DISTRIBUTION_EMPTY = _code("BG225", "distribution-empty", "distribution: names no one")
EDITION_NUMBER_MISMATCH = _code("BG226", "edition-number-mismatch", "the edition is in editions/… but says number: …")
BARS_FOR_SERIES = _code("BG227", "bars-for-series", "… bars for … series")
COLUMN_HEADS = _code("BG228", "column-heads", "… column heads for a table of two")

# -- 3: text and inline markup -------------------------------------------------------------------------------------
HIDDEN_CHARACTER = _code("BG301", "hidden-character", "… U+… (…) is in the text")
MARKUP_NOT_HERE = _code("BG302", "markup-not-here",
                        "'…' would be printed as it is: placeholders, bold and links work only in paragraphs, "
                        "list items and quotations")
STRAIGHT_QUOTE = _code("BG303", "straight-quote", "straight quote or apostrophe in … text", "warning")
LINK_TARGET = _code("BG304", "link-target", "link target '…' is not allowed")
EMPTY_LINK = _code("BG305", "empty-link", "a link with no text would print nothing")
UNCLOSED_MARKUP = _code("BG306", "unclosed-markup", "… is opened here but never closed")
EMPTY_PLACEHOLDER = _code("BG307", "empty-placeholder", "an empty placeholder '{}'")

# -- 4: references -------------------------------------------------------------------------------------------------
UNKNOWN_TERM = _code("BG401", "unknown-glossary-term", "unknown glossary term '…'")
UNKNOWN_SOURCE = _code("BG402", "unknown-source", "unknown source '…'")
UNKNOWN_INDICATOR = _code("BG403", "unknown-indicator", "unknown indicator '…'")
UNKNOWN_CHART = _code("BG404", "unknown-chart", "unknown chart '…'")
WRONG_TABLE = _code("BG405", "wrong-table", "'…' names a…, not a…")
DERIVATION_CIRCLE = _code("BG406", "derivation-circle", "the figures are computed from one another in a circle: …")
UNKNOWN_SECTION = _code("BG407", "unknown-section", "unknown section '{sec:…}'")
CHART_NOT_PLACED = _code("BG408", "chart-not-placed", "{fig:…} cites a chart this edition does not place")
CHART_PLACED_TWICE = _code("BG409", "chart-placed-twice", "chart '…' is placed a second time in this edition")
SECTION_ID_TWICE = _code("BG410", "section-id-twice", "section id '…' is used twice in this edition")
PART_OUTSIDE = _code("BG411", "part-outside", "part file '…' is not a file of this edition's folder")
PART_NOT_FOUND = _code("BG412", "part-not-found", "part file '…' not found in …")

# -- 5: figures ----------------------------------------------------------------------------------------------------
VINTAGES_OUT_OF_ORDER = _code("BG501", "vintages-out-of-order",
                              "the values' `as_of` dates must each be later than the one before")
DIFFERENCE_UNITS = _code("BG502", "difference-units",
                         "difference needs a % figure then a % or 个百分点 figure, got … and …")
FIGURE_WITHOUT_YEAR = _code("BG503", "figure-without-year", "'…' has no year; give it `year:` or `assumed_year:`…")
YEARS_OUT_OF_ORDER = _code("BG504", "years-out-of-order", "'…' (…) must come after '…' (…)…")
NOT_MONEY = _code("BG505", "not-money", "'…' is in …; growth and multiples need amounts of money…")
NOT_POSITIVE = _code("BG506", "not-positive", "'…' must be positive to compute growth…")
CLAIM_DISAGREES = _code("BG507", "claim-disagrees", "the source states …, but … implies …", "warning")
NOTHING_TO_EXPLAIN = _code("BG508", "nothing-to-explain", "the stated figure agrees with its data")
NO_VALUE_AS_OF = _code("BG509", "no-value-as-of", "'…' has no value as of …")
CHART_NOT_DRAWABLE = _code("BG510", "chart-not-drawable", "chart '…' cannot be drawn as of …: …")
AS_OF_AFTER_DATE = _code("BG511", "as-of-after-date", "as_of … is after the edition's date …")
MIXED_UNITS = _code("BG512", "mixed-units", "these figures mix units (…)")
UNDATED_POINTS = _code("BG513", "undated-points", "… has no year")

# -- 6: parity of Chinese and English ------------------------------------------------------------------------------
PARITY_PLACEHOLDERS = _code("BG601", "parity-placeholders", "… is in … but not in …")
PARITY_NUMBERS = _code("BG602", "parity-numbers", "the numbers differ: …")
PARITY_PINYIN = _code("BG603", "parity-pinyin", "'…' is a pinyin form of …, whose official English is …")
PARITY_GLOSSARY = _code("BG604", "parity-glossary", "… names … (…), but … writes …")
PARITY_NEEDLESS = _code("BG605", "parity-needless-exception", "'…' is ignored here, but zh and en agree on it")
PARITY_NO_RULE = _code("BG606", "parity-no-rule", "no rule named")

# -- 7: glyph coverage and layout capacity -------------------------------------------------------------------------
NOT_IN_FONTS = _code("BG701", "not-in-fonts", "character …(U+…) is not in the brief's fonts")
MORE_CHARACTERS = _code("BG702", "more-characters", "… more characters like these are in the text")
TEXT_TOO_LONG = _code("BG711", "text-too-long", "the text is … characters long; at most … fit here")
LIST_TOO_LONG = _code("BG712", "list-too-long", "the list has … items; at most … fit here")
NAME_TOO_LONG = _code("BG713", "name-too-long", "the name of '…' is longer than … characters, too long here")
DIAGRAM_TOO_TALL = _code("BG714", "diagram-too-tall", "the diagram is taller than a page (…)")

# -- 8: published editions -----------------------------------------------------------------------------------------
RECORD_UNREADABLE = _code("BG801", "record-unreadable", "…: the record of publication cannot be read (…)")
PUBLISHED_CHANGED = _code("BG802", "published-changed", "this changes what published edition … prints (published …)")
PUBLISHED_GONE = _code("BG803", "published-gone", "published edition … prints this, and it is gone")
PUBLISHED_BY_OTHER = _code("BG804", "published-by-other",
                           "edition … was published with briefgen … and fonts …; this is briefgen … with fonts …, "
                           "which may not set it to the same bytes, so build leaves its published PDFs alone",
                           "warning")

# -- 9: the line-breaking rules `briefgen lint` checks -------------------------------------------------------------
LINE_START = _code("BG901", "line-start", "a line starts with a mark that may not start a line: …")
LINE_END = _code("BG902", "line-end", "a line ends with a mark that may not end a line: …")
SPLIT_WORD = _code("BG903", "split-word", "a word is carried over without a hyphen at one of its hyphenation points: …")
SPLIT_NUMBER = _code("BG904", "split-number", "a number is parted from its unit, sign or word: …")
JUSTIFY = _code("BG905", "justify", "a line of Chinese ends off the right margin: …")


def area_codes(*areas: str) -> list[Code]:
    """The codes of these areas ("1", "2", …), in order."""
    return [code for code in CODES.values() if code.id[2] in areas]


CONTENT_AREAS = tuple("12345678")


def markdown() -> str:
    """The table of codes as content/README.md shows it, an area at a time."""
    lines = []
    for digit, title in AREAS.items():
        said = "means" if digit == "0" else "says"  # a failure's message is its own line; the others read so
        lines += ["", f"**BG{digit}xx — {title}**", "", f"| code | name | {said} |", "|---|---|---|"]
        for code in area_codes(digit):
            warning = " (a warning)" if code.severity == "warning" else ""
            lines.append(f"| {code.id} | `{code.name}` | {code.says.replace('|', '&#124;')}{warning} |")
    return "\n".join(lines[1:]) + "\n"
