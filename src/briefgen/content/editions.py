"""Editions: metadata, parts, sections and their blocks, with inline markup."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from yaml.nodes import MappingNode, Node

from .. import codes, derive
from ..diagnostics import Diagnostic, did_you_mean
from ..failures import clip
from ..languages import content_langs
from ..model import (
    DEFAULT_THEME,
    Block,
    ChartRef,
    Distribution,
    Edition,
    Figures,
    Indicator,
    Items,
    Location,
    Names,
    Para,
    Part,
    Publication,
    Quote,
    RichText,
    Section,
    blocks_of,
    printed_indicators,
)
from . import published, shapes
from .base import ReaderBase, Unknown
from .inline import parse_inline
from .limits import LIMITS
from .nodes import YamlFile, join

if TYPE_CHECKING:
    from .tables import _Draft


class EditionReader(ReaderBase):
    if TYPE_CHECKING:  # the indicators as read, from TablesReader, with which the loader combines this reader
        drafts: dict[str, _Draft]

        def indicators_as_of(self, day: datetime.date | None, edition: str = "") -> dict[str, Indicator]: ...

    def _edition(self, path: Path) -> Edition | None:
        first_file, first_use = len(self.files), len(self.uses)
        f = self._open(path)
        if f is None or f.root is None:
            return None
        fields = f.mapping(f.root, "", shapes.EDITION)
        if fields is None:
            return None
        texts = {k: f.text(fields[k], k, LIMITS.line) for k in ("title", "subtitle", "short_title", "author",
                                                                 "subject")}
        number = self._edition_number(f, fields["number"], path.parent.name)
        date = f.date(fields["date"], "date")
        keywords = self._list(f, fields["keywords"], "keywords", lambda f, n, p: f.text(n, p, LIMITS.line))
        sources = self._refs(f, fields["sources"], "sources", self.sources, "source")
        key_figures = self._refs(f, fields["key_figures"], "key_figures", self.indicators, "indicator",
                                 at_most=LIMITS.key_figures)
        self.section_ids, self.section_refs, self.chart_mentions, self.placed = set(), [], [], set()
        parts = self._list(f, fields["parts"], "parts", lambda f, n, p: self._part(f, n, p, path.parent),
                           at_most=LIMITS.parts)
        references_hold = self._sections_cited() & self._charts_cited(parts)
        as_of = f.date(fields["as_of"], "as_of") if "as_of" in fields else None
        themes = self.capacity.themes() if self.capacity else (DEFAULT_THEME,)
        theme = f.choice(fields["theme"], "theme", themes) if "theme" in fields else DEFAULT_THEME
        distribution = self._distribution(f, fields["distribution"]) if "distribution" in fields else None
        if as_of and date and as_of > date:
            f.error(codes.AS_OF_AFTER_DATE,
                    fields["as_of"], "as_of", f"as_of {as_of} is after the edition's date {date}",
                    "An edition can take its figures as of its date or an earlier day, never a later one.")
            as_of = None
        titles = {k: text for k, text in texts.items() if text is not None}
        if number is None or date is None or keywords is None or sources is None or key_figures is None \
                or parts is None or theme is None or len(titles) < len(texts) \
                or ("distribution" in fields and distribution is None) \
                or not references_hold \
                or ("as_of" in fields and as_of is None):
            return None
        day = as_of or date
        view = self.indicators_as_of(day, path.parent.name)
        dated_by = "as_of" if as_of else "date"
        if not self._figures_known(f, fields[dated_by], dated_by, day, key_figures, parts, view):
            return None
        picked = self._vintages_picked(day)
        vintage_uses = {("indicator", key): [("source", self.drafts[key].vintages[index].source)]
                        for key, index in picked.items() if self.drafts[key].vintages[index].source}
        units = published.fingerprint(self.root, self.files[first_file:], self.uses[first_use:], self.entry_nodes,
                                      self.entry_uses, picked, vintage_uses) \
            if self.fingerprints or (path.parent / published.RECORD).exists() else {}
        publication = self._publication(path.parent, units)
        if publication is False:
            return None
        return Edition(path.parent.name, number, date, **titles, keywords=keywords, sources=sources,
                       key_figures=key_figures, parts=parts, as_of=as_of, theme=theme, distribution=distribution,
                       indicators=view,
                       fingerprint={name: unit.digest for name, unit in units.items()}, publication=publication)

    def _distribution(self, f: YamlFile, node: Node) -> Distribution | None:
        """`distribution:` — to: (报送) and copies: (分送), each a bilingual text; one of them at least."""
        fields = f.mapping(node, "distribution", shapes.DISTRIBUTION)
        if fields is None:
            return None
        if not fields:
            f.error(codes.DISTRIBUTION_EMPTY, node, "distribution", "distribution: names no one",
                    "Give `to:` (报送, those the brief is reported to), `copies:` (分送), or both; or leave "
                    "distribution: out.")
            return None
        lines = {k: f.text(fields[k], join("distribution", k), LIMITS.line) for k in fields}
        if any(text is None for text in lines.values()):
            return None
        return Distribution(lines.get("to"), lines.get("copies"))

    def _vintages_picked(self, day) -> dict[str, int]:
        """For each indicator written with `values:`, which of them an edition of this date prints."""
        picked = {}
        for key, draft in self.drafts.items():
            chosen = draft.vintage(day)
            if "values" in draft.fields and chosen is not None:
                picked[key] = draft.vintages.index(chosen)
        return picked

    def _publication(self, folder: Path, units: dict[str, published.Unit]) -> Publication | Literal[False] | None:
        """The edition's record of publication, if it has one, held against what it prints now; False when
        the two disagree (each difference reported at its line)."""
        path = folder / published.RECORD
        if not path.is_file():
            return None
        shown = self._shown(path)
        publication, recorded, problem = published.read(path, shown)
        if problem:
            self.sink.append(Diagnostic(codes.RECORD_UNREADABLE,
                                        Location(shown, 1, 1), "", problem, "Restore it from version control: it "
                                        "records what was handed out, and is written only by `briefgen publish`."))
            return False
        assert publication is not None  # read returns one whenever it finds no problem
        edition = folder.name
        fix = (f"Edition {edition} is published: restore what it printed. To update a figure, add the new value as a "
               f"later vintage (`values:` with an `as_of` date after the edition's own; content/README.md, "
               f"'Revised figures'); for new text, start the next edition (briefgen new-edition).")
        agrees = True
        elsewhere = any(d.severity == "error" for d in self.sink)  # then some units may be missing for that
        for name, unit in published.changes(recorded, units):
            if unit is None and elsewhere:
                continue  # reported once the other errors are mended
            agrees = False
            if unit is None:
                file, yaml_path = name.split("#", 1)
                entry = self.entry_nodes.get(_entry_of(file, yaml_path))
                where = entry[0].where(entry[1]) if entry else Location(self._shown(self.root / file), 1, 1)
                self.sink.append(Diagnostic(codes.PUBLISHED_GONE, where, yaml_path,
                                            f"published edition {edition} prints this, and it is gone", fix))
            else:
                unit.file.error(codes.PUBLISHED_CHANGED,
                                unit.node, unit.path, f"this changes what published edition {edition} prints "
                                f"(published {publication.published_on})", fix)
        identity = self.capacity.identity() if self.capacity else publication.identity
        if identity != publication.identity:
            self.sink.append(Diagnostic(codes.PUBLISHED_BY_OTHER, Location(shown, 1, 1), "", (
                f"edition {edition} was published with briefgen {publication.identity['briefgen']} and fonts "
                f"{publication.identity['fonts'][:12]}…; this is briefgen {identity['briefgen']} with fonts "
                f"{identity['fonts'][:12]}…, which may not set it to the same bytes, so build leaves its "
                f"published PDFs alone"),
                f"To rebuild it, use briefgen {publication.identity['briefgen']}; its content is still held to "
                f"the record.", severity="warning"))
        return publication if agrees else False

    def _figures_known(self, f: YamlFile, node: Node, path: str, day, key_figures: tuple[str, ...],
                       parts: tuple[Part, ...], view: dict[str, Indicator]) -> bool:
        """Every figure the edition prints has a value as of its date, and its charts can be drawn from them."""
        shown = printed_indicators(key_figures, parts, self.charts)
        missing = [k for k in shown if k in self.indicators and k not in view]
        for key in missing:
            first = min((v.as_of for v in self.drafts[key].vintages if v.as_of), default=None) \
                if key in self.drafts else None
            f.error(codes.NO_VALUE_AS_OF, node, path, f"'{key}' has no value as of {day}"
                    + (f": its first is as of {first}" if first else ""),
                    "Give the edition a later date or `as_of:`, or give the figure a value as of this date.")
        for chart in dict.fromkeys(b.chart for b in blocks_of(parts) if isinstance(b, ChartRef)):
            spec = self.charts.get(chart)
            if spec and spec.kind == "target_path" and all(k in view for k in spec.indicators):
                try:
                    derive.cagr(*(view[k] for k in spec.indicators))
                except derive.DerivationError as err:
                    f.error(codes.CHART_NOT_DRAWABLE, node, path, f"chart '{chart}' cannot be drawn as of {day}: {err}",
                            "A target path runs from a dated, positive figure to a later target.")
                    return False
        return not missing

    def _edition_number(self, f: YamlFile, node: Node, folder: str) -> int | None:
        number = f.integer(node, "number", 1, LIMITS.edition_number)
        if number is not None and folder.isdigit() and int(folder) != number:
            f.error(codes.EDITION_NUMBER_MISMATCH,
                    node, "number", f"the edition is in editions/{folder} but says number: {number}",
                    f"Make them agree: number: {int(folder)}, or move the folder to editions/{number:02d}.")
            return None
        return number

    def _sections_cited(self) -> bool:
        """Every `{sec:key}` of the edition names one of its sections."""
        for file, node, where, key, offset in self.section_refs:
            if key not in self.section_ids:
                hint = did_you_mean(key, self.section_ids) or "Give the section `id: " + key + "`, or fix the name."
                file.error(codes.UNKNOWN_SECTION, node, where, f"unknown section '{{sec:{key}}}'", hint, offset=offset)
        return all(key in self.section_ids for *_, key, _ in self.section_refs)

    def _charts_cited(self, parts: tuple[Part, ...] | None) -> bool:
        """Every `{fig:key}` of the edition cites a chart the edition places."""
        holds = True
        for file, node, where, key, offset in self.chart_mentions:
            if parts is not None and key in self.charts and key not in self.placed:
                holds = False
                file.error(codes.CHART_NOT_PLACED,
                           node, where, f"{{fig:{key}}} cites a chart this edition does not place",
                           f"Add the block `- chart: {key}` where the figure should appear, or cite a chart the "
                           f"edition places ({', '.join(sorted(self.placed)) or 'none yet'}).", offset=offset)
        return holds

    def _part(self, edition_file: YamlFile, node: Node, path: str, folder: Path) -> Part | None:
        name = edition_file.string(node, path, LIMITS.line)
        if name is None:
            return None
        target = self._confined(edition_file, node, path, folder, name)
        return self._part_file(target) if target is not None else None

    def _part_file(self, target: Path) -> Part | None:
        f = self._read(target)
        if f.root is None:
            return None
        fields = f.mapping(f.root, "", shapes.PART)
        if fields is None:
            return None
        title = f.text(fields["title"], "title", LIMITS.line)
        intro = self._body(f, fields.get("intro"), "intro")
        sections = self._list(f, fields["sections"], "sections", self._section, at_most=LIMITS.sections)
        return Part(title, intro, sections) if title and intro is not None and sections else None

    def _confined(self, f: YamlFile, node: Node, path: str, folder: Path, name: str) -> Path | None:
        """The part file, which must be a YAML file inside the edition's own folder (links followed)."""
        inside = folder.resolve()
        try:
            target = (folder / name).resolve()
        except (OSError, RuntimeError):  # a link that loops
            target = None
        if target is None or not target.is_relative_to(inside) or target.parent != inside:
            f.error(codes.PART_OUTSIDE,
                    node, path, f"part file '{clip(name, LIMITS.echo)}' is not a file of this edition's folder",
                    f"Name a file in {self._shown(folder)} by its name alone, e.g. goals.yaml: parts are "
                    f"never read from elsewhere.")
            return None
        if target.suffix not in (".yaml", ".yml") or not target.is_file():
            present = sorted(p.name for p in folder.glob("*.yaml") if p.name != "edition.yaml")
            f.error(codes.PART_NOT_FOUND,
                    node, path, f"part file '{clip(name, LIMITS.echo)}' not found in {self._shown(folder)}",
                    did_you_mean(name, present) or "Create it (a .yaml file) or fix the name.")
            return None
        return target

    def _section(self, f: YamlFile, node: Node, path: str) -> Section | None:
        fields = f.mapping(node, path, shapes.SECTION)
        if fields is None:
            return None
        key = self._section_id(f, fields["id"], join(path, "id")) if "id" in fields else None
        title = self._title(f, fields["title"], join(path, "title"), LIMITS.line)
        body = self._body(f, fields["body"], join(path, "body"))
        return Section(title, body, key) if title and body and (key or "id" not in fields) else None

    def _section_id(self, f: YamlFile, node: Node, path: str) -> str | None:
        key = f.string(node, path)
        if key in self.section_ids:
            f.error(codes.SECTION_ID_TWICE,
                    node, path, f"section id '{key}' is used twice in this edition", "Give each section its own id.")
            return None
        if key:
            self.section_ids.add(key)
        return key

    def _body(self, f: YamlFile, node: Node | None, path: str) -> tuple[Block, ...] | None:
        if node is None:
            return ()
        return self._list(f, node, path, self._block)

    def _block(self, f: YamlFile, node: Node, path: str) -> Block | None:
        if not isinstance(node, MappingNode) or not node.value:
            f.error(codes.EXPECTED_BLOCK, node, path, "expected a paragraph `{zh: …, en: …}` or a block "
                    f"({', '.join(BLOCK_KINDS)})", "See content/README.md, 'An edition'.")
            return None
        first = str(node.value[0][0].value)
        if first in content_langs():
            text = self._rich(f, node, path)
            return Para(text) if text else None
        if first not in BLOCK_KINDS:
            f.error(codes.UNKNOWN_BLOCK, node.value[0][0], join(path, first), f"unknown block '{first}'",
                    did_you_mean(first, (*BLOCK_KINDS, *content_langs())) or f"Use one of: {', '.join(BLOCK_KINDS)}.")
            return None
        return BLOCK_READERS[first](self, f, node, path)

    def _block_figures(self, f: YamlFile, node: Node, path: str) -> Figures | None:
        fields = f.mapping(node, path, shapes.BLOCKS["figures"])
        refs = fields and self._refs(f, fields["figures"], join(path, "figures"), self.indicators, "indicator",
                                     at_most=LIMITS.key_figures)
        return Figures(refs) if refs else None

    def _block_chart(self, f: YamlFile, node: Node, path: str) -> ChartRef | None:
        fields = f.mapping(node, path, shapes.BLOCKS["chart"])
        key = fields and self._ref(f, fields["chart"], join(path, "chart"), self.charts, "chart")
        if key and key in self.placed:
            f.error(codes.CHART_PLACED_TWICE, node, path, f"chart '{key}' is placed a second time in this edition",
                    f"Place it once (`- chart: {key}`) and cite it elsewhere as {{fig:{key}}}.")
            return None
        if key:
            self.placed.add(key)
        return ChartRef(key) if key else None

    def _block_list(self, f: YamlFile, node: Node, path: str) -> Items | None:
        fields = f.mapping(node, path, shapes.BLOCKS["list"])
        items = fields and self._list(f, fields["list"], join(path, "list"), self._rich, at_most=LIMITS.list_items)
        return Items(items) if items else None

    def _block_quote(self, f: YamlFile, node: Node, path: str) -> Quote | None:
        fields = f.mapping(node, path, shapes.BLOCKS["quote"])
        if fields is None:
            return None
        text = self._rich(f, fields["quote"], join(path, "quote"))
        by = self._ref(f, fields["by"], join(path, "by"), self.glossary, "glossary term") if "by" in fields else None
        return Quote(text, by) if text and (by or "by" not in fields) else None

    def _block_names(self, f: YamlFile, node: Node, path: str) -> Names | None:
        fields = f.mapping(node, path, shapes.BLOCKS["names"])
        refs = fields and self._refs(f, fields["names"], join(path, "names"), self.glossary, "glossary term")
        return Names(refs) if refs else None

    def _rich(self, f: YamlFile, node: Node, path: str) -> RichText | None:
        text = f.text(node, path, markup=True)
        if text is None:
            return None
        fields = dict((str(k.value), v) for k, v in node.value)
        parsed = {lang: self._markup(f, fields[lang], join(path, lang), text[lang]) for lang in content_langs()}
        if None in parsed.values():
            return None
        return RichText(tuple((lang, parsed[lang]) for lang in content_langs()), source=text)

    def _markup(self, f: YamlFile, node: Node, path: str, source: str):
        nodes, problems, references = parse_inline(source)
        for issue in problems:
            f.error(issue.code, node, path, issue.message, issue.fix, offset=issue.offset)
        self.section_refs += [(f, node, path, key[4:], offset) for key, offset in references if key.startswith("sec:")]
        self.chart_mentions += [(f, node, path, key[4:], offset) for key, offset in references
                                if key.startswith("fig:")]
        unknown = False
        for key, offset in references:
            if key.startswith("sec:"):
                continue  # sections may be cited before they are read: checked at the end of the edition
            table, name = (self.charts, key[4:]) if key.startswith("fig:") else (self.indicators, key)
            problem = self.unknown(name, table, "{" + key + "}") if name else \
                Unknown(codes.EMPTY_PLACEHOLDER, "an empty placeholder '{}'", "Write a key inside.")
            if problem:
                f.error(*problem.at(node, path), offset=offset)
                unknown = True
            elif name not in table:
                self.cascades += 1  # cites a broken entry, which says what is wrong with it
            elif not key.startswith("fig:"):
                self.uses.append(("indicator", name))
        return None if problems or unknown else nodes







# The blocks of a body, each named by its first key (a paragraph is the one that starts with a language).
BLOCK_READERS: dict[str, Callable[..., Block | None]] = {
    "figures": EditionReader._block_figures,
    "chart": EditionReader._block_chart,
    "list": EditionReader._block_list,
    "quote": EditionReader._block_quote,
    "names": EditionReader._block_names,
}
BLOCK_KINDS = tuple(BLOCK_READERS)

TABLE_FILES = {"glossary.yaml": "glossary term", "sources.yaml": "source", "indicators.yaml": "indicator",
               "charts.yaml": "chart"}


def _entry_of(file: str, path: str) -> tuple[str, str]:
    """(namespace, key) of the table entry a unit belongs to ('' for an edition's own files)."""
    return TABLE_FILES.get(file, ""), path.split(".")[0].split("[")[0]
