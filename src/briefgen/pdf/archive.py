"""The write stage: the painter's PDF finished to a standard — tagged for PDF/UA-1, archival as PDF/A-2u (or
PDF/A-3u, with the edition's figures attached as data).

The painter marks every piece of content with the element it belongs to (marked-content ids, page by page)
and everything else as an artifact; this builds the structure tree from those marks and the page model's
nodes, and mends what reportlab writes that PDF/A forbids: ToUnicode maps of unused codes to U+0000, a
filtered XMP stream, streams without an end-of-line before `endstream` (qpdf writes them right), link
annotations that do not print. Same input, same bytes: the file's /ID is a digest of its content.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from ..languages import profile
from ..options import STANDARDS
from ..typeset import pagemodel as pm

if TYPE_CHECKING:
    from .painter import Info, Marks

_STRUCT_ELEM = Name.StructElem


@functools.cache
def _structure_name(role: str) -> Name:
    from .painter import STRUCTURE_TYPES

    return Name("/" + STRUCTURE_TYPES[role])


def finish(raw: bytes, marks: Marks, info: Info) -> bytes:
    standard = STANDARDS[info.standard]
    pdf = pikepdf.open(io.BytesIO(raw))
    _StructureTree(pdf, marks, info.lang).build()
    _mend_unicode_maps(pdf)
    pdf.Root.Metadata = pdf.make_stream(info.xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    pdf.Root.OutputIntents = Array([_output_intent(pdf)])
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    if standard.attachments and info.attachments:
        _attach(pdf, info.attachments)
    _plain_filters(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


class _StructureTree:
    """Nodes → structure elements, in the document's logical order; each page's marked content and each link
    annotation pointed back at its element through the parent tree."""

    def __init__(self, pdf: pikepdf.Pdf, marks: Marks, lang: str):
        self.pdf, self.marks, self.lang = pdf, marks, lang
        self.pages = [page.obj for page in pdf.pages]
        self.content: dict[int, list[tuple[str, int, int]]] = {}  # id(node): ("mcid", page, mcid) / ("link"...)
        self.elements: dict[int, Dictionary] = {}  # id(node): its element (indirect)
        self.notes = 0
        self.links: list[tuple[pikepdf.Object, Dictionary]] = []  # (annotation, its Link element)

    def build(self) -> None:
        included: dict[int, pm.Node] = {}
        for page, nodes in enumerate(self.marks.pages):
            for mcid, node in enumerate(nodes):
                self.content.setdefault(id(node), []).append(("mcid", page, mcid))
                self._include(node, included)
        annotations = self._annotations()
        for (page, index), (node, _) in annotations.items():
            self.content.setdefault(id(node), []).append(("link", page, index))
            self._include(node, included)
        root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self._element("Document", root, self.lang)
        tops = sorted((n for n in included.values() if n.parent is None), key=lambda n: n.order)
        document.K = Array([self._tree(node, document, self.lang, included) for node in tops])
        root.K = Array([document])
        self._parent_tree(root)
        self.pdf.Root.StructTreeRoot = root

    @staticmethod
    def _include(node: pm.Node, included: dict[int, pm.Node]) -> None:
        while node is not None and id(node) not in included:
            included[id(node)] = node
            node = node.parent  # type: ignore[assignment]

    def _element(self, kind: str, parent: Dictionary, lang: str | None) -> Dictionary:
        element = Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent)
        if lang:
            element.Lang = String(lang)
        return self.pdf.make_indirect(element)

    def _tree(self, node: pm.Node, parent: Dictionary, lang_in_force: str, included: dict[int, pm.Node]
              ) -> Dictionary:
        """node's element and, below it, its kids'. (Each element is made whole at once where it can be: every
        change to a pikepdf object is a call into qpdf, and a brief has hundreds of elements.)"""
        lang = profile(node.lang).tag if node.lang else lang_in_force
        fields = {"/Type": _STRUCT_ELEM, "/S": _structure_name(node.role), "/P": parent,
                  **self._attributes(node)}
        if lang != lang_in_force:
            fields["/Lang"] = String(lang)
        content = self.content.get(id(node), ())
        marked = [(page, index) for what, page, index in content if what == "mcid"]
        first = marked[0][0] if marked else None
        if first is not None:
            fields["/Pg"] = self.pages[first]
        kids_below = [kid for kid in node.kids if id(kid) in included]
        if len(marked) == len(content) and not kids_below:  # a leaf: its kids are marked content alone
            fields["/K"] = Array([self._marked(first, page, index) for page, index in marked])
            element = self.elements[id(node)] = self.pdf.make_indirect(Dictionary(fields))
            return element
        element = self.elements[id(node)] = self.pdf.make_indirect(Dictionary(fields))
        kids: list[object] = [self._marked(first, page, index) if what == "mcid" else self._link(element, page, index)
                              for what, page, index in content]
        kids += [self._tree(kid, element, lang, included) for kid in kids_below]
        element.K = Array(kids)
        return element

    def _marked(self, first: int | None, page: int, mcid: int) -> object:
        """A piece of marked content: its id alone on the element's page, else with its page."""
        return mcid if page == first else Dictionary(Type=Name.MCR, Pg=self.pages[page], MCID=mcid)

    def _attributes(self, node: pm.Node) -> dict[str, object]:
        fields: dict[str, object] = {}
        if node.role == "figure":
            fields["/Alt"] = String(node.alt or "")
            box = self.marks.boxes.get(id(node))
            if box is not None:
                fields["/A"] = Dictionary(O=Name.Layout, BBox=Array([round(v, 2) for v in box]))
        if node.scope:
            fields["/A"] = Dictionary(O=Name.Table, Scope=Name("/" + node.scope.capitalize()))
        if node.role == "note":
            self.notes += 1
            fields["/ID"] = String(f"note-{self.notes}")
        return fields

    def _annotations(self) -> dict[tuple[int, int], tuple[pm.Node, str]]:
        """(page, index of the annotation on it) → the link's element and what it says."""
        found = {}
        for page, links in enumerate(self.marks.links):
            annots = self.pages[page].get("/Annots", Array())
            assert len(annots) == len(links), "every annotation is a link the painter made"
            for index, link in enumerate(links):
                found[page, index] = link
        return found

    def _link(self, parent: Dictionary, page: int, index: int) -> Dictionary:
        annot = self.pages[page].Annots[index]
        link = self._element("Link", parent, None)
        link.K = Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=self.pages[page])])
        link.Pg = self.pages[page]
        _, label = self.marks.links[page][index]
        annot.Contents = String(label)
        annot.F = 4  # printed, as PDF/A requires
        self.links.append((annot, link))
        return link

    def _parent_tree(self, root: Dictionary) -> None:
        nums: list[object] = []
        for page, nodes in enumerate(self.marks.pages):
            self.pages[page].StructParents = page
            self.pages[page].Tabs = Name.S
            nums.extend([page, self.pdf.make_indirect(Array([self.elements[id(n)] for n in nodes]))])
        key = len(self.pages)
        for annot, link in self.links:
            annot.StructParent = key
            nums.extend([key, link])
            key += 1
        root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(nums)))
        root.ParentTreeNextKey = key


