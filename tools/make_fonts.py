"""Regenerate the fonts shipped in fonts/ from Debian's Noto packages.

Why: reportlab's TTFont embeds only TrueType (glyf) outlines and refuses
CFF ("postscript outlines are not supported"). Debian ships Noto Serif/Sans
CJK as CFF OpenType collections (.ttc, fonts-noto-cjk), so the simplified
Chinese ("SC") face of each collection is

  1. selected by its PostScript name (name ID 6), not by a collection index;
  2. subset to the character set below, dropping layout and vertical tables
     (reportlab uses neither) -- subsetting first keeps memory well under
     0.5 GB per face and the run short;
  3. converted from cubic CFF to quadratic glyf outlines with cu2qu, as in
     fontTools' otf2ttf recipe (max error 1 unit, reversed direction,
     glyf/loca/maxp 1.0 built, CFF and VORG dropped), without hinting.

The Latin companions (fonts-noto-core) are TrueType already and are only
subset, with hinting and layout tables dropped.

Character set of the CJK faces (code points the source face lacks are
skipped; fonts/README.md lists the per-face counts):
  * the 8,105 characters of 通用规范汉字表 (2013): Unihan field kTGH in
    Debian's unicode-data (Unihan_OtherMappings.txt.bz2);
  * every character of GB 2312 -- all valid 2-byte codes decoded with
    Python's 'gb2312' codec: its 6,763 hanzi plus its 682 symbols
    (full-width forms, Greek, Cyrillic, kana, bopomofo, ≤ ≥ ± ≈, ⑴, ㈠ ...);
  * ASCII, Latin-1 Supplement, pinyin tone letters and tone marks;
  * General Punctuation, CJK Symbols and Punctuation, Halfwidth and
    Fullwidth Forms;
  * − × ‰ ℃ № ←↑→↓ ▲△●○■□ ①–⑳ Ⅰ–Ⅻ.
Character set of the Latin faces: ASCII, Latin-1 Supplement, Latin
Extended-A, pinyin tone letters and tone marks, General Punctuation,
− × ‰ € ¥ № ™ ﬁ ﬂ.

Output is byte-reproducible: head.created/modified come from
SOURCE_DATE_EPOCH (default: the fonts-noto-cjk upload date), and nothing
depends on set or dict iteration order. The script also writes
fonts/OFL.txt, fonts/SHA256SUMS and fonts/README.md.

Usage:
  SOURCE_DATE_EPOCH=1643298529 python tools/make_fonts.py   # regenerate
  python tools/make_fonts.py --check   # verify fonts/ against SHA256SUMS
"""

import argparse
import bz2
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import fontTools
import reportlab
from fontTools import subset
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS_DIR = ROOT / "fonts"
SUMS_FILE = FONTS_DIR / "SHA256SUMS"
CJK_DIR = Path("/usr/share/fonts/opentype/noto")
LATIN_DIR = Path("/usr/share/fonts/truetype/noto")
UNIHAN_MAPPINGS = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
DOC_DIR = Path("/usr/share/doc")

# fonts-noto-cjk 1:20220127+repack1-1 upload time, 2022-01-27T15:48:49Z.
DEFAULT_SOURCE_DATE_EPOCH = 1643298529
MAX_PROCESSES = 2
CU2QU_MAX_ERR = 1.0  # font units (1000 per em)
VERSION_SUFFIX = "; briefgen subset"
MAX_OUTPUT_BYTES = 5_000_000
TGH_COUNT = 8105
GB2312_CODE_COUNT = 7445
GB2312_HANZI_COUNT = 6763
GB2312_HANZI_LEAD_BYTES = range(0xB0, 0xF8)  # rows 16-87
GB2312_BYTES = range(0xA1, 0xFF)
DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]


@dataclass(frozen=True)
class Face:
    output: str
    source: Path
    package: str
    postscript_name: str
    is_cjk: bool


