"""What the speed work must not change: the PDFs are the same bytes whatever the number of jobs and whatever the
caches hold; the caches follow their inputs (a font file changed is parsed again); a worker's failure is
reported as the build's. (Timings are the benchmarks' business: bench/.)"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_briefgen

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


def test_jobs_and_caches_change_no_byte(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path / "cold"))
    cold = run_briefgen("build", FIXTURE, "--out", tmp_path / "cold-2", "--jobs", "2")
    assert cold.returncode == 0, cold.stderr
    assert "charts: 12 rendered, 0 from cache" in cold.stdout  # the workers' counts, added up
    warm = run_briefgen("build", FIXTURE, "--out", tmp_path / "warm-2", "--jobs", "2")
    assert "charts: 0 rendered, 12 from cache" in warm.stdout
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path / "other"))
    one = run_briefgen("build", FIXTURE, "--out", tmp_path / "cold-1", "--jobs", "1")
    assert one.returncode == 0, one.stderr
    assert "charts: 12 rendered, 0 from cache" in one.stdout
    builds = [_pdfs(tmp_path / name) for name in ("cold-2", "warm-2", "cold-1")]
    assert len(builds[0]) == 3 and builds[0] == builds[1] == builds[2]
    manifests = [json.loads((tmp_path / name / "manifest.json").read_text())["pdfs"] for name in ("cold-2", "cold-1")]
    assert manifests[0] == manifests[1]


def test_a_worker_that_finds_a_pdf_incomplete_fails_the_build(tmp_path: Path, monkeypatch):
    from briefgen import completeness

    def missing(pdf, doc, area, once=True):
        return [completeness.Finding(completeness.Piece("zh", "paragraph", "一段不见了的文字"), "missing")]

    monkeypatch.setattr(completeness, "check", missing)  # the workers are forked: they inherit it
    result = run_briefgen("build", FIXTURE, "--out", tmp_path / "out", "--jobs", "2")
    assert result.returncode == 4
    assert "一段不见了的文字" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def _widen(font: Path, char: str, by: int) -> None:
    """One glyph's advance width made wider in the file's hmtx table (its checksum kept right)."""
    from reportlab.pdfbase.ttfonts import TTFont

    glyph = TTFont("probe", str(font)).face.charToGlyph[ord(char)]
    data = bytearray(font.read_bytes())
    tables = struct.unpack(">H", data[4:6])[0]
    for k in range(tables):
        entry = 12 + 16 * k
        tag, _, offset, length = struct.unpack(">4sIII", data[entry:entry + 16])
        if tag == b"hmtx":
            at = offset + 4 * glyph
            (advance,) = struct.unpack(">H", data[at:at + 2])
            data[at:at + 2] = struct.pack(">H", advance + by)
            padded = bytes(data[offset:offset + length]) + b"\0" * (-length % 4)
            checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
            data[entry + 4:entry + 8] = struct.pack(">I", checksum)
    font.write_bytes(bytes(data))


def test_a_changed_font_is_parsed_again_not_taken_from_the_cache(tmp_path: Path):
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    cache = tmp_path / "cache"
    env = {"BRIEFGEN_FONTS": str(fonts), "BRIEFGEN_CACHE": str(cache)}
    args = ("build", FIXTURE, "--lang", "en", "--jobs", "1")
    assert run_briefgen(*args, "--out", tmp_path / "a", env=env).returncode == 0
    assert len(list((cache / "fonts").glob("*.marshal"))) == 10
    assert run_briefgen(*args, "--out", tmp_path / "b", env=env).returncode == 0
    assert _pdfs(tmp_path / "a") == _pdfs(tmp_path / "b")  # nothing changed: nothing changes
    _widen(fonts / "NotoSerif-Regular.ttf", "e", 200)
    assert run_briefgen(*args, "--out", tmp_path / "c", env=env).returncode == 0
    fresh = {**env, "BRIEFGEN_CACHE": str(tmp_path / "empty")}
    assert run_briefgen(*args, "--out", tmp_path / "d", env=fresh).returncode == 0
    assert _pdfs(tmp_path / "c") != _pdfs(tmp_path / "a")
    assert _pdfs(tmp_path / "c") == _pdfs(tmp_path / "d")  # as if the cache were empty


def test_a_cache_folder_stays_within_its_bound_dropping_the_least_recently_used(tmp_path: Path):
    import os

    from briefgen.cache import Store

    store = Store(tmp_path, ".bin", lambda message: None, "entry", "made", "made again", max_bytes=3000)
    for k in range(3):
        store.put(f"e{k}", bytes(900))
        os.utime(tmp_path / f"e{k}.bin", ns=(k * 10**9, k * 10**9))  # made one after the other
    assert store.get("e0") == bytes(900)  # used: now the most recent
    store.put("e3", bytes(900))  # 4 entries of ~960 bytes: over 3000, the least recently used goes
    assert sorted(p.name for p in tmp_path.glob("*.bin")) == ["e0.bin", "e2.bin", "e3.bin"]
    assert sum(p.stat().st_size for p in tmp_path.glob("*.bin")) <= 3000


def _counting_reads(monkeypatch) -> list[Path]:
    """Every content folder the check reads from its files (rather than takes from the cache), in order."""
    from briefgen.content import load

    reads: list[Path] = []
    real = load.load_library

    def counted(content_dir, **kwargs):
        reads.append(Path(content_dir))
        return real(content_dir, **kwargs)

    monkeypatch.setattr(load, "load_library", counted)
    return reads


def test_checked_content_is_kept_until_anything_it_depends_on_changes(content_copy: Path, private_cache: Path,
                                                                        monkeypatch):
    import dataclasses

    from conftest import replace_line

    from briefgen.typeset.theme import DEFAULT, THEMES

    reads = _counting_reads(monkeypatch)
    first = run_briefgen("check", content_copy)
    assert first.returncode == 0 and len(reads) == 1
    again = run_briefgen("check", content_copy)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert len(reads) == 1 and len(list((private_cache / "checked").glob("*.pickle"))) == 1
    goals = content_copy / "editions" / "01" / "goals.yaml"
    before = goals.read_text(encoding="utf-8")
    replace_line(goals, "找准方向，鼓足信心", "找准方向，坚定信心")  # a word of a paragraph
    assert run_briefgen("build", content_copy, "--lang", "zh", "--out", private_cache / "out").returncode == 0
    assert len(reads) == 2
    from briefgen.completeness import page_texts
    from briefgen.typeset.render import TEXT_AREA

    pdf = (private_cache / "out" / "brief-01-zh.pdf").read_bytes()
    assert "坚定信心" in "".join(page_texts(pdf, TEXT_AREA))
    goals.write_text(before, encoding="utf-8")  # back as it was: the first check's entry serves again
    assert run_briefgen("check", content_copy).returncode == 0 and len(reads) == 2
    monkeypatch.setitem(THEMES, "default", dataclasses.replace(DEFAULT, table_text_size=(9.5, 13.5)))
    assert run_briefgen("check", content_copy).returncode == 0 and len(reads) == 3  # a style value changed


def test_content_with_errors_is_checked_every_time(content_copy: Path, private_cache: Path, monkeypatch):
    from conftest import replace_line

    reads = _counting_reads(monkeypatch)
    replace_line(content_copy / "editions" / "01" / "edition.yaml", "subtitle:", "subtitel:")
    for k in (1, 2):
        result = run_briefgen("check", content_copy)
        assert result.returncode == 1 and "unknown key 'subtitel'" in result.stderr and len(reads) == k
    assert not list((private_cache / "checked").glob("*.pickle"))


def test_a_save_during_a_build_never_keeps_content_under_another_contents_key(content_copy: Path,
                                                                              private_cache: Path, monkeypatch):
    """An author saves while the content is checked: what is kept is what was read, under the key of what was
    read, and the manifest hashes the same bytes."""
    from conftest import replace_line

    from briefgen import build as pipeline
    from briefgen import checked

    goals = content_copy / "editions" / "01" / "goals.yaml"
    before = goals.read_text(encoding="utf-8")
    real = checked.recall

    def saved_meanwhile(root, fingerprints):
        found = real(root, fingerprints)  # the key is made: now the author saves
        replace_line(goals, "找准方向，鼓足信心", "找准方向，坚定信心")
        return found

    monkeypatch.setattr(checked, "recall", saved_meanwhile)
    result = pipeline.build(content_copy, private_cache / "out", ("zh",))
    monkeypatch.undo()
    assert result.outputs[0].filename == "brief-01-zh.pdf"
    saved = goals.read_text(encoding="utf-8")
    goals.write_text(before, encoding="utf-8")
    manifest = json.loads((private_cache / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["content_sha256"] == pipeline.content_hash(content_copy)  # the bytes that were built
    library, _ = pipeline.check(content_copy)  # the content as it was read: its entry serves, and says so
    assert "鼓足信心" in repr(library) and "坚定信心" not in repr(library)
    goals.write_text(saved, encoding="utf-8")
    library, _ = pipeline.check(content_copy)  # the saved content: read anew
    assert "坚定信心" in repr(library) and "鼓足信心" not in repr(library)


class _Planted:
    """What an entry must never make: unpickling this would run a command."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return os.system, (f"touch {self.marker}",)


