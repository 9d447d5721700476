"""A hostile corpus: the mistakes authors make and the inputs an attacker would try, each with its outcome.

Every case edits a copy of the every-block fixture and states what must happen:
- `Refused(text, file)`: `check` exits 1 and says `text`, located at file:line:column (`file=None` for the
  few problems that belong to no line, such as a missing folder);
- `Accepted()`: `check` exits 0, and then `build` must succeed too (`check` is the build's contract).
No case may print a traceback. Work stays bounded: every case finishes far inside RUNAWAY (the unbounded
inputs of the past took 40 to 155 s); how fast the bombs are refused is measured in bench/bench_bombs.py,
not timed here.
Faults of the machine rather than the content (disks, signals, fonts, caches, PDFs for lint) are the
corpus of test_failures.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from briefgen import cli
from conftest import ROOT, as_text

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"
PART = "editions/01/part.yaml"
EDITION = "editions/01/edition.yaml"
RUNAWAY = 10.0  # seconds: a bound on runaway work, not a speed target


@dataclass(frozen=True)
class Refused:
    says: str
    file: str | None  # the file the error is located in, as the path ends; None: no line to point at


@dataclass(frozen=True)
class Accepted:
    pass


# -- editing the copy -----------------------------------------------------------------------------------------


def replace(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def write(file: str, data: str | bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return edit


def append(file: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with open(root / file, "a", encoding="utf-8") as handle:
            handle.write(text)
    return edit


def run(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)
    return edit


def recode(file: str, encoding: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return edit


def link(file: str, target: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / file).symlink_to(target if target.startswith("/") else root / target)
    return edit


def parts(*names: str) -> Callable[[Path], None]:
    return replace(EDITION, "parts: [part.yaml]", f"parts: [{', '.join(names)}]")


def paragraph(zh: str, en: str = "A paragraph.") -> Callable[[Path], None]:
    """Append a paragraph to the last section of the part, its texts written as JSON strings (any character)."""
    import json

    return append(PART, f"      - zh: {json.dumps(zh, ensure_ascii=False)}\n        en: {json.dumps(en, ensure_ascii=False)}\n")


def section_text(zh: str) -> Callable[[Path], None]:
    return replace(PART, "海曙区以翠柏里创新街区为龙头", zh)


SIMPLE_PART = "title: {zh: 附录, en: Appendix}\nsections:\n  - title: {zh: 说明, en: Notes}\n    body:\n      - {zh: 说明。, en: A note.}\n"
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


# -- the corpus: (case, class, edit, outcome) --------------------------------------------------------------

CASES = [
    # malformed files and encodings
    ("utf16-file", "encoding", recode("glossary.yaml", "utf-16"), Refused("is UTF-16 text", "glossary.yaml")),
    ("binary-bytes", "encoding", lambda root: (root / "indicators.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff"),
     Refused("is not UTF-8 text (byte 0x89)", "indicators.yaml")),
    ("latin1-file", "encoding", write("sources.yaml", b"ningbo-report:\n  title: caf\xe9\n"),
     Refused("is not UTF-8 text (byte 0xe9)", "sources.yaml")),
    ("raw-control-byte", "encoding", replace(PART, "增长, en: Growth", "增长\x01, en: Growth"),
     Refused("invisible control character U+0001", PART)),
    ("nul-byte", "encoding", append("glossary.yaml", "\x00"), Refused("invisible control character U+0000", "glossary.yaml")),
    ("empty-file", "malformed", write("glossary.yaml", ""), Refused("the file is empty", "glossary.yaml")),
    ("glossary-as-list", "malformed", write("glossary.yaml", "- a\n- b\n"), Refused("expected entries", "glossary.yaml")),
    ("unclosed-bracket", "malformed", replace(PART, "title: {zh: 增长, en: Growth}", "title: {zh: 增长, en: Growth"),
     Refused("YAML syntax error", PART)),
    ("tab-indent", "malformed", replace(PART, "    title: {zh: 增长", "\ttitle: {zh: 增长"), Refused("YAML syntax error", PART)),
    ("oversize-file", "malformed", append("glossary.yaml", "# " + "x" * 2_100_000 + "\n"),
     Refused("is larger than 2 MB", "glossary.yaml")),
    ("utf8-bom", "encoding", lambda root: (root / "charts.yaml").write_bytes(b"\xef\xbb\xbf" + (root / "charts.yaml").read_bytes()),
     Accepted()),
    ("crlf-lines", "encoding", lambda root: (root / PART).write_bytes((root / PART).read_bytes().replace(b"\n", b"\r\n")),
     Accepted()),
    ("duplicate-key", "malformed", append("glossary.yaml", "haishu:\n  zh: 海曙\n  en: Haishu\n  kind: place\n  en_name: official\n"),
     Refused("key 'haishu' appears twice", "glossary.yaml")),
    ("plain-text-as-yaml", "malformed", write("editions/01/notes.yaml", "root:x:0:0:root:/root:/bin/bash " * 50),
     Accepted()),  # present but not listed in parts: never read
    ("python-tag", "malformed", replace(PART, "en: Growth}", "en: !!python/object:os.system ls}"),
     Refused("expected text", PART)),

    # YAML 1.1 surprises
    ("hex-number", "yaml11", replace("indicators.yaml", "value: 8000", "value: 0x1F40"), Refused("plain decimal digits", "indicators.yaml")),
    ("octal-number", "yaml11", replace("indicators.yaml", "value: 8000", "value: 0o17500"), Refused("expected a number, got '0o17500'", "indicators.yaml")),
    ("sexagesimal-year", "yaml11", replace("indicators.yaml", "year: 2027", "year: 20:27"), Refused("base-60", "indicators.yaml")),
    ("exponent", "yaml11", replace("indicators.yaml", "value: 8000", "value: 8.0e+3"), Refused("plain decimal digits", "indicators.yaml")),
    ("underscores", "yaml11", replace("indicators.yaml", "value: 8000", "value: 8_000"), Refused("plain decimal digits", "indicators.yaml")),
    ("bool-number", "yaml11", replace(EDITION, "number: 1", "number: yes"), Refused("expected a whole number, got 'yes'", EDITION)),
    ("bool-text", "yaml11", replace(PART, "en: Growth", "en: no"), Refused("expected text, got 'no'", PART)),
    ("impossible-date", "yaml11", replace(EDITION, "date: 2026-11-28", "date: 2026-13-45"), Refused("expected a date", EDITION)),
    ("infinity", "yaml11", replace("indicators.yaml", "value: 8000", "value: .inf"), Refused("expected a number", "indicators.yaml")),
    ("not-a-number", "yaml11", replace("indicators.yaml", "value: 8000", "value: .nan"), Refused("expected a number", "indicators.yaml")),
    ("null-text", "yaml11", replace(PART, "en: Growth", "en: ~"), Refused("expected text, got '~'", PART)),
    ("number-as-text", "yaml11", replace(PART, "en: Growth", "en: 2027"), Refused("expected text, got '2027'", PART)),

    # wrong types and ranges
    ("unit-in-value", "types", replace("indicators.yaml", "value: 8000", "value: 8000亿"), Refused("expected a number, got '8000亿'", "indicators.yaml")),
    ("unknown-unit", "types", replace("indicators.yaml", "unit: 亿元", "unit: 亿"), Refused("unknown unit '亿'", "indicators.yaml")),
    ("unknown-kind", "types", replace("indicators.yaml", "kind: actual", "kind: forecast"), Refused("'forecast' is not allowed", "indicators.yaml")),
    ("negative-edition", "ranges", replace(EDITION, "number: 1", "number: -5"), Refused("-5 is out of range", EDITION)),
    ("edition-zero", "ranges", replace(EDITION, "number: 1", "number: 0"), Refused("0 is out of range", EDITION)),
    ("edition-folder-mismatch", "ranges", replace(EDITION, "number: 1", "number: 2"), Refused("editions/01 but says number: 2", EDITION)),
    ("year-20000", "ranges", replace("indicators.yaml", "year: 2027", "year: 20000"), Refused("20000 is out of range", "indicators.yaml")),
    ("year-1800", "ranges", replace("indicators.yaml", "year: 2018", "year: 1800"), Refused("1800 is out of range", "indicators.yaml")),
    ("value-1e28", "ranges", replace("indicators.yaml", "value: 8000", "value: 10000000000000000000000000000"),
     Refused("is too large", "indicators.yaml")),
    ("date-as-word", "types", replace(EDITION, "date: 2026-11-28", "date: yesterday"), Refused("expected a date", EDITION)),
    ("title-as-list", "types", replace(PART, "title: {zh: 增长, en: Growth}", "title: [增长, Growth]"), Refused("expected a mapping", PART)),
    ("title-one-language", "types", replace(PART, "title: {zh: 增长, en: Growth}", "title: 增长"), Refused("unknown glossary term '增长'", PART)),
    ("keywords-as-text", "types", replace(EDITION, "keywords: [{zh: 数字经济, en: digital economy}]", "keywords: 数字经济"),
     Refused("expected a list", EDITION)),
    ("sections-as-mapping", "types", replace(PART, "sections:\n  - id: growth", "sections:\n  growth:\n  - id: growth"),
     Refused("expected a list", PART)),
    ("unknown-en-name", "types", replace("glossary.yaml", "en_name: translation", "en_name: unofficial"),
     Refused("'unofficial' is not allowed", "glossary.yaml")),
    ("misspelt-key", "types", replace(EDITION, "subtitle:", "subtitel:"), Refused("Did you mean 'subtitle'?", EDITION)),
    ("year-and-period", "types", replace("indicators.yaml", "  year: 2027\n", "  year: 2027\n  period: {zh: 目标, en: target}\n"),
     Refused("give either `year:` or `period:`", "indicators.yaml")),

    # dangling and cyclic references
    ("unknown-indicator-in-text", "references", replace(PART, "{dv_target_2027}（见", "{dv_target_2072}（见"),
     Refused("unknown indicator '{dv_target_2072}'", PART)),
    ("unknown-chart-in-text", "references", section_text("海曙区（见{fig:nowhere}）"), Refused("unknown chart '{fig:nowhere}'", PART)),
    ("chart-not-placed", "references", replace(PART, "      - chart: forehope_line\n", ""),
     Refused("{fig:forehope_line} cites a chart this edition does not place", PART)),
    ("chart-block-deleted-text-cites-it", "references", replace(PART, "      - chart: haishu_focus\n", ""),
     Refused("- chart: haishu_focus", PART)),
    ("unknown-chart-block", "references", replace(PART, "- chart: haishu_focus", "- chart: haishu_focuss"),
     Refused("Did you mean 'haishu_focus'?", PART)),
    ("unknown-section", "references", replace(PART, "{sec:growth}", "{sec:grwth}"), Refused("unknown section '{sec:grwth}'", PART)),
    ("glossary-key-as-figure", "references", replace(PART, "{core_growth_5y}，高于", "{haishu}，高于"),
     Refused("'{haishu}' names a glossary term, not an indicator", PART)),
    ("glossary-key-as-source", "references", replace("indicators.yaml", "source: ningbo-report", "source: haishu"),
     Refused("'haishu' names a glossary term, not a source", "indicators.yaml")),
    ("unknown-speaker", "references", replace(PART, "by: peng_jiaxue", "by: peng"), Refused("unknown glossary term 'peng'", PART)),
    ("derives-from-itself", "references", replace("indicators.yaml", "difference: [core_growth_5y, core_growth_gap_5y]",
                                                   "difference: [gdp_growth_5y, core_growth_gap_5y]"),
     Refused("in a circle: gdp_growth_5y → gdp_growth_5y", "indicators.yaml")),
    ("derivation-cycle", "references", run(
        replace("indicators.yaml", "difference: [core_growth_5y, core_growth_gap_5y]", "difference: [forehope_revenue_multiple, core_growth_gap_5y]"),
        replace("indicators.yaml", "multiple: [forehope_revenue_2018, forehope_revenue_last_year]", "multiple: [gdp_growth_5y, forehope_revenue_last_year]")),
     Refused("in a circle: gdp_growth_5y → forehope_revenue_multiple → gdp_growth_5y", "indicators.yaml")),
    ("derived-before-its-operands", "references", lambda root: _move_to_top(root / "indicators.yaml", "gdp_growth_5y"), Accepted()),
    ("check-from-unknown", "references", replace("indicators.yaml", "cagr: [forehope_revenue_2018, forehope_revenue_last_year]",
                                                  "cagr: [forehope_revenue_2017, forehope_revenue_last_year]"),
     Refused("Did you mean 'forehope_revenue_2018'?", "indicators.yaml")),
    ("unknown-name", "references", replace(PART, "names: [haishu, cuibaili, forehope]", "names: [haishu, cuibali]"),
     Refused("unknown glossary term 'cuibali'", PART)),
    ("unknown-key-figure", "references", replace(EDITION, "key_figures: [dv_value_added", "key_figures: [dv_valu_added"),
     Refused("unknown indicator 'dv_valu_added'", EDITION)),
    ("chart-placed-twice", "references", append(PART, "      - chart: haishu_focus\n"), Refused("placed a second time", PART)),
    ("missing-part-file", "references", parts("prt.yaml"), Refused("part file 'prt.yaml' not found", EDITION)),
    ("section-id-twice", "references", replace(PART, "  - title: forehope\n", "  - title: forehope\n    id: growth\n"),
     Refused("section id 'growth' is used twice", PART)),
    ("glossary-key-as-bar", "references", replace("charts.yaml", "bars: [core_growth_5y, gdp_growth_5y]", "bars: [core_growth_5y, haishu]"),
     Refused("'haishu' names a glossary term, not an indicator", "charts.yaml")),
    ("broken-operand-no-cascade", "references", replace("indicators.yaml", "value: 16.4", "value: 16.4%"),
     Refused("expected a number, got '16.4%'", "indicators.yaml")),
    ("distribution-empty", "references", replace(EDITION, "  to: {zh: 测试报送单位, en: Test recipients}\n  copies: {zh: "
                                                 "测试分送单位甲、测试分送单位乙, en: \"Test copy holders A and B\"}\n", "  {}\n"),
     Refused("distribution: names no one", EDITION)),
    ("distribution-typo", "references", replace(EDITION, "  to: {zh: 测试报送单位", "  too: {zh: 测试报送单位"),
     Refused("unknown key 'too'", EDITION)),
    ("distribution-one-language", "references", replace(EDITION, "  to: {zh: 测试报送单位, en: Test recipients}",
                                                       "  to: {zh: 测试报送单位}"),
     Refused("distribution.to", EDITION)),
    ("table-one-column-head", "references", replace("charts.yaml", "  groups:\n    - label: haishu",
                                                    "  columns: [{zh: 甲, en: A}]\n  groups:\n    - label: haishu"),
     Refused("1 column heads for a table of two", "charts.yaml")),
    ("missing-edition-yaml", "references", write("editions/02/part.yaml", SIMPLE_PART), Refused("has no edition.yaml", None)),
    ("no-editions", "references", lambda root: shutil.rmtree(root / "editions"), Refused("no edition found", None)),
    ("empty-placeholder", "references", section_text("海曙区{}"), Refused("empty placeholder", PART)),
    ("edition-folder-not-a-number", "references", lambda root: (root / "editions/01").rename(root / "editions/special"),
     Refused("an edition's folder is named by its number", None)),
    ("edition-number-twice", "references", lambda root: shutil.copytree(root / "editions/01", root / "editions/001"),
     Refused("are both edition 1", None)),
    ("as-of-after-date", "ranges", replace(EDITION, "date: 2026-11-28", "date: 2026-11-28\nas_of: 2027-06-01"),
     Refused("is after the edition's date", EDITION)),
    ("placeholder-in-a-title", "hostile text", replace(PART, "title: {zh: 增长, en: Growth}",
                                                       "title: {zh: \"增长{core_growth_5y}\", en: Growth}"),
     Refused("would be printed as it is", PART)),
    ("bold-in-a-label", "hostile text", replace("charts.yaml", "en: Where Haishu District will focus",
                                                "en: Where **Haishu District** will focus"),
     Refused("'**' would be printed as it is", "charts.yaml")),
    ("bold-in-a-glossary-name", "hostile text", replace("glossary.yaml", "en: Cuibaili Innovation Block",
                                                        "en: \"**Cuibaili** Innovation Block\""),
     Refused("'**' would be printed as it is", "glossary.yaml")),
    ("ligature", "hostile text", paragraph("正文", "e\ufb01ciency"), Refused("a ligature character", PART)),
    ("pieces-that-meet", "hostile text", run(paragraph("计划已定。", "The plan is settled in the city."),
                                             paragraph("工作稳步推进。", "Work goes on steadily."),
                                             append(PART, "      - list:\n          - {zh: 城市工作, en: "
                                                    "the city. Work goes on steadily}\n")), Accepted()),
    ("long-legend-labels", "oversize", replace("indicators.yaml",
                                               "label: {zh: 数字经济增加值, en: Value added of the digital economy}",
                                               "label: {zh: " + "数" * 110 + ", en: " +
                                               "Value added of the digital economy " * 3 + "}", count=2), Accepted()),
    ("long-heading", "oversize", replace(PART, "title: {zh: 增长, en: Growth}",
                                         "title: {zh: " + "增长" * 50 + ", en: " + "Growth " * 28 + "}"), Accepted()),
    ("empty-link-text", "hostile text", paragraph("详见[](https://www.ningbo.gov.cn)。", "More at [](https://www.ningbo.gov.cn)."),
     Refused("a link with no text would print nothing", PART)),

    # empty collections
    ("empty-bars", "empty", replace("charts.yaml", "bars: [core_growth_5y, gdp_growth_5y]", "bars: []"), Refused("the list is empty", "charts.yaml")),
    ("empty-figures", "empty", replace(PART, "figures: [core_growth_5y, core_growth_gap_5y, gdp_growth_5y]", "figures: []"),
     Refused("the list is empty", PART)),
    ("empty-names", "empty", replace(PART, "names: [haishu, cuibaili, forehope]", "names: []"), Refused("the list is empty", PART)),
    ("empty-credit-names", "empty", replace("sources.yaml", "names: [{zh: 殷聪, en: Yin Cong}]", "names: []"),
     Refused("the list is empty", "sources.yaml")),
    ("empty-key-figures", "empty", replace(EDITION, "key_figures: [dv_value_added, dv_target_2027, core_growth_5y]", "key_figures: []"),
     Refused("the list is empty", EDITION)),
    ("empty-list", "empty", replace(PART, "      - list:\n", "      - list: []\n      - zh: 列表\n        en: A list\n        parity: {ignore: [numbers], reason: x}\n      - list:\n"),
     Refused("the list is empty", PART)),
    ("empty-sections", "empty", write(PART, "title: {zh: 部分, en: Part}\nsections: []\n"), Refused("the list is empty", PART)),
    ("empty-body", "empty", replace(PART, "    body:\n      - zh: 海曙区", "    body: []\n    notes:\n      - zh: 海曙区"),
     Refused("the list is empty", PART)),
    ("empty-parts", "empty", parts(), Refused("the list is empty", EDITION)),
    ("empty-keywords", "empty", replace(EDITION, "keywords: [{zh: 数字经济, en: digital economy}]", "keywords: []"),
     Refused("the list is empty", EDITION)),
    ("empty-diagram-items", "empty", replace("charts.yaml", "      items:\n        - cuibaili\n        - {zh: 工业互联网、信创、人工智能、光模块, en: \"industrial internet, xinchuang, AI, optical modules\"}\n",
                                              "      items: []\n"), Refused("the list is empty", "charts.yaml")),
    ("empty-articles", "empty", replace("sources.yaml", "  articles:\n", "  articles: []\n  old_articles:\n"),
     Refused("the list is empty", "sources.yaml")),
    ("empty-text", "empty", replace(PART, "en: Growth", "en: '  '"), Refused("expected text", PART)),

    # hostile and invisible text
    ("rlo-override", "hostile text", paragraph("正文\u202e反向", "Text \u202ereversed"), Refused("text-direction control U+202E", PART)),
    ("lri-isolate", "hostile text", paragraph("正文\u2066隔离", "Text"), Refused("text-direction control U+2066", PART)),
    ("zero-width-space", "hostile text", paragraph("正文\u200b间隔", "Text"), Refused("invisible character U+200B", PART)),
    ("soft-hyphen", "hostile text", paragraph("正文", "in\u00advisible"), Refused("invisible character U+00AD", PART)),
    ("bom-in-text", "hostile text", paragraph("正文\ufeff", "Text"), Refused("invisible character U+FEFF", PART)),
    ("ogham-space", "hostile text", paragraph("正文", "Text\u1680with an odd space"), Accepted()),
    ("next-line-char", "hostile text", paragraph("正文\x85换行", "Text"), Refused("invisible control character U+0085", PART)),
    ("escaped-next-line", "hostile text", append(PART, '      - {zh: "正文\\N换行", en: Text.}\n'), Accepted()),
    ("tab-in-chart-label", "hostile text", replace("charts.yaml", "en: Where Haishu District will focus", 'en: "Where Haishu\\tDistrict will focus"'),
     Accepted()),
    ("line-separator", "hostile text", paragraph("正文\u2028分隔", "Text\u2029paragraph"), Accepted()),
    ("information-separator", "hostile text", paragraph("正文\x1c分隔", "Text"), Refused("invisible character U+001C", PART)),
    ("bell-escape", "hostile text", paragraph("正文\x07", "Text"), Refused("invisible character U+0007", PART)),
    ("char-outside-fonts", "hostile text", paragraph("正文𠀀字", "Text"), Refused("character '𠀀' (U+20000) is not in the brief's fonts", PART)),
    ("many-outside-fonts", "hostile text", paragraph("𠀀" * 4_000, "Text"), Refused("more characters like these", PART)),
    ("emoji", "hostile text", paragraph("正文😀", "Text"), Refused("U+1F600", PART)),
    ("unclosed-bold", "hostile text", paragraph("**正文", "**Text"), Refused("bold text is opened here but never closed", PART)),
    ("javascript-link", "hostile text", paragraph("[链接](javascript:alert(1))", "[link](javascript:alert(1))"),
     Refused("link target 'javascript:alert(1' is not allowed", PART)),
    ("markup-chars", "hostile text", paragraph("<b>正文</b> & <script>", "<b>Text</b> & <script>alert(1)</script>"), Accepted()),
    ("ideographic-space", "hostile text", paragraph("正文\u3000空格", "Text"), Accepted()),
    ("long-unbreakable-word", "hostile text", paragraph("正文", "A" * 300), Accepted()),

    # oversize content
    ("heading-300", "oversize", replace(PART, "title: {zh: 增长, en: Growth}", "title: {zh: " + "增" * 300 + ", en: Growth}"),
     Refused("at most 200 fit here", PART)),
    ("paragraph-6000", "oversize", paragraph("文" * 6_000, "Text"), Refused("at most 5,000 fit here", PART)),
    ("label-200", "oversize", replace("indicators.yaml", "label: {zh: 数字经济增加值, en: Value added of the digital economy}",
                                      "label: {zh: " + "长" * 200 + ", en: Value}"), Refused("at most 120 fit here", "indicators.yaml")),
    ("chart-title-300", "oversize", replace("charts.yaml", "title: {zh: 过去5年年均增速", "title: {zh: " + "题" * 300),
     Refused("at most 200 fit here", "charts.yaml")),
    ("diagram-7-items", "oversize", replace("charts.yaml", "        - cuibaili\n", "        - cuibaili\n" * 7), Refused("at most 6 fit here", "charts.yaml")),
    ("diagram-taller-than-page", "oversize", append("charts.yaml", "    - label: forehope\n      items:\n" +
                                                    ("        - {zh: " + "高" * 290 + ", en: tall}\n") * 6),
     Refused("the diagram is taller than a page (alone in a language", "charts.yaml")),
    ("sections-110", "oversize", append(PART, "".join(f"  - title: {{zh: 节{i}, en: Section {i}}}\n    body:\n      - {{zh: 文。, en: Text.}}\n"
                                                       for i in range(110))), Refused("at most 50 fit here", PART)),
    ("list-100-items", "oversize", replace(PART, "      - list:\n", "      - list:\n" + "          - {zh: 项, en: item}\n" * 100),
     Refused("at most 60 fit here", PART)),
    ("bars-30", "oversize", replace("charts.yaml", "bars: [core_growth_5y, gdp_growth_5y]", "bars: [" + ", ".join(["core_growth_5y"] * 30) + "]"),
     Refused("at most 24 fit here", "charts.yaml")),
    ("parts-21", "oversize", run(write("editions/01/appendix.yaml", SIMPLE_PART), parts("part.yaml", *["appendix.yaml"] * 20)),
     Refused("at most 20 fit here", EDITION)),
    ("key-figures-13", "oversize", replace(EDITION, "key_figures: [dv_value_added, dv_target_2027, core_growth_5y]",
                                           "key_figures: [" + ", ".join(["core_growth_5y"] * 13) + "]"), Refused("at most 12 fit here", EDITION)),

    # bombs: refused before they cost time
    ("billion-laughs", "bomb", append("glossary.yaml", LAUGHS), Refused("aliases (*name) expand", "glossary.yaml")),
    ("paragraph-aliased-1000", "bomb", append(PART, "      - &p {zh: " + "数" * 200 + ", en: " + "digital " * 25 + "}\n" + "      - *p\n" * 1000),
     Refused("aliases (*name) expand", PART)),
    ("nesting-1000", "bomb", append("glossary.yaml", "deep: " + "[" * 1000 + "]" * 1000 + "\n"), Refused("nest", "glossary.yaml")),
    ("nesting-100", "bomb", append("glossary.yaml", "deep: " + "[" * 100 + "]" * 100 + "\n"), Refused("nests deeper than 32 levels", "glossary.yaml")),
    ("chart-10000-points", "bomb", replace("charts.yaml", "points: [forehope_revenue_2018, forehope_revenue_last_year]",
                                           "points: [" + ", ".join(["forehope_revenue_2018"] * 10_000) + "]"), Refused("at most 24 fit here", "charts.yaml")),
    ("value-500-thousand-chars", "bomb", paragraph("数" * 500_000, "Text"), Refused("characters long; at most 5,000", PART)),
    ("value-5-million-chars", "bomb", paragraph("数" * 5_000_000, "Text"), Refused("is larger than 2 MB", PART)),
    ("name-of-heteronyms", "bomb", append("glossary.yaml", "changchang:\n  zh: " + "长" * 150 + "\n  en: A long name\n"
                                          "  kind: place\n  en_name: official\n"), Accepted()),  # 2^150 pinyin forms

    # paths that try to leave the edition's folder
    ("absolute-part", "paths", parts("/etc/passwd"), Refused("is not a file of this edition's folder", EDITION)),
    ("parent-part", "paths", parts("../../glossary.yaml"), Refused("is not a file of this edition's folder", EDITION)),
    ("symlinked-part", "paths", run(link("editions/01/evil.yaml", "/etc/passwd"), parts("evil.yaml")),
     Refused("is not a file of this edition's folder", EDITION)),
    ("subfolder-part", "paths", run(write("editions/01/sub/part.yaml", SIMPLE_PART), parts("sub/part.yaml")),
     Refused("is not a file of this edition's folder", EDITION)),
    ("symlink-loop", "paths", run(link("editions/01/loop.yaml", "editions/01/loop.yaml"), parts("loop.yaml")),
     Refused("part file 'loop.yaml'", EDITION)),
    ("not-yaml-suffix", "paths", run(write("editions/01/notes.txt", SIMPLE_PART), parts("notes.txt")), Refused("a .yaml file", EDITION)),
    ("text-file-as-part", "paths", run(write("editions/01/passwd.yaml", "root:x:0:0:root:/root:/bin/bash\n" * 50),
                                         parts("passwd.yaml")), Refused("expected a mapping", "editions/01/passwd.yaml")),
]


def _move_to_top(path: Path, key: str) -> None:
    """Move one entry of a keyed YAML table (blank-line separated) to the top of the file."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    moved = next(b for b in blocks if b.startswith(f"{key}:"))
    path.write_text("\n\n".join([moved, *(b for b in blocks if b is not moved)]), encoding="utf-8")


