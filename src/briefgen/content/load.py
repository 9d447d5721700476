"""Read a content folder into the model, checking everything and reporting all problems at once."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..model import (
    Library,
)
from .charts import ChartsReader
from .editions import EditionReader
from .nodes import GlyphCheck
from .parity import check as check_parity
from .tables import TablesReader


def load_library(content_dir: Path, glyphs: GlyphCheck | None = None) -> tuple[Library, tuple[Diagnostic, ...]]:
    """The whole content folder; raises ContentError listing every error found.

    glyphs, when given, finds the characters of a text that no font can draw."""
    sink: list[Diagnostic] = []
    reader = _Loader(Path(content_dir), sink, glyphs)
    library = reader.library()
    check_parity(reader.files, reader.glossary)
    errors = [d for d in sink if d.severity == "error"]
    if errors or library is None:
        raise ContentError(sink)
    return library, tuple(sink)


class _Loader(TablesReader, ChartsReader, EditionReader):
    def library(self) -> Library | None:
        if not self.root.is_dir():
            self.sink.append(Diagnostic(None, "", f"content folder '{self.root}' does not exist",
                                        "Pass the folder that holds glossary.yaml and editions/."))
            return None
        self._table("glossary.yaml", self._term, self.glossary)
        self._table("sources.yaml", self._source, self.sources)
        self._table("indicators.yaml", self._indicator, self.indicators)
        self._table("charts.yaml", self._chart, self.charts)
        editions = tuple(e for e in map(self._edition, self._edition_files()) if e)
        return Library(self.glossary, self.sources, self.indicators, self.charts, editions)

    def _edition_files(self) -> list[Path]:
        files = sorted((self.root / "editions").glob("*/edition.yaml"))
        if not files:
            self.sink.append(Diagnostic(None, "", f"no edition found under {self._shown(self.root / 'editions')}",
                                        "Add editions/NN/edition.yaml."))
        return files

