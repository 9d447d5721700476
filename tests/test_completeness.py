"""Every piece of the composed document reaches every PDF: each language, each layout, each folio style.

The check reads the real PDFs back (pdfium's text, in drawing order) and finds
each heading, paragraph, list item, quotation and attribution, key figure,
caption, chart label, diagram box, note, source line and contents entry. The
tests prove it passes on the shipped edition and on a fixture with every block
kind, and that it fails when the typesetter drops, repeats or reorders a block.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from briefgen import cli, completeness
from briefgen.build import build
from briefgen.compose import VARIANTS, compose
from briefgen.options import FIGURES_ONCE
from briefgen.content import load_library
from briefgen.typeset import story
from briefgen.typeset.flow import Spacer
from briefgen.options import FOLIOS, LAYOUTS, RenderOptions
from briefgen.typeset.paragraph import TextBlock
from briefgen.typeset.render import TEXT_AREA
from conftest import CONTENT, ROOT

EVERY_BLOCK = ROOT / "tests" / "fixtures" / "every_block"
SHIPPED_LIST_ITEMS = 39  # in edition 01, per language


def documents(content: Path) -> dict[str, object]:
    library, _ = load_library(content)
    return {variant: compose(library, library.editions[0], variant) for variant in VARIANTS}


@pytest.fixture(scope="module")
def shipped_docs():
    return documents(CONTENT)


@pytest.fixture(scope="module")
def every_block_docs():
    return documents(EVERY_BLOCK)


def kinds(doc, lang: str) -> Counter:
    return Counter(p.kind for p in completeness.pieces(doc) if p.lang == lang)


def build_unverified(content: Path, out: Path, **options) -> dict[str, bytes]:
    result = build(content, out, options=RenderOptions(**options), verify=False)
    return {o.language: o.data for o in result.outputs}


# -- the shipped edition --------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("folio", FOLIOS)
@pytest.mark.parametrize("content", ["shipped", "every block"])
def test_every_pdf_shows_everything(shipped_docs, every_block_docs, tmp_path: Path, content: str, layout: str,
                                    folio: str):
    """The shipped edition, and the fixture with every block kind, in every language, layout and folio."""
    folder, docs = (CONTENT, shipped_docs) if content == "shipped" else (EVERY_BLOCK, every_block_docs)
    pdfs = build_unverified(folder, tmp_path, layout=layout, folio=folio)
    for variant, doc in docs.items():
        assert completeness.check(pdfs[variant], doc, TEXT_AREA, layout in FIGURES_ONCE) == [], variant


def test_the_check_reads_every_list_item_of_both_languages(shipped_docs):
    """The pieces the check looks for include all 39 list items, in each column of the bilingual brief."""
    for lang in ("zh", "en"):
        assert kinds(shipped_docs["bilingual"], lang)["list item"] == SHIPPED_LIST_ITEMS
        assert kinds(shipped_docs[lang], lang)["list item"] == SHIPPED_LIST_ITEMS


def test_the_default_build_verifies_and_passes(built: Path):
    """`briefgen build` reads every PDF back before writing; the session's build got through."""
    entries = json.loads((built / "manifest.json").read_text())["pdfs"]
    assert len(entries) == len(VARIANTS)


# -- every block kind ---------------------------------------------------------------------------------------


def test_fixture_holds_every_block_and_inline_kind(every_block_docs):
    seen = kinds(every_block_docs["bilingual"], "zh") + kinds(every_block_docs["bilingual"], "en")
    for kind in ("cover", "contents entry", "heading", "paragraph", "list item", "quote", "attribution", "note",
                 "key-figure title", "key-figure value", "key-figure label", "key-figure period", "caption",
                 "figure text", "figure source"):
        assert seen[kind] > 0, kind
    library, _ = load_library(EVERY_BLOCK)
    assert {c.kind for c in library.charts.values()} == {"bar", "grouped_bar", "line", "target_path", "diagram"}
    source = (EVERY_BLOCK / "editions" / "01" / "part.yaml").read_text(encoding="utf-8")
    for markup in ("**", "](https://", "{fig:", "{sec:", "{dv_target_2027}", "quote:", "by:", "names:", "figures:"):
        assert markup in source, markup


# -- the check fails when layout loses content ----------------------------------------------------------------


def _first_item_only(original):
    def bullets(lst, theme):
        return original(lst, theme)[:1]
    return bullets