_BFCHAR = re.compile(rb"(\d+) beginbfchar\n(.*?)endbfchar\n", re.S)
_UNUSED = re.compile(rb"<[0-9A-Fa-f]+> <0000>\n")


def _mend_unicode_maps(pdf: pikepdf.Pdf) -> None:
    """reportlab maps the codes a subset does not use to U+0000, which PDF/A forbids: drop those entries."""
    for cmap in _unicode_maps(pdf):
        data = cmap.read_bytes()

        def mend(block: re.Match[bytes]) -> bytes:
            kept = _UNUSED.sub(b"", block.group(2))
            return b"%d beginbfchar\n%sendbfchar\n" % (kept.count(b"\n"), kept) if kept else b""

        mended = _BFCHAR.sub(mend, data)
        if mended != data:
            cmap.write(mended)


def _plain_filters(pdf: pikepdf.Pdf) -> None:
    """reportlab names a stream's one filter in an array ([/FlateDecode]); qpdf takes such a stream for one it
    may compress, and inflates and deflates it again when it writes the file (its fonts: 17 ms a brief).
    Named alone, the same filter is left as it is."""
    for obj in pdf.objects:
        if isinstance(obj, Stream):
            filters = obj.get("/Filter")
            if isinstance(filters, Array) and len(filters) == 1:
                obj.Filter = filters[0]


def _unicode_maps(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font and "/ToUnicode" in obj:
            cmap = obj.ToUnicode
            if cmap.objgen not in seen:
                seen.add(cmap.objgen)
                yield cmap


def _output_intent(pdf: pikepdf.Pdf) -> Dictionary:
    """sRGB, the colour space every colour of the brief is given in."""
    profile = resources.files("briefgen.pdf").joinpath("sRGB.icc").read_bytes()
    icc = pdf.make_stream(profile, N=3)
    return Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB"),
                      Info=String("sRGB IEC61966-2.1"), DestOutputProfile=icc)


def _attach(pdf: pikepdf.Pdf, attachments: tuple[pm.Attachment, ...]) -> None:
    """Files carried as the document's associated data (PDF/A-3: /AF, AFRelationship /Data)."""
    specs = Array()
    names = Array()
    for item in attachments:
        stream = pdf.make_stream(item.data, Type=Name.EmbeddedFile, Subtype=Name("/" + item.mime),
                                 Params=Dictionary(Size=len(item.data)))
        spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String(item.name), UF=String(item.name),
                                            Desc=String(item.description), AFRelationship=Name.Data,
                                            EF=Dictionary(F=stream, UF=stream)))
        specs.append(spec)
        names.extend([String(item.name), spec])
    pdf.Root.AF = specs
    pdf.Root.Names = pdf.Root.get("/Names", Dictionary())
    pdf.Root.Names.EmbeddedFiles = Dictionary(Names=names)
