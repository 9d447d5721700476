"""Languages are data: a third, toy language goes end to end through the reader, compose and layout with
nothing added but its profile and its texts in the content."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from briefgen import completeness, languages
from briefgen.build import build
from briefgen.compose import compose
from briefgen.content import load_library
from briefgen.typeset.render import TEXT_AREA, render
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"
TOY = dataclasses.replace(
    languages.ENGLISH, key="xx", tag="en-x-toy", locale="en_GB", part_number="Part {p}", section_number="§{p}.{s}",
    heading_gap=" — ", body_size=11.5,
    words={**languages.ENGLISH.words, "figure": "Fig. {n}", "contents": "Table of Contents", "key_figures": "At a Glance",
           "folio": "{number}/{total}", "sources": "Where the Facts Come From"})


def with_toy_texts(value):
    """Every {zh, en} of the content also in the toy language (its English, for the test)."""
    if isinstance(value, dict):
        value = {k: with_toy_texts(v) for k, v in value.items()}
        if "zh" in value and "en" in value:
            value["xx"] = value["en"]
        return value
    if isinstance(value, list):
        return [with_toy_texts(v) for v in value]
    return value


@pytest.fixture
def toy(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setitem(languages.PROFILES, TOY.key, TOY)
    monkeypatch.setitem(languages.VARIANTS, TOY.key, languages.Variant(TOY.key, (TOY.key,)))
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for path in content.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(with_toy_texts(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return content


def test_a_toy_language_is_read_composed_and_laid_out(toy: Path, tmp_path: Path):
    library, _ = load_library(toy)
    doc = compose(library, library.editions[0], "xx")
    headings = [b for b in doc.blocks if type(b).__name__ == "Heading"]
    assert headings[0].number == "Part 1" and headings[1].number == "§1.1"
    pdf = render(doc)
    assert completeness.check(pdf.data, doc, TEXT_AREA) == []
    text = re.sub(r"\s+", " ", " ".join(completeness.page_texts(pdf.data, (0, 0, 1000, 1000))))
    for seen in ("TableofContents", "AtaGlance", "Fig.1", "WheretheFactsComeFrom", "Part1—EveryKindofContent"):
        assert seen in text, seen


def test_the_toy_language_is_a_pdf_of_the_build(toy: Path, tmp_path: Path):
    result = build(toy, tmp_path / "out", variants=("xx", "zh", "en", "bilingual"))
    assert sorted(o.language for o in result.outputs) == ["bilingual", "en", "xx", "zh"]
    assert (tmp_path / "out" / "brief-01-xx.pdf").stat().st_size > 10_000


def test_a_text_missing_the_toy_language_is_located(toy: Path):
    from briefgen.diagnostics import ContentError

    part = toy / "editions" / "01" / "part.yaml"
    part.write_text(re.sub(r"^ *xx: Growth\n", "", part.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_library(toy)
    assert any("missing 'xx'" in str(d) and d.where for d in raised.value.diagnostics)
