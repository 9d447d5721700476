"""Chinese–English parity of every bilingual text: placeholders, numbers and glossary names.

The loader runs `check` once everything is read (every `{zh, en}` the reader accepted, and
each glossary entry's own name); findings are located errors like any other. The rules are
explained for authors in content/README.md, "Parity between Chinese and English".

List items and paragraphs need no counting: the format pairs them by construction (a list
holds `{zh, en}` items, a body `{zh, en}` paragraphs), so only what one pair says can differ.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import product

from yaml.nodes import MappingNode, Node, SequenceNode

from .. import codes
from ..codes import Code
from ..languages import content_langs, profile, source_lang
from ..model import Term
from .inline import TOKEN
from .nodes import YamlFile, join, unfold_chinese
from .shapes import PARITY

RULES = PARITY.options("ignore")

# -- the English number style: the one place it is written down ---------------------------
# Chicago / official style: one to nine in words, 10 and above in figures (years, amounts and
# percentages always in figures); a number that opens a sentence is spelt out. The check reads
# English number words only where this rule would put words, so a spelt-out number elsewhere
# ("ten thousand valleys", "a thousand li") is idiom, not a figure, just as 万壑 and 千里 are.
EN_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine".split(), 1)}
EN_ORDINALS = {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth".split(), 1)}
EN_TEENS = {w: n for n, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), 10)}
EN_TENS = {w: n * 10 for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
EN_SCALES = {"hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def spelt_out(value: int, opens_sentence: bool) -> bool:
    """Whether house style writes this whole number in English words."""
    return opens_sentence or 1 <= value <= 9


# 1 is compared on neither side: 一 is a morpheme of countless words (一体, 一批, 统一) and "one"
# a pronoun. A figure changed from or to 1 still shows, as the other figure left unmatched.
IGNORED_VALUES = {Decimal(1)}

# -- reading numbers ------------------------------------------------------------------------
ZH_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9)))
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 10**4, "亿": 10**8}
ZH_NUMBER = re.compile(r"(?<![A-Za-z\d.,])(?P<fig>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<mag>[十百千万亿]*)"
                       r"|(?P<han>[〇零一二两三四五六七八九十百千万亿]+)")
EN_NUMBER_WORDS = {**EN_WORDS, **EN_ORDINALS, **EN_TEENS, **EN_TENS}
_EN_WORD = (rf"(?:{'|'.join(EN_TENS)})(?:-(?:{'|'.join(EN_WORDS)}))?"  # twenty, twenty-one
            rf"|{'|'.join(sorted({*EN_WORDS, *EN_ORDINALS, *EN_TEENS}, key=len, reverse=True))}")
EN_NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?P<fig>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<dec>\.\d+)?(?:st|nd|rd|th)?"
    rf"|\b(?P<word>{_EN_WORD})\b)"
    rf"(?:[\s-]+(?P<scale>{'|'.join(EN_SCALES)})\b)?"
    r"|\b(?P<bare>million|billion|trillion)\b", re.IGNORECASE)
OPENS_SENTENCE = re.compile(r"(?:^|[.!?])[\s“‘\"'(]*$")
MASK = re.compile(r"\{[^{}]*\}|\]\([^)\s]*\)")  # placeholders and link targets are not text


def zh_numbers(text: str) -> Iterator[tuple[Decimal, int, str]]:
    """(value, offset, as written) of the numbers in Chinese text.

    Figures always, with 万/亿 as magnitudes (1.5万亿). Chinese numerals when they write a number
    (四条, 两个, 二十, 百亿); not a lone 十/百/千/万 (十分, 千里, 万物: idiom), nor 零 (零部件)."""
    for m in ZH_NUMBER.finditer(MASK.sub(lambda m: " " * len(m.group()), text)):
        if m["fig"]:
            value: Decimal | None = Decimal(m["fig"].replace(",", "") + (m["dec"] or "")) * (_zh_numeral(m["mag"]) or 1)
        elif len(m["han"]) == 1 and m["han"] in "十百千万亿〇零":
            continue
        else:
            numeral = _zh_numeral(m["han"])
            value = None if numeral is None else Decimal(numeral)
        if value is not None and value not in IGNORED_VALUES:
            yield value.normalize(), m.start(), m.group()


def _zh_numeral(han: str) -> int | None:
    """一百二十 → 120, 百亿 → 10^10, 万亿 → 10^12, 二〇二七 → 2027; a run that is no number (三五) → None."""
    if not han:
        return None
    if all(ch in ZH_DIGITS for ch in han):  # digit by digit only as years are written: 二〇二七
        return int("".join(str(ZH_DIGITS[ch]) for ch in han)) if len(han) == 1 or "〇" in han else None
    value = section = number = 0
    for ch in han:
        if ch in ZH_DIGITS:
            number = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section, number = section + (number or 1) * ZH_UNITS[ch], 0
        else:
            big, part = ZH_BIG[ch], section + number
            value = (value + part) * big if value and value < big else value + (part or 1) * big
            section = number = 0
    return value + section + number


def en_numbers(text: str) -> Iterator[tuple[Decimal, int, str]]:
    """(value, offset, as written) of the numbers in English text, read by the style rule above."""
    masked = MASK.sub(lambda m: " " * len(m.group()), text)
    for m in EN_NUMBER.finditer(masked):
        if m["bare"]:
            value = Decimal(EN_SCALES[m["bare"].lower()])
        elif m["fig"]:
            value = Decimal(m["fig"].replace(",", "") + (m["dec"] or ""))
        else:
            value = Decimal(_en_word(m["word"].lower()))
            if not spelt_out(int(value), bool(OPENS_SENTENCE.search(masked[:m.start()]))):
                continue  # words where the rule wants figures: idiom, not a count
        value *= EN_SCALES[m["scale"].lower()] if m["scale"] else 1
        if value not in IGNORED_VALUES:
            yield value.normalize(), m.start(), m.group()


def _en_word(word: str) -> int:
    tens, _, unit = word.partition("-")
    return EN_NUMBER_WORDS[tens] + (EN_WORDS[unit] if unit else 0)


# -- glossary names -------------------------------------------------------------------------
ZH_QUOTES = str.maketrans("", "", "“”‘’「」『』")
EN_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
ARTICLE = re.compile(r"^(?:the|a|an)\s+")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def en_form(name: str) -> str:
    """An English name as compared: case, curly quotes, spacing and a leading article set aside
    (the article belongs to the sentence: “a manufacturing powerhouse”, “the STAR Market”)."""
    return ARTICLE.sub("", " ".join(name.translate(EN_QUOTES).lower().split()))


class Names:
    """The glossary, indexed once for all texts: Chinese names, English names, pinyin strays."""

    made = 0  # Names made in this process: each one's serial

    def __init__(self, glossary: dict[str, Term]):
        Names.made += 1
        self.serial = Names.made
        self.terms = glossary
        self.zh = sorted(((name.translate(ZH_QUOTES), term) for term in glossary.values()
                          for name in {term.name.zh, term.short.zh}), key=lambda pair: -len(pair[0]))
        self.en = {term.key: {en_form(term.name.en), en_form(term.short.en)} for term in glossary.values()}
        self.en_pattern = re.compile("|".join(
            r"\s+".join(map(re.escape, name.split()))
            for name in sorted({n for names in self.en.values() for n in names}, key=len, reverse=True)))
        self.pinyin: dict[str, str] = {}  # pinyin form → key of the official name it strays from
        for term in glossary.values():
            if term.en_name == "official":
                for form in pinyin_forms(term):
                    self.pinyin.setdefault(form, term.key)

    def in_zh(self, zh: str) -> list[Term]:
        """The terms the Chinese names, longest name first; a name inside a longer one found here
        (宁波 in 复旦大学宁波研究院) is part of that one, not a mention of its own."""
        text = zh.translate(ZH_QUOTES)
        taken: list[tuple[int, int]] = []
        found: list[Term] = []
        for name, term in self.zh:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(start < e and s < end for s, e in taken):
                    taken.append((start, end))
                    found += [] if term in found else [term]
                start = text.find(name, end)
        return found

    def strays(self, en: str) -> Iterator[tuple[int, int, Term]]:
        """(start, end, term) of pinyin forms of official names in en, outside any glossary name."""
        named = [m.span() for m in self.en_pattern.finditer(en.translate(EN_QUOTES).lower())]
        for start, end, key in pinyin_mentions(en, self.pinyin):
            if not any(s <= start and end <= e for s, e in named):
                yield start, end, self.terms[key]


PINYIN_SPAN = 8  # opening characters of a name whose pinyin is looked for: a company is named by its first few


def pinyin_forms(term: Term) -> set[str]:
    """Pinyin (no tones, no spaces) of the opening characters of the term's Chinese names, two
    characters and longer: 江丰 → jiangfeng, 甬矽电子 → yongxidianzi. Forms its own English uses
    (Ningbo, Haishu District) are the official name, not a stray transliteration."""
    pinyin, normal = _pypinyin()
    own = "|".join(_plain(name) for name in (term.name.en, term.short.en))
    forms: set[str] = set()
    for name in {term.name.zh, term.short.zh}:
        first = HAN_RUN.search(name)
        # The two commonest readings of each character (长: zhang, chang), not the rare ones
        # (方 read as feng would take Dongfeng for 东方日升).
        # At most PINYIN_SPAN characters: each doubles the forms (a name of 90 长 would ask for 2^90 of them).
        readings = [r[:2] for r in pinyin(first.group()[:PINYIN_SPAN], style=normal, heteronym=True)] if first else []
        for length in range(2, len(readings) + 1):
            forms.update(form for form in map(_plain, map("".join, product(*readings[:length]))) if form not in own)
    return forms


def _pypinyin():
    """pypinyin's `pinyin` and `Style.NORMAL`, loaded without its phrase dictionary: every reading
    of each character is wanted here, never the one a phrase picks, and the phrase table is most
    of pypinyin's load time (0.2 s of a 0.6 s `briefgen check`)."""
    if "pypinyin" not in sys.modules:
        switches = {"PYPINYIN_NO_PHRASES": "1", "PYPINYIN_NO_DICT_COPY": "1"}  # read once, at import
        saved = {name: os.environ.get(name) for name in switches}
        os.environ.update(switches)
        try:
            import pypinyin  # noqa: F401
        finally:
            for name, value in saved.items():
                os.environ.pop(name) if value is None else os.environ.update({name: value})
    from pypinyin import Style, pinyin
    return pinyin, Style.NORMAL


