"""The built brief, read back: facts, names, fonts, charts, metadata, manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import pdftools
from conftest import CONTENT

VARIANTS = ("zh", "en", "bilingual")
ZH_FIGURES = ["8000亿元", "1.5万亿元", "1.2万亿元", "16.4%", "7.5个百分点", "0.38亿元", "21.8亿元", "235%"]
EN_FIGURES = ["RMB 800 billion", "RMB 1.5 trillion", "RMB 1.2 trillion", "16.4%", "7.5 percentage points",
              "RMB 38 million", "RMB 2.18 billion", "235%"]
ZH_NAMES = ["甬矽电子", "均胜电子", "吉利汽车", "高发电子", "蓝卓", "创元", "中之杰", "柯力传感", "遨森电商", "世贸通",
            "江丰电子", "博威集团", "长阳科技", "激智科技", "东方日升", "锦浪科技", "康赛妮", "野马电池", "海曙区",
            "前湾新区", "慈港小镇", "一城四高地", "彭佳学", "王顺波", "徐展新", "殷聪", "任峥", "国家数据局",
            "结构不够优", "转型不够快", "创新不够强", "超常发力", "精准聚力", "一体发力", "革新动力", "人形机器人",
            "元宇宙", "量子科技", "集群跃升、能力逐新、主体攀高、数实相融、生态创优"]


def pdf(built: Path, variant: str) -> Path:
    return built / f"brief-01-{variant}.pdf"


def glossary() -> dict:
    return yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))


def test_three_pdfs_and_a_manifest(built: Path):
    names = sorted(p.name for p in built.iterdir())
    assert names == ["brief-01-bilingual.pdf", "brief-01-en.pdf", "brief-01-zh.pdf", "manifest.json"]


def test_manifest_matches_the_files(built: Path):
    entries = json.loads((built / "manifest.json").read_text())["pdfs"]
    assert {(e["edition"], e["language"]) for e in entries} == {("01", v) for v in VARIANTS}
    for entry in entries:
        data = (built / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == len(PdfReader(built / entry["path"]).pages)


@pytest.mark.parametrize("figure", ZH_FIGURES)
def test_chinese_pdf_states_each_figure(built: Path, figure: str):
    assert figure in pdftools.chinese_text(pdf(built, "zh"))


@pytest.mark.parametrize("figure", EN_FIGURES)
def test_english_pdf_states_each_figure(built: Path, figure: str):
    assert figure in pdftools.english_text(pdf(built, "en"))


def test_chinese_pdf_names_everyone_in_the_seed(built: Path):
    text = pdftools.chinese_text(pdf(built, "zh"))
    assert [name for name in ZH_NAMES if name not in text] == []


def test_every_glossary_name_appears_in_its_language(built: Path):
    zh_text = pdftools.chinese_text(pdf(built, "zh"))
    en_text = pdftools.english_text(pdf(built, "en"))
    terms = glossary()
    missing_zh = [k for k, t in terms.items() if t["zh"] not in zh_text and t.get("short", {}).get("zh") not in zh_text]
    missing_en = [k for k, t in terms.items() if t["en"] not in en_text and t.get("short", {}).get("en") not in en_text]
    assert (missing_zh, missing_en) == ([], [])


def test_bilingual_pdf_has_both_languages(built: Path):
    zh = pdftools.chinese_text(pdf(built, "bilingual"))
    en = pdftools.english_text(pdf(built, "bilingual"))
    assert all(f in zh for f in ZH_FIGURES) and all(f in en for f in EN_FIGURES)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_font_is_embedded_subset_and_unicode_mapped(built: Path, variant: str):
    rows = pdftools.fonts(pdf(built, variant))
    assert rows, "no fonts listed"
    assert [r for r in rows if (r["emb"], r["sub"], r["uni"]) != ("yes", "yes", "yes")] == []
    assert not any("Helvetica" in r["name"] or "DejaVu" in r["name"] for r in rows)


@pytest.mark.parametrize("variant", VARIANTS)
def test_charts_are_vector(built: Path, variant: str):
    assert pdftools.image_count(pdf(built, variant)) == 0


def test_chart_text_is_live_text(built: Path):
    assert "亿元" in pdftools.chinese_text(pdf(built, "zh"))
    assert "RMB billion" in pdftools.english_text(pdf(built, "en"))


@pytest.mark.parametrize("variant,lang", [("zh", "zh-CN"), ("en", "en"), ("bilingual", "zh-CN")])
def test_metadata(built: Path, variant: str, lang: str):
    reader = PdfReader(pdf(built, variant))
    info = reader.metadata
    edition = yaml.safe_load((CONTENT / "editions/01/edition.yaml").read_text(encoding="utf-8"))
    expected_title = edition["title"]["en" if variant == "en" else "zh"]
    assert expected_title in info.title
    assert info.author and info.subject
    assert reader.trailer["/Root"]["/Lang"] == lang


def test_a4_pages_with_an_outline(built: Path):
    reader = PdfReader(pdf(built, "zh"))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(595, 842)}
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(titles) >= 4 and titles[0].startswith("一、")