def test_a_kept_entry_makes_nothing_but_the_content_model(content_copy: Path, private_cache: Path, tmp_path: Path,
                                                          monkeypatch):
    import pickle

    from briefgen import checked as memo

    key, kept = memo.recall(content_copy, False)
    assert key is not None and kept is None
    marker = tmp_path / "planted"
    memo._store().put(key, pickle.dumps(_Planted(marker)))  # sealed as a real entry is
    reads = _counting_reads(monkeypatch)
    result = run_briefgen("check", content_copy)
    assert result.returncode == 0 and len(reads) == 1  # refused, so checked from the files
    assert not marker.exists()
    _, kept = memo.recall(content_copy, False)  # and kept anew, as the model
    assert kept is not None and kept[0].editions[0].key == "01"


def test_lines_are_kept_between_builds_and_found_only_for_the_same_paragraph(private_cache: Path, monkeypatch):
    from briefgen.typeset import keptlines, paragraph
    from briefgen.typeset.paragraph import Span, TextBlock, TextStyle

    text = [Span("Ningbo will build a digital economy of RMB 1.5 trillion by 2027, with core industries growing "
                 "by more than ten per cent a year and the leading enterprises of the city working together.")]
    style = TextStyle("en", size=10.5)
    searched: list[int] = []
    real = paragraph.break_lines

    def counted(*args, **kwargs):
        searched.append(1)
        return real(*args, **kwargs)

    def lines(spans, look, width) -> list:
        paragraph._prepared.cache_clear()  # a new process, as far as the paragraph knows
        with keptlines.kept_for("en"):
            block = TextBlock(spans, look)
            block.wrap(width, 1000)
            return block.lines

    monkeypatch.setattr(paragraph, "break_lines", counted)
    first = lines(text, style, 200)
    assert len(first) > 2 and len(searched) == 1
    assert lines(text, style, 200) == first and len(searched) == 1  # kept: no search
    assert lines(text, style, 260) != first and len(searched) == 2  # another measure
    assert lines(text, TextStyle("en", size=11), 200) != first and len(searched) == 3  # another style
    other = [Span(text[0].text.replace("1.5", "2.5"))]
    assert lines(other, style, 200) and len(searched) == 4  # another text
    assert lines(text, style, 200) == first and len(searched) == 4


