"""Read a content folder into the model, checking everything and reporting all problems at once."""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import codes, snapshot
from ..diagnostics import ContentError, Diagnostic
from ..model import (
    Library,
    Part,
)
from .charts import ChartsReader
from .editions import EditionReader
from .nodes import Capacity, YamlFile
from .parity import check as check_parity
from .tables import TablesReader


def load_library(content_dir: Path, capacity: Capacity | None = None, fingerprints: bool = True
                 ) -> tuple[Library, tuple[Diagnostic, ...]]:
    """The whole content folder; raises ContentError listing every error found.

    capacity, when given, is what the typesetter can print: characters and page room. fingerprints: every
    edition's, else only a published edition's (held to its record)."""
    sink: list[Diagnostic] = []
    reader = _Loader(Path(content_dir), sink, capacity)
    reader.fingerprints = fingerprints
    library = reader.library()
    check_parity(reader.files, reader.glossary)
    sink[:] = dict.fromkeys(sink)  # a figure checked for each edition's date says a thing once
    errors = [d for d in sink if d.severity == "error"]
    if errors or library is None:
        raise ContentError(sink)
    return library, tuple(sink)


EDITION_FOLDER = re.compile(r"\d{2,3}")  # editions/01 … editions/999
TABLE_FILES = ("glossary.yaml", "sources.yaml", "indicators.yaml", "charts.yaml")
_INPUTS = {"root", "sink", "capacity", "fingerprints", "namespaces", "tables_key"}  # given, or made anew
_TABLES_READ: dict[tuple[object, ...], tuple[dict[str, object], tuple[Diagnostic, ...]]] = {}
_PARTS_READ: dict[tuple[object, ...], _PartRead] = {}
_KEPT_PARTS = 64


def _copied(value: object) -> object:
    return type(value)(value) if isinstance(value, (dict, list, set)) else value


class _Loader(TablesReader, ChartsReader, EditionReader):
    def library(self) -> Library | None:
        if not self.root.is_dir():
            self.sink.append(Diagnostic(codes.NO_CONTENT_FOLDER,
                                        None, "", f"content folder '{self.root}' does not exist",
                                        "Pass the folder that holds glossary.yaml and editions/."))
            return None
        self._tables()
        editions = [self.reported(self._shown(path), self._edition, path) for path in self._edition_files()]
        return Library(self.glossary, self.sources, self.indicators, self.charts, tuple(e for e in editions if e))

    def _tables(self) -> None:
        """The glossary, the sources, the indicators and the charts: read, or, when this process has read the
        same four files without an error (a watch reads everything again after each edit), left as that read
        left them (its warnings said again)."""
        key = self.tables_key = self._tables_key()
        kept = _TABLES_READ.get(key) if key is not None else None
        if kept is not None:
            state, said = kept
            self._restore(state)
            self.sink.extend(said)
            return
        mark = len(self.sink)
        self._table("glossary.yaml", self._term, self.glossary)
        self._table("sources.yaml", self._source, self.sources)
        self._indicators()
        self._table("charts.yaml", self._chart, self.charts)
        said = tuple(self.sink[mark:])
        if key is not None and not any(d.severity == "error" for d in said):
            _TABLES_READ.clear()  # the last read is the one a watch's next build finds
            _TABLES_READ[key] = (self._state(), said)

    def _tables_key(self) -> tuple[object, ...] | None:
        """All the tables' reading depends on: their files' bytes, where they are and are shown from, what the
        typesetter can print and the registries. None when a file cannot be read (its reading says why)."""
        from ..checked import environment_digest

        try:
            files = tuple(snapshot.read_bytes(self.root / name) for name in TABLE_FILES)
        except OSError:
            return None
        return (str(self.root.resolve()), os.getcwd(), self.capacity, self.fingerprints, environment_digest(), files)

    def _state(self) -> dict[str, object]:
        """What reading the tables left, its containers copied (the editions' reading adds to them)."""
        return {name: _copied(value) for name, value in vars(self).items() if name not in _INPUTS}

    def _restore(self, state: dict[str, object]) -> None:
        """The state a read of the tables left, the containers this reader made kept as they are (namespaces
        know the tables by identity) and filled; the files' diagnostics told to this read's sink."""
        for name, value in state.items():
            mine = getattr(self, name, None)
            if isinstance(mine, (dict, set)) and type(mine) is type(value):
                mine.clear()
                mine.update(value)
            elif isinstance(mine, list) and isinstance(value, list):
                mine[:] = value
            else:
                setattr(self, name, _copied(value))
        for f in self.files:
            f.sink = self.sink

    def _part_file(self, target: Path) -> Part | None:
        """A part of an edition: read, or, when this process has read the same file without an error while the
        tables were the same, what that read found and left (a watch's edit changes one part at a time)."""
        try:
            key = (self.tables_key, str(target), snapshot.read_bytes(target)) if self.tables_key is not None else None
        except OSError:
            key = None
        kept = _PARTS_READ.get(key) if key is not None else None
        if kept is not None and kept.fits(self):
            return kept.replay(self)
        before = _PartRead.marks(self)
        part = super()._part_file(target)
        if key is not None and part is not None:
            read = _PartRead.between(before, self, part)
            if not any(d.severity == "error" for d in read.said):
                if len(_PARTS_READ) >= _KEPT_PARTS:
                    _PARTS_READ.clear()
                _PARTS_READ[key] = read
        return part

    def _edition_files(self) -> list[Path]:
        """editions/NN/edition.yaml, in the order of their numbers. A folder there that is not an edition's
        number, holds no edition.yaml or repeats another's number is an error, and so are none at all."""
        folder = self.root / "editions"
        folders = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")] if folder.is_dir() else []
        for odd in (p for p in folders if not EDITION_FOLDER.fullmatch(p.name)):
            self.sink.append(Diagnostic(codes.EDITION_FOLDER_NAME,
                                        None, "", f"{self._shown(odd)}: an edition's folder is named by its number",
                                        "Rename it to the edition's number, e.g. editions/02, or move it out of "
                                        "editions/."))
        numbered = sorted((p for p in folders if EDITION_FOLDER.fullmatch(p.name)), key=lambda p: int(p.name))
        for first, second in itertools.pairwise(numbered):
            if int(first.name) == int(second.name):
                self.sink.append(Diagnostic(codes.EDITION_FOLDER_TWICE,
                                            None, "", f"{self._shown(first)} and {self._shown(second)} are both "
                                            f"edition {int(first.name)}", "Keep one folder per edition number."))
        for lacking in (p for p in numbered if not (p / "edition.yaml").is_file()):
            self.sink.append(Diagnostic(codes.NO_EDITION_YAML, None, "", f"{self._shown(lacking)} has no edition.yaml",
                                        "Add it (see content/README.md, 'An edition'), or remove the folder."))
        if not folders:
            self.sink.append(Diagnostic(codes.NO_EDITIONS, None, "", f"no edition found under {self._shown(folder)}",
                                        "Add editions/NN/edition.yaml."))
        return [p / "edition.yaml" for p in numbered if (p / "edition.yaml").is_file()]


