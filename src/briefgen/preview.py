"""`briefgen preview`: PNG pictures of a PDF's pages and a contact sheet of all of them, for reviewing a
change in a pull request and for authors without a PDF viewer.

Each page is rendered by pdfium (pypdfium2, which the completeness check already reads PDFs with) and saved
by Pillow with nothing that varies between runs (no time, no text chunks): the same PDF gives the same PNG
bytes. The contact sheet shows every page as a thumbnail under its page label as the PDF gives it (封面, i,
1, …), whatever pages were asked for, at a fixed size, so that two sheets of one brief compare side by side.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .failures import UsageProblem, clip, stop_if_interrupted
from .output import MANIFEST, read_manifest, write_file

DPI_RANGE = (20, 300)  # below, a page is unreadable; above, a page of A4 is over 8 million pixels
DEFAULT_DPI = 100  # A4 at 827 × 1170 pixels: body text legible on a screen, about 100–200 KB a page
MAX_PIXELS = 40_000_000  # of one page picture: a PDF with a huge page is refused rather than eating memory
PREVIEW_FOLDER = "preview"  # beside the PDFs, unless --out says otherwise

# The contact sheet: thumbnails THUMB pixels wide (narrower when there are many pages, so that the sheet
# stays within SHEET_WIDTH, but never under MIN_THUMB), COLUMNS to a row at least, each over its page label.
THUMB, MIN_THUMB, COLUMNS, SHEET_WIDTH = 220, 40, 6, 2400
MARGIN, GAP, LABEL_SIZE, TITLE_SIZE = 16, 16, 14, 18
GROUND, FRAME, INK = (232, 232, 232), (150, 150, 150), (30, 30, 30)


@dataclass(frozen=True)
class Preview:
    """What was written for one PDF."""

    pdf: Path
    numbers: tuple[int, ...]  # the pages written, counted from 1
    pages: tuple[Path, ...]  # their pictures
    sheet: Path
    page_count: int


def parse_pages(text: str) -> tuple[tuple[int, int], ...]:
    """'1-3,7' → ((1, 3), (7, 7)): ranges of page numbers counted from 1. ValueError when malformed."""
    ranges = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?", part)
        if not match:
            raise ValueError(f"expected page numbers and ranges such as 1-3,7, got {text!r}")
        first, last = int(match[1]), int(match[2] or match[1])
        if first < 1 or last < first:
            raise ValueError(f"pages count from 1 and a range runs upwards (3-5, not 5-3), got {part.strip()!r}")
        ranges.append((first, last))
    return tuple(ranges)


def pdfs_to_preview(targets: list[str], built: Path) -> list[Path]:
    """The PDFs the command line names: a path to a PDF is itself; an edition (NN) is its PDFs as the manifest
    of the folder it was built into lists them; nothing named, every PDF of that manifest."""
    if not targets:
        return [_listed(built, entry) for entry in _built_entries(built)]
    pdfs: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.suffix.lower() == ".pdf" or path.is_file():
            pdfs.append(path)
            continue
        entries = _built_entries(built, target)
        chosen = [_listed(built, e) for e in entries if e.get("edition") == target]
        if not chosen:
            listed = sorted({str(e.get("edition")) for e in entries})
            raise UsageProblem(f"{built / MANIFEST} lists no PDFs of edition {clip(target, 40)!r} (it lists "
                               f"{'edition ' + ', '.join(listed) if listed else 'none'}): build it first with "
                               f"{_build_command(built, target)}, or give the path of a PDF")
        pdfs += chosen
    return pdfs


def _built_entries(built: Path, edition: str | None = None) -> list[dict[str, object]]:
    manifest = built / MANIFEST
    if not manifest.is_file():
        raise UsageProblem(f"{manifest}: no such file, so no PDFs were built there: build them first with "
                           f"{_build_command(built, edition)}, or give the path of a PDF")
    return read_manifest(manifest)


def _listed(built: Path, entry: dict[str, object]) -> Path:
    name = str(entry.get("path", ""))
    if not name or Path(name).name != name or name.startswith("."):  # a manifest names files beside it
        raise UsageProblem(f"{built / MANIFEST} names {clip(name, 80)!r}, not a file of its own folder: build "
                           f"again to rewrite it")
    return built / name


def _build_command(built: Path, edition: str | None) -> str:
    """The command that builds what preview looked for: 'briefgen build --edition 07 --out site'."""
    return "briefgen build" + (f" --edition {clip(edition, 40)}" if edition else "") + \
        ("" if built == Path("output") else f" --out {built}")


def preview(pdf: Path, out_dir: Path, dpi: int = DEFAULT_DPI,
            pages: tuple[tuple[int, int], ...] | None = None) -> Preview:
    """Write pdf's pages (all, or those in `pages`) as PNGs, and its contact sheet, into out_dir; the PNGs an
    earlier preview of the same PDF left there are replaced."""
    import pypdfium2

    document = _open(pdf)
    try:
        count = len(document)
        chosen = _chosen(pdf, count, pages)
        labels = page_labels(document)
        pngs = [(number, _png(_render(document, pdf, number, dpi), dpi)) for number in chosen]
        sheet = _png(_contact_sheet(document, pdf, labels), None)
    except pypdfium2.PdfiumError as err:
        raise UsageProblem(f"{pdf} could not be rendered ({clip(str(err), 80)}); give the path of a complete PDF") \
            from None
    finally:
        document.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_earlier(out_dir, pdf.stem)
    width = max(2, len(str(count)))
    written = []
    for number, png in pngs:
        written.append(out_dir / f"{pdf.stem}-p{number:0{width}d}.png")
        write_file(written[-1], png)
    sheet_path = out_dir / f"{pdf.stem}-contact.png"
    write_file(sheet_path, sheet)
    return Preview(pdf, tuple(n for n, _ in pngs), tuple(written), sheet_path, count)


def page_labels(document) -> list[str]:
    """Each page's label as the PDF gives it (封面, i, 1, …), or its number where it gives none."""
    return [document.get_page_label(i) or str(i + 1) for i in range(len(document))]