FACES = [  # slowest first, so two workers finish together
    Face("NotoSerifCJKsc-Regular.ttf", CJK_DIR / "NotoSerifCJK-Regular.ttc",
         "fonts-noto-cjk", "NotoSerifCJKsc-Regular", True),
    Face("NotoSerifCJKsc-Bold.ttf", CJK_DIR / "NotoSerifCJK-Bold.ttc",
         "fonts-noto-cjk", "NotoSerifCJKsc-Bold", True),
    Face("NotoSansCJKsc-Regular.ttf", CJK_DIR / "NotoSansCJK-Regular.ttc",
         "fonts-noto-cjk", "NotoSansCJKsc-Regular", True),
    Face("NotoSansCJKsc-Bold.ttf", CJK_DIR / "NotoSansCJK-Bold.ttc",
         "fonts-noto-cjk", "NotoSansCJKsc-Bold", True),
    Face("NotoSerif-Regular.ttf", LATIN_DIR / "NotoSerif-Regular.ttf",
         "fonts-noto-core", "NotoSerif-Regular", False),
    Face("NotoSerif-Bold.ttf", LATIN_DIR / "NotoSerif-Bold.ttf",
         "fonts-noto-core", "NotoSerif-Bold", False),
    Face("NotoSerif-Italic.ttf", LATIN_DIR / "NotoSerif-Italic.ttf",
         "fonts-noto-core", "NotoSerif-Italic", False),
    Face("NotoSerif-BoldItalic.ttf", LATIN_DIR / "NotoSerif-BoldItalic.ttf",
         "fonts-noto-core", "NotoSerif-BoldItalic", False),
    Face("NotoSans-Regular.ttf", LATIN_DIR / "NotoSans-Regular.ttf",
         "fonts-noto-core", "NotoSans-Regular", False),
    Face("NotoSans-Bold.ttf", LATIN_DIR / "NotoSans-Bold.ttf",
         "fonts-noto-core", "NotoSans-Bold", False),
]
PACKAGES = ["fonts-noto-cjk", "fonts-noto-core", "unicode-data"]


@dataclass(frozen=True)
class Component:
    label: str
    codepoints: frozenset
    required: bool = False  # must be fully present in the source face


@dataclass(frozen=True)
class FaceResult:
    face: Face
    seconds: float
    peak_rss_mb: float
    code_points: int
    glyphs: int
    present: tuple  # per component, code points kept
    absent: tuple  # requested code points the source face lacks


# ---------------------------------------------------------------- charsets

def span(first, last):
    return frozenset(range(first, last + 1))


def chars(text):
    return frozenset(map(ord, text))


PINYIN = chars("ĀāÁáǍǎÀàĒēÉéĚěÈèÊêĪīÍíǏǐÌìŌōÓóǑǒÒòŪūÚúǓǔÙùÜüǕǖǗǘǙǚǛǜ"
               "ŃńŇňǸǹḾḿ" "ˉˊˇˋ˙")
ASCII = span(0x20, 0x7E)
LATIN_1 = span(0xA0, 0xFF)
GENERAL_PUNCTUATION = span(0x2000, 0x206F)


def tgh_hanzi():
    """The 通用规范汉字表 (2013): every code point with a Unihan kTGH value."""
    with bz2.open(UNIHAN_MAPPINGS, "rt", encoding="utf-8") as lines:
        fields = (line.split("\t") for line in lines)
        found = frozenset(int(f[0][2:], 16) for f in fields
                          if len(f) == 3 and f[1] == "kTGH")
    if len(found) != TGH_COUNT:
        sys.exit(f"kTGH lists {len(found)} characters, expected {TGH_COUNT}")
    return found


def gb2312_char(lead, trail):
    try:
        return ord(bytes([lead, trail]).decode("gb2312"))
    except UnicodeDecodeError:
        return None