def invoke(*args: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*args])
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): ")


@pytest.mark.parametrize("name, kind, edit, outcome", CASES, ids=[c[0] for c in CASES])
def test_hostile_case(tmp_path: Path, name: str, kind: str, edit, outcome):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    edit(root)
    code, out, err, seconds = invoke("check", str(root))
    assert "Traceback" not in err and "Traceback" not in out
    assert seconds < RUNAWAY, f"check took {seconds:.2f} s"
    assert len(err) < 20_000, "messages must stay short (values are clipped)"
    assert "root:x:0:0" not in err, "a file's contents were echoed"
    if isinstance(outcome, Accepted):
        assert code == 0, err
        code, out, err, _ = invoke("build", str(root), "--out", str(tmp_path / "out"))
        assert code == 0, f"check passed, build failed:\n{err}"
        assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
        return
    assert code == 1, f"expected a content error, got exit {code}:\n{err}"
    errors = [line for line in err.splitlines() if "warning:" not in line and not line.startswith("briefgen:")]
    matching = [line for line in errors if outcome.says in line]
    assert matching, f"expected “{outcome.says}” in:\n{err}"
    if outcome.file is not None:
        located = [LOCATED.match(line) for line in matching]
        assert any(m and m["file"].endswith(outcome.file) for m in located), f"not located in {outcome.file}:\n{err}"
    assert all(LOCATED.match(line) or outcome.file is None for line in errors), err
    # the same problems for tools, line for line, each with its code (conftest holds the codes to the guide)
    code, out, said, _ = invoke("check", str(root), "--format", "json")
    report = json.loads(out)
    assert code == 1 and said.splitlines() == err.splitlines()[-1:] and report["summary"]["exit_code"] == 1
    assert [as_text(d) for d in report["diagnostics"]] == err.splitlines()[:-1]