WORD = re.compile(r"[^\W\d_]+")
JOINERS = " -‐'’\n"  # what may stand inside a transliterated name: Yong Xi, Yong-xi


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    """Letters only, lower case, without tone marks: Yǒng-xī → yongxi, lü → lu, lv → lu."""
    letters = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if c.isalpha())
    return letters.replace("v", "u") if "v" in letters else letters


def pinyin_mentions(en: str, forms: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, forms[form]) of runs of whole words in en spelling one of the forms, longest first."""
    words = [(m.start(), m.end(), _plain(m.group())) for m in WORD.finditer(en)]
    index = 0
    while index < len(words):
        joined, found = "", None
        for last in range(index, min(index + 6, len(words))):
            if last > index and en[words[last - 1][1]:words[last][0]].strip(JOINERS):
                break
            joined += words[last][2]
            if joined in forms:
                found = last
        if found is None:
            index += 1
            continue
        yield words[index][0], words[found][1], forms["".join(w for _, _, w in words[index:found + 1])]
        index = found + 1


# -- the check --------------------------------------------------------------------------------

def check(files: Iterable[YamlFile], glossary: dict[str, Term]) -> None:
    """Compare every text read from files with its source-language original; findings go to each file's
    diagnostics."""
    names = _indexed(glossary)
    source = source_lang()
    for f in files:
        for _node, path, fields in f.texts:
            # A glossary entry's own name and note speak of it ("this name", "the company"):
            # it is not demanded of them, every other name is.
            owner = glossary.get(path.partition(".")[0])
            owner = owner if owner and owner.name.where and owner.name.where.file == f.name else None
            for target in (lang for lang in content_langs() if lang != source):
                # A pair found to agree, with no exception, agrees again as long as its texts, the glossary
                # and the owner are the same (a watch checks every text after each edit).
                seen = None if "parity" in fields else (
                    fields[source].value, fields[target].value, target, names.serial, owner.key if owner else None)
                if seen in _AGREED:
                    continue
                found = len(f.sink)
                _Pair(f, path, fields, names, (source, target), owner).check()
                if seen is not None and len(f.sink) == found:
                    _AGREED.add(seen)


_AGREED: set[tuple[str, str, str, int, str | None]] = set()  # (source, translation, its language, Names, owner)


def _indexed(glossary: dict[str, Term]) -> Names:
    """The glossary's index, made once for as long as the glossary stays as it is."""
    signature = tuple((t.key, t.name.by_lang, t.short.by_lang, t.kind, t.en_name) for t in glossary.values())
    global _index
    if _index is None or _index[0] != signature:
        if len(_AGREED) > 100_000:
            _AGREED.clear()
        _index = (signature, Names(glossary))
    return _index[1]