def gb2312_repertoire():
    """All characters of GB 2312 (hanzi and symbols), via Python's codec."""
    codes = {(lead, trail): gb2312_char(lead, trail)
             for lead in GB2312_BYTES for trail in GB2312_BYTES}
    found = frozenset(c for c in codes.values() if c is not None)
    hanzi = {c for (lead, _), c in codes.items()
             if c is not None and lead in GB2312_HANZI_LEAD_BYTES}
    if (len(found), len(hanzi)) != (GB2312_CODE_COUNT, GB2312_HANZI_COUNT):
        sys.exit(f"gb2312 codec gives {len(found)} codes / {len(hanzi)} "
                 f"hanzi, expected {GB2312_CODE_COUNT} / {GB2312_HANZI_COUNT}")
    return found


def cjk_components():
    return [
        Component("通用规范汉字表 (Unihan kTGH)", tgh_hanzi(), required=True),
        Component("GB 2312, all codes (hanzi + symbols)", gb2312_repertoire(),
                  required=True),
        Component("ASCII U+0020–007E", ASCII),
        Component("Latin-1 Supplement U+00A0–00FF", LATIN_1),
        Component("pinyin tone letters and tone marks", PINYIN),
        Component("General Punctuation U+2000–206F", GENERAL_PUNCTUATION),
        Component("CJK Symbols and Punctuation U+3000–303F",
                  span(0x3000, 0x303F)),
        Component("Halfwidth and Fullwidth Forms U+FF00–FFEF",
                  span(0xFF00, 0xFFEF)),
        Component("− × ‰ ℃ № ←↑→↓ ▲△●○■□ ①–⑳ Ⅰ–Ⅻ",
                  chars("−×‰℃№▲△●○■□") | span(0x2190, 0x2193)
                  | span(0x2460, 0x2473) | span(0x2160, 0x216B),
                  required=True),
    ]


def latin_components():
    return [
        Component("ASCII U+0020–007E", ASCII, required=True),
        Component("Latin-1 Supplement U+00A0–00FF", LATIN_1),
        Component("Latin Extended-A U+0100–017F", span(0x0100, 0x017F)),
        Component("pinyin tone letters and tone marks", PINYIN),
        Component("General Punctuation U+2000–206F", GENERAL_PUNCTUATION),
        Component("− × ‰ € ¥ № ™ ﬁ ﬂ", chars("−×‰€¥№™ﬁﬂ")),
    ]


def union(components):
    return frozenset().union(*(c.codepoints for c in components))


def check_required(face, components, available):
    for c in components:
        missing = c.codepoints - available
        if c.required and missing:
            sys.exit(f"{face.source}: lacks {len(missing)} of {c.label}: "
                     + "".join(map(chr, sorted(missing))))


# ---------------------------------------------------------------- one face

def postscript_name(font):
    return font["name"].getDebugName(6)


def open_face(face):
    """Open the face; inside a collection, find it by PostScript name."""
    if face.source.suffix == ".ttc":
        fonts = TTCollection(face.source, lazy=True).fonts
    else:
        fonts = [TTFont(face.source, lazy=True)]
    matches = [f for f in fonts if postscript_name(f) == face.postscript_name]
    if len(matches) != 1:
        sys.exit(f"{face.source}: {len(matches)} faces named "
                 f"{face.postscript_name}")
    return matches[0]


def subset_font(font, codepoints):
    options = subset.Options()
    options.drop_tables += DROPPED_TABLES
    options.layout_features = []
    options.bidi_closure = False  # would add mirrors such as ∋ for ∈
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)


