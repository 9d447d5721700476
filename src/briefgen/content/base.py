"""The readers' shared ground: files, keyed tables, lists and references, located."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from yaml.nodes import Node, ScalarNode

from .. import codes
from ..codes import Code
from ..diagnostics import Diagnostic, did_you_mean
from ..model import (
    Chart,
    Indicator,
    Source,
    Term,
    Text,
)
from .limits import LIMITS
from .nodes import Capacity, YamlFile, describe, join

T = TypeVar("T")


class ReaderBase:
    """State shared by the readers: the content folder, the diagnostics, the tables read so far."""

    def __init__(self, root: Path, sink: list[Diagnostic], capacity: Capacity | None):
        self.root = root
        self.sink = sink
        self.capacity = capacity
        self.fingerprints = True  # every edition's, or only a published one's (publish and diff need them all)
        self.glossary: dict[str, Term] = {}
        self.sources: dict[str, Source] = {}
        self.indicators: dict[str, Indicator] = {}
        self.charts: dict[str, Chart] = {}
        self.section_ids: set[str] = set()  # `id:`s of the edition being read
        self.section_refs: list = []  # (file, node, path, key, offset) of its `{sec:key}`s
        self.chart_mentions: list = []  # ... and of its `{fig:key}`s
        self.placed: set[str] = set()  # the charts its `- chart:` blocks place
        self.namespaces: dict[int, str] = {id(self.glossary): "glossary term", id(self.sources): "source",
                                           id(self.indicators): "indicator", id(self.charts): "chart"}
        self.declared: dict[str, set[str]] = {}  # namespace → every key written, valid or not
        self.unreadable: set[str] = set()  # namespaces whose file could not be read: its error says so
        self.files: list[YamlFile] = []  # every file read, for checks that run once all is read
        self.cascades = 0  # references to entries that are broken (and say so themselves)
        # What refers to what, for the fingerprint of a published edition (content/published.py):
        self.uses: list[tuple[str, str]] = []  # (namespace, key) of every reference resolved, in order
        self.entry_nodes: dict[tuple[str, str], tuple[YamlFile, Node]] = {}  # each table entry as written
        self.entry_uses: dict[tuple[str, str], list[tuple[str, str]]] = {}  # what each entry refers to

    # -- files ----------------------------------------------------------------

    def _open(self, path: Path) -> YamlFile | None:
        if not path.is_file():
            self.sink.append(Diagnostic(codes.MISSING_FILE, None, "", f"missing file {self._shown(path)}",
                                        "Create it; see content/README.md for its format."))
            return None
        return self._read(path)

    def _read(self, path: Path) -> YamlFile:
        f = YamlFile(path, self._shown(path), self.sink, self.capacity)
        self.files.append(f)
        return f

    def _shown(self, path: Path) -> str:
        """Relative to the working directory when inside it, else absolute."""
        path = path.resolve()
        return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)

    def _table(self, name: str, read_entry: Callable[[YamlFile, str, Node], T | None],
               table: dict[str, T], namespace: str | None = None) -> None:
        """Read `key: entry` pairs into table, in file order; namespace defaults to the table's own."""
        namespace = namespace or self.namespaces[id(table)]
        f = self._open(self.root / name)
        if f is None or f.root is None:
            self.unreadable.add(namespace)  # its error is reported; references into it are not
            return
        entries = f.entries(f.root, "")
        self.declared[namespace] = {key for key, _, _ in entries}
        for key, _, node in entries:
            mark = len(self.uses)
            value = self.reported(f"{name}: {key}", read_entry, f, key, node)
            self.entry_nodes[namespace, key] = (f, node)
            self.entry_uses[namespace, key] = self.uses[mark:]
            if value is not None:
                table[key] = value

    def reported(self, what: str, read: Callable[..., T | None], *args: object) -> T | None:
        """read(*args), holding the reader to its word: whatever it drops, it has said why in an error, or it
        refers to something whose own error says why."""
        before, cascades = len(self.sink), self.cascades
        value = read(*args)
        if value is None and self.cascades == cascades and not any(d.severity == "error" for d in self.sink[before:]):
            raise AssertionError(f"the reader dropped {what} without saying why")
        return value

    # -- helpers ------------------------------------------------------------------

    def _list(self, f: YamlFile, node: Node | None, path: str, read_item: Callable[[YamlFile, Node, str], T | None],
              at_least: int = 1, at_most: int | None = None) -> tuple[T, ...] | None:
        """A list of at_least to at_most items (an absent optional list is empty)."""
        if node is None:
            return ()
        items = f.sequence(node, path)
        if items is None:
            return None
        if len(items) < at_least:
            f.error(codes.EMPTY_LIST,
                    node, path, "the list is empty" if not items else f"the list needs at least {at_least} items",
                    "Add the items, or remove the key (or the block) altogether.")
            return None
        if at_most is not None and len(items) > at_most:
            f.error(codes.LIST_TOO_LONG,
                    items[at_most], path, f"the list has {len(items)} items; at most {at_most} fit here",
                    "Shorten it, or split it in two.")
            return None
        values = [read_item(f, item, join(path, i)) for i, item in enumerate(items)]
        read = [value for value in values if value is not None]
        return None if len(read) < len(values) else tuple(read)

    def _ref(self, f: YamlFile, node: Node, path: str, table: dict, what: str) -> str | None:
        """The key of an entry of `table`, checked against that table alone."""
        if not (isinstance(node, ScalarNode) and node.tag.endswith(":str") and node.value.strip()):
            f.error(codes.EXPECTED_KEY,
                    node, path, f"expected the key of a {what}, got {describe(node)}", "Write the key alone.")
            return None
        key = node.value.strip()
        problem = self.unknown(key, table)
        if problem:
            f.error(*problem.at(node, path))
            return None
        if key in table:
            self.uses.append((self.namespaces[id(table)], key))
            return key
        self.cascades += 1  # defined but broken: its own error says what to fix
        return None

    def unknown(self, key: str, table: dict, shown: str | None = None) -> Unknown | None:
        """What is wrong when key names no entry of table, valid or broken; None when it does, or when the
        table's file could not be read (that error is the one to fix). `shown`: the key as written."""
        what, shown = self.namespaces[id(table)], shown or key
        if key in table or key in self.declared.get(what, ()) or what in self.unreadable:
            return None
        known = [*table, *(k for k in self.declared.get(what, ()) if k not in table)]
        elsewhere = [ns for ns, keys in self.declared.items() if ns != what and key in keys]
        if elsewhere:
            return Unknown(codes.WRONG_TABLE, f"'{shown}' names {_a(elsewhere[0])}, not {_a(what)}",
                           f"Name {_a(what)} here{_listing(known)}.")
        hint = did_you_mean(key, known) or f"Define it, or use one of the known {what}s{_listing(known)}."
        return Unknown(UNKNOWN_IN[what], f"unknown {what} '{shown}'", hint)

    def _refs(self, f: YamlFile, node: Node, path: str, table: dict, what: str,
              at_most: int | None = None) -> tuple[str, ...] | None:
        return self._list(f, node, path, lambda f, n, p: self._ref(f, n, p, table, what), at_most=at_most)

    def _title(self, f: YamlFile, node: Node, path: str, limit: int | None = None) -> Text | None:
        """A bilingual title, or a glossary key standing for that term's short name."""
        if isinstance(node, ScalarNode) and node.tag.endswith(":str"):
            key = self._ref(f, node, path, self.glossary, "glossary term")
            if key and limit and max(len(text) for _, text in self.glossary[key].short.by_lang) > limit:
                f.error(codes.NAME_TOO_LONG,
                        node, path, f"the name of '{key}' is longer than {limit} characters, too long here",
                        "Give a short form in the glossary (`short:`), or write a title here.")
                return None
            return self.glossary[key].short if key else None
        return f.text(node, path, limit or LIMITS.line)


@dataclass(frozen=True)
class Unknown:
    """A reference to no entry: its code, message and fix, to be reported where the reference is written."""

    code: Code
    message: str
    fix: str

    def at(self, node: Node, path: str) -> tuple[Code, Node, str, str, str]:
        """The arguments of YamlFile.error for a reference at node."""
        return self.code, node, path, self.message, self.fix


UNKNOWN_IN = {"glossary term": codes.UNKNOWN_TERM, "source": codes.UNKNOWN_SOURCE, "indicator": codes.UNKNOWN_INDICATOR,
              "chart": codes.UNKNOWN_CHART}  # by namespace


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _listing(keys: list[str]) -> str:
    return f": {', '.join(keys[:8])}{'…' if len(keys) > 8 else ''}" if keys else ""
