"""The brief's faces: registered once with reportlab, and their metrics for layout.

reportlab only embeds TrueType-outline fonts, so `fonts/` ships Noto CJK SC
converted from CFF (see tools/make_fonts.py) next to the Latin Noto faces.
Text is set in per-script runs: Han and CJK punctuation in a CJK face, Latin
letters and digits in the matching Latin face.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Literal

from reportlab import Version as rl_version
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..failures import EnvironmentProblem

Script = Literal["cjk", "latin"]
Family = Literal["serif", "sans"]


@dataclass(frozen=True)
class Face:
    name: str  # the name reportlab knows it by
    file: str


FACES: dict[tuple[Script, Family, bool, bool], Face] = {
    ("cjk", "serif", False, False): Face("BriefSerifSC", "NotoSerifCJKsc-Regular.ttf"),
    ("cjk", "serif", True, False): Face("BriefSerifSC-Bold", "NotoSerifCJKsc-Bold.ttf"),
    ("cjk", "sans", False, False): Face("BriefSansSC", "NotoSansCJKsc-Regular.ttf"),
    ("cjk", "sans", True, False): Face("BriefSansSC-Bold", "NotoSansCJKsc-Bold.ttf"),
    ("latin", "serif", False, False): Face("BriefSerif", "NotoSerif-Regular.ttf"),
    ("latin", "serif", True, False): Face("BriefSerif-Bold", "NotoSerif-Bold.ttf"),
    ("latin", "serif", False, True): Face("BriefSerif-Italic", "NotoSerif-Italic.ttf"),
    ("latin", "serif", True, True): Face("BriefSerif-BoldItalic", "NotoSerif-BoldItalic.ttf"),
    ("latin", "sans", False, False): Face("BriefSans", "NotoSans-Regular.ttf"),
    ("latin", "sans", True, False): Face("BriefSans-Bold", "NotoSans-Bold.ttf"),
}


def font_dir() -> Path:
    """Where the shipped fonts are: $BRIEFGEN_FONTS, the wheel, or the source tree."""
    override = os.environ.get("BRIEFGEN_FONTS")
    here = Path(__file__).resolve().parent.parent
    candidates = [Path(override)] if override else [here / "fonts", here.parent.parent / "fonts"]
    for candidate in candidates:
        if (candidate / FACES["cjk", "serif", False, False].file).is_file():
            return candidate
    raise EnvironmentProblem(
        "briefgen's fonts are missing (looked in " + ", ".join(map(str, candidates)) + "): reinstall briefgen "
        "(pip install .), or point BRIEFGEN_FONTS at a folder holding them; python tools/make_fonts.py "
        "regenerates them"
    )


def face(script: Script, family: Family, bold: bool = False, italic: bool = False) -> Face:
    """The face for a run of one script; CJK has no italic, so it falls back to upright."""
    key = (script, family, bold, italic and script == "latin")
    return FACES.get(key) or FACES[script, family, bold, False]


def font_name(script: Script, family: Family, bold: bool = False, italic: bool = False) -> str:
    register_fonts()
    return face(script, family, bold, italic).name


def font_path(f: Face) -> Path:
    return font_dir() / f.file


_registered = False


# Every face declares the CJK em box's bottom as its descent (the PDF font
# descriptor's /Descent, metadata only). Text extractors place a glyph's box
# by it, and pdfplumber cuts a line wherever boxes' tops differ by 3 pt: with
# Noto's own values (-0.12 em CJK, -0.293 em Latin) a heading over 17 pt
# that mixes Han and Latin would come out as two lines.
DESCENT = -120


def register_fonts() -> None:
    """Register every face with reportlab (idempotent, cheap after the first call)."""
    global _registered
    if _registered:
        return
    directory = font_dir()
    for f in FACES.values():
        font = _open(directory / f.file, f.name)
        font.face.descent = DESCENT
        pdfmetrics.registerFont(font)
    _registered = True


def _open(path: Path, name: str) -> TTFont:
    """The face, or an environment problem naming the file and how to get a good one."""
    remedy = "reinstall briefgen (pip install .), or regenerate the fonts with python tools/make_fonts.py"
    if not path.is_file():
        raise EnvironmentProblem(f"font file {path} is missing: {remedy}")
    try:
        ttfonts.TTFontFace = _CachedFace  # (TTFont makes its face by that name)
        _READ_AS[str(path)] = _identity(path)  # the file as it is before reportlab reads it
        return _Font(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error) as err:
        raise EnvironmentProblem(f"font file {path} is damaged ({type(err).__name__}): {remedy}") from None
    finally:
        ttfonts.TTFontFace = _PARSED_FACE


_PARSED_FACE = ttfonts.TTFontFace
_READ_AS: dict[str, str] = {}  # each face file's identity as it was before it was read


def _identity(path: Path) -> str:
    """What tells a file from another, or from itself changed: its path, size, times and inode."""
    info = os.stat(path)
    return repr((str(Path(path).resolve()), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
                 info.st_dev))


def _file_digest(filename: str, data: bytes) -> str:
    """The sha256 of a face file's bytes, remembered (digests/) by the file's identity: a face read again
    unchanged is not hashed again (6 ms for the ten). Remembered only if the file was the same before and after
    it was read."""
    from ..cache import Store, directory

    store = Store(directory("digests"), ".txt", lambda message: None, "digest", "made", "made again")
    identity = _READ_AS.pop(filename, None)
    unchanged = identity is not None and identity == _identity(Path(filename))
    key = hashlib.sha256(identity.encode()).hexdigest() if unchanged and identity else None
    kept = store.get(key) if key else None
    if kept is not None and len(kept) == 64:
        return kept.decode("ascii")
    digest = hashlib.sha256(data).hexdigest()
    if key:
        store.put(key, digest.encode("ascii"))
    return digest
DIGESTS: dict[str, str] = {}  # sha256 of each face's file, by file name, as registered


def identity() -> str:
    """A digest of every face the brief is set in: what measured text depends on."""
    register_fonts()
    return hashlib.sha256(repr(sorted(DIGESTS.items())).encode()).hexdigest()


def digest(f: Face) -> str:
    """The sha256 of a face's file, as registered (its bytes were hashed once, when it was read)."""
    register_fonts()
    return DIGESTS[f.file]
