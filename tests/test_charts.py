"""Charts: vector drawings with live text in the brief's fonts, cached by content."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pdftools
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

import briefgen
from briefgen.document import Plot, PlotSeries
from briefgen.pdf import fonts
from briefgen.typeset.chartcache import ChartCache
from briefgen.typeset.charts import ChartBox, chart_svg
from briefgen.typeset.flow import Spacer
from briefgen.typeset.paginate import Frame
from briefgen.typeset.render import pdf_of, plain_pages
from briefgen.typeset.theme import DEFAULT

MINUS = "\N{MINUS SIGN}"
WIDTH = 156 * mm  # the A4 text column
HEIGHT = 70 * mm


def _plots(lang: str) -> list[Plot]:
    """One chart of each kind, in the shapes the composer gives them."""
    zh = lang == "zh"
    years = ("2023", "2024", "2025", "2026", "2027")
    return [
        Plot(
            "target_path", lang,
            "数字经济增加值：目前与2027年目标" if zh else "Digital-economy value added: now and the 2027 target",
            years,
            (
                PlotSeries("目前" if zh else "Now",
                           (8000 if zh else 800, None, None, None, None),
                           ("8000亿元" if zh else "RMB 800 billion", "", "", "", "")),
                PlotSeries("所需路径（年均增长17.0%）" if zh else "Required path (17.0% a year)",
                           (8000, 9360, 10951, 12813, 15000) if zh else (800, 936, 1095.1, 1281.3, 1500),
                           ("",) * 5, "path"),
                PlotSeries("2027年目标" if zh else "2027 target",
                           (None, None, None, None, 15000 if zh else 1500),
                           ("", "", "", "", "1.5万亿元" if zh else "RMB 1.5 trillion"), "target"),
            ),
            "亿元" if zh else "RMB billion",
        ),
        Plot(
            "bar", lang,
            "甬矽电子营业收入" if zh else "Forehope Electronic revenue",
            ("营业收入\n2018年", "营业收入\n2022年") if zh else ("Revenue\n2018", "Revenue\n2022"),
            (PlotSeries("", (0.38, 21.8) if zh else (0.038, 2.18),
                        ("0.38亿元", "21.8亿元") if zh else ("RMB 38 million", "RMB 2.18 billion")),),
            "亿元" if zh else "RMB billion",
        ),
        Plot(
            "grouped_bar", lang,
            "各区数字经济核心产业增加值" if zh else "Core digital industries by district",
            ("海曙区", "江北区", "镇海区", "鄞州区") if zh
            else ("Haishu District", "Jiangbei District", "Zhenhai District", "Yinzhou District"),
            (
                PlotSeries("2022年" if zh else "2022", (120, 95, 160, 310), ("120", "95", "160", "310")),
                PlotSeries("2023年" if zh else "2023", (135, 90, 182, 355), ("135", "90", "182", "355")),
            ),
            "亿元" if zh else "RMB 100 million",
        ),
        Plot(
            "line", lang,
            "增加值增速" if zh else "Growth of value added",
            ("2020年", "2021年", "2022年", "2023年") if zh else ("2020", "2021", "2022", "2023"),
            (
                PlotSeries("数字经济核心产业" if zh else "Core digital industries", (5.1, -3.2, 8.4, 16.4),
                           ("", f"{MINUS}3.2%", "", "16.4%")),
                PlotSeries("地区生产总值" if zh else "GDP", (3.3, 8.2, 3.5, 8.9), ("", "", "", "8.9%")),
            ),
            "%",
        ),
    ]


def _visible_text(plot: Plot) -> set[str]:
    """Each line of text a reader sees; a single series has no legend."""
    legend = [s.label for s in plot.series] if len(plot.series) > 1 else []
    texts = [plot.y_label, *plot.categories, *legend, *(t for s in plot.series for t in s.value_labels)]
    return {line for text in texts for line in text.split("\n") if line}


def build_pdf(path: Path, plots: list[Plot], cache: ChartCache) -> None:
    """A column of charts, placed as the brief places them."""
    story = []
    for plot in plots:
        story += [ChartBox(plot, WIDTH, HEIGHT, DEFAULT, cache=cache), Spacer(8 * mm)]
    frame = Frame(27 * mm, 20 * mm, A4[0] - 54 * mm, A4[1] - 40 * mm)
    path.write_bytes(pdf_of(plain_pages(story, frame)))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("charts")
    cache = ChartCache(root / "cache")
    paths = {lang: root / f"charts-{lang}.pdf" for lang in ("zh", "en")}
    for lang, path in paths.items():
        build_pdf(path, _plots(lang), cache)
    return paths


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_text_is_extractable(pdfs, lang):
    extracted = pdftools.chinese_text(pdfs[lang])  # white space removed
    for plot in _plots(lang):
        for line in _visible_text(plot):
            assert re.sub(r"\s+", "", line) in extracted, line
    assert f"{MINUS}3.2%" in extracted  # matplotlib's minus, in a face that has it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_are_vector(pdfs, lang):
    assert pdftools.image_count(pdfs[lang]) == 0


def _postscript_names() -> dict[str, str]:
    """reportlab face name -> the PostScript name pdffonts shows."""
    fonts.register_fonts()
    return {f.name: pdfmetrics.getFont(f.name).face.name.decode() for f in fonts.FACES.values()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_only_the_brief_faces_embedded(pdfs, lang):
    rows = pdftools.fonts(pdfs[lang])
    used = {row["name"].split("+", 1)[-1] for row in rows}
    assert rows and used <= set(_postscript_names().values()), used
    assert all((row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes") for row in rows), rows
    if lang == "zh":  # bold Chinese labels kept their face: svglib's '700' did not fall back
        assert _postscript_names()[fonts.face("cjk", "sans", bold=True).name] in used


def test_same_plot_same_svg(tmp_path):
    plot = _plots("zh")[0]
    caches = ChartCache(tmp_path / "a"), ChartCache(tmp_path / "b")
    for cache in caches:
        chart_svg(plot, WIDTH, HEIGHT, DEFAULT, cache=cache)
    [first], [second] = (list(cache.directory.glob("*.svg")) for cache in caches)
    assert first.read_bytes() == second.read_bytes()


def test_cache_hit_and_miss(tmp_path):
    cache = ChartCache(tmp_path)
    plot = _plots("en")[1]
    chart_svg(plot, WIDTH, HEIGHT, DEFAULT, cache=cache)
    chart_svg(plot, WIDTH, HEIGHT, DEFAULT, cache=cache)
    assert (cache.misses, cache.hits) == (1, 1)
    changed = dataclasses.replace(plot.series[0], values=(0.038, 2.19))
    chart_svg(dataclasses.replace(plot, series=(changed,)), WIDTH, HEIGHT, DEFAULT, cache=cache)
    assert cache.summary() == "charts: 2 rendered, 1 from cache"


def test_warm_cache_does_not_import_matplotlib(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from briefgen.document import Plot, PlotSeries
        from briefgen.typeset.chartcache import ChartCache
        from briefgen.typeset.charts import chart_svg
        from briefgen.typeset.theme import DEFAULT
        cache = ChartCache({str(tmp_path)!r})
        chart_svg({_plots("zh")[3]!r}, {WIDTH}, {HEIGHT}, DEFAULT, cache=cache)
        print(cache.summary(), "matplotlib" in sys.modules)
    """)
    src = str(Path(briefgen.__path__[0]).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    assert run() == "charts: 1 rendered, 0 from cache True"
    assert run() == "charts: 0 rendered, 1 from cache False"


def test_character_without_glyph_is_refused(tmp_path):
    plot = dataclasses.replace(_plots("zh")[1], y_label="亿元\U0002a6a5")  # CJK Extension B: in no face
    with pytest.raises(ValueError, match="U\\+2A6A5"):
        chart_svg(plot, WIDTH, HEIGHT, DEFAULT, cache=ChartCache(tmp_path))
