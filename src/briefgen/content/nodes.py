"""Typed reading of YAML nodes, keeping every value's file:line:column.
Each `read_*` returns the value, or None after recording a diagnostic, so a
loader can go on and report every problem in one pass.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, did_you_mean
from ..model import Location, Text

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

GlyphCheck = Callable[[str], list[tuple[int, str]]]  # text → (offset, character) no font can draw

KIND_NAMES = {MappingNode: "a mapping (key: value)", SequenceNode: "a list", ScalarNode: "a value"}


def describe(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return f"'{node.value}'" if node.value else "nothing"
    return KIND_NAMES[type(node)]


class YamlFile:
    """One YAML file: its node tree and the diagnostics found reading it."""

    def __init__(self, path: Path, shown_as: str, sink: list[Diagnostic], glyphs: GlyphCheck | None = None):
        self.path = path
        self.name = shown_as
        self.sink = sink
        self.glyphs = glyphs
        self.source = path.read_text(encoding="utf-8")
        self.root = self._compose()
        self.texts: list[tuple[Node, str, dict[str, Node]]] = []  # each {zh, en} read: for the parity check

    def _compose(self) -> Node | None:
        try:
            root = yaml.compose(self.source, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = Location(self.name, mark.line + 1, mark.column + 1) if mark else None
            problem = (err.problem or "invalid YAML").rstrip(".")
            context = f" ({err.context})" if err.context else ""
            self.sink.append(Diagnostic(where, "", f"YAML syntax error: {problem}{context}",
                                        "Check indentation, and quote text that contains ': ' or starts with a symbol."))
            return None
        if root is None:
            self.sink.append(Diagnostic(Location(self.name, 1, 1), "", "the file is empty",
                                        "Add the content or remove the file."))
        return root

    # -- locations and reporting -------------------------------------------

    def where(self, node: Node, offset: int | None = None) -> Location:
        if offset is not None and isinstance(node, ScalarNode):
            return self._where_in_scalar(node, offset)
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def _where_in_scalar(self, node: ScalarNode, offset: int) -> Location:
        """Map a character of a scalar's value back to the file, matching non-blank characters."""
        ordinal = sum(1 for ch in node.value[:offset] if not ch.isspace())
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):  # the text starts on the line after the indicator
            start = self.source.index("\n", start) + 1
        elif node.style in ('"', "'"):
            start += 1
        seen = 0
        for index in range(start, end):
            if self.source[index].isspace():
                continue
            if seen == ordinal:
                line = self.source.count("\n", 0, index)
                column = index - (self.source.rfind("\n", 0, index) + 1)
                return Location(self.name, line + 1, column + 1)
            seen += 1
        return self.where(node)

    def error(self, node: Node, path: str, message: str, fix: str = "", offset: int | None = None) -> None:
        self.sink.append(Diagnostic(self.where(node, offset), path, message, fix))

    def warn(self, node: Node, path: str, message: str, fix: str = "") -> None:
        self.sink.append(Diagnostic(self.where(node), path, message, fix, "warning"))

    # -- typed readers ------------------------------------------------------

    def mapping(self, node: Node, path: str, required: Iterable[str] = (),
                optional: Iterable[str] = ()) -> dict[str, Node] | None:
        """The mapping's keys, checked: unknown keys get a did-you-mean, missing ones a fix."""
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected a mapping (key: value), got {describe(node)}",
                       "Write one `key: value` per line.")
            return None
        required, allowed = tuple(required), (*required, *optional)
        found: dict[str, Node] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_path = join(path, key)
            if key in found:
                self.error(key_node, key_path, f"key '{key}' appears twice", "Keep one of them.")
            elif allowed and key not in allowed:
                hint = did_you_mean(key, allowed)
                suggested.add(hint.split("'")[1] if hint else "")
                hint = hint or f"Allowed keys: {', '.join(allowed)}."
                if node.flow_style and value_node.tag.endswith(":null"):
                    hint = "Inside `{…}` a comma ends the value: put text that contains a comma in quotes."
                self.error(key_node, key_path, f"unknown key '{key}'", hint)
            else:
                found[key] = value_node
        for key in required:
            if key not in found and key not in suggested:  # a misspelling was already reported
                self.error(node, path, f"missing '{key}'", f"Add `{key}:` here.")
        return found if all(key in found for key in required) else None

    def entries(self, node: Node | None, path: str) -> list[tuple[str, Node, Node]]:
        """A keyed table (`key: {...}` per entry): (key, key node, value node) in file order."""
        if node is None:
            return []
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected entries `key: ...`, got {describe(node)}")
            return []
        seen: set[str] = set()
        result = []
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                self.error(key_node, join(path, key), f"key '{key}' appears twice", "Keys must be unique.")
                continue
            seen.add(key)
            result.append((key, key_node, value_node))
        return result

    def sequence(self, node: Node, path: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"expected a list, got {describe(node)}",
                       "Write one item per line, each starting with '- '.")
            return None
        return list(node.value)

    def string(self, node: Node, path: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag != STR_TAG or not node.value.strip():
            self.error(node, path, f"expected text, got {describe(node)}",
                       "Write the text, quoted if it looks like a number or date.")
            return None
        self._check_glyphs(node, path)
        return node.value.strip()

    def _check_glyphs(self, node: ScalarNode, path: str) -> None:
        for offset, char in self.glyphs(node.value) if self.glyphs else ():
            self.error(node, path, f"character '{char}' (U+{ord(char):04X}) is not in the brief's fonts",
                       "Use a common form of the character or describe it in words: "
                       "the brief never prints a missing-glyph box.", offset=offset)

    def number(self, node: Node, path: str) -> Decimal | None:
        """A YAML number, read exactly from its digits (no binary floating point)."""
        if isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG):
            try:
                return Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                pass
        self.error(node, path, f"expected a number, got {describe(node)}",
                   "Write the number alone (8000, 1.5) and put the unit in `unit:`.")
        return None

    def integer(self, node: Node, path: str) -> int | None:
        if isinstance(node, ScalarNode) and node.tag == INT_TAG:
            return int(node.value.replace("_", ""))
        self.error(node, path, f"expected a whole number, got {describe(node)}")
        return None

    def date(self, node: Node, path: str) -> datetime.date | None:
        if isinstance(node, ScalarNode) and node.tag == TIMESTAMP_TAG:
            try:
                return datetime.date.fromisoformat(node.value[:10])
            except ValueError:
                pass
        self.error(node, path, f"expected a date, got {describe(node)}", "Write it as YYYY-MM-DD, e.g. 2026-11-28.")
        return None

    def choice(self, node: Node, path: str, options: Iterable[str]) -> str | None:
        options = tuple(options)
        value = node.value if isinstance(node, ScalarNode) else None
        if value in options:
            return value
        hint = did_you_mean(str(value), options) or f"Choose one of: {', '.join(options)}."
        self.error(node, path, f"'{value}' is not allowed here" if value else f"expected one of {', '.join(options)}", hint)
        return None

    def text(self, node: Node, path: str) -> Text | None:
        """A bilingual field {zh: ..., en: ...}; both languages required and non-empty."""
        if isinstance(node, ScalarNode):
            self.error(node, path, f"expected both languages, got {describe(node)}",
                       "Write it as `{zh: 中文, en: English}`.")
            return None
        fields = self.mapping(node, path, required=("zh", "en"), optional=("parity",))
        if fields is None:
            return None
        zh, en = self.string(fields["zh"], join(path, "zh")), self.string(fields["en"], join(path, "en"))
        if zh and en:
            self.texts.append((node, path, fields))
        if en and ('"' in en or "'" in en):
            self.warn(fields["en"], join(path, "en"), "straight quote or apostrophe in English text",
                      "Use typographic marks: “ ” ‘ ’ (and ’ for apostrophes).")
        if zh and _wrapped(fields["zh"]):
            zh = unfold_chinese(zh)
        return Text(zh, en, self.where(node)) if zh and en else None


HAN_GAP = re.compile(r"(?<=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])\s+(?=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef])")


def unfold_chinese(text: str | None) -> str | None:
    """YAML folds a wrapped line into a space; between Chinese characters that space is not text."""
    return HAN_GAP.sub("", text) if text else text


def _wrapped(node: Node) -> bool:
    """Whether YAML may have folded line breaks into the value: only a value written over several
    lines. A space typed inside a one-line value is the author's (殷聪 摄, 任峥 制图) and is kept."""
    return not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
