"""The shared tables: glossary, sources and indicators (stated, derived, checked)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .. import codes, derive
from ..diagnostics import did_you_mean
from ..languages import content_langs
from ..model import (
    DERIVATION_OPS,
    EN_NAME_KINDS,
    INDICATOR_KINDS,
    TERM_KINDS,
    UNITS,
    Article,
    Credit,
    Derivation,
    ImageCredit,
    Indicator,
    IndicatorKind,
    Quantity,
    Source,
    Term,
    Text,
    Vintage,
)
from . import shapes
from .base import ReaderBase
from .limits import LIMITS
from .nodes import YamlFile, join
from .shapes import Shape


class TablesReader(ReaderBase):
    def _term(self, f: YamlFile, key: str, node: Node) -> Term | None:
        fields = f.mapping(node, key, shapes.TERM)
        if fields is None:
            return None
        name = Text.of({lang: f.string(fields[lang], join(key, lang)) or "" for lang in content_langs()}, f.where(node))
        short = f.text(fields["short"], join(key, "short")) if "short" in fields else name
        kind = f.choice(fields["kind"], join(key, "kind"), TERM_KINDS)
        en_name = f.choice(fields["en_name"], join(key, "en_name"), EN_NAME_KINDS)
        note = f.text(fields["note"], join(key, "note")) if "note" in fields else None
        if not (all(name[lang] for lang in content_langs()) and short and kind and en_name):
            return None
        if not all(f.unmarked(fields[lang], join(key, lang), name[lang]) for lang in content_langs()):
            return None  # a name is printed as written: markup in it would show
        f.texts.append((node, key, fields))  # the name itself is a {zh, en} pair too
        return Term(key, name, short, kind, en_name, note)

    def _source(self, f: YamlFile, key: str, node: Node) -> Source | None:
        fields = f.mapping(node, key, shapes.SOURCE)
        if fields is None:
            return None
        articles = self._list(f, fields["articles"], join(key, "articles"), self._article)
        images = self._list(f, fields.get("images"), join(key, "images"), self._image)
        title, publisher, date = (f.text(fields[k], join(key, k)) for k in ("title", "publisher", "date"))
        if not (title and publisher and date and articles is not None):
            return None
        return Source(key, title, publisher, date, articles, images or ())

    def _article(self, f: YamlFile, node: Node, path: str) -> Article | None:
        fields = f.mapping(node, path, shapes.ARTICLE)
        if fields is None:
            return None
        headline = f.text(fields["headline"], join(path, "headline"))
        credits = self._list(f, fields["credits"], join(path, "credits"), self._credit)
        return Article(headline, credits) if headline and credits is not None else None

    def _credit(self, f: YamlFile, node: Node, path: str) -> Credit | None:
        fields = f.mapping(node, path, shapes.CREDIT)
        if fields is None:
            return None
        role = f.text(fields["role"], join(path, "role"))
        names = self._list(f, fields["names"], join(path, "names"), lambda f, n, p: f.text(n, p))
        return Credit(role, names) if role and names else None

    def _image(self, f: YamlFile, node: Node, path: str) -> ImageCredit | None:
        fields = f.mapping(node, path, shapes.IMAGE)
        if fields is None:
            return None
        caption = f.text(fields["caption"], join(path, "caption"))
        credit = f.text(fields["credit"], join(path, "credit"))
        return ImageCredit(caption, credit) if caption and credit else None

    # -- indicators: read in one pass, derived in another, in dependency order ---------------------------

    def _indicators(self) -> None:
        """Read every indicator, then derive and check them in the order their operands allow, whatever
        the order of the file: a figure may derive from one written below it; a cycle is an error. The
        library's view holds each figure's latest value; each edition gets its own (`indicators_as_of`)."""
        self.drafts: dict[str, _Draft] = {}
        self._table("indicators.yaml", self._draft, self.drafts, namespace="indicator")
        for key, draft in self.drafts.items():  # a figure prints its source, and depends on its operands;
            operation = draft.derivation or draft.check  # a revision's own source counts only where printed
            own = [("source", draft.source)] if draft.source else []
            operands = [("indicator", k) for k in (operation.operands if operation else ())]
            self.entry_uses["indicator", key] = own + operands
        self.derivation_order = self._dependency_order(self.drafts)
        self.indicators.update(self.indicators_as_of(None))

    def indicators_as_of(self, day: datetime.date | None, edition: str = "") -> dict[str, Indicator]:
        """Every indicator with a value as of day (None: its latest), derived figures computed from those."""
        view: dict[str, Indicator] = {}
        for key in self.derivation_order:
            draft = self.drafts[key]
            indicator = self._finish(draft, view, day, edition) if not draft.derivation or all(
                k in view for k in draft.derivation.operands) else None
            if indicator is not None:
                view[key] = indicator
        return view

    def _draft(self, f: YamlFile, key: str, node: Node) -> _Draft | None:
        derived = isinstance(node, MappingNode) and any(k.value == "derive" for k, _ in node.value)
        fields = f.mapping(node, key, shapes.DERIVED if derived else shapes.STATED)
        if fields is None:
            return None
        label = f.text(fields["label"], join(key, "label"), LIMITS.label)
        when = self._when(f, node, key, fields)
        note = f.text(fields["note"], join(key, "note")) if "note" in fields else None
        kind: IndicatorKind | None = f.choice(fields["kind"], join(key, "kind"), INDICATOR_KINDS) \
            if "kind" in fields else "actual"
        source = self._ref(f, fields["source"], join(key, "source"), self.sources, "source") \
            if "source" in fields else None
        operation = "derive" if derived else "check" if "check" in fields else None
        derivation = self._derivation(f, fields[operation], join(key, operation),
                                      shapes.DERIVE if derived else shapes.CHECK) if operation else None
        unit = self._unit(f, fields["unit"], join(key, "unit")) if not derived else None
        vintages = self._vintages(f, node, key, fields) if not derived else ()
        # vintages is None only when a stated figure's could not be read (a derived figure has none: `()`)
        if label is None or when is None or kind is None or vintages is None or (operation and derivation is None) \
                or ("source" in fields and not source) or (not derived and unit is None):
            return None
        year, period, assumed_year = when
        return _Draft(key, f, fields, label, kind, source, year, period, assumed_year, note, unit, vintages,
                      derivation if derived else None, derivation if not derived else None)

    def _vintages(self, f: YamlFile, node: Node, key: str, fields: dict[str, Node]) -> tuple[Vintage, ...] | None:
        """`value: 8000`, the figure for every edition; or `values:`, its revisions, each from a date on."""
        if ("value" in fields) == ("values" in fields):
            f.error(codes.VALUE_OR_VALUES, node, key, "give either `value:` or `values:`",
                    "Write `value: 8000`, or, for a figure revised over time, a list "
                    "`values: [{value: 8000, as_of: 2026-11-28}, {value: 8500, as_of: 2027-03-01}]`.")
            return None
        if "value" in fields:
            value = f.number(fields["value"], join(key, "value"))
            return None if value is None else (Vintage(value, None),)
        vintages = self._list(f, fields["values"], join(key, "values"), self._vintage, at_most=LIMITS.vintages)
        if not vintages:
            return None
        dates = [v.as_of for v in vintages if v.as_of is not None]  # all of them: `as_of` is required in `values:`
        if dates != sorted(set(dates)):
            f.error(codes.VINTAGES_OUT_OF_ORDER,
                    fields["values"], join(key, "values"), "the values' `as_of` dates must each be later than the one "
                    "before", "List the revisions oldest first, one per date.")
            return None
        return vintages

    def _vintage(self, f: YamlFile, node: Node, path: str) -> Vintage | None:
        fields = f.mapping(node, path, shapes.VINTAGE)
        if fields is None:
            return None
        value = f.number(fields["value"], join(path, "value"))
        as_of = f.date(fields["as_of"], join(path, "as_of"))
        source = self._ref(f, fields["source"], join(path, "source"), self.sources, "source") \
            if "source" in fields else None
        note = f.text(fields["note"], join(path, "note")) if "note" in fields else None
        if value is None or as_of is None or ("source" in fields and source is None) \
                or ("note" in fields and note is None):
            return None
        return Vintage(value, as_of, source, note)

    def _dependency_order(self, drafts: dict[str, _Draft]) -> list[str]:
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
                draft.file.error(codes.DERIVATION_CIRCLE,
                                 node, join(draft.key, "derive" if draft.derivation else "check"),
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
                        draft.file.error(*problem.at(node, draft.operand_path))
                    ok = False
            state[key] = "done"
            if ok:
                order.append(key)
            return ok

        for key in drafts:
            visit(key, [])
        return order

    def _finish(self, draft: _Draft, view: dict[str, Indicator], day: datetime.date | None,
                edition: str) -> Indicator | None:
        """The indicator as of day: its figure derived from the view, or its vintage picked and its claim
        checked. None when it has no value yet on that day. `edition` names the edition asking, if any."""
        f, key = draft.file, draft.key
        when = f" (as of edition {edition}'s date)" if edition else ""
        if draft.derivation:
            first = view[draft.derivation.operands[0]]
            try:
                quantity = derive.evaluate(draft.derivation, view)
            except derive.DerivationError as err:
                f.error(err.code, draft.fields["derive"], join(key, "derive"), f"{err}{when}",
                        "Derive from figures that fit the operation.")
                return None
            return Indicator(key, draft.label, quantity, draft.kind, draft.source or first.source, draft.year,
                             draft.period, draft.note, draft.assumed_year, derivation=draft.derivation)
        vintage = draft.vintage(day)
        if vintage is None:
            return None
        assert draft.unit is not None and draft.source is not None  # a stated figure's `unit:` and `source:`
        indicator = Indicator(key, draft.label, Quantity(vintage.value, draft.unit), draft.kind,
                              vintage.source or draft.source, draft.year, draft.period, vintage.note or draft.note,
                              draft.assumed_year, check=draft.check, as_of=vintage.as_of)
        return self._checked(f, draft.fields.get("check"), key, indicator, view, when)

    def _when(self, f: YamlFile, node: Node, key: str, fields: dict[str, Node]):
        """(year, period, assumed_year): a year, or a period with an optional assumed year."""
        if ("year" in fields) == ("period" in fields):
            f.error(codes.YEAR_OR_PERIOD, node, key, "give either `year:` or `period:`",
                    "Use `year: 2027` when the source gives a year, otherwise `period: {zh: …, en: …}`.")
            return None
        if "assumed_year" in fields and "year" in fields:
            f.error(codes.ASSUMED_YEAR_WITH_YEAR,
                    fields["assumed_year"], join(key, "assumed_year"), "`assumed_year` goes with `period`, not `year`",
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

    def _derivation(self, f: YamlFile, node: Node, path: str, shape: Shape) -> Derivation | None:
        """`{cagr: [from, to]}`, `{multiple: [from, to]}` or `{difference: [rate, gap]}`, as `shape` declares it
        (a claim check may add `expected:`, read apart); the operands are resolved later, once every indicator
        is read."""
        fields = f.mapping(node, path, shape)
        if fields is None:
            return None
        operations = [(op, fields[op]) for op in DERIVATION_OPS if op in fields]
        if len(operations) != 1:
            if len(fields) == len(node.value):  # no key unknown (each reported): their number is what is wrong
                f.error(codes.ONE_OPERATION,
                        node, path, "expected one operation", "Write e.g. `{cagr: [from_key, to_key]}`.")
            return None
        op, operands_node = operations[0]
        operands = self._list(f, operands_node, join(path, op), lambda f, n, p: f.string(n, p, LIMITS.line))
        if operands is None:
            return None
        if len(operands) != 2:
            f.error(codes.TWO_OPERANDS,
                    operands_node, join(path, op), f"{op} takes two indicators, got {len(operands)}",
                    "Write `[from_key, to_key]`.")
            return None
        return Derivation(op, operands)

    def _checked(self, f: YamlFile, check_node: Node | None, key: str, indicator: Indicator,
                 view: dict[str, Indicator], when: str) -> Indicator | None:
        """Warn when a stated figure disagrees with what its own data implies."""
        if check_node is None:
            return indicator
        assert indicator.check is not None  # the stated figure's `check:`, read with it
        if not all(k in view for k in indicator.check.operands):
            return replace(indicator, check=None)  # its data has no value yet on that day: nothing to check
        try:
            found = derive.disagreement(indicator, {**view, key: indicator})
        except derive.DerivationError as err:
            f.error(err.code,
                    check_node, join(key, "check"), f"{err}{when}", "Check against figures that fit the operation.")
            return None
        expected = dict((str(k.value), v) for k, v in check_node.value).get("expected") \
            if isinstance(check_node, MappingNode) else None
        reason = f.string(expected, join(join(key, "check"), "expected"), LIMITS.line) if expected else None
        if found and reason is None and expected is None:
            start, end = (view[k] for k in found.derivation.operands)
            f.warn(codes.CLAIM_DISAGREES, check_node, join(key, "check"),
                   f"the source states {found.stated.value}{found.stated.unit}, but {start.key} "
                   f"({start.quantity.value}{start.quantity.unit}, {start.calendar_year}) → {end.key} "
                   f"({end.quantity.value}{end.quantity.unit}, {end.calendar_year}) implies "
                   f"{found.implied.value}{found.implied.unit}",
                   "The brief prints the stated figure with an editors' note; --strict makes this an error. "
                   "Once the editors have weighed it, say why under `check:` (`expected: …`).")
        elif expected is not None and not found and not self._revised(key, *indicator.check.operands):
            f.error(codes.NOTHING_TO_EXPLAIN,
                    expected, join(join(key, "check"), "expected"), "the stated figure agrees with its data",
                    "Remove `expected:`: there is no disagreement to explain.")
            return None
        return indicator

    def _revised(self, *keys: str) -> bool:
        """Whether any of these figures has several values: then a check may agree on one day only."""
        return any(len(self.drafts[k].vintages) > 1 for k in keys if k in self.drafts)

    def _unit(self, f: YamlFile, node: Node, path: str) -> str | None:
        value = node.value if isinstance(node, ScalarNode) else None
        if value in UNITS:
            return value
        hint = did_you_mean(str(value), UNITS) or f"Use one of: {' '.join(UNITS)}."
        f.error(codes.UNKNOWN_UNIT, node, path, f"unknown unit '{value}'", hint)
        return None



@dataclass(frozen=True)
class _Draft:
    """An indicator as read, before its figure is derived or its claim checked."""

    key: str
    file: YamlFile
    fields: dict[str, Node]
    label: Text
    kind: IndicatorKind
    source: str | None
    year: int | None
    period: Text | None
    assumed_year: int | None
    note: Text | None
    unit: str | None  # stated figures
    vintages: tuple[Vintage, ...]  # stated figures: their values, oldest first
    derivation: Derivation | None  # derived figures
    check: Derivation | None  # stated figures with a claim check

    def vintage(self, day: datetime.date | None) -> Vintage | None:
        """The value known on day (None: the latest)."""
        known = [v for v in self.vintages if day is None or v.as_of is None or v.as_of <= day]
        return known[-1] if known else None

    @property
    def operand_path(self) -> str:
        operation = "derive" if self.derivation else "check"
        computed = self.derivation or self.check
        assert computed is not None  # asked only of a figure computed or checked from others
        return join(join(self.key, operation), computed.op)

    @property
    def operand_nodes(self) -> list[Node]:
        operation = self.derivation or self.check
        if operation is None:
            return []
        node = self.fields["derive" if self.derivation else "check"]
        operands = next((v for k, v in node.value if k.value == operation.op), None)
        return list(operands.value) if isinstance(operands, SequenceNode) else []