_index: tuple[tuple, Names] | None = None


class _Pair:
    """One text as written in the source language and in one translation, with its escape hatch."""

    def __init__(self, f: YamlFile, path: str, fields: dict[str, Node], names: Names, langs: tuple[str, str],
                 owner: Term | None = None):
        self.f, self.path, self.names, self.owner = f, path, names, owner
        self.source, self.target = langs
        self.nodes = {lang: fields[lang] for lang in langs}
        self.texts = {lang: _as_compared(fields[lang].value.strip(), lang) for lang in langs}
        self.hatch = fields.get("parity")
        self.ignored = self._read_hatch()
        self.found: set[str] = set()

    def check(self) -> None:
        self._placeholders()
        self._numbers()
        self._glossary()
        for rule in sorted(self.ignored - self.found):
            assert self.hatch is not None  # only a `parity:` exception ignores a rule
            self.f.error(codes.PARITY_NEEDLESS, self.hatch, join(self.path, "parity.ignore"),
                         f"'{rule}' is ignored here, but zh and en agree on it",
                         "Remove it from `ignore:`: an exception must answer a real difference.")

    def _read_hatch(self) -> set[str]:
        """The rules `parity: {ignore: [...], reason: "..."}` excuses; every part is checked."""
        if self.hatch is None:
            return set()
        path = join(self.path, "parity")
        complete = self.f.mapping(self.hatch, path, PARITY) is not None
        fields = {str(k.value): v for k, v in self.hatch.value} if isinstance(self.hatch, MappingNode) else {}
        items = (self.f.sequence(fields["ignore"], join(path, "ignore")) or []) if "ignore" in fields else []
        if "ignore" in fields and not items and isinstance(fields["ignore"], SequenceNode):
            self.f.error(codes.PARITY_NO_RULE, fields["ignore"], join(path, "ignore"), "no rule named",
                         f"List the rules this text is excused from: {', '.join(RULES)}.")
        rules = {self.f.choice(item, join(join(path, "ignore"), i), RULES) for i, item in enumerate(items)}
        reason = self.f.string(fields["reason"], join(path, "reason")) if "reason" in fields else None
        if not (complete and reason and items) or None in rules:
            return set()  # an exception that is not valid excuses nothing
        return {rule for rule in rules if rule is not None}  # all of them, by now

    def _report(self, rule: str, code: Code, lang: str, message: str, fix: str, offset: int | None = None) -> None:
        self.found.add(rule)
        if rule in self.ignored:
            return
        text, node = self.texts[lang], self.nodes[lang]
        # At the character when known, else at the text's start (not at a block's `>-`).
        self.f.error(code, node, join(self.path, lang), message, fix, offset=_raw_offset(node, text, offset or 0))

    # -- the three rules ----------------------------------------------------------------------

    @property
    def _both_ways(self) -> tuple[tuple[str, str], tuple[str, str]]:
        return (self.source, self.target), (self.target, self.source)

    def _placeholders(self) -> None:
        marks = {lang: Counter(_marks(self.texts[lang])) for lang in self.texts}
        for lang, other in self._both_ways:
            for mark in sorted((marks[other] - marks[lang]).elements()):
                self._report("placeholders", codes.PARITY_PLACEHOLDERS, lang, f"{mark} is in {other} but not in {lang}",
                             "Write the same placeholders and links in both languages (order may differ).")

    def _numbers(self) -> None:
        found = {lang: list(FIGURE_READERS[profile(lang).figures](text)) for lang, text in self.texts.items()}
        counts = {lang: Counter(value for value, _, _ in found[lang]) for lang in found}
        extra = {lang: counts[lang] - counts[other] for lang, other in self._both_ways}
        if not any(extra.values()):
            return
        first = {lang: next(offset for value, offset, _ in found[lang] if value in extra[lang])
                 for lang in found if extra[lang]}
        # reported at the first figure without a match (the source's first); the other side's is cited
        at = self.source if extra[self.source] else self.target
        said = "; ".join(f"{lang} has {_listed(found[lang], extra[lang])}{self._cited(lang, first, at)} that "
                         f"{other} has not" for lang, other in self._both_ways if extra[lang])
        self._report("numbers", codes.PARITY_NUMBERS, at, f"the numbers differ: {said}",
                     "Write the same figures in both languages, or correct the wrong one (in English: one to "
                     "nine in words, 10 and above in figures; see content/README.md, 'Parity').",
                     offset=first[at])

    def _cited(self, lang: str, first: dict[str, int], at: str) -> str:
        if lang == at:
            return ""
        where = self.f.where(self.nodes[lang], _raw_offset(self.nodes[lang], self.texts[lang], first[lang]))
        return f" (at {where.line}:{where.column})"

    def _glossary(self) -> None:
        if not profile(self.target).official_names:
            return
        source, target, lang = self.texts[self.source], self.texts[self.target], self.target
        strays = list(self.names.strays(target))
        for start, _, term in strays:  # first: a name in pinyin is reported as that, once
            self._report("glossary", codes.PARITY_PINYIN, lang,
                         f"'{target[start:_]}' is a pinyin form of {term.short.zh}, whose "
                         f"official English is {' or '.join(map(repr, _names(term)))}",
                         f"Write the glossary's form ({term.key} in glossary.yaml).", offset=start)
        written, strayed = en_form(target), {term.key for _, _, term in strays}
        own = self.owner.key if self.owner else None  # (by key: the index may be an earlier check's)
        for term in self.names.in_zh(source):
            if term.key in (own, *strayed) or any(name in written for name in self.names.en[term.key]):
                continue
            if any(name.translate(ZH_QUOTES) in target for name in (term.name.zh, term.short.zh)):
                continue  # the translation quotes the Chinese name itself (The source writes only “双碳”)
            names = _names(term)
            self._report("glossary", codes.PARITY_GLOSSARY, lang,
                         f"{self.source} names {term.short.zh} ({term.key}), but {lang} writes "
                         + (f"neither {names[0]!r} nor {names[1]!r}" if len(names) > 1 else f"no {names[0]!r}"),
                         f"Write the glossary's English for {term.key}, or change glossary.yaml.")