def test_a_list_cut_to_its_first_item_is_reported(every_block_docs, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(story, "_bullets", _first_item_only(story._bullets))
    pdfs = build_unverified(EVERY_BLOCK, tmp_path)
    for variant in VARIANTS:
        findings = completeness.check(pdfs[variant], every_block_docs[variant], TEXT_AREA)
        missing = {(f.piece.lang, f.piece.text) for f in findings if f.problem == "missing"}
        langs = ("zh", "en") if variant == "bilingual" else (variant,)
        assert {("zh", "地区生产总值年均增速8.9%"), ("en", "GDP grows by 8.9% a year")} & missing
        assert {f.piece.lang for f in findings} == set(langs)
        assert all(f.piece.kind == "list item" for f in findings)


def test_a_figure_drawn_empty_is_reported(every_block_docs, tmp_path: Path, monkeypatch):
    """Caption and source in place, the graphic lost: its labels, values and boxes are missed."""
    monkeypatch.setattr(story, "_chart", lambda plot, theme: Spacer(40))
    monkeypatch.setattr(story, "TableBox", lambda diagrams, theme, **_: Spacer(40))
    pdfs = build_unverified(EVERY_BLOCK, tmp_path)
    findings = completeness.check(pdfs["en"], every_block_docs["en"], TEXT_AREA)
    assert {(f.piece.kind, f.problem) for f in findings} == {("figure text", "missing")}
    missing = {f.piece.text for f in findings}
    assert {"RMB 1.5 trillion", "Cuibaili Innovation Block", "last year", "RMB billion"} <= missing


def test_a_paragraph_set_twice_is_reported(every_block_docs, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(story, "_content", _doubling_quotes(story._content))
    pdfs = build_unverified(EVERY_BLOCK, tmp_path)
    findings = completeness.check(pdfs["zh"], every_block_docs["zh"], TEXT_AREA)
    assert [(f.piece.kind, f.problem) for f in findings] == [("quote", "duplicated"), ("quote", "duplicated")]


def _doubling_quotes(original):
    def content(block, theme):
        boxes = original(block, theme)
        return boxes + original(block, theme) if getattr(block, "role", "") == "quote" else boxes
    return content


def test_paragraphs_in_the_wrong_order_are_reported(every_block_docs, tmp_path: Path, monkeypatch):
    original = story.story

    def swapped(doc, layout, theme):
        pieces = original(doc, layout, theme)
        notes = [i for i, f in enumerate(pieces) if isinstance(f, TextBlock)]
        a, b = notes[-3], notes[-2]  # two lines of the sources part, at the end
        pieces[a], pieces[b] = pieces[b], pieces[a]
        return pieces

    monkeypatch.setattr("briefgen.typeset.render.story", swapped)
    pdfs = build_unverified(EVERY_BLOCK, tmp_path)
    findings = completeness.check(pdfs["en"], every_block_docs["en"], TEXT_AREA)
    assert [f.problem for f in findings] == ["out of order"]


def test_the_cli_refuses_to_write_an_incomplete_pdf(tmp_path: Path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(EVERY_BLOCK), "--out", str(out), "--lang", "zh"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(story, "_bullets", _first_item_only(story._bullets))
    capsys.readouterr()
    assert cli.main(["build", str(EVERY_BLOCK), "--out", str(out), "--lang", "zh"]) == cli.EXIT_BUG
    err = capsys.readouterr().err
    assert "brief-01-zh.pdf does not show all of its content: this is a bug in briefgen" in err
    assert "zh list item missing: “地区生产总值年均增速8.9%”" in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the last good outputs stay as they were
    assert cli.main(["build", str(EVERY_BLOCK), "--out", str(tmp_path / "unverified"), "--lang", "zh",
                     "--no-verify"]) == 0


def test_a_figure_still_waiting_when_the_story_ends_gets_a_page(tmp_path: Path):
    """A figure that did not fit below the text floats; when only text followed it and the story ended on
    that page, the figure was lost (found in review; the completeness check stopped the build)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "two_editions", content)
    label = "数字经济核心产业增加值年均增速" * 4
    with open(content / "indicators.yaml", "a", encoding="utf-8") as handle:
        for n in range(3):
            handle.write(f"\nx{n}:\n  label: {{zh: {label}{n}, en: Average annual growth of value added {n}}}\n"
                         f"  value: {n + 1}\n  unit: \"%\"\n  year: 2022\n  kind: actual\n  source: ningbo-report\n")
    with open(content / "charts.yaml", "a", encoding="utf-8") as handle:
        handle.write("\nmany:\n  type: bar\n  title: {zh: 很多, en: Many}\n  bars: [x0, x1, x2]\n")
    part = content / "editions" / "01" / "part.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("      - chart: haishu_focus\n",
                                                             "      - chart: haishu_focus\n      - chart: many\n"),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(content), "--out", str(out), "--edition", "01", "--lang", "zh"]) == 0
    assert "图6很多" in re.sub(r"\s+", "", subprocess_text(out / "brief-01-zh.pdf"))


def subprocess_text(pdf: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
