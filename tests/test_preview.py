"""`briefgen preview`: PNG pictures of a PDF's pages and a contact sheet, read back as pictures; the same PDF
gives the same bytes; every mistake on the command line is one located line and exit 2, and writes nothing."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image

from conftest import run_briefgen

from briefgen import preview as pv

A4 = (595.2756, 841.8898)  # pt
ZH_PAGES = 14  # the shipped edition's Chinese brief


def chunks(path: Path) -> list[str]:
    """The PNG's chunk types, in order."""
    data, found = path.read_bytes()[8:], []
    while data:
        length, kind = struct.unpack(">I4s", data[:8])
        found.append(kind.decode("ascii"))
        data = data[12 + length:]
    return found


def test_every_page_is_a_picture_of_the_page(built: Path, tmp_path: Path):
    pdf = built / "brief-01-zh.pdf"
    result = run_briefgen("preview", pdf, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([*(f"brief-01-zh-p{n:02d}.png" for n in range(1, ZH_PAGES + 1)), "brief-01-zh-contact.png"])
    assert result.stdout.splitlines() == [
        f"wrote {tmp_path}/brief-01-zh-p01.png … brief-01-zh-p14.png  ({pdf}, all 14 pages, 100 dpi)",
        f"wrote {tmp_path}/brief-01-zh-contact.png  (contact sheet, all 14 pages)"]
    document = pypdfium2.PdfDocument(str(pdf))
    for number in (1, 3, ZH_PAGES):
        picture = Image.open(tmp_path / f"brief-01-zh-p{number:02d}.png")
        assert picture.mode == "RGB" and picture.info["dpi"] == pytest.approx((100, 100), abs=0.01)
        assert abs(picture.width - A4[0] * 100 / 72) <= 1 and abs(picture.height - A4[1] * 100 / 72) <= 1
        # the very pixels pdfium draws for that page, not another page's, nor a blank one
        expected = document[number - 1].render(scale=100 / 72, draw_annots=True).to_pil().convert("RGB")
        assert picture.tobytes() == expected.tobytes()
        assert picture.getextrema() != ((255, 255), (255, 255), (255, 255))
    cover = Image.open(tmp_path / "brief-01-zh-p01.png").crop((0, 0, 827, 300))
    rgb = cover.tobytes()
    reds = sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 150 and rgb[i + 1] < 80 and rgb[i + 2] < 80)
    assert reds > 1000  # the masthead, 宁波数字经济简报, in red


def test_the_contact_sheet_shows_every_page_in_order_under_its_label(built: Path, tmp_path: Path):
    pdf = built / "brief-01-zh.pdf"
    assert run_briefgen("preview", pdf, "--out", tmp_path, "--pages", "1").returncode == 0
    sheet = Image.open(tmp_path / "brief-01-zh-contact.png")
    document = pypdfium2.PdfDocument(str(pdf))
    thumbs = [document[i].render(scale=pv.THUMB / document.get_page_size(0)[0], draw_annots=True).to_pil().convert("RGB")
              for i in range(ZH_PAGES)]
    columns, width, height = 6, thumbs[0].width, thumbs[0].height
    top0 = pv.MARGIN + pv.TITLE_SIZE + 12
    cell_h = height + pv.LABEL_SIZE + 8
    assert sheet.width == 2 * pv.MARGIN + columns * width + (columns - 1) * pv.GAP  # six to a row
    assert sheet.height == 2 * pv.MARGIN + top0 - pv.MARGIN + 3 * cell_h + 2 * pv.GAP  # three rows for 14
    for index, thumb in enumerate(thumbs):
        left = pv.MARGIN + (index % columns) * (width + pv.GAP)
        top = top0 + (index // columns) * (cell_h + pv.GAP)
        assert sheet.crop((left, top, left + width, top + height)).tobytes() == thumb.tobytes(), index
        label = sheet.crop((left, top + height + 2, left + width, top + cell_h))
        assert label.convert("L").getextrema()[0] < 100  # a label is written under each page
    # the labels are the PDF's own page labels, as another reader of PDFs gives them
    with pikepdf.open(pdf) as pike:
        assert pv.page_labels(document) == [page.label for page in pike.pages]
    assert pv.page_labels(document)[:4] == ["封面", "i", "1", "2"]


def test_the_same_pdf_gives_the_same_bytes_with_no_time_in_them(built: Path, tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):  # each in a process of its own
        result = run_briefgen("preview", built / "brief-01-en.pdf", "--out", out, "--pages", "1-2", fresh=True)
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in first.iterdir())
    assert names == ["brief-01-en-contact.png", "brief-01-en-p01.png", "brief-01-en-p02.png"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        kinds = chunks(first / name)
        assert kinds[0] == "IHDR" and kinds[-1] == "IEND"
        assert set(kinds) <= {"IHDR", "pHYs", "IDAT", "IEND"}, kinds  # no tIME, no text chunks


def test_pages_and_dpi_choose_what_is_written_and_an_earlier_preview_is_replaced(built: Path, tmp_path: Path):
    pdf = built / "brief-01-zh.pdf"
    assert run_briefgen("preview", pdf, "--out", tmp_path).returncode == 0
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_briefgen("preview", pdf, "--out", tmp_path, "--pages", "1-3,7,2", "--dpi", "50")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "brief-01-zh-contact.png", *(f"brief-01-zh-p{n:02d}.png" for n in (1, 2, 3, 7)), "notes.txt"]
    assert result.stdout.splitlines()[0].endswith(f"({pdf}, pages 1-3,7 of 14, 50 dpi)")
    picture = Image.open(tmp_path / "brief-01-zh-p07.png")
    assert abs(picture.width - A4[0] * 50 / 72) <= 1


