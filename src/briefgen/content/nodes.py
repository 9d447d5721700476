"""Typed reading of YAML nodes, keeping every value's file:line:column.
Each `read_*` returns the value, or None after recording a diagnostic, so a
loader can go on and report every problem in one pass.
"""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Protocol, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .. import codes, snapshot
from ..codes import Code
from ..diagnostics import Diagnostic, did_you_mean
from ..failures import clip
from ..languages import content_langs, profile
from ..model import Location, Text
from .limits import LIMITS
from .paths import join
from .shapes import TEXT, Shape

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

Option = TypeVar("Option", bound=str)  # one of the values `choice` allows: a str, or a Literal of them



class Capacity(Protocol):
    """What the typesetter can print, asked by the reader, which knows nothing of how it prints: the
    validate stage holds content to these answers so that what `check` passes, `build` sets."""

    def uncovered(self, text: str) -> list[tuple[int, str]]:
        """(offset, character) for each character of text that no font can draw."""

    def diagram_fits(self, columns: dict[str, list[tuple[str, list[str]]]]) -> bool:
        """Whether a diagram of these (heading, items) columns, by language, fits on a page whatever the theme:
        in each language alone, and in all of them at once (a bilingual brief draws it once)."""

    def themes(self) -> tuple[str, ...]:
        """The themes an edition may name (`theme:`), the default first."""

    def identity(self) -> dict[str, str]:
        """What besides the content decides a PDF's bytes: briefgen's version and its fonts."""

KIND_NAMES = {MappingNode: "a mapping (key: value)", SequenceNode: "a list", ScalarNode: "a value"}


DECIMAL = re.compile(r"[-+]?\d+(\.\d+)?\Z")  # what a number is here: no 0x1, 0o17, 1e3, 20:27 or 1_000
WHOLE = re.compile(r"[-+]?\d+\Z")
SEXAGESIMAL = re.compile(r"[-+]?\d+(:[0-5]?\d)+(\.\d*)?\Z")
# White space YAML or an editor may leave in a value; the typesetter knows only the plain space.
FOLDED_SPACE = re.compile(r"[\t\n\r\v\f\x85\u1680\u2000-\u200a\u2028\u2029\u205f ]+")
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE = set("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")  # draw nothing, yet change the text
LIGATURES = set("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")  # ﬁ ﬂ …: readers copy "fi", search misses it
MARKUP = re.compile(r"\{[^{}\s]*\}|\*\*|\]\(")  # placeholders, bold, links: the inline markup of paragraphs
MAX_CHARACTER_ERRORS = 3  # per value: the first few characters no font has, then a count