FACE_FORMAT = 1  # of a cached face; part of its key
_UNCACHED = ("_ttf_data", "_pdfScale")  # the file's bytes (read anyway) and a function of unitsPerEm


class _CachedFace(ttfonts.TTFontFace):
    """A face whose tables reportlab parsed once (widths, character map, glyph offsets: a tenth of a second for
    the ten faces) and takes from the cache while the file's bytes (their sha256: 8 ms for the ten) and
    reportlab's version are the ones they were parsed from."""

    def extractInfo(self, charInfo=1):
        from ..cache import Store, directory

        store = Store(directory("fonts"), ".marshal", lambda message: None, "font", "parsed", "parsed again")
        content = _file_digest(self.filename, self._ttf_data)
        DIGESTS[Path(self.filename).name] = content
        key = hashlib.sha256(repr((FACE_FORMAT, rl_version, charInfo, content)).encode())
        cached = store.get(key.hexdigest())
        if cached is not None:
            facts = marshal.loads(cached)
            facts.update({k: ttfonts.TTFNameBytes(facts[k]) for k in facts.pop("__names__")})
            self.__dict__.update(facts)
            scale = 1000 / self.unitsPerEm
            self._pdfScale = (lambda x: x) if self.unitsPerEm == 1000 else (lambda x: x * scale)
            return
        super().extractInfo(charInfo)
        facts = {k: v for k, v in self.__dict__.items() if k not in _UNCACHED}
        names = [k for k, v in facts.items() if isinstance(v, ttfonts.TTFNameBytes)]
        facts.update({k: bytes(facts[k]) for k in names}, __names__=names)
        store.put(key.hexdigest(), marshal.dumps(facts))

    def addSubsetObjects(self, doc, fontname, subset):
        """The subset's font file as reportlab makes it — from the cache (subsets/) when this face has made the
        same subset before, already deflated (a warm build's subsets are mostly the last build's: 10 ms of a
        Chinese brief's 0.1 s), and kept in the process for the next build of a watch."""
        key = hashlib.sha256(repr((SUBSET_FORMAT, rl_version, DIGESTS[Path(self.filename).name], subset))
                             .encode()).hexdigest()
        made = _remembered(_SUBSETS_MADE, key, self._kept_subset, key, subset, most=_KEPT_SUBSETS)
        self._made = made[0]
        try:
            descriptor = super().addSubsetObjects(doc, fontname, subset)
        finally:
            del self._made
        stream = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
        if stream.filters:  # (compressed: the document's setting) the deflated bytes kept with it
            stream.filters = [_Deflated(made[1])]
        return descriptor

    def _kept_subset(self, key: str, subset) -> tuple[bytes, bytes]:
        """The subset's font file and its deflated bytes, from the cache folder, else made and kept there."""
        from ..cache import Store, directory

        store = Store(directory("subsets"), ".marshal", lambda message: None, "font subset", "made", "made again")
        kept = store.get(key)
        made = marshal.loads(kept) if kept is not None else None
        if not (isinstance(made, tuple) and len(made) == 2 and all(isinstance(b, bytes) for b in made)):
            content = super().makeSubset(subset)
            made = (content, zlib.compress(content))
            store.put(key, marshal.dumps(made))
        return made

    def makeSubset(self, subset):
        return self.__dict__["_made"] if "_made" in self.__dict__ else super().makeSubset(subset)


