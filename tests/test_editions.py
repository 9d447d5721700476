"""Editions as first-class objects: vintages, new-edition, publish and freezing, diff, --edition, the manifest."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

import pdftools
from conftest import ROOT, replace_line, run_briefgen

TWO = ROOT / "tests" / "fixtures" / "two_editions"
VARIANTS = ("zh", "en", "bilingual")


@pytest.fixture
def two(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(TWO, target)
    return target


def ok(*args) -> str:
    result = run_briefgen(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(*args, code: int = 1) -> str:
    result = run_briefgen(*args)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def digests(folder: Path, edition: str) -> dict[str, str]:
    return {v: hashlib.sha256((folder / f"brief-{edition}-{v}.pdf").read_bytes()).hexdigest() for v in VARIANTS}


# -- the issue's own walk-through, on a copy of the shipped content ---------------------------------------------


def test_new_edition_publish_freeze_and_a_later_vintage(content_copy: Path, tmp_path: Path):
    ok("new-edition", "02", content_copy, "--from", "01", "--date", "2027-03-01")
    ok("check", content_copy)
    ok("publish", "01", content_copy, "--out", tmp_path / "published", "--date", "2026-12-01")
    published = digests(tmp_path / "published", "01")

    line = replace_line(content_copy / "indicators.yaml", "  value: 8000", "  value: 8500")  # changed in place
    err = refused("check", content_copy)
    assert re.search(rf"indicators\.yaml:{line}:\d+: dv_value_added\.value: this changes what published edition 01 "
                     r"prints", err), err
    assert "add the new value as a later vintage" in err

    replace_line(content_copy / "indicators.yaml", "  value: 8500",
                 "  values:\n    - {value: 8000, as_of: 2026-11-28}\n    - {value: 8500, as_of: 2027-02-01}")
    ok("check", content_copy)
    out = tmp_path / "out"
    ok("build", content_copy, "--out", out)
    assert digests(out, "01") == published  # the published edition, byte for byte
    assert "8500亿元" in pdftools.chinese_text(out / "brief-02-zh.pdf")
    assert "RMB 850 billion" in pdftools.english_text(out / "brief-02-en.pdf")
    assert "8500亿元" not in pdftools.chinese_text(out / "brief-01-zh.pdf")


# -- vintages -----------------------------------------------------------------------------------------------------


def test_each_edition_prints_its_own_vintage(two: Path, tmp_path: Path):
    ok("build", two, "--out", tmp_path)
    first, second = (pdftools.chinese_text(tmp_path / f"brief-{e}-zh.pdf") for e in ("01", "02"))
    assert "8000亿元" in first and "8500亿元" not in first and "16.4%" in first and "8.9%" in first
    assert "8500亿元" in second and "16.9%" in second and "9.4%" in second  # the derived figure follows
    assert "展望" in second and "展望" not in first


@pytest.mark.parametrize("old, new, says", [
    ("    - {value: 8500, as_of: 2027-02-01,", "    - {value: 8500, as_of: 2026-01-01,", "must each be later"),
    ("  values:\n", "  value: 8000\n  values:\n", "give either `value:` or `values:`"),
    ("    - {value: 8500, as_of: 2027-02-01,", "    - {value: 8500, as_of: soon,", "expected a date"),
])
def test_vintage_mistakes_are_located(two: Path, old: str, new: str, says: str):
    path = two / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    err = refused("check", two)
    assert re.search(rf"indicators\.yaml:\d+:\d+: .*{re.escape(says)}", err), err


def test_an_edition_older_than_a_figure_is_refused(two: Path):
    path = two / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("as_of: 2026-11-28}", "as_of: 2026-12-15}", 1),
                    encoding="utf-8")
    err = refused("check", two)
    assert re.search(r"editions/01/edition\.yaml:\d+:\d+: date: 'dv_value_added' has no value as of 2026-11-28: "
                     r"its first is as of 2026-12-15", err), err


def test_an_edition_can_pin_its_figures_to_a_date(two: Path, tmp_path: Path):
    replace_line(two / "editions/02/edition.yaml", "date: 2027-03-01", "date: 2027-03-01\nas_of: 2026-12-31")
    ok("build", two, "--out", tmp_path, "--edition", "02", "--lang", "zh")
    assert "8000亿元" in pdftools.chinese_text(tmp_path / "brief-02-zh.pdf")


# -- publishing and freezing -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def published_once(tmp_path_factory) -> Path:
    """The two-edition content with edition 01 published (content/ and the published/ output set), made once."""
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(TWO, root / "content")
    ok("publish", "01", root / "content", "--out", root / "published", "--date", "2026-12-01")
    return root


@pytest.fixture
def published(published_once: Path, tmp_path: Path) -> Path:
    """A copy of it for one test to change: tmp_path/content, with the PDFs as published in tmp_path/published."""
    for folder in ("content", "published"):
        shutil.copytree(published_once / folder, tmp_path / folder)
    return tmp_path / "content"


def test_the_record_is_small_and_says_what_was_handed_out(published: Path, tmp_path: Path):
    manifest = json.loads((tmp_path / "published" / "manifest.json").read_text())
    assert all(e["published"] for e in manifest["pdfs"])
    record = published / "editions/01/published.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    assert record.stat().st_size < 40_000
    assert data["edition"] == "01" and data["published"] == "2026-12-01" and data["briefgen"]
    assert {p["variant"] for p in data["pdfs"].values()} == set(VARIANTS)
    assert data["pdfs"]["brief-01-zh.pdf"]["sha256"] == digests(tmp_path / "published", "01")["zh"]
    assert any(u.startswith("glossary.yaml#peng_jiaxue.") for u in data["units"])  # a term it prints, by key
    assert not any(u.startswith("editions/02/") for u in data["units"])
    assert "editions 01" not in ok("editions", published) and "published 2026-12-01" in ok("editions", published)


@pytest.mark.parametrize("file, old, new, path", [
    ("editions/01/part.yaml", "海曙区以翠柏里创新街区为龙头", "海曙区以翠柏里街区为龙头", "sections[2].body[0]"),
    ("editions/01/edition.yaml", "short_title: {zh: 测试简报", "short_title: {zh: 测试简报二", "short_title"),
    ("glossary.yaml", "en: Peng Jiaxue", "en: PENG Jiaxue", "peng_jiaxue.en"),
    ("charts.yaml", "title: {zh: 过去5年年均增速,", "title: {zh: 近5年年均增速,", "core_vs_gdp.title.zh"),
    ("sources.yaml", "en: Reporter}", "en: Staff reporter}", "ningbo-report.articles[0].credits[0].role.en"),
    ("indicators.yaml", "value: 7.5", "value: 7.6", "core_growth_gap_5y.value"),
    ("editions/01/edition.yaml", "short_title:", "theme: monochrome\nshort_title:", "theme"),  # its look too
])
def test_any_change_to_what_a_published_edition_prints_is_located(published: Path, file: str, old: str, new: str,
                                                                  path: str):
    line = replace_line(published / file, old, new)
    err = refused("check", published)
    assert re.search(rf"{re.escape(file)}:{line}:\d+: {re.escape(path)}: this changes what published edition 01 "
                     r"prints", err), err


def test_changes_that_do_not_touch_a_published_edition_pass(published: Path, tmp_path: Path):
    replace_line(published / "editions/02/part.yaml", "本节为测试数据", "本节仍为测试数据")  # edition 02 only
    replace_line(published / "glossary.yaml", "forehope:", "# a comment an editor adds\nforehope:")
    replace_line(published / "indicators.yaml", "    - {value: 8500, as_of: 2027-02-01",
                 "    - {value: 8600, as_of: 2027-02-01")  # a later vintage: edition 01 keeps its value
    ok("check", published)
    ok("build", published, "--out", tmp_path / "again", "--edition", "01")
    assert digests(tmp_path / "again", "01") == digests(tmp_path / "published", "01")


def test_rewrapping_chinese_that_changes_its_print_is_refused(published: Path):
    """A one-line value keeps its spaces (殷聪 摄); written over two lines, the reader joins the Chinese."""
    line = replace_line(published / "sources.yaml", "credit: {zh: 殷聪 摄, en: \"Photo: Yin Cong\"}",
                        "credit:\n        zh: 殷聪\n          摄\n        en: \"Photo: Yin Cong\"")
    err = refused("check", published)
    assert re.search(rf"sources\.yaml:{line + 1}:\d+: .*credit\.zh: this changes what published edition 01", err), err


def test_a_later_vintage_with_a_source_of_its_own_leaves_the_published_edition_alone(published: Path, tmp_path: Path):
    with open(published / "sources.yaml", "a", encoding="utf-8") as handle:
        handle.write("\nstats-2027:\n  title: {zh: 统计公报, en: Statistical Bulletin}\n  publisher: {zh: 未注明, en: "
                     "not stated}\n  date: {zh: 未注明, en: not stated}\n  articles:\n    - headline: {zh: 公报, en: "
                     "Bulletin}\n      credits:\n        - role: {zh: 编者, en: Editors}\n          names: [{zh: 测试, "
                     "en: Test}]\n")
    replace_line(published / "indicators.yaml", "    - {value: 16.9, as_of: 2027-02-01}",
                 "    - {value: 16.9, as_of: 2027-02-01}\n    - {value: 17.1, as_of: 2027-06-01, source: stats-2027}")
    ok("check", published)
    replace_line(published / "sources.yaml", "en: Statistical Bulletin", "en: The Statistical Bulletin")
    ok("check", published)  # a source only the later vintage uses


@pytest.mark.parametrize("file, old, new", [
    ("glossary.yaml", "en_name: translation", "en_name: official"),
    ("glossary.yaml", "  kind: place\n  en_name: official", "  kind: body\n  en_name: official"),
    ("indicators.yaml", "note: {zh: 修订值（测试数据）", "note: {zh: 修订值（测试数据，已核）"),
])
def test_what_the_brief_never_prints_is_not_frozen(published: Path, file: str, old: str, new: str):
    path = published / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    ok("check", published)


def test_a_removed_block_of_a_published_edition_is_refused(published: Path):
    path = published / "editions/01/part.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - names: [haishu, cuibaili, forehope]\n", ""), encoding="utf-8")
    err = refused("check", published)
    assert "editions/01/part.yaml:1:1: sections[2].body[2]: published edition 01 prints this, and it is gone" in err


def test_a_published_edition_is_built_as_it_was_published(published: Path, tmp_path: Path):
    out = tmp_path / "sequential"
    ok("build", published, "--out", out, "--layout", "sequential", "--folio", "gbt9704")
    assert digests(out, "01") == digests(tmp_path / "published", "01")  # its recorded options, not these
    entries = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["pdfs"]}
    assert entries["brief-01-bilingual.pdf"]["layout"] == "parallel" and entries["brief-01-bilingual.pdf"]["published"]
    assert entries["brief-02-bilingual.pdf"]["layout"] == "sequential" and not entries["brief-02-bilingual.pdf"]["published"]


def test_publishing_twice_is_refused(published: Path, tmp_path: Path):
    err = refused("publish", "01", published, "--out", tmp_path / "x", code=2)
    assert "edition 01 is already published (2026-12-01)" in err


def test_an_edition_published_by_another_briefgen_is_left_as_published(published: Path, tmp_path: Path):
    record = published / "editions/01/published.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "briefgen": "0.0.9"}), encoding="utf-8")
    result = run_briefgen("check", published)
    assert result.returncode == 0
    assert re.search(r"editions/01/published\.json:1:1: warning: edition 01 was published with briefgen 0\.0\.9",
                     result.stderr), result.stderr
    assert run_briefgen("check", "--strict", published).returncode == 1
    result = run_briefgen("build", published, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "edition 01 was published with briefgen 0.0.9: not rebuilt" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [f"brief-02-{v}.pdf" for v in
                                                                         ("bilingual", "en", "zh")]
    err = refused("build", published, "--out", tmp_path / "out", "--edition", "01", code=3)
    assert "rebuild it with that version" in err


def test_a_damaged_record(published: Path):
    record = published / "editions/01/published.json"
    record.write_text("{not json", encoding="utf-8")
    err = refused("check", published)
    assert "editions/01/published.json:1:1:" in err and "cannot be read" in err


def test_a_published_edition_that_would_not_rebuild_its_bytes(published: Path, tmp_path: Path, monkeypatch, capsys):
    from briefgen import cli
    from briefgen.typeset import render

    original = render.render

    def drifting(doc, options=render.RenderOptions()):
        pdf = original(doc, options)
        return render.RenderedPdf(pdf.data + b"\n% drift", pdf.pages, pdf.text_area)

    monkeypatch.setattr(render, "render", drifting)
    assert cli.main(["build", str(published), "--out", str(tmp_path / "out"), "--edition", "01"]) == 4
    err = capsys.readouterr().err
    assert "of published edition 01 came out as sha256" in err and "a bug in briefgen" in err
    assert not (tmp_path / "out").exists()


# -- diff, --edition, the manifest, verify, editions ----------------------------------------------------------------


def test_diff_in_both_languages(two: Path):
    text = ok("diff", "01", "02", two)
    assert "changed title" in text
    assert "zh: 锚定“一号发展工程” → 续写“一号发展工程”" in text
    assert "en: Anchoring the “No. 1 Development Project” → Continuing the “No. 1 Development Project”" in text
    assert "zh: 数字经济增加值: 8000亿元 (过去5年末) → 数字经济增加值: 8500亿元 (过去5年末)" in text
    assert "RMB 800 billion (end of the past five years) → Value added of the digital economy: RMB 850 billion" in text
    assert "added 全部内容类型 › 展望 / Every Kind of Content › Outlook" in text
    data = json.loads(ok("diff", "01", "02", two, "--format", "json"))
    assert [c["what"] for c in data["figures"]] == ["dv_value_added", "core_growth_5y", "gdp_growth_5y"]
    assert data["editions"][0]["new"]["en"] == "Continuing the “No. 1 Development Project”"
    assert {c["what"] for c in data["charts"]} == {"dv_path", "core_vs_gdp"}
    assert "No changes" in ok("diff", "01", "01", two)


def test_diff_keeps_sections_of_one_title_apart(two: Path):
    with open(two / "editions/02/part.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - title: {zh: 增长, en: Growth}\n    body:\n      - {zh: 全新的正文。, en: A new text.}\n")
    data = json.loads(ok("diff", "01", "02", two, "--format", "json"))
    changed = [c for c in data["texts"] if c["old"] and c["new"]]
    assert changed == [] and any(c["what"].endswith("#2") and c["new"] for c in data["texts"])


def test_build_one_edition_and_its_manifest(two: Path, tmp_path: Path):
    out = tmp_path / "out"
    ok("build", two, "--out", out, "--edition", "02")
    assert sorted(p.name for p in out.iterdir()) == [f"brief-02-{v}.pdf" for v in ("bilingual", "en", "zh")] + \
        ["manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["briefgen"] and len(manifest["content_sha256"]) == 64
    assert manifest["options"] == {"layout": "parallel", "folio": "page-of", "standard": "a-2u", "verify": True}
    entry = manifest["pdfs"][0]
    assert set(entry) == {"edition", "date", "language", "layout", "folio", "path", "pages", "bytes", "sha256",
                          "published"}
    assert entry["edition"] == "02" and entry["date"] == "2027-03-01" and entry["published"] is False
    assert "no edition 07" in refused("build", two, "--out", out, "--edition", "07", code=2)


def test_the_manifest_records_source_date_epoch(two: Path, tmp_path: Path):
    result = run_briefgen("build", two, "--out", tmp_path, "--edition", "01", "--lang", "en",
                          env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "manifest.json").read_text())["source_date_epoch"] == 1700000000


def test_verify_rehashes_the_files(two: Path, tmp_path: Path):
    ok("build", two, "--out", tmp_path, "--edition", "01")
    assert "3 of 3 files as recorded" in ok("verify", tmp_path / "manifest.json")
    (tmp_path / "brief-01-en.pdf").write_bytes(b"%PDF- tampered")
    result = run_briefgen("verify", tmp_path / "manifest.json")
    assert result.returncode == 1 and "MISMATCH" in result.stdout and "2 of 3 files as recorded" in result.stdout
    assert "no such file" in refused("verify", tmp_path / "nothing.json", code=2)


def test_editions_as_json_for_a_ci_matrix(published: Path):
    listed = json.loads(ok("editions", published, "--format", "json"))
    assert listed == [{"edition": "01", "number": 1, "date": "2026-11-28", "published": "2026-12-01"},
                      {"edition": "02", "number": 2, "date": "2027-03-01", "published": None}]


# -- new-edition -----------------------------------------------------------------------------------------------------


def test_new_edition_keeps_comments_and_sets_number_and_date(published: Path):
    edition = published / "editions/02/edition.yaml"
    edition.write_text("# the editors' comment\n" + edition.read_text(encoding="utf-8").replace(
        "date: 2027-03-01", "date: 2027-03-01  # issue date\nas_of: 2027-02-15"), encoding="utf-8")
    ok("new-edition", "03", published, "--date", "2027-06-01")  # from the latest: 02
    text = (published / "editions/03/edition.yaml").read_text(encoding="utf-8")
    # its first line names its schema for editors (test_schema.py), then the comments as they were
    assert text.startswith("# yaml-language-server: $schema=../../.schema/edition.schema.json\n# the editors' comment\n")
    assert "\nnumber: 3\n" in text and "\ndate: 2027-06-01  # issue date\n" in text and "as_of" not in text
    assert not (published / "editions/03/published.json").exists()
    ok("new-edition", "04", published, "--from", "01", "--date", "2027-09-01")
    assert not (published / "editions/04/published.json").exists()  # never copied, even from a published edition
    ok("check", published)
    assert "exists already" in refused("new-edition", "02", published, code=2)
    assert "no edition 09 to start from" in refused("new-edition", "05", published, "--from", "09", code=2)


# -- found in the second review ---------------------------------------------------------------------------------

SECOND_SOURCE = ("\nstats-2027:\n  title: {zh: 统计公报, en: Statistical Bulletin}\n  publisher: {zh: 未注明, en: not "
                 "stated}\n  date: {zh: 未注明, en: not stated}\n  articles:\n    - headline: {zh: 公报, en: Bulletin}\n"
                 "      credits:\n        - role: {zh: 编者, en: Editors}\n          names: [{zh: 测试, en: Test}]\n")


def test_a_published_edition_rebuilds_whatever_source_date_epoch_says(two: Path, tmp_path: Path):
    epoch_of_its_date = "1795824000"  # 2026-11-28T00:00:00Z, the edition's own date
    result = run_briefgen("publish", "01", two, "--out", tmp_path / "a", "--date", "2026-12-01",
                          env={"SOURCE_DATE_EPOCH": epoch_of_its_date})
    assert result.returncode == 0, result.stderr
    ok("build", two, "--out", tmp_path / "b", "--edition", "01")
    assert run_briefgen("build", two, "--out", tmp_path / "c", "--edition", "01",
                        env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    assert digests(tmp_path / "a", "01") == digests(tmp_path / "b", "01") == digests(tmp_path / "c", "01")


def test_a_checked_figure_revised_with_a_source_of_its_own_keeps_its_data_frozen(two: Path, tmp_path: Path):
    with open(two / "sources.yaml", "a", encoding="utf-8") as handle:
        handle.write(SECOND_SOURCE)
    replace_line(two / "indicators.yaml", "  value: 235", "  values:\n    - {value: 235, as_of: 2026-11-01, source: stats-2027}")
    ok("publish", "01", two, "--out", tmp_path / "p", "--date", "2026-12-01")
    line = replace_line(two / "indicators.yaml", "  value: 0.38", "  value: 0.5")  # an operand of its check
    err = refused("check", two)
    assert re.search(rf"indicators\.yaml:{line}:\d+: forehope_revenue_2018\.value: this changes what published", err)


def test_a_check_whose_data_is_not_known_yet_is_no_check_that_day(two: Path, tmp_path: Path):
    with open(two / "indicators.yaml", "a", encoding="utf-8") as handle:
        handle.write("\nfx_last:\n  label: {zh: 营收, en: Revenue}\n  values:\n    - {value: 21.8, as_of: 2027-01-01}\n"
                     "  unit: 亿元\n  period: {zh: 去年, en: last year}\n  assumed_year: 2022\n  kind: actual\n"
                     "  source: ningbo-report\n")
    replace_line(two / "indicators.yaml", "check: {cagr: [forehope_revenue_2018, forehope_revenue_last_year]}",
                 "check: {cagr: [forehope_revenue_2018, fx_last]}")
    ok("check", two)
    ok("build", two, "--out", tmp_path, "--lang", "zh")
    assert "编者注" not in pdftools.chinese_text(tmp_path / "brief-01-zh.pdf")
    assert "编者注" in pdftools.chinese_text(tmp_path / "brief-02-zh.pdf")


def test_a_disagreeing_figure_in_the_key_figures_alone_still_gets_its_note(two: Path, tmp_path: Path):
    part = two / "editions/01/part.yaml"
    text = part.read_text(encoding="utf-8")
    text = text.replace("年均增速{forehope_growth_avg}，", "").replace(", an average annual growth of {forehope_growth_avg}", "")
    part.write_text(text, encoding="utf-8")
    replace_line(two / "editions/01/edition.yaml", "key_figures: [dv_value_added", "key_figures: [forehope_growth_avg, dv_value_added")
    ok("build", two, "--out", tmp_path, "--edition", "01", "--lang", "zh")
    zh = pdftools.chinese_text(tmp_path / "brief-01-zh.pdf")
    assert "235%" in zh and "编者注" in zh


@pytest.mark.parametrize("options", ['{}', '{"layout": "sideways", "folio": "page-of"}'])
def test_a_malformed_record_is_a_located_error(published: Path, options: str):
    record = published / "editions/01/published.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "options": json.loads(options)}), encoding="utf-8")
    assert "editions/01/published.json:1:1:" in refused("check", published)
    record.write_text("[" * 100_000, encoding="utf-8")
    assert "cannot be read (RecursionError)" in refused("check", published)


@pytest.mark.parametrize("file, old, new", [
    ("editions/01/edition.yaml", "date: 2026-11-28", "date: 2026-11-28\nas_of: 2026-11-28"),
    ("indicators.yaml", "value: 7.5", "value: 7.50"),
])
def test_more_edits_that_print_the_same(published: Path, file: str, old: str, new: str):
    replace_line(published / file, old, new)
    ok("check", published)