def test_an_edition_is_its_built_pdfs_and_the_pictures_go_beside_them(built: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    result = run_briefgen("preview", "01", "--from", out, "--pages", "1")
    assert result.returncode == 0, result.stderr
    listed = [e["path"] for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["pdfs"]]
    assert len(listed) == 3
    written = sorted(p.name for p in (out / "preview").iterdir())
    assert written == sorted([f"{Path(n).stem}-p01.png" for n in listed] + [f"{Path(n).stem}-contact.png"
                                                                           for n in listed])
    again = run_briefgen("preview", "--from", out, "--out", tmp_path / "all", "--pages", "2")  # nothing named: all
    assert again.returncode == 0 and len(list((tmp_path / "all").glob("*-p02.png"))) == 3


@pytest.mark.parametrize("case, expected", [
    ("missing", "{tmp}/gone.pdf: no such file; give the path of a PDF, or an edition NN"),
    ("truncated", "{tmp}/truncated.pdf is not a PDF briefgen can read"),
    ("text", "{tmp}/notes.txt is not a PDF briefgen can read"),
    ("beyond", "brief-01-zh.pdf has 14 pages: --pages 15-20 is past its last page; ask for pages within 1-14"),
    ("unbuilt", "{tmp}/nothing/manifest.json: no such file, so no PDFs were built there: build them first with "
                "briefgen build --edition 01 --out {tmp}/nothing, or give the path of a PDF"),
    ("other", "manifest.json lists no PDFs of edition '07' (it lists edition 01): build it first with briefgen "
              "build --edition 07 --out"),
])
def test_a_mistake_is_one_located_line_exit_2_and_nothing_written(case: str, expected: str, built: Path,
                                                                   tmp_path: Path):
    pdf = built / "brief-01-zh.pdf"
    (tmp_path / "truncated.pdf").write_bytes(pdf.read_bytes()[:4000])
    (tmp_path / "notes.txt").write_text("not a PDF", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    out = tmp_path / "pictures"
    args = {"missing": [tmp_path / "gone.pdf"], "truncated": [tmp_path / "truncated.pdf"],
            "text": [tmp_path / "notes.txt"], "beyond": [pdf, "--pages", "1,15-20"],
            "unbuilt": ["01", "--from", tmp_path / "nothing"], "other": ["07", "--from", built]}[case]
    result = run_briefgen("preview", *args, "--out", out)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("briefgen: ") and expected.format(tmp=tmp_path) in line, line
    assert not out.exists()


@pytest.mark.parametrize("option, value, message", [
    ("--pages", "3-1", "a range runs upwards"), ("--pages", "0", "pages count from 1"),
    ("--pages", "1,,2", "expected page numbers and ranges such as 1-3,7"),
    ("--dpi", "10", "from 20 to 300"), ("--dpi", "301", "from 20 to 300"), ("--dpi", "9e9", "from 20 to 300"),
])
def test_a_malformed_option_is_a_usage_error(built: Path, tmp_path: Path, option: str, value: str, message: str):
    result = run_briefgen("preview", built / "brief-01-zh.pdf", option, value, "--out", tmp_path / "x")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_page_lists_read_and_print_alike():
    assert pv.parse_pages("1-3,7") == ((1, 3), (7, 7))
    assert pv.parse_pages(" 2 - 4 , 9") == ((2, 4), (9, 9))
    assert pv.ranges((1, 2, 3, 7)) == "1-3,7" and pv.ranges((5,)) == "5" and pv.ranges((1, 3, 4)) == "1,3-4"
    for text in ("", "a", "1-", "-3", "2-1", "0-2", "1;2"):
        with pytest.raises(ValueError):
            pv.parse_pages(text)