def describe(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return f"'{clip(node.value, LIMITS.echo)}'" if node.value else "nothing"
    return KIND_NAMES[type(node)]


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode's Cc, but for tab and line ends
HIDDEN = re.compile(f"[{''.join(sorted(BIDI_CONTROLS | INVISIBLE | LIGATURES))}]|{CONTROL.pattern}")


# The node trees of the texts this process has read (a watch reads every file again after each edit): nodes
# are never changed once composed, so a file read again as it was is not parsed again.
_KEPT_FILES = 256
_COMPOSED: dict[tuple[str, object], tuple[list[int], Node]] = {}


class YamlFile:
    """One YAML file: its node tree and the diagnostics found reading it."""

    def __init__(self, path: Path, shown_as: str, sink: list[Diagnostic], capacity: Capacity | None = None):
        self.path = path
        self.name = shown_as
        self.sink = sink
        self.capacity = capacity
        self.texts: list[tuple[Node, str, dict[str, Node]]] = []  # each {zh, en} read: for the parity check
        self.root: Node | None = None
        self.source = self._decoded(path)
        if self.source is None:
            return
        kept = _COMPOSED.get((self.source, LIMITS))
        if kept is not None:
            self._line_starts, self.root = kept
            return
        found = len(sink)
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.source))]
        self.root = self._compose()
        if self.root is not None and len(sink) == found:  # (a text with a problem is read, and told, each time)
            if len(_COMPOSED) >= _KEPT_FILES:
                del _COMPOSED[next(iter(_COMPOSED))]
            _COMPOSED[self.source, LIMITS] = (self._line_starts, self.root)

    def _decoded(self, path: Path) -> str | None:
        """The file as text, or None after saying why it is not UTF-8 YAML an author wrote."""
        try:
            data = snapshot.read_bytes(path)
        except OSError as err:
            self._file_error(codes.FILE_UNREADABLE,
                             1, 1, f"cannot be read ({err.strerror})", "Check the file's permissions.")
            return None
        if len(data) > LIMITS.file_bytes:
            self._file_error(codes.FILE_TOO_LARGE, 1, 1, f"is larger than {LIMITS.file_bytes // 1_000_000} MB",
                             "Split it: a content file holds text, not data dumps.")
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self._file_error(codes.UTF16_FILE, 1, 1, "is UTF-16 text", "Save it as UTF-8 (without BOM).")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
            self._file_error(codes.NOT_UTF8, line, column, f"is not UTF-8 text (byte 0x{data[err.start]:02x})",
                             "Save it as UTF-8; a binary file does not belong in the content.")
            return None
        control = CONTROL.search(text)
        if control is not None:
            bad = control.start()
            line = text.count("\n", 0, bad) + 1
            self._file_error(codes.CONTROL_CHARACTER, line, bad - (text.rfind("\n", 0, bad) + 1) + 1,
                             f"holds an invisible control character U+{ord(text[bad]):04X}", "Delete it.")
            return None
        return text

    def _file_error(self, code: Code, line: int, column: int, problem: str, fix: str) -> None:
        self.sink.append(Diagnostic(code, Location(self.name, line, column), "", f"the file {problem}", fix))

    def _compose(self) -> Node | None:
        assert self.source is not None  # composed only once the file is decoded
        try:
            root = _fast_compose(self.source)
        except (yaml.YAMLError, RecursionError):  # reported as the reference parser words it: below
            root = _MISSING
        try:
            if root is _MISSING:
                root = yaml.compose(self.source, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = Location(self.name, mark.line + 1, mark.column + 1) if mark else None
            problem = clip((err.problem or "invalid YAML").rstrip("."), LIMITS.echo)
            context = f" ({clip(err.context, LIMITS.echo)})" if err.context else ""
            fix = "Check indentation, and quote text that contains ': ' or starts with a symbol."
            self.sink.append(Diagnostic(codes.YAML_SYNTAX, where, "", f"YAML syntax error: {problem}{context}", fix))
            return None
        except yaml.YAMLError as err:
            self.sink.append(Diagnostic(codes.YAML_ERROR, Location(self.name, 1, 1), "",
                                        f"YAML error: {clip(str(err), LIMITS.echo)}",
                                        "Save the file as plain UTF-8 YAML."))
            return None
        except RecursionError:
            self._file_error(codes.TOO_DEEP,
                             1, 1, "nests too deeply to read", f"Keep nesting under {LIMITS.depth} levels.")
            return None
        if root is None:
            self.sink.append(Diagnostic(codes.EMPTY_FILE, Location(self.name, 1, 1), "", "the file is empty",
                                        "Add the content or remove the file."))
        return root if root is None or self._bounded(root) else None

    def _bounded(self, root: Node) -> bool:
        """Refuse a document nested too deeply or whose aliases (*name) expand it beyond the limits, before
        any work is spent on it: sizes are counted once per distinct node, in linear time."""
        depth: dict[int, int] = {}
        stack = [(root, 1)]
        order: list[Node] = []
        while stack:
            node, level = stack.pop()
            if id(node) in depth:
                continue
            if level > LIMITS.depth:
                self.error(codes.TOO_DEEP,
                           node, "", f"the content nests deeper than {LIMITS.depth} levels", "Flatten it.")
                return False
            depth[id(node)] = level
            order.append(node)
            stack += [(child, level + 1) for child in _children(node)]
        size: dict[int, tuple[int, int]] = {}  # id → (nodes, characters) once aliases are expanded
        for node in reversed(order):
            parts = [size.get(id(c), (1, len(c.value) if isinstance(c, ScalarNode) else 0)) for c in _children(node)]
            own = len(node.value) if isinstance(node, ScalarNode) else 0
            size[id(node)] = (1 + sum(p[0] for p in parts), own + sum(p[1] for p in parts))
        nodes, characters = size[id(root)]
        assert self.source is not None  # there are nodes only in a file that was decoded
        budget = max(LIMITS.expanded_characters, 4 * len(self.source))
        if nodes > LIMITS.expanded_nodes or characters > budget:
            self.error(codes.ALIAS_EXPANSION,
                       root, "", f"aliases (*name) expand this file to {nodes:,} values and {characters:,} "
                                 f"characters, beyond the limits ({LIMITS.expanded_nodes:,} values, {budget:,} "
                                 f"characters)", "Write each text where it is used instead of repeating an alias.")
            return False
        return True

    # -- locations and reporting -------------------------------------------

    def where(self, node: Node, offset: int | None = None) -> Location:
        if offset is not None and isinstance(node, ScalarNode):
            return self._where_in_scalar(node, offset)
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def _where_in_scalar(self, node: ScalarNode, offset: int) -> Location:
        """Map a character of a scalar's value back to the file, matching non-blank characters."""
        ordinal = sum(1 for ch in node.value[:offset] if not ch.isspace())
        start, end = node.start_mark.index, node.end_mark.index
        assert self.source is not None  # a node comes from the file's decoded text
        if node.style in ("|", ">"):  # the text starts on the line after the indicator
            start = self.source.index("\n", start) + 1
        elif node.style in ('"', "'"):
            start += 1
        seen = 0
        for index in range(start, end):
            if self.source[index].isspace():
                continue
            if seen == ordinal:
                line = bisect.bisect_right(self._line_starts, index) - 1
                return Location(self.name, line + 1, index - self._line_starts[line] + 1)
            seen += 1
        return self.where(node)

    def error(self, code: Code, node: Node, path: str, message: str, fix: str = "", offset: int | None = None) -> None:
        self.sink.append(Diagnostic(code, self.where(node, offset), path, message, fix))

    def warn(self, code: Code, node: Node, path: str, message: str, fix: str = "") -> None:
        self.sink.append(Diagnostic(code, self.where(node), path, message, fix, "warning"))

    # -- typed readers ------------------------------------------------------

    def mapping(self, node: Node, path: str, shape: Shape) -> dict[str, Node] | None:
        """The mapping's keys, checked against its declared shape (content/shapes.py): unknown keys get a
        did-you-mean, missing ones a fix."""
        if not isinstance(node, MappingNode):
            got = "plain text" if node is self.root and isinstance(node, ScalarNode) else describe(node)
            self.error(codes.EXPECTED_MAPPING,
                       node, path, f"expected a mapping (key: value), got {got}", "Write one `key: value` per line.")
            return None
        required, allowed = shape.required, (*shape.required, *shape.optional)
        found: dict[str, Node] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_path = join(path, key)
            if key in found:
                self.error(codes.DUPLICATE_KEY, key_node, key_path, f"key '{key}' appears twice", "Keep one of them.")
            elif allowed and key not in allowed:
                hint = did_you_mean(key, allowed)
                suggested.add(hint.split("'")[1] if hint else "")
                hint = hint or f"Allowed keys: {', '.join(allowed)}."
                if node.flow_style and value_node.tag.endswith(":null"):
                    hint = "Inside `{…}` a comma ends the value: put text that contains a comma in quotes."
                self.error(codes.UNKNOWN_KEY, key_node, key_path, f"unknown key '{key}'", hint)
            else:
                found[key] = value_node
        for key in required:
            if key not in found and key not in suggested:  # a misspelling was already reported
                self.error(codes.MISSING_KEY, node, path, f"missing '{key}'", f"Add `{key}:` here.")
        return found if all(key in found for key in required) else None

    def entries(self, node: Node | None, path: str) -> list[tuple[str, Node, Node]]:
        """A keyed table (`key: {...}` per entry): (key, key node, value node) in file order."""
        if node is None:
            return []
        if not isinstance(node, MappingNode):
            got = "plain text" if node is self.root and isinstance(node, ScalarNode) else describe(node)
            self.error(codes.EXPECTED_ENTRIES, node, path, f"expected entries `key: ...`, got {got}")
            return []
        seen: set[str] = set()
        result = []
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                self.error(codes.DUPLICATE_KEY,
                           key_node, join(path, key), f"key '{key}' appears twice", "Keys must be unique.")
                continue
            seen.add(key)
            result.append((key, key_node, value_node))
        return result

    def sequence(self, node: Node, path: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.error(codes.EXPECTED_LIST, node, path, f"expected a list, got {describe(node)}",
                       "Write one item per line, each starting with '- '.")
            return None
        return list(node.value)

    def string(self, node: Node, path: str, limit: int | None = None) -> str | None:
        """Text as the typesetter will set it: white space folded to plain spaces, nothing invisible or
        unprintable, at most `limit` characters (LIMITS.text by default)."""
        if not isinstance(node, ScalarNode) or node.tag != STR_TAG or not node.value.strip():
            self.error(codes.EXPECTED_TEXT, node, path, f"expected text, got {describe(node)}",
                       "Write the text, quoted if it looks like a number or date.")
            return None
        limit = limit or LIMITS.text
        if len(node.value) > limit:
            self.error(codes.TEXT_TOO_LONG,
                       node, path, f"the text is {len(node.value):,} characters long; at most {limit:,} fit here",
                       "Shorten it, or split a paragraph in two.")
            return None
        text = as_read(node)
        return text if self._printable(node, path, text) else None

    def _printable(self, node: ScalarNode, path: str, text: str) -> bool:
        """Report characters that would vanish, reorder the line, or print as a missing-glyph box."""
        hidden = [(m.start(), m.group()) for m in HIDDEN.finditer(text)]
        for offset, char in hidden[:MAX_CHARACTER_ERRORS]:
            what = "a text-direction control" if char in BIDI_CONTROLS else \
                "a ligature character (write its letters)" if char in LIGATURES else "an invisible character"
            name = unicodedata.name(char, "a control character")
            self.error(codes.HIDDEN_CHARACTER, node, path, f"{what} U+{ord(char):04X} ({name}) is in the text",
                       "Delete it: it would not print, yet it changes what readers copy or how the line reads.",
                       offset=self._offset(node, text, offset))
        shown = {i for i, _ in hidden}
        missing = [(i, c) for i, c in self.capacity.uncovered(text) if i not in shown] if self.capacity else []
        for offset, char in missing[:MAX_CHARACTER_ERRORS]:
            quoted = f"'{char}' " if char.isprintable() else ""
            self.error(codes.NOT_IN_FONTS,
                       node, path, f"character {quoted}(U+{ord(char):04X}) is not in the brief's fonts",
                       "Use a common form of the character or describe it in words: "
                       "the brief never prints a missing-glyph box.", offset=self._offset(node, text, offset))
        more = len(hidden) + len(missing) - 2 * MAX_CHARACTER_ERRORS
        if len(hidden) > MAX_CHARACTER_ERRORS or len(missing) > MAX_CHARACTER_ERRORS:
            self.error(codes.MORE_CHARACTERS,
                       node, path, f"{max(more, 1)} more characters like these are in the text", "Remove them all.")
        return not (hidden or missing)

    @staticmethod
    def _offset(node: ScalarNode, text: str, offset: int) -> int:
        """An offset in the folded text as an offset in the node's value (same non-blank characters)."""
        ordinal = sum(1 for ch in text[:offset] if not ch.isspace())
        for index, char in enumerate(node.value):
            if not char.isspace():
                if ordinal == 0:
                    return index
                ordinal -= 1
        return 0

    def number(self, node: Node, path: str) -> Decimal | None:
        """A decimal number, read exactly from its digits (no binary floating point), within the limits."""
        if isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG) and DECIMAL.match(node.value):
            value = Decimal(node.value)
            if abs(value) < LIMITS.largest_number:
                return value
            self.error(codes.NUMBER_TOO_LARGE,
                       node, path, f"{describe(node)} is too large", f"Numbers stay under {LIMITS.largest_number:,}: "
                       "state a large amount in a larger unit (万亿元).")
            return None
        self.error(codes.EXPECTED_NUMBER, node, path, f"expected a number, got {describe(node)}", _number_fix(node))
        return None

    def integer(self, node: Node, path: str, low: int | None = None, high: int | None = None) -> int | None:
        """A whole number written in decimal digits, within [low, high] when given."""
        if not (isinstance(node, ScalarNode) and node.tag == INT_TAG and WHOLE.match(node.value)):
            self.error(codes.EXPECTED_WHOLE_NUMBER,
                       node, path, f"expected a whole number, got {describe(node)}", _number_fix(node))
            return None
        value = int(node.value)
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(codes.OUT_OF_RANGE,
                       node, path, f"{value} is out of range", f"Give a whole number from {low} to {high}.")
            return None
        return value

    def date(self, node: Node, path: str) -> datetime.date | None:
        if isinstance(node, ScalarNode) and node.tag == TIMESTAMP_TAG:
            try:
                return datetime.date.fromisoformat(node.value[:10])
            except ValueError:
                pass
        self.error(codes.EXPECTED_DATE,
                   node, path, f"expected a date, got {describe(node)}", "Write it as YYYY-MM-DD, e.g. 2026-11-28.")
        return None

    def choice(self, node: Node, path: str, options: Iterable[Option]) -> Option | None:
        options = tuple(options)
        value = node.value if isinstance(node, ScalarNode) else None
        if value in options:
            return value
        hint = did_you_mean(str(value), options) or f"Choose one of: {', '.join(options)}."
        problem = f"'{value}' is not allowed here" if value else f"expected one of {', '.join(options)}"
        self.error(codes.NOT_ALLOWED, node, path, problem, hint)
        return None

    def text(self, node: Node, path: str, limit: int | None = None, markup: bool = False) -> Text | None:
        """A bilingual field {zh: ..., en: ...}; both languages required, non-empty, within `limit`. Unless
        `markup` (paragraphs, list items, quotations), placeholders and marks are refused: they would print
        as typed."""
        if isinstance(node, ScalarNode):
            self.error(codes.EXPECTED_BOTH_LANGUAGES, node, path, f"expected both languages, got {describe(node)}",
                       "Write it as `{zh: 中文, en: English}`.")
            return None
        langs = content_langs()
        fields = self.mapping(node, path, TEXT)
        if fields is None:
            return None
        values = {lang: self.string(fields[lang], join(path, lang), limit) for lang in langs}
        if all(values.values()):
            self.texts.append((node, path, fields))
        for lang, value in values.items():
            if value and not profile(lang).cjk and ('"' in value or "'" in value):
                self.warn(codes.STRAIGHT_QUOTE,
                          fields[lang], join(path, lang), f"straight quote or apostrophe in {lang} text",
                          "Use typographic marks: “ ” ‘ ’ (and ’ for apostrophes).")
        plain = markup or all(self.unmarked(fields[lang], join(path, lang), v) for lang, v in values.items() if v)
        if not (all(values.values()) and plain):
            return None
        return Text.of({lang: str(v) for lang, v in values.items()}, self.where(node))

    def unmarked(self, node: Node, path: str, text: str) -> bool:
        """Whether text is free of markup, which would print as typed here; reports it when it is not."""
        found = MARKUP.search(text)
        if found:
            self.error(codes.MARKUP_NOT_HERE,
                       node, path, f"'{found.group(0)}' would be printed as it is: placeholders, bold and links work "
                       "only in paragraphs, list items and quotations",
                       "Write the words themselves here (a figure's value, the text without **).")
        return found is None


def _number_fix(node: Node) -> str:
    if isinstance(node, ScalarNode) and SEXAGESIMAL.match(node.value):
        return f"YAML reads {node.value} as a base-60 number: write a plain number, or quote it if it is text."
    if isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG):
        return "Write it in plain decimal digits (8000, 1.5): no 0x, 0o, exponents or underscores."
    return "Write the number alone (8000, 1.5) and put the unit in `unit:`."


