"""Reading PDFs back, as a reader's tools would: poppler's pdftotext/pdffonts and pypdf."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def chinese_text(pdf: Path) -> str:
    """All text with white space removed, so line breaks cannot hide a Chinese phrase."""
    return re.sub(r"\s+", "", text(pdf))


def english_text(pdf: Path) -> str:
    """Text as running prose: hyphenated line ends rejoined, all white space folded."""
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", " ", re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", raw))


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts: name, type, emb, sub, uni."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        fields = line.split()
        # name type... encoding emb sub uni object ID
        rows.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4], "uni": fields[-3]})
    return rows


def image_count(pdf: Path) -> int:
    count = 0
    for page in PdfReader(pdf).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    return count
