"""What changed between two editions, in both languages: their titles, the figures they print, their texts
by section, the enterprises and districts they name, and their charts."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from . import numbers
from .languages import content_langs, word
from .model import (
    Chart,
    ChartRef,
    Edition,
    Indicator,
    Items,
    Library,
    Para,
    Quote,
    RichText,
    Section,
    blocks_of,
    chart_indicators,
    printed_indicators,
)
from .plots import period

EDITION_TEXTS = ("title", "subtitle", "short_title", "author", "subject")
NAMED_KINDS = {"company": "enterprises", "place": "districts"}  # glossary kinds the diff follows by name


@dataclass
class Change:
    what: str  # "title", an indicator's key, a section's name, a term's key, a chart's key
    old: dict[str, str] | None  # per language; None: added
    new: dict[str, str] | None  # per language; None: removed


@dataclass
class Diff:
    old: str
    new: str
    editions: list[Change] = field(default_factory=list)
    figures: list[Change] = field(default_factory=list)
    texts: list[Change] = field(default_factory=list)
    enterprises: list[Change] = field(default_factory=list)
    districts: list[Change] = field(default_factory=list)
    charts: list[Change] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def diff(library: Library, old: Edition, new: Edition) -> Diff:
    result = Diff(old.key, new.key)
    for name in EDITION_TEXTS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            result.editions.append(Change(name, _both(before), _both(after)))
    result.figures = _figures(library, old, new)
    result.texts = _texts(old, new)
    for kind, bucket in NAMED_KINDS.items():
        setattr(result, bucket, _named(library, old, new, kind))
    result.charts = _charts(library, old, new)
    return result


def _both(text) -> dict[str, str]:
    return {lang: text[lang] for lang in content_langs()}


def _figures(library: Library, old: Edition, new: Edition) -> list[Change]:
    def shown(edition: Edition) -> dict[str, dict[str, str]]:
        keys = printed_indicators(edition.key_figures, edition.parts, library.charts)
        return {k: {lang: _figure(edition.indicators[k], lang) for lang in content_langs()}
                for k in keys if k in edition.indicators}

    before, after = shown(old), shown(new)
    return [Change(k, before.get(k), after.get(k)) for k in dict.fromkeys([*before, *after])
            if before.get(k) != after.get(k)]


def _figure(indicator: Indicator, lang: str) -> str:
    return f"{indicator.label[lang]}: {numbers.quantity(indicator.quantity, lang)} ({period(indicator, lang)})"


def _texts(old: Edition, new: Edition) -> list[Change]:
    """Paragraphs, list items and quotations added, removed or changed, section by section."""
    before, after = _sections(old), _sections(new)
    changes: list[Change] = []
    for name in dict.fromkeys([*before, *after]):
        a, b = before.get(name, []), after.get(name, [])
        lead = content_langs()[0]  # texts are matched on the lead language; both are shown
        matcher = difflib.SequenceMatcher(a=[t[lead] for t in a], b=[t[lead] for t in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                changes.append(Change(name, olds[k] if k < len(olds) else None, news[k] if k < len(news) else None))
    return changes


def _sections(edition: Edition) -> dict[str, list[dict[str, str]]]:
    """Section name (its titles in every language) → its texts, each in every language."""
    found: dict[str, list[dict[str, str]]] = {}

    def add(name: str, texts: list[dict[str, str]]) -> None:
        repeat = sum(1 for seen in found if seen == name or seen.startswith(f"{name} #"))
        found[name if not repeat else f"{name} #{repeat + 1}"] = texts  # two sections of one title stay apart

    for part in edition.parts:
        add(" / ".join(part.title[lang] for lang in content_langs()), _block_texts(part.intro))
        for section in part.sections:
            add(_section_name(part, section), _block_texts(section.body))
    return found


def _section_name(part, section: Section) -> str:
    return " / ".join(f"{part.title[lang]} › {section.title[lang]}" for lang in content_langs())


def _block_texts(blocks) -> list[dict[str, str]]:
    texts: list[RichText] = []
    for block in blocks:
        if isinstance(block, (Para, Quote)):
            texts.append(block.text)
        elif isinstance(block, Items):
            texts += block.items
    return [{lang: t.source[lang] for lang in content_langs()} for t in texts]


def _named(library: Library, old: Edition, new: Edition, kind: str) -> list[Change]:
    def terms(edition: Edition) -> dict[str, dict[str, str]]:
        keys = [unit.split("#", 1)[1].split(".")[0] for unit in edition.fingerprint
                if unit.startswith("glossary.yaml#")]
        return {k: _both(library.glossary[k].name) for k in dict.fromkeys(keys)
                if k in library.glossary and library.glossary[k].kind == kind}

    before, after = terms(old), terms(new)
    return [Change(k, before.get(k), after.get(k)) for k in dict.fromkeys([*before, *after])
            if (k in before) != (k in after)]


def _data(edition: Edition, chart: Chart) -> tuple:
    return tuple(edition.indicators[key].quantity for key in chart_indicators(chart))


def _charts(library: Library, old: Edition, new: Edition) -> list[Change]:
    def placed(edition: Edition) -> dict[str, tuple]:
        keys = [b.chart for b in blocks_of(edition.parts) if isinstance(b, ChartRef)]
        return {k: (library.charts[k], _data(edition, library.charts[k])) for k in keys}

    before, after = placed(old), placed(new)
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            title = _both(library.charts[key].title)
            changes.append(Change(key, title if key in before else None, title if key in after else None))
    return changes


# -- as text ---------------------------------------------------------------------------------------------------

HEADINGS = {"editions": "Edition / 本期", "figures": "Figures / 数据", "texts": "Texts / 正文",
            "enterprises": "Enterprises / 企业", "districts": "Districts / 区域", "charts": "Charts / 图表"}


def as_text(result: Diff) -> str:
    lines = [f"Changes from edition {result.old} to edition {result.new} / "
             f"第{int(result.old)}期至第{int(result.new)}期的变化"]
    for bucket, heading in HEADINGS.items():
        changes: list[Change] = getattr(result, bucket)
        if not changes:
            continue
        lines += ["", heading]
        for change in changes:
            lines.append(f"  {_verb(change)} {change.what}")
            for lang in content_langs():
                if change.old and change.new and change.old != change.new:
                    lines.append(f"    {lang}: {change.old[lang]} → {change.new[lang]}")
                elif change.old and change.new:  # a chart whose title stayed: its figures changed
                    lines.append(f"    {lang}: {change.old[lang]} ({word('figures_changed', lang)})")
                else:
                    either = change.old or change.new
                    assert either is not None  # an entry added or removed has one side, a changed one both
                    lines.append(f"    {lang}: {either[lang]}")
    if len(lines) == 1:
        lines.append("No changes / 无变化")
    return "\n".join(lines)


def _verb(change: Change) -> str:
    return "changed" if change.old and change.new else "added" if change.new else "removed"