_MISSING = Node("", None, None, None)  # stands for "the fast parser declined"


_LibyamlParser: type | None
try:  # libyaml's parser, when PyYAML was built with it
    from yaml._yaml import CParser as _LibyamlParser
except ImportError:  # the reference parser reads alone
    _LibyamlParser = None


class _EventLoader(yaml.composer.Composer, yaml.resolver.Resolver):
    """libyaml's scanner and parser under PyYAML's own composer and resolver: the same nodes, marks and tags
    as yaml.SafeLoader gives (tests/test_hostile.py compares them), several times faster, and composed in
    Python, so a file nested too deeply still ends in RecursionError rather than overflowing C's stack."""

    def __init__(self, stream: str):
        assert _LibyamlParser is not None  # used only where libyaml is there
        self._events = _LibyamlParser(stream)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def check_event(self, *choices):  # the parser's three calls the composer makes, passed to libyaml's
        return self._events.check_event(*choices)

    def peek_event(self):
        return self._events.peek_event()

    def get_event(self):
        return self._events.get_event()

    def dispose(self) -> None:
        self._events.dispose()

    def compose_scalar_node(self, anchor):  # untyped: the stubs give `anchor` the wrong type
        node = super().compose_scalar_node(anchor)
        node.style = node.style or None  # libyaml says "" where PyYAML says None: a plain scalar
        return node


