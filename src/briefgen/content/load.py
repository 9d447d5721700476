"""Read a content folder into the model, checking everything and reporting all problems at once."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode

from .. import derive
from ..diagnostics import ContentError, Diagnostic, did_you_mean
from ..model import (
    CHART_KINDS,
    DERIVATION_OPS,
    UNITS,
    Article,
    Block,
    Chart,
    ChartGroup,
    ChartRef,
    Credit,
    Derivation,
    Edition,
    Figures,
    ImageCredit,
    Indicator,
    Items,
    Library,
    Names,
    Para,
    Part,
    Quantity,
    Quote,
    RichText,
    Section,
    Source,
    Term,
    Text,
)
from ..numbers import YUAN_UNITS
from .inline import parse_inline
from .nodes import GlyphCheck, YamlFile, join

T = TypeVar("T")

TERM_KINDS = ("company", "institution", "place", "person", "programme", "body", "term")
EN_NAME_KINDS = ("official", "translation", "transliteration")
BLOCK_KINDS = ("figures", "chart", "list", "quote", "names")
CHART_FIELDS = {"bar": ("bars",), "line": ("points",), "target_path": ("from", "to"),
                "grouped_bar": ("series", "groups"), "diagram": ("groups",)}


def load_library(content_dir: Path, glyphs: GlyphCheck | None = None) -> tuple[Library, tuple[Diagnostic, ...]]:
    """The whole content folder; raises ContentError listing every error found.

    glyphs, when given, finds the characters of a text that no font can draw."""
    sink: list[Diagnostic] = []
    reader = _Loader(Path(content_dir), sink, glyphs)
    library = reader.library()
    errors = [d for d in sink if d.severity == "error"]
    if errors or library is None:
        raise ContentError(sink)
    return library, tuple(sink)


class _Loader:
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
        self.declared: set[str] = set()  # every key written, valid or not: a broken entry is reported once

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

    # -- files ----------------------------------------------------------------

    def _open(self, path: Path) -> YamlFile | None:
        if not path.is_file():
            self.sink.append(Diagnostic(None, "", f"missing file {self._shown(path)}",
                                        "Create it; see content/README.md for its format."))
            return None
        return YamlFile(path, self._shown(path), self.sink, self.glyphs)

    def _shown(self, path: Path) -> str:
        """Relative to the working directory when inside it, else absolute."""
        path = path.resolve()
        return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)

    def _table(self, name: str, read_entry: Callable[[YamlFile, str, Node], T | None],
               table: dict[str, T]) -> None:
        """Read `key: entry` pairs into table, in file order: an entry may refer to those above it."""
        f = self._open(self.root / name)
        if f is None or f.root is None:
            return
        entries = f.entries(f.root, "")
        self.declared.update(f"{name}:{key}" for key, _, _ in entries)
        for key, _, node in entries:
            value = read_entry(f, key, node)
            if value is not None:
                table[key] = value

    def _edition_files(self) -> list[Path]:
        files = sorted((self.root / "editions").glob("*/edition.yaml"))
        if not files:
            self.sink.append(Diagnostic(None, "", f"no edition found under {self._shown(self.root / 'editions')}",
                                        "Add editions/NN/edition.yaml."))
        return files

    # -- shared tables ----------------------------------------------------------

    def _term(self, f: YamlFile, key: str, node: Node) -> Term | None:
        fields = f.mapping(node, key, required=("zh", "en", "kind", "en_name"), optional=("short", "note"))
        if fields is None:
            return None
        name = Text(f.string(fields["zh"], join(key, "zh")) or "", f.string(fields["en"], join(key, "en")) or "",
                    f.where(node))
        short = f.text(fields["short"], join(key, "short")) if "short" in fields else name
        kind = f.choice(fields["kind"], join(key, "kind"), TERM_KINDS)
        en_name = f.choice(fields["en_name"], join(key, "en_name"), EN_NAME_KINDS)
        note = f.text(fields["note"], join(key, "note")) if "note" in fields else None
        if not (name.zh and name.en and short and kind and en_name):
            return None
        return Term(key, name, short, kind, en_name, note)

    def _source(self, f: YamlFile, key: str, node: Node) -> Source | None:
        fields = f.mapping(node, key, required=("title", "publisher", "date", "articles"), optional=("images",))
        if fields is None:
            return None
        articles = self._list(f, fields["articles"], join(key, "articles"), self._article)
        images = self._list(f, fields.get("images"), join(key, "images"), self._image)
        title, publisher, date = (f.text(fields[k], join(key, k)) for k in ("title", "publisher", "date"))
        if not (title and publisher and date and articles is not None):
            return None
        return Source(key, title, publisher, date, articles, images or ())

    def _article(self, f: YamlFile, node: Node, path: str) -> Article | None:
        fields = f.mapping(node, path, required=("headline", "credits"))
        if fields is None:
            return None
        headline = f.text(fields["headline"], join(path, "headline"))
        credits = self._list(f, fields["credits"], join(path, "credits"), self._credit)
        return Article(headline, credits) if headline and credits is not None else None

    def _credit(self, f: YamlFile, node: Node, path: str) -> Credit | None:
        fields = f.mapping(node, path, required=("role", "names"))
        if fields is None:
            return None
        role = f.text(fields["role"], join(path, "role"))
        names = self._list(f, fields["names"], join(path, "names"), lambda f, n, p: f.text(n, p))
        return Credit(role, names) if role and names else None

    def _image(self, f: YamlFile, node: Node, path: str) -> ImageCredit | None:
        fields = f.mapping(node, path, required=("caption", "credit"))
        if fields is None:
            return None
        caption, credit = f.text(fields["caption"], join(path, "caption")), f.text(fields["credit"], join(path, "credit"))
        return ImageCredit(caption, credit) if caption and credit else None

    def _indicator(self, f: YamlFile, key: str, node: Node) -> Indicator | None:
        derived = isinstance(node, MappingNode) and any(k.value == "derive" for k, _ in node.value)
        stated = ("value", "unit", "kind", "source")
        fields = f.mapping(node, key, required=("label", "derive") if derived else ("label", *stated),
                           optional=("year", "period", "assumed_year", "note", "kind", "source") if derived
                           else ("year", "period", "assumed_year", "note", "check"))
        if fields is None:
            return None
        label = f.text(fields["label"], join(key, "label"))
        when = self._when(f, node, key, fields)
        note = f.text(fields["note"], join(key, "note")) if "note" in fields else None
        kind = f.choice(fields["kind"], join(key, "kind"), ("actual", "target")) if "kind" in fields else "actual"
        if derived:
            return self._derived(f, key, fields, label, when, note, kind)
        value = f.number(fields["value"], join(key, "value"))
        unit = self._unit(f, fields["unit"], join(key, "unit"))
        source = self._ref(f, fields["source"], join(key, "source"), self.sources, "source")
        check = self._derivation(f, fields["check"], join(key, "check")) if "check" in fields else None
        if None in (label, value, unit, kind, source, when) or ("check" in fields and check is None):
            return None
        year, period, assumed_year = when
        indicator = Indicator(key, label, Quantity(value, unit), kind, source, year, period, note, assumed_year,
                              check=check)
        return self._checked(f, fields.get("check"), key, indicator)

    def _when(self, f: YamlFile, node: Node, key: str, fields: dict[str, Node]):
        """(year, period, assumed_year): a year, or a period with an optional assumed year."""
        if ("year" in fields) == ("period" in fields):
            f.error(node, key, "give either `year:` or `period:`",
                    "Use `year: 2027` when the source gives a year, otherwise `period: {zh: …, en: …}`.")
            return None
        if "assumed_year" in fields and "year" in fields:
            f.error(fields["assumed_year"], join(key, "assumed_year"), "`assumed_year` goes with `period`, not `year`",
                    "Remove it: the year is stated.")
            return None
        year = f.integer(fields["year"], join(key, "year")) if "year" in fields else None
        period = f.text(fields["period"], join(key, "period")) if "period" in fields else None
        assumed = f.integer(fields["assumed_year"], join(key, "assumed_year")) if "assumed_year" in fields else None
        return None if year is None and period is None else (year, period, assumed)

    def _derived(self, f: YamlFile, key: str, fields: dict[str, Node], label, when, note, kind) -> Indicator | None:
        derivation = self._derivation(f, fields["derive"], join(key, "derive"))
        if None in (label, when, derivation, kind):
            return None
        first = self.indicators[derivation.operands[0]]
        source = (self._ref(f, fields["source"], join(key, "source"), self.sources, "source")
                  if "source" in fields else first.source)
        try:
            quantity = derive.evaluate(derivation, self.indicators)
        except derive.DerivationError as err:
            f.error(fields["derive"], join(key, "derive"), str(err), "Derive from figures that fit the operation.")
            return None
        year, period, assumed_year = when
        return Indicator(key, label, quantity, kind, source, year, period, note, assumed_year,
                         derivation=derivation) if source else None

    def _derivation(self, f: YamlFile, node: Node, path: str) -> Derivation | None:
        """`{cagr: [from, to]}`, `{multiple: [from, to]}` or `{difference: [rate, gap]}`."""
        fields = f.mapping(node, path)
        if not fields or len(fields) != 1:
            if fields is not None:
                f.error(node, path, "expected one operation", "Write e.g. `{cagr: [from_key, to_key]}`.")
            return None
        op, operands_node = next(iter(fields.items()))
        if f.choice(node.value[0][0], join(path, op), DERIVATION_OPS) is None:
            return None
        operands = self._refs(f, operands_node, join(path, op), self.indicators, "indicator")
        if operands is None:
            return None
        if len(operands) != 2:
            f.error(operands_node, join(path, op), f"{op} takes two indicators, got {len(operands)}",
                    "Write `[from_key, to_key]`.")
            return None
        return Derivation(op, operands)

    def _checked(self, f: YamlFile, check_node: Node | None, key: str, indicator: Indicator) -> Indicator:
        """Warn when a stated figure disagrees with what its own data implies."""
        if check_node is None:
            return indicator
        try:
            found = derive.disagreement(indicator, {**self.indicators, key: indicator})
        except derive.DerivationError as err:
            f.error(check_node, join(key, "check"), str(err), "Check against figures that fit the operation.")
            return indicator
        if found:
            start, end = (self.indicators[k] for k in found.derivation.operands)
            f.warn(check_node, join(key, "check"),
                   f"the source states {found.stated.value}{found.stated.unit}, but {start.key} "
                   f"({start.quantity.value}{start.quantity.unit}, {start.calendar_year}) → {end.key} "
                   f"({end.quantity.value}{end.quantity.unit}, {end.calendar_year}) implies "
                   f"{found.implied.value}{found.implied.unit}",
                   "The brief prints the stated figure with an editors' note; --strict makes this an error.")
        return indicator

    def _unit(self, f: YamlFile, node: Node, path: str) -> str | None:
        value = node.value if isinstance(node, ScalarNode) else None
        if value in UNITS:
            return value
        hint = did_you_mean(str(value), UNITS) or f"Use one of: {' '.join(UNITS)}."
        f.error(node, path, f"unknown unit '{value}'", hint)
        return None

    def _chart(self, f: YamlFile, key: str, node: Node) -> Chart | None:
        kind_node = next((v for k, v in node.value if k.value == "type"), None) if isinstance(node, MappingNode) else None
        kind = f.choice(kind_node, join(key, "type"), CHART_KINDS) if kind_node else None
        body = CHART_FIELDS.get(kind, ())
        fields = f.mapping(node, key, required=("type", "title", *body))
        if fields is None or kind is None:
            return None
        title = f.text(fields["title"], join(key, "title"))
        parts = getattr(self, f"_chart_{kind}")(f, key, fields)
        return Chart(key, kind, title, **parts) if title and parts is not None else None

    def _chart_bar(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        bars = self._refs(f, fields["bars"], join(key, "bars"), self.indicators, "indicator")
        return {"indicators": bars} if bars and self._one_kind_of_unit(f, fields["bars"], join(key, "bars"), bars) else None

    def _chart_line(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        points = self._refs(f, fields["points"], join(key, "points"), self.indicators, "indicator")
        if not points or not self._one_kind_of_unit(f, fields["points"], join(key, "points"), points):
            return None
        undated = [k for k in points if self.indicators[k].calendar_year is None]
        if undated:
            f.error(fields["points"], join(key, "points"), f"{', '.join(undated)} has no year",
                    "A line chart plots figures by year: give them `year:` or `assumed_year:`.")
            return None
        return {"indicators": points}

    def _chart_target_path(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        ends = [self._ref(f, fields[k], join(key, k), self.indicators, "indicator") for k in ("from", "to")]
        if None in ends:
            return None
        try:
            derive.cagr(*(self.indicators[k] for k in ends))
        except derive.DerivationError as err:
            f.error(fields["to"], join(key, "to"), str(err), "A target path runs from a dated figure to a later target.")
            return None
        return {"indicators": tuple(ends)}

    def _chart_grouped_bar(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        series = self._list(f, fields["series"], join(key, "series"), lambda f, n, p: f.text(n, p))
        groups = self._list(f, fields["groups"], join(key, "groups"),
                            lambda f, n, p: self._group(f, n, p, "bars", len(series or ())))
        if not series or not groups:
            return None
        bars = tuple(b for g in groups for b in g.bars)
        return {"groups": groups, "series": series} if self._one_kind_of_unit(f, fields["groups"], key, bars) else None

    def _chart_diagram(self, f: YamlFile, key: str, fields: dict[str, Node]) -> dict | None:
        groups = self._list(f, fields["groups"], join(key, "groups"), lambda f, n, p: self._group(f, n, p, "items"))
        return {"groups": groups} if groups else None

    def _group(self, f: YamlFile, node: Node, path: str, members: str, count: int = 0) -> ChartGroup | None:
        fields = f.mapping(node, path, required=("label", members))
        if fields is None:
            return None
        label = self._title(f, fields["label"], join(path, "label"))
        if members == "items":
            items = self._list(f, fields["items"], join(path, "items"), self._title)
            return ChartGroup(label, items=items) if label and items else None
        bars = self._refs(f, fields["bars"], join(path, "bars"), self.indicators, "indicator")
        if bars is not None and len(bars) != count:
            f.error(fields["bars"], join(path, "bars"), f"{len(bars)} bars for {count} series",
                    "Give one indicator per name in `series:`.")
            return None
        return ChartGroup(label, bars=bars) if label and bars else None

    def _one_kind_of_unit(self, f: YamlFile, node: Node, path: str, keys: tuple[str, ...]) -> bool:
        units = {self.indicators[k].quantity.unit for k in keys}
        if len({u in YUAN_UNITS for u in units}) > 1 or len(units - set(YUAN_UNITS)) > 1:
            f.error(node, path, f"these figures mix units ({' '.join(sorted(units))})",
                    "Chart figures of one kind together: amounts of yuan, or rates.")
            return False
        return True

    # -- editions ---------------------------------------------------------------

    def _edition(self, path: Path) -> Edition | None:
        f = self._open(path)
        if f is None or f.root is None:
            return None
        fields = f.mapping(f.root, "", required=(
            "number", "date", "title", "subtitle", "short_title", "author", "subject", "keywords", "sources",
            "key_figures", "parts"))
        if fields is None:
            return None
        texts = {k: f.text(fields[k], k) for k in ("title", "subtitle", "short_title", "author", "subject")}
        number, date = f.integer(fields["number"], "number"), f.date(fields["date"], "date")
        keywords = self._list(f, fields["keywords"], "keywords", lambda f, n, p: f.text(n, p))
        sources = self._refs(f, fields["sources"], "sources", self.sources, "source")
        key_figures = self._refs(f, fields["key_figures"], "key_figures", self.indicators, "indicator")
        self.section_ids, self.section_refs = set(), []
        parts = self._list(f, fields["parts"], "parts", lambda f, n, p: self._part(f, n, p, path.parent))
        for file, node, where, key, offset in self.section_refs:
            if key not in self.section_ids:
                hint = did_you_mean(key, self.section_ids) or "Give the section `id: " + key + "`, or fix the name."
                file.error(node, where, f"unknown section '{{sec:{key}}}'", hint, offset=offset)
                parts = None
        if None in (number, date, keywords, sources, key_figures, parts, *texts.values()):
            return None
        return Edition(path.parent.name, number, date, **texts, keywords=keywords, sources=sources,
                       key_figures=key_figures, parts=parts)

    def _part(self, edition_file: YamlFile, node: Node, path: str, folder: Path) -> Part | None:
        name = edition_file.string(node, path)
        if name is None:
            return None
        if not (folder / name).is_file():
            present = sorted(p.name for p in folder.glob("*.yaml") if p.name != "edition.yaml")
            edition_file.error(node, path, f"part file '{name}' not found in {self._shown(folder)}",
                               did_you_mean(name, present) or "Create it or fix the name.")
            return None
        f = YamlFile(folder / name, self._shown(folder / name), self.sink, self.glyphs)
        if f.root is None:
            return None
        fields = f.mapping(f.root, "", required=("title", "sections"), optional=("intro",))
        if fields is None:
            return None
        title = f.text(fields["title"], "title")
        intro = self._body(f, fields.get("intro"), "intro")
        sections = self._list(f, fields["sections"], "sections", self._section)
        return Part(title, intro, sections) if title and intro is not None and sections else None

    def _section(self, f: YamlFile, node: Node, path: str) -> Section | None:
        fields = f.mapping(node, path, required=("title", "body"), optional=("id",))
        if fields is None:
            return None
        key = self._section_id(f, fields["id"], join(path, "id")) if "id" in fields else None
        title = self._title(f, fields["title"], join(path, "title"))
        body = self._body(f, fields["body"], join(path, "body"))
        return Section(title, body, key) if title and body and (key or "id" not in fields) else None

    def _section_id(self, f: YamlFile, node: Node, path: str) -> str | None:
        key = f.string(node, path)
        if key in self.section_ids:
            f.error(node, path, f"section id '{key}' is used twice in this edition", "Give each section its own id.")
            return None
        if key:
            self.section_ids.add(key)
        return key

    def _title(self, f: YamlFile, node: Node, path: str) -> Text | None:
        """A bilingual title, or a glossary key standing for that term's short name."""
        if isinstance(node, ScalarNode) and node.tag.endswith(":str"):
            key = self._ref(f, node, path, self.glossary, "glossary term")
            return self.glossary[key].short if key else None
        return f.text(node, path)

    def _body(self, f: YamlFile, node: Node | None, path: str) -> tuple[Block, ...] | None:
        if node is None:
            return ()
        return self._list(f, node, path, self._block)

    def _block(self, f: YamlFile, node: Node, path: str) -> Block | None:
        if not isinstance(node, MappingNode) or not node.value:
            f.error(node, path, "expected a paragraph `{zh: …, en: …}` or a block "
                    f"({', '.join(BLOCK_KINDS)})", "See content/README.md, 'An edition'.")
            return None
        first = str(node.value[0][0].value)
        if first in ("zh", "en"):
            text = self._rich(f, node, path)
            return Para(text) if text else None
        if first not in BLOCK_KINDS:
            f.error(node.value[0][0], join(path, first), f"unknown block '{first}'",
                    did_you_mean(first, (*BLOCK_KINDS, "zh", "en")) or f"Use one of: {', '.join(BLOCK_KINDS)}.")
            return None
        return getattr(self, f"_block_{first}")(f, node, path)

    def _block_figures(self, f: YamlFile, node: Node, path: str) -> Figures | None:
        fields = f.mapping(node, path, required=("figures",))
        refs = fields and self._refs(f, fields["figures"], join(path, "figures"), self.indicators, "indicator")
        return Figures(refs) if refs else None

    def _block_chart(self, f: YamlFile, node: Node, path: str) -> ChartRef | None:
        fields = f.mapping(node, path, required=("chart",))
        key = fields and self._ref(f, fields["chart"], join(path, "chart"), self.charts, "chart")
        return ChartRef(key) if key else None

    def _block_list(self, f: YamlFile, node: Node, path: str) -> Items | None:
        fields = f.mapping(node, path, required=("list",))
        items = fields and self._list(f, fields["list"], join(path, "list"), self._rich)
        return Items(items) if items else None

    def _block_quote(self, f: YamlFile, node: Node, path: str) -> Quote | None:
        fields = f.mapping(node, path, required=("quote",), optional=("by",))
        if fields is None:
            return None
        text = self._rich(f, fields["quote"], join(path, "quote"))
        by = self._ref(f, fields["by"], join(path, "by"), self.glossary, "glossary term") if "by" in fields else None
        return Quote(text, by) if text and (by or "by" not in fields) else None

    def _block_names(self, f: YamlFile, node: Node, path: str) -> Names | None:
        fields = f.mapping(node, path, required=("names",))
        refs = fields and self._refs(f, fields["names"], join(path, "names"), self.glossary, "glossary term")
        return Names(refs) if refs else None

    def _rich(self, f: YamlFile, node: Node, path: str) -> RichText | None:
        text = f.text(node, path)
        if text is None:
            return None
        fields = dict((str(k.value), v) for k, v in node.value)
        parsed = {lang: self._markup(f, fields[lang], join(path, lang), text[lang]) for lang in ("zh", "en")}
        if None in parsed.values():
            return None
        return RichText(parsed["zh"], parsed["en"], text)

    def _markup(self, f: YamlFile, node: Node, path: str, source: str):
        nodes, problems, references = parse_inline(source)
        for problem in problems:
            f.error(node, path, problem.message, problem.fix, offset=problem.offset)
        self.section_refs += [(f, node, path, key[4:], offset) for key, offset in references if key.startswith("sec:")]
        unknown = [(key, offset) for key, offset in references if not self._known_reference(key)]
        for key, offset in unknown:
            table, where = (self.charts, "charts.yaml") if key.startswith("fig:") else (self.indicators, "indicators.yaml")
            what = "chart" if key.startswith("fig:") else "indicator"
            hint = did_you_mean(key.removeprefix("fig:"), table) or f"Add it to {where} or fix the name."
            f.error(node, path, f"unknown {what} '{{{key}}}'", hint, offset=offset)
        return None if problems or unknown else nodes

    def _known_reference(self, key: str) -> bool:
        if key.startswith("sec:"):
            return True  # sections may be cited before they are read: checked at the end of the edition
        return key[4:] in self.charts if key.startswith("fig:") else key in self.indicators

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
        if any(d.endswith(f":{key}") for d in self.declared):
            return None  # defined but broken: its own error says what to fix
        hint = did_you_mean(str(key), table) or f"Define it first, or use one of: {', '.join(list(table)[:8])}…"
        f.error(node, path, f"unknown {what} '{key}'", hint)
        return None

    def _refs(self, f: YamlFile, node: Node, path: str, table: dict, what: str) -> tuple[str, ...] | None:
        return self._list(f, node, path, lambda f, n, p: self._ref(f, n, p, table, what))