def quadratic_glyphs(font):
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(None)
        glyph_set[name].draw(
            Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    return glyphs


def truetype_maxp(glyf):
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    maxp.maxComponentElements = max(
        len(getattr(g, "components", [])) for g in glyf.glyphs.values())
    return maxp


def convert_cff_to_glyf(font):
    """fontTools' otf2ttf recipe: cubic CFF -> quadratic glyf, no hinting."""
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = quadratic_glyphs(font)
    del font["CFF "]
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    glyf.compile(font)  # computes each glyph's bounds
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    font["maxp"] = truetype_maxp(glyf)
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def mark_as_subset(font, epoch):
    for record in font["name"].names:
        if record.nameID == 5:
            record.string = record.toUnicode() + VERSION_SUFFIX
    head = font["head"]
    head.created = head.modified = timestampSinceEpoch(epoch)
    font.recalcTimestamp = False


def verify_output(path, wanted):
    font = TTFont(path)
    if set(font.getBestCmap()) != wanted or "glyf" not in font:
        sys.exit(f"{path}: cmap or outlines not as intended")
    ReportlabTTFont(path.stem, str(path))  # raises TTFError if refused
    if path.stat().st_size > MAX_OUTPUT_BYTES:
        sys.exit(f"{path}: {path.stat().st_size} bytes, over the limit")


def build_face(job):
    face, components, epoch = job
    start = time.perf_counter()
    font = open_face(face)
    available = frozenset(font.getBestCmap())
    check_required(face, components, available)
    wanted = union(components) & available
    subset_font(font, wanted)
    if "CFF " in font:
        convert_cff_to_glyf(font)
    mark_as_subset(font, epoch)
    path = FONTS_DIR / face.output
    font.save(path)
    verify_output(path, wanted)
    return FaceResult(
        face=face,
        seconds=time.perf_counter() - start,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        code_points=len(wanted),
        glyphs=len(font.getGlyphOrder()),
        present=tuple(len(c.codepoints & available) for c in components),
        absent=tuple(sorted(union(components) - available)),
    )


# ---------------------------------------------------------------- all faces

def source_date_epoch():
    return int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH))


def build_all(epoch):
    cjk, latin = cjk_components(), latin_components()
    jobs = [(face, cjk if face.is_cjk else latin, epoch) for face in FACES]
    results = {}
    with multiprocessing.Pool(MAX_PROCESSES, maxtasksperchild=1) as pool:
        for result in pool.imap_unordered(build_face, jobs):
            print_result(result)
            results[result.face] = result
    return [results[face] for face in FACES], cjk, latin


def print_result(r):
    size = (FONTS_DIR / r.face.output).stat().st_size
    print(f"{r.face.output:28} {r.seconds:6.1f} s {size / 1e6:6.2f} MB "
          f"{r.code_points:6} code points "
          f"{r.glyphs:6} glyphs  peak RSS {r.peak_rss_mb:4.0f} MB", flush=True)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_version(package):
    return subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", package],
        check=True, capture_output=True, text=True).stdout


# ---------------------------------------------------------------- licence

def dep5_paragraphs(path):
    """Paragraphs of a Debian machine-readable copyright file, as dicts."""
    paragraphs = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith((" ", "\t")):
                fields[key].append("" if line.strip() == "." else line[1:])
            elif ":" in line:
                key, value = line.split(":", 1)
                fields[key] = [value.strip()] if value.strip() else []
        paragraphs.append(fields)
    return paragraphs


def debian_licence(package, licence_name):
    for fields in dep5_paragraphs(DOC_DIR / package / "copyright"):
        is_stand_alone = "Files" not in fields
        if is_stand_alone and fields.get("License", [""])[0] == licence_name:
            return fields["License"][1:]
    sys.exit(f"{package}: no stand-alone '{licence_name}' licence paragraph")


def debian_copyright(package):
    for fields in dep5_paragraphs(DOC_DIR / package / "copyright"):
        if fields.get("Files") == ["*"]:
            return [line.strip() for line in fields["Copyright"]]
    sys.exit(f"{package}: no 'Files: *' paragraph")


def licence_words(lines):
    words = " ".join(lines).split()
    return words[words.index("PREAMBLE"):]


def font_notices():
    """Copyright (name ID 0) and trademark (ID 7) lines of the sources."""
    notices = []
    for face in FACES:
        names = open_face(face)["name"]
        for name_id in (0, 7):
            line = names.getDebugName(name_id)
            if line not in notices:
                notices.append(line)
    return notices


