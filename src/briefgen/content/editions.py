"""Editions: metadata, parts, sections and their blocks, with inline markup."""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import MappingNode, Node

from ..diagnostics import did_you_mean
from ..model import (
    Block,
    ChartRef,
    Edition,
    Figures,
    Items,
    Names,
    Para,
    Part,
    Quote,
    RichText,
    Section,
)
from .base import ReaderBase
from .inline import parse_inline
from .nodes import YamlFile, join

BLOCK_KINDS = ("figures", "chart", "list", "quote", "names")


class EditionReader(ReaderBase):
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
        f = self._read(folder / name)
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
        table, key = (self.charts, key[4:]) if key.startswith("fig:") else (self.indicators, key)
        return self._accounted_for(table, key)