def ranges(numbers: tuple[int, ...]) -> str:
    """(1, 2, 3, 7) → '1-3,7': page numbers as --pages takes them."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def _open(pdf: Path):  # -> pypdfium2.PdfDocument
    import pypdfium2

    if not pdf.is_file():
        raise UsageProblem(f"{pdf}: no such file; give the path of a PDF, or an edition NN whose PDFs briefgen "
                           f"build has written")
    try:
        return pypdfium2.PdfDocument(str(pdf))
    except pypdfium2.PdfiumError as err:
        raise UsageProblem(f"{pdf} is not a PDF briefgen can read ({clip(str(err), 80)}); give the path of an "
                           f"unencrypted, complete PDF") from None


def _chosen(pdf: Path, count: int, pages: tuple[tuple[int, int], ...] | None) -> list[int]:
    """The page numbers asked for, in order, each once; a usage error names a page past the last."""
    if count == 0:
        raise UsageProblem(f"{pdf} has no pages; give the path of a complete PDF")
    if pages is None:
        return list(range(1, count + 1))
    beyond = [f"{a}-{b}" if a != b else str(a) for a, b in pages if b > count]
    if beyond:
        raise UsageProblem(f"{pdf} has {count} page{'s' if count != 1 else ''}: --pages {','.join(beyond)} "
                           f"{'is' if len(beyond) == 1 else 'are'} past its last page; ask for pages within "
                           f"1-{count}")
    return sorted({n for first, last in pages for n in range(first, last + 1)})


def _render(document, pdf: Path, number: int, dpi: float):  # -> PIL.Image.Image
    stop_if_interrupted()
    page = document[number - 1]
    try:
        width, height = page.get_size()
        if width * height * (dpi / 72) ** 2 > MAX_PIXELS:
            raise UsageProblem(f"{pdf}: page {number} is {width:.0f} × {height:.0f} pt, over {MAX_PIXELS:,} pixels "
                               f"at {dpi:g} dpi: ask for a lower --dpi")
        return page.render(scale=dpi / 72, draw_annots=True).to_pil().convert("RGB")
    finally:
        page.close()


def _columns(count: int) -> int:
    return max(1, min(count, max(COLUMNS, math.ceil(math.sqrt(count)))))


def _contact_sheet(document, pdf: Path, labels: list[str]):  # -> PIL.Image.Image
    """Every page's thumbnail in a grid, framed, over its label ('封面 · p1', 'i · p2', '1 · p3'), each drawn
    and pasted in turn (a long PDF's thumbnails are never all in memory at once)."""
    from PIL import Image, ImageDraw

    count, columns = len(document), _columns(len(document))
    sizes = [document.get_page_size(i) for i in range(count)]
    width = max(MIN_THUMB, min(THUMB, (SHEET_WIDTH - 2 * MARGIN) // columns - GAP))
    scale = width / max(w for w, _ in sizes)  # (the widest page makes a thumbnail that wide)
    cell_w = math.ceil(max(w for w, _ in sizes) * scale)  # (pdfium's bitmap: each side rounded up)
    cell_h = math.ceil(max(h for _, h in sizes) * scale) + LABEL_SIZE + 8
    rows, title_h = math.ceil(count / columns), TITLE_SIZE + 12
    size = (2 * MARGIN + columns * cell_w + (columns - 1) * GAP, 2 * MARGIN + title_h + rows * (cell_h + GAP) - GAP)
    if size[0] * size[1] > MAX_PIXELS:
        raise UsageProblem(f"{pdf}: its {count} pages do not fit on one contact sheet of {MAX_PIXELS:,} pixels; "
                           f"split the PDF to preview it")
    sheet = Image.new("RGB", size, GROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((MARGIN, MARGIN), f"{pdf.name} — {count} page{'s' if count != 1 else ''}", fill=INK,
              font=_font(TITLE_SIZE, bold=True))
    label_font = _font(LABEL_SIZE)
    for index, label in enumerate(labels):
        thumb = _render(document, pdf, index + 1, scale * 72)
        left = MARGIN + (index % columns) * (cell_w + GAP)
        top = MARGIN + title_h + (index // columns) * (cell_h + GAP)
        x = left + (cell_w - thumb.width) // 2
        sheet.paste(thumb, (x, top))
        draw.rectangle((x - 1, top - 1, x + thumb.width, top + thumb.height), outline=FRAME)
        shown = label if label == str(index + 1) else f"{label} · p{index + 1}"
        draw.text((left + cell_w // 2, top + thumb.height + 4), shown, fill=INK, font=label_font, anchor="ma")
    return sheet


def _font(size: int, bold: bool = False):  # -> PIL.ImageFont.FreeTypeFont
    """The brief's own sans face: its labels may be Chinese (封面)."""
    from PIL import ImageFont

    from .pdf.fonts import FACES, font_dir

    return ImageFont.truetype(str(font_dir() / FACES["cjk", "sans", bold, False].file), size)


def _png(picture, dpi: int | None) -> bytes:
    """PNG bytes with no time and no text: the same picture, the same bytes."""
    buffer = io.BytesIO()
    picture.info.clear()
    options = {"dpi": (dpi, dpi)} if dpi else {}
    picture.save(buffer, format="PNG", compress_level=6, **options)
    return buffer.getvalue()


def _remove_earlier(out_dir: Path, stem: str) -> None:
    """An earlier preview's PNGs of this PDF: a page that is gone must not stay behind as if it were current."""
    for path in _earlier(out_dir, stem):
        path.unlink()


def _earlier(out_dir: Path, stem: str) -> Iterator[Path]:
    pattern = re.compile(rf"{re.escape(stem)}-(?:p\d+|contact)\.png")
    return (p for p in out_dir.iterdir() if pattern.fullmatch(p.name) and p.is_file())