def test_the_corpus_covers_every_class():
    kinds = {kind for _, kind, _, _ in CASES}
    assert len(CASES) >= 100
    assert kinds >= {"encoding", "malformed", "yaml11", "types", "ranges", "references", "empty", "hostile text",
                     "oversize", "bomb", "paths"}


def test_no_file_outside_content_is_read_or_built(tmp_path: Path):
    """An absolute part path is refused before it is opened: nothing of it reaches a message or a PDF."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: {zh: 机密, en: SECRET-MARKER}\nsections:\n  - title: {zh: 机密, en: SECRET}\n"
                      "    body:\n      - {zh: 机密。, en: SECRET-MARKER.}\n", encoding="utf-8")
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    parts(str(secret))(root)
    code, _, err, _ = invoke("build", str(root), "--out", str(tmp_path / "out"))
    assert code == 1 and "SECRET-MARKER" not in err
    assert not (tmp_path / "out").exists()


# -- bombs, whole processes: bounded work, and memory -------------------------------------------------------------

@pytest.mark.parametrize("name", ["billion-laughs", "paragraph-aliased-1000", "nesting-1000", "chart-10000-points",
                                  "value-500-thousand-chars", "many-outside-fonts", "year-20000"])
def test_a_bomb_is_refused_within_bounded_work_and_100_mb(tmp_path: Path, name: str):
    import subprocess
    import sys

    edit = next(case[2] for case in CASES if case[0] == name)
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    edit(root)
    # VmHWM: this process's own peak (ru_maxrss would include the pytest process it was forked from)
    script = ("import re, sys, time; from briefgen import cli; start = time.perf_counter(); "
              "code = cli.main(['check', sys.argv[1]]); seconds = time.perf_counter() - start; "
              "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]; print(code, seconds, peak)")
    result = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=60)
    code, seconds, peak_kb = result.stdout.split()
    assert code == "1" and float(seconds) < RUNAWAY and int(peak_kb) < 100 * 1024, result.stdout


def _node_tree(node, out):
    """Every node's kind, tag, marks, style and value, depth first."""
    out.append((type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column, node.start_mark.index,
                node.end_mark.line, node.end_mark.column, node.end_mark.index, getattr(node, "style", None),
                getattr(node, "flow_style", None), node.value if isinstance(node.value, str) else None))
    children = node.value if isinstance(node.value, list) else []
    for child in children:
        for part in (child if isinstance(child, tuple) else (child,)):
            _node_tree(part, out)
    return out


def test_the_fast_parser_gives_the_reference_nodes():
    """libyaml reads the content (several times faster); every node, mark, tag and style is what PyYAML's own
    parser gives, on the shipped content, every fixture and every YAML file of the tests."""
    import yaml

    from briefgen.content.nodes import _MISSING, _fast_compose

    files = sorted({*ROOT.glob("content/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")})
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        fast = _fast_compose(text)
        assert fast is not _MISSING, path
        reference = yaml.compose(text, Loader=yaml.SafeLoader)
        assert _node_tree(fast, []) == _node_tree(reference, []), path


def test_the_fast_parser_leaves_deep_nesting_to_the_reference_wording(tmp_path: Path):
    from briefgen.content.nodes import _fast_compose

    with pytest.raises(RecursionError):
        _fast_compose("[" * 100_000 + "]" * 100_000)  # composed in Python: the stack never overflows