def ofl_text():
    cjk_licence = debian_licence("fonts-noto-cjk", "SIL-1.1")
    core_licence = debian_licence("fonts-noto-core", "OFL-1.1")
    if licence_words(cjk_licence) != licence_words(core_licence):
        sys.exit("the two packages' OFL texts differ; check by hand")
    lines = ["Copyright and trademark notices of the source fonts:", ""]
    lines += font_notices()
    lines += ["", "Copyright as recorded in Debian's copyright files:", ""]
    for package in ("fonts-noto-cjk", "fonts-noto-core"):
        lines += [f"{package}: {line}" for line in debian_copyright(package)]
    lines += ["", "This Font Software is licensed under the SIL Open Font "
              "License, Version 1.1.", "This license is copied below "
              f"(from {DOC_DIR}/fonts-noto-cjk/copyright).", ""]
    return "\n".join(lines + cjk_licence) + "\n"


# ---------------------------------------------------------------- README

README_HEAD = """\
# Shipped fonts

Generated by `tools/make_fonts.py` -- do not edit by hand; regenerate.

reportlab's `TTFont` embeds only TrueType (glyf) outlines and refuses CFF
(`postscript outlines are not supported`). Debian ships Noto Serif/Sans CJK
as CFF collections, so the SC face of each collection (found by its
PostScript name) is subset first (fontTools.subset), then converted to
quadratic glyf outlines with cu2qu (fontTools' otf2ttf recipe: max error
{max_err:g} unit, reversed direction, glyf/loca/maxp 1.0, CFF and VORG
dropped). The Latin companion faces are TrueType already and only subset.

All faces: no hinting (no instructions); tables dropped:
{dropped} (reportlab uses none of them: no ligature substitution;
the Latin faces' kerning is kept apart, below); post format 3 (no glyph names); every name record kept, family names
unchanged; "{suffix}" appended to the version string (name ID 5);
head.created/modified = SOURCE_DATE_EPOCH = {epoch}. Each output is
checked to load in reportlab's `TTFont` and to map exactly the intended
code points.
"""

README_KERNING = """
## Kerning

`kerning.json` holds each Latin face's pair adjustments (1/1000 em, by pair
of characters: `"To": -50`), read from the source face's GPOS `kern`
feature (Format 1 pairs and Format 2 classes, lookups in order) over ASCII
and the typographic quotes and dashes, sorted, so the file is
byte-reproducible. briefgen adds them to the advances of Latin runs.
`python tools/make_fonts.py --kerning` rewrites it alone.
"""

README_REGENERATE = """
## Regenerate and check

    SOURCE_DATE_EPOCH={epoch} python tools/make_fonts.py
    python tools/make_fonts.py --check   # sha256 of fonts/ vs SHA256SUMS

Without SOURCE_DATE_EPOCH the script uses {default} (the fonts-noto-cjk
upload date), so a plain run reproduces these bytes too, given the same
package versions and fontTools version. It runs at most {processes}
processes; memory stays under 1 GB.

## Licence

SIL Open Font License 1.1; notices and full text in `OFL.txt`. These files
are Modified Versions (subset, outlines converted), which the OFL allows,
provided they stay under the OFL, carry the notices and licence, and do not
use a Reserved Font Name. Neither Debian copyright file nor the fonts' name
tables declare a Reserved Font Name. Upstream noto-cjk's LICENSE reserves
the name "Source" (inherited from Adobe's Source Han fonts); these files do
not use it. "Noto" is a Google trademark (name ID 7), not an RFN; the
family names are kept unchanged so the fonts stay recognisable.
"""


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|---" * len(header) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def files_section(results):
    header = ["file", "source face", "code points", "glyphs", "bytes",
              "sha256"]
    rows = [(f"`{r.face.output}`",
             f"{r.face.postscript_name} (`{r.face.source.name}`)",
             f"{r.code_points:,}", f"{r.glyphs:,}",
             f"{(FONTS_DIR / r.face.output).stat().st_size:,}",
             f"`{sha256(FONTS_DIR / r.face.output)}`") for r in results]
    return "\n## Files\n\n" + markdown_table(header, rows)