def test_kept_lines_added_by_builds_at_the_same_time_are_all_kept(private_cache: Path):
    from briefgen.typeset import keptlines
    from briefgen.typeset.linebreak import Line

    one, two = keptlines.Bundle("zh"), keptlines.Bundle("zh")  # read before either saved
    one.lines("a", lambda: [Line(0, 9, 100.0)])
    two.lines("b", lambda: [Line(0, 4, 50.0, final=True)])
    one.save()
    two.save()
    kept = keptlines.Bundle("zh").kept
    assert kept == {"a": ((0, 9, 100.0, False, False),), "b": ((0, 4, 50.0, False, True),)}


def test_charts_missing_from_the_cache_are_drawn_in_a_process_of_their_own(tmp_path: Path, private_cache: Path):
    """A first build draws its charts in a drawing process (matplotlib's memory is not the build's) while it
    sets its pages; in one process (--jobs 1) the build never imports matplotlib itself."""
    script = ("import sys; from briefgen.cli import main; "
              "code = main(['build', sys.argv[1], '--out', sys.argv[2], '--jobs', '1']); "
              "print(code, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script, str(FIXTURE), str(tmp_path / "a")], capture_output=True,
                         text=True, env={**os.environ, "BRIEFGEN_CACHE": str(private_cache)}, timeout=300)
    assert "charts: 12 rendered, 0 from cache" in out.stdout, out.stdout + out.stderr
    assert out.stdout.strip().endswith("0 False"), out.stdout + out.stderr
    assert len(list((private_cache / "charts").glob("*.svg"))) == 12


