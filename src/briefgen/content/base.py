"""The readers' shared ground: files, keyed tables, lists and references, located."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from yaml.nodes import Node, ScalarNode

from ..diagnostics import Diagnostic, did_you_mean
from ..model import (
    Chart,
    Indicator,
    Source,
    Term,
    Text,
)
from .nodes import GlyphCheck, YamlFile, join

T = TypeVar("T")


class ReaderBase:
    """State shared by the readers: the content folder, the diagnostics, the tables read so far."""

    def __init__(self, root: Path, sink: list[Diagnostic], glyphs: GlyphCheck | None):
        self.root = root
        self.sink = sink
        self.glyphs = glyphs
        self.glossary: dict[str, Term] = {}
        self.sources: dict[str, Source] = {}
        self.indicators: dict[str, Indicator] = {}
        self.charts: dict[str, Chart] = {}
        self.section_ids: set[str] = set()  # `id:`s of the edition being read
        self.section_refs: list = []  # (file, node, path, key, offset) of its `{sec:key}`s
        self.unreadable: set[int] = set()  # id() of the tables whose file could not be parsed
        self.declared: set[str] = set()  # every key written, valid or not: a broken entry is reported once
        self.files: list[YamlFile] = []  # every file read, for checks that run once all is read

    # -- files ----------------------------------------------------------------

    def _open(self, path: Path) -> YamlFile | None:
        if not path.is_file():
            self.sink.append(Diagnostic(None, "", f"missing file {self._shown(path)}",
                                        "Create it; see content/README.md for its format."))
            return None
        return self._read(path)

    def _read(self, path: Path) -> YamlFile:
        f = YamlFile(path, self._shown(path), self.sink, self.glyphs)
        self.files.append(f)
        return f

    def _shown(self, path: Path) -> str:
        """Relative to the working directory when inside it, else absolute."""
        path = path.resolve()
        return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)

    def _table(self, name: str, read_entry: Callable[[YamlFile, str, Node], T | None],
               table: dict[str, T]) -> None:
        """Read `key: entry` pairs into table, in file order: an entry may refer to those above it."""
        f = self._open(self.root / name)
        if f is None or f.root is None:
            self.unreadable.add(id(table))  # its error is reported; references into it are not
            return
        entries = f.entries(f.root, "")
        self.declared.update(f"{name}:{key}" for key, _, _ in entries)
        for key, _, node in entries:
            value = read_entry(f, key, node)
            if value is not None:
                table[key] = value

    # -- helpers ------------------------------------------------------------------

    def _list(self, f: YamlFile, node: Node | None, path: str,
              read_item: Callable[[YamlFile, Node, str], T | None]) -> tuple[T, ...] | None:
        if node is None:
            return ()
        items = f.sequence(node, path)
        if items is None:
            return None
        values = [read_item(f, item, join(path, i)) for i, item in enumerate(items)]
        return None if None in values else tuple(values)

    def _ref(self, f: YamlFile, node: Node, path: str, table: dict, what: str) -> str | None:
        key = node.value if isinstance(node, ScalarNode) else None
        if key in table:
            return key
        if self._accounted_for(table, key):
            return None  # defined but broken, or its file unreadable: that error says what to fix
        hint = did_you_mean(str(key), table) or f"Define it first, or use one of: {', '.join(list(table)[:8])}…"
        f.error(node, path, f"unknown {what} '{key}'", hint)
        return None

    def _accounted_for(self, table: dict, key: str) -> bool:
        """Known, or known to be broken (reported already): no further error should name it."""
        return key in table or id(table) in self.unreadable or any(d.endswith(f":{key}") for d in self.declared)

    def _refs(self, f: YamlFile, node: Node, path: str, table: dict, what: str) -> tuple[str, ...] | None:
        return self._list(f, node, path, lambda f, n, p: self._ref(f, n, p, table, what))

    def _title(self, f: YamlFile, node: Node, path: str) -> Text | None:
        """A bilingual title, or a glossary key standing for that term's short name."""
        if isinstance(node, ScalarNode) and node.tag.endswith(":str"):
            key = self._ref(f, node, path, self.glossary, "glossary term")
            return self.glossary[key].short if key else None
        return f.text(node, path)

