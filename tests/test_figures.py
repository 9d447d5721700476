"""Figures from data: derived values, claim checks, charts in both languages, the chart cache."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import pdftools
from briefgen.content import load_library
from briefgen import derive
from conftest import CONTENT, ROOT, replace_line, run_briefgen


@pytest.fixture(scope="module")
def library():
    return load_library(CONTENT)[0]


def value(library, key: str) -> Decimal:
    return library.indicators[key].quantity.value


def test_derived_figures_are_computed(library):
    assert value(library, "gdp_growth_5y") == Decimal("8.9")  # 16.4 % − 7.5 points
    assert value(library, "dv_growth_needed") == Decimal("13.4")  # (15000 / 8000) ** (1/5) − 1
    assert value(library, "forehope_revenue_multiple") == Decimal("57.4")  # 21.8 / 0.38
    assert value(library, "forehope_revenue_cagr") == Decimal("175.2")  # 57.37 ** (1/4) − 1


def test_growth_path_ends_on_the_target(library):
    path = derive.growth_path(library.indicators["dv_value_added"], library.indicators["dv_target_2027"])
    assert [year for year, _ in path] == list(range(2022, 2028))
    assert path[0][1] == Decimal(8000) * 10**8 and path[-1][1] == Decimal("1.5") * 10**12


UNEXPLAINED = ROOT / "tests" / "fixtures" / "every_block"  # the same claim check, not yet weighed by editors


def test_check_warns_about_the_235_percent_claim():
    result = run_briefgen("check", UNEXPLAINED)
    assert result.returncode == 0
    line = next(n for n, text in enumerate((UNEXPLAINED / "indicators.yaml").read_text().splitlines(), 1)
                if text.strip().startswith("check: {cagr: [forehope_revenue_2018"))
    warning = re.search(rf"indicators\.yaml:{line}:\d+: warning: .*235%.*175\.2%", result.stderr)
    assert warning, result.stderr


def test_strict_turns_the_warning_into_an_error(tmp_path: Path):
    result = run_briefgen("check", "--strict", UNEXPLAINED)
    assert result.returncode == 1 and "235%" in result.stderr and "Traceback" not in result.stderr
    built = run_briefgen("build", "--strict", UNEXPLAINED, "--out", tmp_path / "out")
    assert built.returncode == 1 and not (tmp_path / "out").exists()


def test_an_explained_disagreement_passes_strict_and_is_still_printed(content_copy: Path):
    result = run_briefgen("check", "--strict", CONTENT)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    replace_line(content_copy / "indicators.yaml", "  value: 235", "  value: 175.2")
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1 and "forehope_growth_avg.check.expected: the stated figure agrees with its data" \
        in result.stderr


def test_brief_prints_the_source_figure_with_an_editors_note(built: Path):
    zh = pdftools.chinese_text(built / "brief-01-zh.pdf")
    en = pdftools.english_text(built / "brief-01-en.pdf")
    assert "年均增速达235%" in zh and "编者注" in zh and "175.2%" in zh
    assert "235%" in en and "Editors’ note" in en and "175.2%" in en


@pytest.mark.parametrize("zh,en", [("8.9%", "8.9%"), ("13.4%", "13.4%"), ("57.4倍", "57.4 times"),
                                   ("175.2%", "175.2%")])
def test_derived_figures_are_printed_in_house_style(built: Path, zh: str, en: str):
    assert zh in pdftools.chinese_text(built / "brief-01-zh.pdf")
    assert en in pdftools.english_text(built / "brief-01-en.pdf")


def test_chart_labels_are_text_in_both_languages(built: Path):
    zh = pdftools.chinese_text(built / "brief-01-zh.pdf")
    en = pdftools.english_text(built / "brief-01-en.pdf")
    for label in ("图1", "地区生产总值年均增速", "亿元", "2027年目标", "按年均增长13.4%所需路径"):
        assert label in zh, label
    for label in ("Figure 1", "Average annual GDP growth", "RMB billion", "2027 target", "Path at 13.4% a year"):
        assert label in en, label


def test_figures_are_numbered_and_cited(built: Path):
    zh = pdftools.chinese_text(built / "brief-01-zh.pdf")
    numbers = sorted({int(n) for n in re.findall(r"图(\d)", zh)})
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 5


def charts_line(result) -> tuple[int, int]:
    match = re.search(r"charts: (\d+) rendered, (\d+) from cache", result.stdout)
    assert match, result.stdout
    return int(match.group(1)), int(match.group(2))


def test_chart_cache_hits_and_misses(content_copy: Path, tmp_path: Path, private_cache: Path):
    first = run_briefgen("build", content_copy, "--out", tmp_path / "a")
    rendered, _ = charts_line(first)
    assert rendered > 0
    assert charts_line(run_briefgen("build", content_copy, "--out", tmp_path / "b"))[0] == 0
    replace_line(content_copy / "indicators.yaml", "value: 0.38", "value: 0.39")
    changed = run_briefgen("build", content_copy, "--out", tmp_path / "c")
    assert charts_line(changed)[0] == 3  # the Forehope chart, once per language and once for both (bilingual)


def test_warm_build_does_not_import_what_it_takes_from_the_caches(tmp_path: Path, private_cache: Path):
    """Charts (matplotlib; svglib and reportlab's graphics, which imports platypus) and the checked content (the
    YAML reader, pypinyin for the parity check) come from the caches: a warm build imports none of them."""
    env = {"BRIEFGEN_CACHE": str(private_cache)}
    run_briefgen("build", CONTENT, "--out", tmp_path / "a")  # fills the caches (charts, drawings, content)
    # (one process: forked workers would import in their own memory, out of this check's sight)
    script = ("import sys; from briefgen.cli import main; "
              "code = main(['build', sys.argv[1], '--out', sys.argv[2], '--jobs', '1']); "
              "print(code, sorted(m for m in ('matplotlib', 'svglib', 'reportlab.graphics', 'reportlab.platypus', "
              "'yaml', 'pypinyin', 'briefgen.content.load') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script, str(CONTENT), str(tmp_path / "b")], capture_output=True,
                         text=True, env={**os.environ, **env}, timeout=300)
    assert out.stdout.strip().endswith("0 []"), out.stdout + out.stderr


def test_the_charts_of_one_spec_tick_in_step_in_both_languages(tmp_path: Path):
    """The Chinese and the English chart of one spec share their scale: as many ticks, at the same fractions
    of it (亿元 against RMB billion differ by a power of ten), whatever their labels' wrapping."""
    from briefgen.compose import compose
    from briefgen.content import load_library
    from briefgen.document import Figure, Plot
    from briefgen.typeset.chartcache import ChartCache
    from briefgen.typeset.charts import chart_svg
    from briefgen.typeset.theme import DEFAULT

    library, _ = load_library(CONTENT)
    cache = ChartCache(tmp_path)
    figures = {lang: [b for b in compose(library, library.editions[0], lang).blocks
                      if isinstance(b, Figure) and isinstance(b.plot, Plot)] for lang in ("zh", "en")}
    assert len(figures["zh"]) >= 3
    for zh, en in zip(figures["zh"], figures["en"]):
        ticks = []
        for fig in (zh, en):
            svg = chart_svg(fig.plot, DEFAULT.text_width, DEFAULT.text_width * DEFAULT.chart_height, DEFAULT, cache)
            ticks.append([float(t.replace(",", "")) for t in re.findall(r'<g id="ytick_\d+">.*?>([^<>]+)</text>', svg,
                                                                        re.S)])
        assert len(ticks[0]) == len(ticks[1]) >= 3, (zh.chart, ticks)
        ratio = ticks[1][-1] / ticks[0][-1]
        assert all(b == pytest.approx(a * ratio) for a, b in zip(ticks[0], ticks[1])), (zh.chart, ticks)


def test_chart_labels_keep_the_han_latin_gap_as_spacing(built: Path):
    """A chart label mixing Han and digits (2027年目标, 过去5年末) has ¼ em between them, as body text has, and
    it is spacing: the two glyphs are drawn side by side (no space character between), so the label copies
    as written."""
    import pdfplumber

    gaps = []
    with pdfplumber.open(str(built / "brief-01-zh.pdf")) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if abs(c["size"] - 8.5) < 0.05]
            for a, b in zip(chars, chars[1:]):
                if a["text"].isdigit() and b["text"] == "年" and abs(a["top"] - b["top"]) < 1:
                    gaps.append(b["x0"] - a["x1"])
    assert gaps and all(abs(gap - 8.5 / 4) < 0.3 for gap in gaps), gaps