def charset_section(title, components, results):
    header = ["component", "requested"] + [r.face.postscript_name
                                           for r in results]
    rows = [[c.label + (" (required)" if c.required else ""),
             f"{len(c.codepoints):,}"]
            + [f"{r.present[i]:,}" for r in results]
            for i, c in enumerate(components)]
    rows.append(["**union** (kept where the face has it)",
                 f"{len(union(components)):,}"]
                + [f"**{r.code_points:,}**" for r in results])
    return (f"\n### {title}\n\n" + markdown_table(header, rows)
            + absent_note(results))


def absent_note(results):
    """Requested code points missing from the sources, grouped by face set."""
    faces_by_absent = {}
    for r in results:
        faces_by_absent.setdefault(r.absent, []).append(r.face.postscript_name)
    return "".join(
        f"\nNot in {', '.join(faces)}: "
        + " ".join(f"U+{cp:04X}" for cp in absent) + "\n"
        for absent, faces in faces_by_absent.items())


def provenance_section():
    rows = [(p, package_version(p)) for p in PACKAGES]
    rows += [("Python", platform.python_version()),
             ("fontTools", fontTools.version),
             ("reportlab (load check only)", reportlab.Version)]
    sources = [(f"`{f.source}`", f.package, f"`{sha256(f.source)}`")
               for f in FACES]
    sources.append((f"`{UNIHAN_MAPPINGS}`", "unicode-data",
                    f"`{sha256(UNIHAN_MAPPINGS)}`"))
    return ("\n## Provenance\n\n"
            + markdown_table(["software", "version"], rows) + "\n"
            + markdown_table(["source file", "package", "sha256"], sources))


def readme_text(results, cjk, latin, epoch):
    head = README_HEAD.format(max_err=CU2QU_MAX_ERR, dropped=", ".join(
        DROPPED_TABLES), suffix=VERSION_SUFFIX, epoch=epoch)
    cjk_results = [r for r in results if r.face.is_cjk]
    latin_results = [r for r in results if not r.face.is_cjk]
    charsets = ("\n## Character sets\n\n"
                "Code points the source face lacks are skipped, except that\n"
                "a *required* component must be complete or the build fails.\n"
                "Counts are per face. GB 2312 is every valid 2-byte code\n"
                "decoded with Python's `gb2312` codec "
                f"({GB2312_HANZI_COUNT:,} hanzi + "
                f"{GB2312_CODE_COUNT - GB2312_HANZI_COUNT} symbols).\n"
                f"Pinyin: {''.join(map(chr, sorted(PINYIN)))}\n"
                + charset_section("CJK faces", cjk, cjk_results)
                + charset_section("Latin faces", latin, latin_results))
    regenerate = README_REGENERATE.format(
        epoch=epoch, default=DEFAULT_SOURCE_DATE_EPOCH,
        processes=MAX_PROCESSES)
    return (head + files_section(results) + charsets + provenance_section()
            + README_KERNING + regenerate)


# ---------------------------------------------------------------- main

def shipped_files():
    return [face.output for face in FACES] + ["OFL.txt", KERNING_FILE]


# ---------------------------------------------------------------- kerning

KERNING_FILE = "kerning.json"
# The characters whose pairs are kept: English running text and headings.
KERNING_CHARS = "".join(map(chr, range(0x21, 0x7F))) + "‘’“”–—…"