def test_a_drawer_that_draws_nothing_leaves_the_charts_to_the_build(tmp_path: Path, private_cache: Path,
                                                                     monkeypatch):
    from briefgen.typeset import chartdrawer

    with monkeypatch.context() as patch:
        patch.setattr(chartdrawer, "COMMAND", (sys.executable, "-c", "pass"))  # a drawer that draws nothing
        result = run_briefgen("build", FIXTURE, "--out", tmp_path / "drawn-here", "--jobs", "1")
    assert result.returncode == 0 and "charts: 12 rendered, 0 from cache" in result.stdout, result.stderr
    again = run_briefgen("build", FIXTURE, "--out", tmp_path / "from-cache", "--jobs", "1")
    assert "charts: 0 rendered, 12 from cache" in again.stdout
    assert _pdfs(tmp_path / "drawn-here") == _pdfs(tmp_path / "from-cache")


def test_a_drawer_with_two_jobs_forks_once_matplotlib_is_in_and_draws_every_chart(tmp_path: Path,
                                                                                 private_cache: Path):
    """With --jobs 2 the drawing process imports matplotlib once, then forks: the two take turns at the charts,
    and every chart asked for is in the caches when both have ended."""
    from briefgen.build import _charts, check
    from briefgen.compose import compose
    from briefgen.typeset.chartdrawer import _key, _plain

    library, _ = check(FIXTURE)
    requests = _charts(compose(library, library.editions[0], variant) for variant in ("zh", "en", "bilingual"))
    keys = {_key(request) for request in requests}
    asked = json.dumps({"jobs": 2, "charts": [_plain(r) for r in {_key(r): r for r in requests}.values()]})
    script = ("import os, sys; from briefgen.typeset import chartdrawer; real = os.fork\n"
              "def fork():\n    print('forked', flush=True); return real()\n"
              "os.fork = fork; chartdrawer._draw_all()")
    out = subprocess.run([sys.executable, "-c", script], input=asked, capture_output=True, text=True,
                         env={**os.environ, "BRIEFGEN_CACHE": str(private_cache)}, timeout=300)
    assert out.returncode == 0 and out.stdout.count("forked") == 1, out.stdout + out.stderr
    assert len(keys) == 12 and {p.stem for p in (private_cache / "charts").glob("*.svg")} == keys