@dataclass(frozen=True)
class _PartRead:
    """What reading a part file found and added to the edition's reading: the part, its file, its warnings,
    its section ids and the charts it places (each unique in the edition), and its references."""

    part: Part
    files: tuple[YamlFile, ...]
    said: tuple[Diagnostic, ...]
    section_ids: frozenset[str]
    section_refs: tuple[object, ...]
    chart_mentions: tuple[object, ...]
    placed: frozenset[str]
    uses: tuple[tuple[str, str], ...]
    cascades: int

    @staticmethod
    def marks(reader: _Loader) -> tuple[int, int, frozenset[str], int, int, frozenset[str], int, int]:
        return (len(reader.files), len(reader.sink), frozenset(reader.section_ids), len(reader.section_refs),
                len(reader.chart_mentions), frozenset(reader.placed), len(reader.uses), reader.cascades)

    @classmethod
    def between(cls, before: tuple[int, int, frozenset[str], int, int, frozenset[str], int, int], reader: _Loader,
                part: Part) -> _PartRead:
        files, sink, ids, refs, mentions, placed, uses, cascades = before
        return cls(part, tuple(reader.files[files:]), tuple(reader.sink[sink:]),
                   frozenset(reader.section_ids) - ids, tuple(reader.section_refs[refs:]),
                   tuple(reader.chart_mentions[mentions:]), frozenset(reader.placed) - placed,
                   tuple(reader.uses[uses:]), reader.cascades - cascades)

    def fits(self, reader: _Loader) -> bool:
        """Whether reading the file now would find what it found then: none of its section ids or placed charts
        is taken by an earlier part of the edition (that is an error, found only by reading)."""
        return self.section_ids.isdisjoint(reader.section_ids) and self.placed.isdisjoint(reader.placed)

    def replay(self, reader: _Loader) -> Part:
        for f in self.files:
            f.sink = reader.sink
        reader.files += self.files
        reader.sink += self.said
        reader.section_ids |= self.section_ids
        reader.section_refs += self.section_refs
        reader.chart_mentions += self.chart_mentions
        reader.placed |= self.placed
        reader.uses += self.uses
        reader.cascades += self.cascades
        return self.part