SUBSET_FORMAT = 1  # of a kept subset; part of its key


class _Font(TTFont):
    """A face's font objects as reportlab makes them, with the widths of a subset seen before written out as
    they were (a watch sets mostly the subsets of the build before; their ToUnicode maps are deflated once by
    the painter's Flate filter)."""

    def addObjects(self, doc):
        fonts = doc.idToObject[pdfdoc.BasicFonts].dict
        before = set(fonts)
        super().addObjects(doc)
        for name in fonts.keys() - before:
            font = fonts[name]
            font.Widths = _Written(_remembered(_WIDTHS, tuple(font.Widths.sequence), font.Widths.format, doc))


def _remembered(memo: dict, key, make, *args, most: int = 512):
    """make(*args), the same for the same key (in a process; at most `most` kept)."""
    value = memo.get(key)
    if value is None:
        if len(memo) >= most:
            memo.clear()
        value = memo[key] = make(*args)
    return value


_SUBSETS_MADE: dict[str, tuple[bytes, bytes]] = {}  # a subset's key → its font file, and deflated
_WIDTHS: dict[tuple, bytes] = {}  # a subset's widths → their PDF array
_KEPT_SUBSETS = 96  # a subset is some 50 KB with its deflated bytes: a full edition uses about 20


class _Written(pdfdoc.PDFObject):
    """A direct object whose PDF text is known."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


class _Deflated:
    """reportlab's Flate filter for a stream whose deflated bytes are known (its zlib.compress, kept)."""

    pdfname = "FlateDecode"

    def __init__(self, deflated: bytes):
        self.deflated = deflated

    def encode(self, text: bytes) -> bytes:
        return self.deflated


@cache
def ink_extent(name: str, char: str) -> tuple[float, float, float]:
    """(advance, ink left, ink right) of a character's glyph, in em: its advance and the bounding box its
    'glyf' entry records, read from the face reportlab has parsed (no second parse of a 3.5 MB file)."""
    register_fonts()
    face = pdfmetrics.getFont(name).face
    glyph = face.charToGlyph[ord(char)]
    start = face.table["glyf"]["offset"] + face.glyphPos[glyph]
    _, x_min, _, x_max, _ = struct.unpack(">hhhhh", face._ttf_data[start:start + 10])
    em = face.unitsPerEm
    return face.hmetrics[glyph][0] / em, x_min / em, x_max / em


@dataclass(frozen=True)
class Metrics:
    """What layout needs of a face: advance widths (1/1000 em) by code point, and the code points it has."""

    widths: dict[int, float]
    default_width: float
    covered: frozenset[int]


@cache
def metrics(name: str) -> Metrics:
    register_fonts()
    parsed = pdfmetrics.getFont(name).face
    return Metrics(parsed.charWidths, parsed.defaultWidth, frozenset(parsed.charToGlyph))


KERNING_FILE = "kerning.json"  # written by tools/make_fonts.py from the source faces' GPOS 'kern' feature


@cache
def kerning_tables() -> dict[str, dict[str, float]]:
    """Each face's pair adjustments by its file's stem (its PostScript name), 1/1000 em by pair of characters
    ("To": -50); none for the CJK faces."""
    path = font_dir() / KERNING_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EnvironmentProblem(f"{path} is missing or damaged ({type(err).__name__}): reinstall briefgen (pip "
                                 "install .), or regenerate it with python tools/make_fonts.py --kerning") from None


@cache
def kerning(name: str) -> dict[str, float]:
    """The pair adjustments of the face reportlab knows by this name."""
    f = next(f for f in FACES.values() if f.name == name)
    return kerning_tables().get(Path(f.file).stem, {})


def string_width(text: str, name: str, size: float) -> float:
    """The advance of text set in one face at size, in pt."""
    register_fonts()
    return pdfmetrics.stringWidth(text, name, size)


def sans_pair(bold: bool) -> tuple[Face, Face]:
    """The faces chart text is set in, Latin first: the order matplotlib's fallback and the runs both follow."""
    return face("latin", "sans", bold), face("cjk", "sans", bold)


def first_with(char: str, faces: Sequence[Face]) -> str | None:
    """The name of the first of faces that has the character's glyph; None: none has."""
    return next((f.name for f in faces if ord(char) in metrics(f.name).covered), None)


def fallback_runs(text: str, faces: Sequence[Face]) -> list[tuple[str | None, str]]:
    """(face name, text) runs, each in the first of faces that has its glyphs (None: none has)."""
    return [(name, "".join(chars)) for name, chars in groupby(text, lambda char: first_with(char, faces))]
