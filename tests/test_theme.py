"""Themes: the look is one value, chosen per edition with `theme:` in edition.yaml."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.compose import compose
from briefgen.content import load_library
from briefgen.diagnostics import ContentError
from briefgen.typeset import pagemodel as pm
from briefgen.typeset.capacity import PRINTER
from briefgen.typeset.render import lay_out
from briefgen.typeset.theme import DEFAULT, MONOCHROME, THEMES
from conftest import ROOT, replace_line

EVERY_BLOCK = ROOT / "tests" / "fixtures" / "every_block"


@pytest.fixture
def monochrome(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(EVERY_BLOCK, content)
    edition = content / "editions" / "01" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "theme: monochrome\n", encoding="utf-8")
    return content


def colours(layout: pm.LaidOut) -> set[tuple[float, float, float]]:
    found = set()
    for page in layout.pages:
        for item in pm.walk(page.items):
            if isinstance(item, pm.Text):
                found.add(item.color)
            elif isinstance(item, pm.Rect):
                found.add(item.fill)
            elif isinstance(item, (pm.Rule, pm.Grid)):
                found.add(item.color)
    return found


def test_an_edition_is_set_in_the_theme_it_names(monochrome: Path):
    library, _ = load_library(monochrome, capacity=PRINTER)
    assert library.editions[0].theme == "monochrome"
    layout = lay_out(compose(library, library.editions[0], "bilingual"))
    used = colours(layout)
    assert DEFAULT.accent not in used and MONOCHROME.accent in used
    assert all(r == g == b for r, g, b in used), used  # greys only
    svgs = [i.svg for page in layout.pages for i in pm.walk(page.items) if isinstance(i, pm.Graphic)]
    assert svgs and all(MONOCHROME.chart_palette[0] in svg and DEFAULT.chart_palette[0] not in svg for svg in svgs)


def test_without_theme_an_edition_is_set_in_the_default():
    library, _ = load_library(EVERY_BLOCK, capacity=PRINTER)
    used = colours(lay_out(compose(library, library.editions[0], "zh")))
    assert library.editions[0].theme == "default" and DEFAULT.accent in used


def test_the_theme_builds_and_changes_the_pdf(monochrome: Path, tmp_path: Path):
    themed = build(monochrome, tmp_path / "mono", variants=("zh",))
    plain = build(EVERY_BLOCK, tmp_path / "plain", variants=("zh",))
    assert themed.outputs[0].sha256 != plain.outputs[0].sha256
    assert (tmp_path / "mono" / "brief-01-zh.pdf").stat().st_size > 10_000


def test_an_unknown_theme_is_a_located_error(monochrome: Path):
    edition = monochrome / "editions" / "01" / "edition.yaml"
    line = replace_line(edition, "theme: monochrome", "theme: monocrome")
    with pytest.raises(ContentError) as raised:
        load_library(monochrome, capacity=PRINTER)
    [error] = [d for d in raised.value.diagnostics if d.severity == "error"]
    assert (error.where.line, error.where.column, error.path) == (line, 8, "theme")
    assert "monochrome" in error.fix  # did you mean


def test_every_theme_is_documented_and_complete():
    readme = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    for key, look in THEMES.items():
        assert look.key == key and look.description and f"`{key}`" in readme
        assert len(look.chart_palette) >= 4  # a grouped chart of four series has four colours


def test_a_diagram_must_fit_the_smallest_theme(monkeypatch):
    """Charts are shared by every edition, and any edition may choose any theme."""
    columns = [("标题", ["一二三四五六七八九十" * 6] * 6)] * 3  # sentences, one under the other in its row
    assert PRINTER.diagram_fits({"zh": columns})
    short = dataclasses.replace(DEFAULT, key="short", text_height_mm=80)
    monkeypatch.setitem(THEMES, "short", short)
    assert not PRINTER.diagram_fits({"zh": columns})


def test_the_text_area_follows_the_theme():
    wide = dataclasses.replace(DEFAULT, left_mm=20, text_width_mm=170)
    left, _, right, _ = wide.text_area
    assert right - left == pytest.approx(170 * 72 / 25.4 + 4)
    assert re.fullmatch(r"\d+(\.\d+)?", str(wide.left))
