"""What the speed work must not change: the PDFs are the same bytes whatever the number of jobs and whatever the
caches hold; the caches follow their inputs (a font file changed is parsed again); a worker's failure is
reported as the build's. (Timings are the benchmarks' business: bench/.)"""

from __future__ import annotations

import json
import shutil
import struct
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