FIGURE_READERS = {"chinese": zh_numbers, "western": en_numbers}  # by Profile.figures


def _as_compared(text: str, lang: str) -> str:
    """Chinese folded across lines as the reader folds it (no space between two Han characters)."""
    return (unfold_chinese(text) or "") if profile(lang).cjk else text


def _marks(text: str) -> Iterator[str]:
    """Placeholders as written ({dv_target_2027}, {fig:dv_path}) and link targets (→ https://…)."""
    for m in TOKEN.finditer(text):
        if m.group(2) is not None:
            yield "{" + m.group(2).strip() + "}"
        elif m.group(1) is not None:
            yield f"a link to {m.group(1)}"


def _listed(found: list[tuple[Decimal, int, str]], extra: Counter) -> str:
    left = Counter(extra)
    shown = []
    for value, _, written in found:
        if left[value]:
            left[value] -= 1
            shown.append(f"'{written.strip()}'")
    return ", ".join(shown)


def _names(term: Term) -> list[str]:
    return list(dict.fromkeys((term.name.en, term.short.en)))


def _raw_offset(node: Node, text: str, offset: int) -> int:
    """text is node.value stripped (and, in Chinese, unfolded): the same non-blank characters.
    The offset in node.value of text[offset], for the reader's located errors."""
    ordinal = sum(1 for ch in text[:offset] if not ch.isspace())
    seen = 0
    for index, ch in enumerate(node.value):
        if not ch.isspace():
            if seen == ordinal:
                return index
            seen += 1
    return 0
