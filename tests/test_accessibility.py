"""Accessible, archival PDFs: every output validated as PDF/A (2u, or 3u with the figures attached) and PDF/UA-1
by the page-validation validator; the structure tree read back and held against the composed document; the
gate shown to be real by PDFs broken on purpose; the finishing pass shown to change nothing a reader sees."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import page
import pikepdf
import pytest
from conftest import CONTENT, run_briefgen
from pdftools import structure, text

from briefgen import completeness
from briefgen.build import check
from briefgen.compose import compose
from briefgen.lint import lint_pdf
from briefgen.options import FIGURES_ONCE, RenderOptions
from briefgen.typeset.render import render

VARIANTS = ("zh", "en", "bilingual")


@pytest.fixture(scope="module")
def layouts(built: Path, tmp_path_factory) -> dict[str, Path]:
    """Every PDF of the shipped edition: the three of the default build, and the bilingual one in the other
    layouts."""
    pdfs = {v: built / f"brief-01-{v}.pdf" for v in VARIANTS}
    for layout in ("interleaved", "sequential"):
        out = tmp_path_factory.mktemp(layout)
        result = run_briefgen("build", CONTENT, "--out", out, "--lang", "bilingual", "--layout", layout)
        assert result.returncode == 0, result.stderr
        pdfs[f"bilingual-{layout}"] = out / "brief-01-bilingual.pdf"
    return pdfs


@pytest.fixture(scope="module")
def archival_3u(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("a3u")
    result = run_briefgen("build", CONTENT, "--out", out, "--pdf-standard", "a-3u")
    assert result.returncode == 0, result.stderr
    return out


def failures(path: Path | bytes, profile: str) -> list[str]:
    report = page.validate_pdf_bytes(path, profile=profile) if isinstance(path, bytes) \
        else page.validate_pdf(str(path), profile=profile)
    return sorted({f.rule_id for f in report.failures}) if not report.is_compliant else []


def test_every_pdf_is_pdf_a_2u_and_pdf_ua_1(layouts: dict[str, Path]):
    assert len(layouts) == 5
    for name, path in layouts.items():
        assert failures(path, "2u") == [], name
        assert failures(path, "ua1") == [], name


def test_pdf_a_3u_carries_the_printed_figures_as_csv_and_json(archival_3u: Path):
    library, _ = check(CONTENT)
    edition = library.editions[0]
    for variant in VARIANTS:
        path = archival_3u / f"brief-01-{variant}.pdf"
        assert failures(path, "3u") == [] and failures(path, "ua1") == [], variant
        with pikepdf.open(path) as pdf:
            files = {name: spec for name, spec in pdf.attachments.items()}
            assert sorted(files) == ["brief-01-figures.csv", "brief-01-figures.json"]
            assert all(spec.obj.AFRelationship == "/Data" for spec in files.values())
            assert len(pdf.Root.AF) == 2
            table = files["brief-01-figures.csv"].get_file().read_bytes().decode("utf-8-sig")
            data = json.loads(files["brief-01-figures.json"].get_file().read_bytes())
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [r["key"] for r in rows] == [r["key"] for r in data["indicators"]]
    dv = next(r for r in rows if r["key"] == "dv_value_added")
    assert dv["value"] == str(edition.indicators["dv_value_added"].quantity.value) and dv["label_zh"]
    printed = text(archival_3u / "brief-01-zh.pdf")
    assert "8000亿元" in printed  # the figure the row holds is the one the brief prints


def test_pdf_a_2u_carries_no_attachment(layouts: dict[str, Path]):
    with pikepdf.open(layouts["zh"]) as pdf:
        assert len(pdf.attachments) == 0 and "/AF" not in pdf.Root


# -- the structure tree against the composed document ---------------------------------------------------

# The structure types each kind of piece of the document is tagged as.
TAGGED_AS = {"heading": {"H1", "H2"}, "paragraph": {"P"}, "quote": {"BlockQuote"}, "attribution": {"P"},
             "note": {"Note"}, "list item": {"LBody"}, "caption": {"Caption"}, "figure source": {"Note"},
             "distribution line": {"Note"}}
LANG = {"zh": "zh-CN", "en": "en"}


def _documents(variant: str):
    library, _ = check(CONTENT)
    return compose(library, library.editions[0], variant)


@pytest.mark.parametrize("name", ["zh", "en", "bilingual", "bilingual-interleaved", "bilingual-sequential"])
def test_every_heading_paragraph_and_list_item_is_tagged_in_reading_order(layouts, name):
    variant, _, layout = name.partition("-")
    doc = _documents(variant)
    once = (layout or "parallel") in FIGURES_ONCE
    expected = [p for p in completeness.pieces(doc, once) if p.kind in TAGGED_AS]
    if layout == "sequential":  # all of one language, then all of the other
        expected = [p for lang in ("zh", "en") for p in expected if p.lang == lang]
    if once and variant == "bilingual":  # a figure set once: its captions, then (the graphic and) its sources
        expected = _captions_first(expected)
    elements = [e for e in structure(layouts[name]).walk() if e.text]
    at = 0
    for piece in expected:
        for k in range(at, len(elements)):
            e = elements[k]
            if e.kind in TAGGED_AS[piece.kind] and completeness.normalise(e.text) == piece.key:
                assert e.lang == LANG[piece.lang], (piece, e)
                at = k + 1
                break
        else:
            raise AssertionError(f"{name}: {piece.lang} {piece.kind} not tagged, or out of order: {piece.text[:60]}")
    assert len(expected) > 100


def _captions_first(pieces: list) -> list:
    out, run = [], []
    for piece in [*pieces, None]:
        if piece is not None and piece.kind in ("caption", "figure source"):
            run.append(piece)
            continue
        out += sorted(run, key=lambda p: p.kind != "caption") + ([piece] if piece else [])
        run = []
    return out


def test_a_paragraph_split_over_pages_is_one_element(layouts):
    """(Its text whole in one element is what the reading-order test finds.)"""
    split = []
    for path in layouts.values():
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem" and "/K" in obj:
                    pages = {obj.Pg.objgen} if "/Pg" in obj else set()
                    pages |= {k.Pg.objgen for k in obj.K
                              if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"}
                    if len(pages) > 1:
                        split.append(str(obj.S))
    assert len(split) >= 5 and set(split) <= {"/P", "/LBody", "/BlockQuote", "/Note"}, split


@pytest.mark.parametrize("name", ["zh", "en", "bilingual"])
def test_lists_tables_and_contents_have_their_parts(layouts, name):
    root = structure(layouts[name])
    kinds = [e.kind for e in root.walk()]
    for container, part in (("L", "LI"), ("LI", "Lbl"), ("LI", "LBody"), ("Table", "TR"), ("TOC", "TOCI")):
        holders = [e for e in root.walk() if e.kind == container]
        assert holders and all(any(k.kind == part for k in e.kids) for e in holders), (container, part)
    heads = [e for e in root.walk() if e.kind == "TH"]
    assert heads and all(str(e.attributes.get("/Scope")) in ("/Column", "/Row") for e in heads)
    assert kinds.count("TD") >= 6 and kinds.count("Link") >= 20


@pytest.mark.parametrize("name", ["zh", "en", "bilingual", "bilingual-interleaved", "bilingual-sequential"])
def test_every_figure_has_alt_text_that_says_its_figures(layouts, name):
    root = structure(layouts[name])
    figures = [e for e in root.walk() if e.kind == "Figure"]
    charts = [e for e in figures if "/BBox" in e.attributes]
    per_language = 2 if name == "bilingual-sequential" else 1  # (the sequential layout draws each language's)
    assert len(charts) == 3 * per_language and len(figures) > len(charts)  # the charts, and the key-figure panels
    for figure in figures:
        assert figure.alt and len(figure.alt) > 40, figure
        assert re.search(r"\d", figure.alt), figure.alt  # the figures themselves, not "a chart"
    said = " ".join(f.alt for f in figures)
    if name != "en":
        assert "柱状图：过去5年年均增速" in said and "为16.4%" in said
    if name != "zh":
        assert "Bar chart: Average annual growth over the past five years" in said and "16.4%" in said


def test_english_elements_carry_lang_en_and_chinese_names_in_english_are_marked(layouts):
    for name in ("zh", "bilingual"):
        root = structure(layouts[name])
        english = [e for e in root.walk() if e.text and re.fullmatch(r"[\x00-\u024f“”‘’—–…·\s]+", e.text)
                   and len(re.findall(r"[A-Za-z]{4,}", e.text)) >= 3]
        if name == "bilingual":
            assert len(english) > 100 and all(e.lang == "en" for e in english), [e for e in english if e.lang != "en"]
            with pikepdf.open(layouts[name]) as pdf:  # the English half of a title in both languages
                streams = b"".join(p.Contents.read_bytes() for p in pdf.pages)
            contents = [e for e in root.walk() if e.kind == "TOCI"]
            assert streams.count(b"/Span <</Lang (en)>> BDC") >= len(contents) > 10
        assert root.lang == "zh-CN"
    en = structure(layouts["en"])
    assert en.lang == "en" and all(e.lang == "en" for e in en.walk())
    with pikepdf.open(layouts["en"]) as pdf:
        streams = b"".join(p.Contents.read_bytes() for p in pdf.pages)
    han = [e for e in en.walk() if re.search(r"[\u4e00-\u9fff]", e.text)]
    assert (b"/Span <</Lang (zh-CN)>> BDC" in streams) == bool(han)


def test_every_role_of_content_has_a_structure_type():
    from typing import get_args

    from briefgen.pdf.painter import STRUCTURE_TYPES
    from briefgen.typeset import pagemodel as pm

    assert set(STRUCTURE_TYPES) == set(get_args(pm.Role)) - {"artifact"}


# -- the gate is real ----------------------------------------------------------------------------------


def _broken(path: Path, mend) -> bytes:
    with pikepdf.open(path) as pdf:
        mend(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _drop_alt(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure":
            del obj.Alt
            return


def _untag_running_head(pdf: pikepdf.Pdf) -> None:
    """The first artifact of page 3 (its running head) painted as plain content."""
    contents = pdf.pages[2].Contents
    data = contents.read_bytes()
    start = data.index(b"/Artifact <</Type /Pagination>> BDC")
    depth, k = 0, start
    for match in re.finditer(rb"\bBDC\b|\bEMC\b", data[start:]):
        depth += 1 if match.group() == b"BDC" else -1
        if depth == 0:
            k = start + match.start()
            break
    data = data[:start] + data[start + len(b"/Artifact <</Type /Pagination>> BDC"):k] + data[k + 3:]
    contents.write(data)


def _drop_lang(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.Lang
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/Lang" in obj:
            del obj.Lang


@pytest.mark.parametrize("break_it, rule", [
    (_drop_alt, "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"),
    (_untag_running_head, "PDFUA1-CONTENT-TAGGING-001"),
    (_drop_lang, "PDFUA1-TEXT-LANGUAGE-001"),
])
def test_the_validator_fails_a_pdf_broken_on_purpose(layouts, break_it, rule):
    assert failures(layouts["bilingual"], "ua1") == []
    assert rule in failures(_broken(layouts["bilingual"], break_it), "ua1")


# -- the finishing pass changes nothing a reader sees ---------------------------------------------------------


def _navigation(data: bytes) -> tuple:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {p.obj.objgen: index for index, p in enumerate(pdf.pages)}

        def target(annot) -> tuple:
            dest = annot.get("/Dest") or annot.get("/A", {}).get("/D")
            if dest is None:
                return (str(annot.A.URI),)
            return (pages[dest[0].objgen], *(str(v) for v in dest[1:]))

        links = [(index, [round(float(v), 2) for v in annot.Rect], target(annot))
                 for index, page in enumerate(pdf.pages) for annot in page.get("/Annots", [])]
        with pdf.open_outline() as outline:
            titles = [(item.title, len(item.children)) for item in outline.root]
        labels = repr(pdf.Root.PageLabels.Nums)
    return links, titles, labels


@pytest.mark.parametrize("variant, layout", [("zh", "parallel"), ("en", "parallel"), ("bilingual", "parallel"),
                                             ("bilingual", "interleaved"), ("bilingual", "sequential")])
def test_the_pass_leaves_text_lines_links_outline_and_labels_as_they_were(variant, layout, tmp_path):
    doc = _documents(variant)
    raw = render(doc, RenderOptions(layout=layout, standard="")).data
    finished = render(doc, RenderOptions(layout=layout)).data
    (tmp_path / "raw.pdf").write_bytes(raw)
    (tmp_path / "finished.pdf").write_bytes(finished)
    assert text(tmp_path / "raw.pdf") == text(tmp_path / "finished.pdf")
    before, after = lint_pdf(tmp_path / "raw.pdf"), lint_pdf(tmp_path / "finished.pdf")
    assert after.ok and (after.counts, after.lines, after.typography) == (before.counts, before.lines,
                                                                         before.typography)
    assert _navigation(raw) == _navigation(finished)
    assert finished == render(doc, RenderOptions(layout=layout)).data  # the same bytes again


def test_an_alt_in_charts_yaml_replaces_the_said_one(content_copy: Path, tmp_path: Path):
    charts = content_copy / "charts.yaml"
    source = charts.read_text(encoding="utf-8")
    anchor = "  bars: [core_growth_5y, gdp_growth_5y]\n"
    assert anchor in source
    charts.write_text(source.replace(anchor, anchor + "  alt: {zh: 核心产业增速远高于地区生产总值增速。, "
                                     "en: Core industries grew much faster than GDP.}\n"), encoding="utf-8")
    result = run_briefgen("build", content_copy, "--out", tmp_path, "--lang", "zh,en")
    assert result.returncode == 0, result.stderr
    for variant, said in (("zh", "核心产业增速远高于地区生产总值增速。"),
                          ("en", "Core industries grew much faster than GDP.")):
        alts = [e.alt for e in structure(tmp_path / f"brief-01-{variant}.pdf").walk() if e.kind == "Figure"]
        assert said in alts and sum("16.4" in (a or "") for a in alts) >= 1  # the others still said from data


def test_an_alt_in_one_language_is_a_located_error(content_copy: Path):
    charts = content_copy / "charts.yaml"
    source = charts.read_text(encoding="utf-8")
    anchor = "  bars: [core_growth_5y, gdp_growth_5y]\n"
    charts.write_text(source.replace(anchor, anchor + "  alt: {zh: 只有中文。}\n"), encoding="utf-8")
    line = source[:source.index(anchor)].count("\n") + 2
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1
    assert f"charts.yaml:{line}:" in result.stderr and "core_vs_gdp.alt" in result.stderr
    assert "Traceback" not in result.stderr
