"""Reader-grade PDFs: outline, contents, page labels, metadata, reproducibility, atomic output."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import pdftools
from briefgen import build as build_module
from conftest import CONTENT, run_briefgen

VARIANTS = ("zh", "en", "bilingual")


def pdf(built: Path, variant: str) -> Path:
    return built / f"brief-01-{variant}.pdf"


def page_texts(path: Path) -> list[str]:
    """Each page's text without white space, hyphenated line ends rejoined."""
    pages = pdftools.text(path).split("\f")
    return [re.sub(r"\s+", "", re.sub(r"(?<=[a-z])-\n\s*(?=[a-z])", "", page)) for page in pages]


def flat_outline(reader: PdfReader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from flat_outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


@pytest.mark.parametrize("variant", VARIANTS)
def test_outline_entries_point_at_their_headings(built: Path, variant: str):
    path = pdf(built, variant)
    reader, texts = PdfReader(path), page_texts(path)
    entries = list(flat_outline(reader))
    assert {depth for depth, _, _ in entries} >= {0, 1, 2}  # parts, sections, figures
    for _, title, page in entries:
        for part in title.split(" / "):  # bilingual entries name both headings
            assert re.sub(r"\s+", "", part) in texts[page], (title, page)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_bilingual_outline_has_both_languages(built: Path):
    titles = [title for _, title, _ in flat_outline(PdfReader(pdf(built, "bilingual")))]
    assert "一、背景与概况 / 1  Background and Context" in titles


@pytest.mark.parametrize("variant", ("zh", "en"))
def test_contents_entries_match_the_pages_they_point_at(built: Path, variant: str):
    path = pdf(built, variant)
    reader = PdfReader(path)
    labels = reader.page_labels
    texts = page_texts(path)
    contents = pdftools.text(path).split("\f")[1]
    entries = re.findall(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", contents, flags=re.M)
    assert len(entries) >= 10
    for entry, number in entries:
        title = re.sub(r"(?:\s*\.){4,}$", "", entry)  # its dot leader
        assert title != entry or len(title) > 60, entry  # every entry but the longest runs into a leader
        page = labels.index(number)
        assert re.sub(r"\s+", "", title) in texts[page], (title, number)


def test_contents_lines_are_links_to_headings(built: Path):
    reader = PdfReader(pdf(built, "zh"))
    annotations = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    internal = [a for a in annotations if a.get("/Subtype") == "/Link" and "/Dest" in a]
    assert len(internal) >= 10


def test_page_labels(built: Path):
    labels = PdfReader(pdf(built, "zh")).page_labels
    assert labels[:3] == ["封面", "i", "1"]
    assert labels[-1] == str(len(labels) - 2)
    assert PdfReader(pdf(built, "en")).page_labels[0] == "Cover"


def test_folios_say_page_n_of_m(built: Path):
    pages = pdftools.text(pdf(built, "en")).split("\f")
    total = len(PdfReader(pdf(built, "en")).pages) - 2
    assert f"Page 1 of {total}" in pages[2] and f"Page {total} of {total}" in pages[total + 1]
    zh_pages = page_texts(pdf(built, "zh"))
    zh_total = len(zh_pages) - 3  # the text split leaves an empty tail
    assert f"第1页/共{zh_total}页" in zh_pages[2]


@pytest.mark.parametrize("variant,lang", [("zh", "zh-CN"), ("en", "en"), ("bilingual", "zh-CN")])
def test_metadata_and_xmp_agree(built: Path, variant: str, lang: str):
    reader = PdfReader(pdf(built, variant))
    info, xmp = reader.metadata, reader.xmp_metadata
    assert all([info.title, info.author, info.subject, info.get("/Keywords"), info.creator, info.producer])
    assert info.creator.startswith("briefgen") and info.producer.startswith("briefgen")
    assert xmp.dc_title["x-default"] == info.title
    assert xmp.dc_creator == [info.author]
    assert xmp.dc_description["x-default"] == info.subject
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert xmp.dc_language == (["zh-CN", "en"] if variant == "bilingual" else [lang])
    assert xmp.pdf_keywords.replace("; ", ", ") == info.get("/Keywords")
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)


def test_dates_come_from_the_edition_or_source_date_epoch(built: Path, tmp_path: Path):
    assert PdfReader(pdf(built, "zh")).metadata["/CreationDate"].startswith("D:20261128")
    out = tmp_path / "epoch"
    assert run_briefgen("build", CONTENT, "--out", out, "--lang", "en", env={"SOURCE_DATE_EPOCH": "86400"}).returncode == 0
    assert PdfReader(out / "brief-01-en.pdf").metadata["/CreationDate"].startswith("D:19700102")


def test_builds_are_byte_identical_across_processes(built: Path, tmp_path: Path):
    other = tmp_path / "again"
    result = run_briefgen("build", CONTENT, "--out", other, env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0
    for name in ("brief-01-zh.pdf", "brief-01-en.pdf", "brief-01-bilingual.pdf", "manifest.json"):
        assert (other / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize("variant", VARIANTS)
def test_qpdf_check_is_clean(built: Path, variant: str):
    result = subprocess.run(["qpdf", "--check", str(pdf(built, variant))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.parametrize("variant", VARIANTS)
def test_lean_files(built: Path, variant: str):
    path = pdf(built, variant)
    assert path.stat().st_size <= 1_000_000
    reader = PdfReader(path)
    programs = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            programs.add((font["/BaseFont"], descriptor.get_object().raw_get("/FontFile2").idnum))
    names = [name for name, _ in programs]
    assert len(names) == len(set(names)), "a font program is embedded twice"


def test_a_build_that_fails_midway_keeps_the_previous_outputs(built: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    for source in built.iterdir():
        (out / source.name).write_bytes(source.read_bytes())
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    from briefgen.typeset import render as render_module

    real_render, calls = render_module.render, []

    def failing_render(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("simulated crash while setting the second PDF")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(render_module, "render", failing_render)
    with pytest.raises(RuntimeError):
        build_module.build(CONTENT, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_out_creates_missing_folders(tmp_path: Path):
    out = tmp_path / "a" / "b" / "c"
    assert run_briefgen("build", CONTENT, "--out", out, "--lang", "en").returncode == 0
    assert (out / "brief-01-en.pdf").is_file() and (out / "manifest.json").is_file()


def test_only_web_and_mail_links_are_allowed(content_copy: Path):
    path = content_copy / "editions/01/goals.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("按照行动方案，", "按照[行动方案](ftp://example.org/plan)，", 1), encoding="utf-8")
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1
    assert "goals.yaml:" in result.stderr and "link target 'ftp://example.org/plan' is not allowed" in result.stderr


def test_outputs_are_ordinary_readable_files(built: Path):
    for path in built.iterdir():
        assert path.stat().st_mode & 0o044 == 0o044, path  # readable by group and others under umask 022