def kerning_pairs(source: Path) -> dict[str, int]:
    """Pair adjustments (font units) of the GPOS 'kern' feature, between the characters of KERNING_CHARS.

    The subsets drop GPOS (reportlab applies no layout), so the pairs are read here from the source face
    and shipped as data. Lookups apply in order and add up; inside a lookup the first subtable that
    matches a pair decides it (a class-based subtable matches any pair whose first glyph it covers)."""
    font = TTFont(source, lazy=False)
    cmap = font.getBestCmap()
    glyphs = {char: cmap[ord(char)] for char in KERNING_CHARS if ord(char) in cmap}
    gpos = font["GPOS"].table
    indices = sorted({index for record in gpos.FeatureList.FeatureRecord if record.FeatureTag == "kern"
                      for index in record.Feature.LookupListIndex})
    pairs: dict[str, int] = {}
    for index in indices:
        subtables = [_unwrap(t) for t in gpos.LookupList.Lookup[index].SubTable]
        for left, first in glyphs.items():
            for right, second in glyphs.items():
                value = _pair_value(subtables, first, second)
                if value:
                    pairs[left + right] = pairs.get(left + right, 0) + value
    return {pair: value for pair, value in sorted(pairs.items()) if value}


def _unwrap(subtable):
    return subtable.ExtSubTable if getattr(subtable, "ExtSubTable", None) is not None else subtable


def _pair_value(subtables, first: str, second: str) -> int | None:
    for table in subtables:
        if getattr(table, "LookupType", 2) != 2 or first not in table.Coverage.glyphs:
            continue
        if table.Format == 1:
            pair_set = table.PairSet[table.Coverage.glyphs.index(first)]
            for record in pair_set.PairValueRecord:
                if record.SecondGlyph == second:
                    return getattr(record.Value1, "XAdvance", 0) if record.Value1 else 0
            continue
        c1 = table.ClassDef1.classDefs.get(first, 0)
        c2 = table.ClassDef2.classDefs.get(second, 0)
        value = table.Class1Record[c1].Class2Record[c2].Value1
        return getattr(value, "XAdvance", 0) if value else 0
    return None


def write_kerning():
    """fonts/kerning.json: each Latin face's pairs, sorted, so the file is byte-reproducible."""
    table = {face.output.removesuffix(".ttf"): kerning_pairs(face.source) for face in FACES if not face.is_cjk}
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"), indent=0) + "\n"
    (FONTS_DIR / KERNING_FILE).write_text(text, encoding="utf-8")
    return {name: len(pairs) for name, pairs in table.items()}


def write_sums():
    SUMS_FILE.write_text("".join(f"{sha256(FONTS_DIR / name)}  {name}\n"
                                 for name in shipped_files()))


def check_sums():
    lines = SUMS_FILE.read_text().splitlines()
    recorded = {name: digest for digest, name in
                (line.split("  ", 1) for line in lines)}
    failures = 0
    for name in shipped_files():
        path = FONTS_DIR / name
        if name not in recorded or not path.exists():
            status = "MISSING"
        else:
            status = "OK" if sha256(path) == recorded[name] else "MISMATCH"
        failures += status != "OK"
        print(f"{status:8} {name}")
    return failures == 0


def regenerate():
    epoch = source_date_epoch()
    FONTS_DIR.mkdir(exist_ok=True)
    start = time.perf_counter()
    results, cjk, latin = build_all(epoch)
    (FONTS_DIR / "OFL.txt").write_text(ofl_text(), encoding="utf-8")
    write_kerning()
    write_sums()
    (FONTS_DIR / "README.md").write_text(
        readme_text(results, cjk, latin, epoch), encoding="utf-8")
    print(f"total {time.perf_counter() - start:.1f} s; wrote {SUMS_FILE}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="verify fonts/ against fonts/SHA256SUMS only")
    parser.add_argument("--kerning", action="store_true",
                        help=f"write fonts/{KERNING_FILE} (and SHA256SUMS) only, from the installed source faces")
    args = parser.parse_args()
    if args.check:
        sys.exit(0 if check_sums() else 1)
    if args.kerning:
        print(write_kerning())
        write_sums()
        return
    regenerate()


if __name__ == "__main__":
    main()
