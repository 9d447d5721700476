"""The shared tables: glossary, sources and indicators (stated, derived, checked)."""

from __future__ import annotations

from dataclasses import dataclass

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
from .limits import LIMITS
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

    # -- indicators: read in one pass, derived in another, in dependency order ---------------------------

    def _indicators(self) -> None:
        """Read every indicator, then derive and check them in the order their operands allow, whatever
        the order of the file: a figure may derive from one written below it; a cycle is an error."""
        drafts: dict[str, _Draft] = {}
        self._table("indicators.yaml", self._draft, drafts, namespace="indicator")
        order = self._dependency_order(drafts)
        for key in order:
            indicator = self.reported(lambda: self._finish(drafts[key]), f"indicators.yaml: {key}")
            if indicator is not None:
                self.indicators[key] = indicator

    def _draft(self, f: YamlFile, key: str, node: Node) -> _Draft | None:
        derived = isinstance(node, MappingNode) and any(k.value == "derive" for k, _ in node.value)
        stated = ("value", "unit", "kind", "source")
        fields = f.mapping(node, key, required=("label", "derive") if derived else ("label", *stated),
                           optional=("year", "period", "assumed_year", "note", "kind", "source") if derived
                           else ("year", "period", "assumed_year", "note", "check"))
        if fields is None:
            return None
        label = f.text(fields["label"], join(key, "label"), LIMITS.label)
        when = self._when(f, node, key, fields)
        note = f.text(fields["note"], join(key, "note")) if "note" in fields else None
        kind = f.choice(fields["kind"], join(key, "kind"), ("actual", "target")) if "kind" in fields else "actual"
        source = self._ref(f, fields["source"], join(key, "source"), self.sources, "source") \
            if "source" in fields else None
        operation = "derive" if derived else "check" if "check" in fields else None
        derivation = self._derivation(f, fields[operation], join(key, operation)) if operation else None
        value = unit = None
        if not derived:
            value = f.number(fields["value"], join(key, "value"))
            unit = self._unit(f, fields["unit"], join(key, "unit"))
        if None in (label, when, kind) or (operation and derivation is None) or ("source" in fields and not source) \
                or (not derived and None in (value, unit)):
            return None
        year, period, assumed_year = when
        quantity = Quantity(value, unit) if not derived else None
        return _Draft(key, f, fields, label, kind, source, year, period, assumed_year, note, quantity,
                      derivation if derived else None, derivation if not derived else None)

    def _dependency_order(self, drafts: dict[str, "_Draft"]) -> list[str]:
        """Keys in an order where each figure comes after the figures it is computed or checked from;
        unknown operands and cycles are reported, and what depends on them left out."""
        order: list[str] = []
        state: dict[str, str] = {}  # key → "open" while its operands are visited, "done" after

        def visit(key: str, chain: list[str]) -> bool:
            if state.get(key) == "done":
                return key in order
            if state.get(key) == "open":
                cycle = chain[chain.index(key):] + [key]
                draft = drafts[cycle[0]]
                node = draft.fields["derive" if draft.derivation else "check"]
                draft.file.error(node, join(draft.key, "derive" if draft.derivation else "check"),
                                 f"the figures are computed from one another in a circle: {' → '.join(cycle)}",
                                 "Derive each figure from stated figures, or from derived ones that do not lead back.")
                return False
            state[key] = "open"
            draft = drafts[key]
            operation = draft.derivation or draft.check
            ok = True
            for operand, node in zip(operation.operands if operation else (), draft.operand_nodes):
                if operand in drafts:
                    ok &= visit(operand, chain + [key])
                else:
                    problem = self.unknown(operand, self.indicators)
                    if problem:
                        draft.file.error(node, draft.operand_path, *problem)
                    ok = False
            state[key] = "done"
            if ok:
                order.append(key)
            return ok

        for key in drafts:
            visit(key, [])
        return order

    def _finish(self, draft: "_Draft") -> Indicator | None:
        """The indicator, its figure derived or its claim checked against figures finished before it."""
        f, key = draft.file, draft.key
        if draft.derivation:
            first = self.indicators[draft.derivation.operands[0]]
            try:
                quantity = derive.evaluate(draft.derivation, self.indicators)
            except derive.DerivationError as err:
                f.error(draft.fields["derive"], join(key, "derive"), str(err), "Derive from figures that fit the operation.")
                return None
            return Indicator(key, draft.label, quantity, draft.kind, draft.source or first.source, draft.year,
                             draft.period, draft.note, draft.assumed_year, derivation=draft.derivation)
        indicator = Indicator(key, draft.label, draft.quantity, draft.kind, draft.source, draft.year, draft.period,
                              draft.note, draft.assumed_year, check=draft.check)
        return self._checked(f, draft.fields.get("check"), key, indicator)

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
        years = (LIMITS.first_year, LIMITS.last_year)
        year = f.integer(fields["year"], join(key, "year"), *years) if "year" in fields else None
        period = f.text(fields["period"], join(key, "period"), LIMITS.label) if "period" in fields else None
        assumed = f.integer(fields["assumed_year"], join(key, "assumed_year"), *years) \
            if "assumed_year" in fields else None
        if "assumed_year" in fields and assumed is None:
            return None
        return None if year is None and period is None else (year, period, assumed)

    def _derivation(self, f: YamlFile, node: Node, path: str) -> Derivation | None:
        """`{cagr: [from, to]}`, `{multiple: [from, to]}` or `{difference: [rate, gap]}`; the operands are
        resolved later, once every indicator is read."""
        fields = f.mapping(node, path)
        if not fields or len(fields) != 1:
            if fields is not None:
                f.error(node, path, "expected one operation", "Write e.g. `{cagr: [from_key, to_key]}`.")
            return None
        op, operands_node = next(iter(fields.items()))
        if f.choice(node.value[0][0], join(path, op), DERIVATION_OPS) is None:
            return None
        operands = self._list(f, operands_node, join(path, op), lambda f, n, p: f.string(n, p, LIMITS.line))
        if operands is None:
            return None
        if len(operands) != 2:
            f.error(operands_node, join(path, op), f"{op} takes two indicators, got {len(operands)}",
                    "Write `[from_key, to_key]`.")
            return None
        return Derivation(op, operands)

    def _checked(self, f: YamlFile, check_node: Node | None, key: str, indicator: Indicator) -> Indicator | None:
        """Warn when a stated figure disagrees with what its own data implies."""
        if check_node is None:
            return indicator
        try:
            found = derive.disagreement(indicator, {**self.indicators, key: indicator})
        except derive.DerivationError as err:
            f.error(check_node, join(key, "check"), str(err), "Check against figures that fit the operation.")
            return None
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



@dataclass(frozen=True)
class _Draft:
    """An indicator as read, before its figure is derived or its claim checked."""

    key: str
    file: YamlFile
    fields: dict[str, Node]
    label: Text
    kind: str
    source: str | None
    year: int | None
    period: Text | None
    assumed_year: int | None
    note: Text | None
    quantity: Quantity | None  # stated figures
    derivation: Derivation | None  # derived figures
    check: Derivation | None  # stated figures with a claim check

    @property
    def operand_path(self) -> str:
        operation = "derive" if self.derivation else "check"
        return join(join(self.key, operation), (self.derivation or self.check).op)

    @property
    def operand_nodes(self) -> list[Node]:
        if not (self.derivation or self.check):
            return []
        node = self.fields["derive" if self.derivation else "check"]
        return list(node.value[0][1].value) if isinstance(node, MappingNode) else []
