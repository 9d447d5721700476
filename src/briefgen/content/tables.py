"""The shared tables: glossary, sources and indicators (stated, derived, checked)."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

from .. import derive
from ..diagnostics import did_you_mean
from ..model import (
    DERIVATION_OPS,
    UNITS,
    Article,
    Credit,
    Derivation,
    ImageCredit,
    Indicator,
    Quantity,
    Source,
    Term,
    Text,
)
from .base import ReaderBase
from .nodes import YamlFile, join

TERM_KINDS = ("company", "institution", "place", "person", "programme", "body", "term")
EN_NAME_KINDS = ("official", "translation", "transliteration")


class TablesReader(ReaderBase):
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
        f.texts.append((node, key, fields))  # the name itself is a {zh, en} pair too
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

