"""Read a content folder into the model, checking everything and reporting all problems at once."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from .. import codes
from ..diagnostics import ContentError, Diagnostic
from ..model import (
    Library,
)
from .charts import ChartsReader
from .editions import EditionReader
from .nodes import Capacity
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


class _Loader(TablesReader, ChartsReader, EditionReader):
    def library(self) -> Library | None:
        if not self.root.is_dir():
            self.sink.append(Diagnostic(codes.NO_CONTENT_FOLDER,
                                        None, "", f"content folder '{self.root}' does not exist",
                                        "Pass the folder that holds glossary.yaml and editions/."))
            return None
        self._table("glossary.yaml", self._term, self.glossary)
        self._table("sources.yaml", self._source, self.sources)
        self._indicators()
        self._table("charts.yaml", self._chart, self.charts)
        editions = [self.reported(self._shown(path), self._edition, path) for path in self._edition_files()]
        return Library(self.glossary, self.sources, self.indicators, self.charts, tuple(e for e in editions if e))

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