def _fast_compose(text: str) -> Node | None:
    """The document's node tree through libyaml where it is there and the text is one PyYAML accepts as it
    stands; _MISSING otherwise, so that the reference parser reads (and words any error) as before."""
    if _LibyamlParser is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return _MISSING
    return yaml.compose(text, Loader=_EventLoader)  # type: ignore[arg-type]  # (the stubs list PyYAML's own)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


HAN_GAP = re.compile(r"(?<=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])\s+(?=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])")


def as_read(node: ScalarNode) -> str:
    """A value as the reader takes it: white space folded to single spaces and, in a value written over
    several lines, the spaces YAML's folding left between Chinese characters removed. The fingerprint of a
    published edition hashes exactly this, so it sees what the reader sees."""
    text = FOLDED_SPACE.sub(" ", node.value).strip()
    return unfold_chinese(text) or "" if _wrapped(node) else text


def unfold_chinese(text: str | None) -> str | None:
    """YAML folds a wrapped line into a space; between Chinese characters that space is not text."""
    return HAN_GAP.sub("", text) if text else text


def _wrapped(node: Node) -> bool:
    """Whether YAML may have folded line breaks into the value: only a value written over several
    lines. A space typed inside a one-line value is the author's (殷聪 摄, 任峥 制图) and is kept."""
    return not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line
