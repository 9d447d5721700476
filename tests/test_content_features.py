"""Content features end to end: links and emphasis in text, every chart kind from YAML."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfReader

import pdftools
from conftest import run_briefgen


def add_yaml(path: Path, entries: dict) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False))


def test_links_and_bold_in_paragraphs(content_copy: Path, tmp_path: Path):
    goals = content_copy / "editions/01/goals.yaml"
    text = goals.read_text(encoding="utf-8")
    text = text.replace("按照行动方案，到2027年，", "按照[行动方案](https://www.ningbo.gov.cn/plan)，**到2027年**，", 1)
    text = text.replace("Under the action plan,", "Under the [action plan](https://www.ningbo.gov.cn/plan),", 1)
    goals.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run_briefgen("build", content_copy, "--out", out, "--lang", "zh,en").returncode == 0
    for variant in ("zh", "en"):
        reader = PdfReader(out / f"brief-01-{variant}.pdf")
        uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])
                if a.get_object().get("/A", {}).get("/URI")]
        assert "https://www.ningbo.gov.cn/plan" in uris, variant
    assert "按照行动方案，到2027年，全市数字经济增加值" in pdftools.chinese_text(out / "brief-01-zh.pdf")
    assert "Under the action plan, by 2027" in pdftools.english_text(out / "brief-01-en.pdf")


def test_line_and_grouped_bar_charts_from_yaml(content_copy: Path, tmp_path: Path):
    add_yaml(content_copy / "charts.yaml", {
        "forehope_line": {"type": "line", "title": {"zh": "甬矽电子年营收走势", "en": "Forehope Electronic revenue trend"},
                          "points": ["forehope_revenue_2018", "forehope_revenue_last_year"]},
        "growth_pairs": {"type": "grouped_bar", "title": {"zh": "增速对比", "en": "Growth compared"},
                         "series": [{"zh": "核心产业", "en": "Core industries"}, {"zh": "地区生产总值", "en": "GDP"}],
                         "groups": [{"label": {"zh": "过去5年", "en": "Past five years"},
                                     "bars": ["core_growth_5y", "gdp_growth_5y"]}]},
    })
    goals = content_copy / "editions/01/goals.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("      - chart: dv_path\n",
                                  "      - chart: dv_path\n      - chart: forehope_line\n      - chart: growth_pairs\n", 1),
                     encoding="utf-8")
    out = tmp_path / "out"
    result = run_briefgen("build", content_copy, "--out", out, "--lang", "zh,en")
    assert result.returncode == 0, result.stderr
    zh, en = pdftools.chinese_text(out / "brief-01-zh.pdf"), pdftools.english_text(out / "brief-01-en.pdf")
    assert "甬矽电子年营收走势" in zh and "核心产业" in zh and "地区生产总值" in zh and "2018" in zh
    assert "Forehope Electronic revenue trend" in en and "Core industries" in en and "Growth compared" in en
    assert pdftools.image_count(out / "brief-01-zh.pdf") == 0


def test_a_line_chart_needs_dated_points(content_copy: Path):
    add_yaml(content_copy / "charts.yaml", {
        "undated": {"type": "line", "title": {"zh": "走势", "en": "Trend"},
                    "points": ["core_growth_5y", "gdp_growth_5y"]},
    })
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1
    assert "charts.yaml:" in result.stderr and "has no year" in result.stderr


def test_section_references_are_numbered_and_linked(built: Path):
    assert "2027年目标见第二部分（一）" in pdftools.chinese_text(built / "brief-01-zh.pdf")
    assert "the targets for 2027 are set out in Section 2.1." in pdftools.english_text(built / "brief-01-en.pdf")
    reader = PdfReader(built / "brief-01-en.pdf")
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    citing = next(i for i, text in enumerate(texts) if "are set out in Section" in text)
    targets = {reader.get_page_number(a.get_object()["/Dest"][0].get_object())
               for a in reader.pages[citing].get("/Annots", []) if "/Dest" in a.get_object()}
    assert any("2.1 Targets for 2027" in texts[t] for t in targets)


def test_unknown_section_reference_is_located(content_copy: Path):
    path = content_copy / "editions/01/overview.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{sec:targets_2027}。", "{sec:targets_2072}。", 1),
                    encoding="utf-8")
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1
    assert "overview.yaml:" in result.stderr and "unknown section '{sec:targets_2072}'" in result.stderr
    assert "Did you mean 'targets_2027'?" in result.stderr
