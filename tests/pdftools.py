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


# -- the structure tree, read back ---------------------------------------------------------------------


class Element:
    """A structure element as the PDF holds it: its type, language in force, alt text, its own text (that of
    its marked content, on every page it is on) and its children."""

    def __init__(self, kind: str, lang: str, alt: str | None, text: str, kids: list[Element], attributes: dict):
        self.kind, self.lang, self.alt, self.text, self.kids, self.attributes = kind, lang, alt, text, kids, attributes

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        return self.text + "".join(kid.all_text() for kid in self.kids)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.lang} {self.text[:30]!r} {len(self.kids)} kids>"


def _unicode_map(font) -> dict[int, str]:
    cmap = {}
    data = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar\n(.*?)endbfchar", data, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block):
            cmap[int(code, 16)] = bytes.fromhex(value).decode("utf-16-be")
    return cmap


def marked_text(pdf) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the text shown inside that marked content (nested marks included)."""
    import pikepdf

    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pdf.pages):
        fonts = page.obj.Resources.get("/Font", {})
        maps = {name: _unicode_map(fonts[name]) for name in fonts.keys() if "/ToUnicode" in fonts[name]}
        stack: list[int | None] = []
        cmap: dict[int, str] = {}
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                stack.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                             else None)
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC":
                stack.pop()
            elif op == "Tf":
                cmap = maps.get(str(operands[0]), {})
            elif op in ("Tj", "TJ"):
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is None:
                    continue
                strings = operands[0] if op == "TJ" else [operands[0]]
                shown = "".join(cmap.get(b, "") for s in strings if isinstance(s, pikepdf.String)
                                for b in bytes(s))
                found[index, mcid] = found.get((index, mcid), "") + shown
    return found


def structure(path: Path) -> Element:
    """The document's structure tree with each element's text."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        texts = marked_text(pdf)

        def element(node, lang: str) -> Element:
            lang = str(node.get("/Lang", lang))
            own, kids = "", []
            parts = node.get("/K", [])
            for kid in parts if isinstance(parts, pikepdf.Array) else [parts]:
                if isinstance(kid, int):
                    own += texts.get((pages[node.Pg.objgen], int(kid)), "")
                elif kid.get("/Type") == "/MCR":
                    own += texts.get((pages[kid.Pg.objgen], int(kid.MCID)), "")
                elif "/S" in kid:
                    kids.append(element(kid, lang))
            alt = str(node.Alt) if "/Alt" in node else None
            attributes = {str(k): v for k, v in node.get("/A", {}).items()} if "/A" in node else {}
            return Element(str(node.S)[1:], lang, alt, own, kids, attributes)

        return element(pdf.Root.StructTreeRoot.K[0], str(pdf.Root.get("/Lang", "")))
