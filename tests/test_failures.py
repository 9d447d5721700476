"""Faults outside the content: the output set is replaced whole or not at all, and every way a run can end
is an exit code with one line of explanation, never a traceback.

Exit codes: 0 success, 1 content, 2 usage, 3 environment, 4 a bug in briefgen, 130/143 interrupted.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefgen import cli, output
from briefgen.output import TRANSACTION, Output, write_all
from conftest import CONTENT, ROOT, run_briefgen

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"  # small: quick to build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def assert_manifest_matches(folder: Path) -> None:
    entries = json.loads((folder / "manifest.json").read_text())["pdfs"]
    on_disk = {p.name for p in folder.glob("*.pdf")}
    assert {e["path"] for e in entries} == on_disk
    for entry in entries:
        assert hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def outputs(tag: bytes) -> list[Output]:
    return [Output("01", lang, f"brief-01-{lang}.pdf", b"%PDF-" + tag + lang.encode(), 1) for lang in ("zh", "en")]


@pytest.fixture
def old_set(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    write_all(folder, outputs(b"old"))
    return folder


def python(code: str, *, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter (faults injected there stay there)."""
    env = {**os.environ, "BRIEFGEN_CACHE": os.environ.get("BRIEFGEN_TEST_CACHE", "")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


# -- the transaction ---------------------------------------------------------------------------------------------


def test_a_rename_that_fails_midway_rolls_the_set_back(old_set: Path, monkeypatch):
    before = snapshot(old_set)
    real_rename, calls = os.rename, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the first PDF is already replaced, the second moved aside
            raise OSError(errno.EIO, "Input/output error", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OSError):
        write_all(old_set, outputs(b"new"))
    assert snapshot(old_set) == before
    assert not (old_set / TRANSACTION).exists()


def test_a_directory_in_a_files_place_is_an_environment_problem(tmp_path: Path):
    out = tmp_path / "out"
    (out / "brief-01-zh.pdf").mkdir(parents=True)
    result = run_briefgen("build", FIXTURE, "--out", out, "--lang", "zh")
    assert result.returncode == 3
    assert "is not a regular file" in one_line(result)


def test_a_deleted_edition_leaves_the_manifest(tmp_path: Path):
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(ROOT / "tests" / "fixtures" / "two_editions", content)
    assert run_briefgen("build", content, "--out", out).returncode == 0
    shutil.rmtree(content / "editions" / "02")
    assert run_briefgen("build", content, "--out", out).returncode == 0
    assert {e["edition"] for e in json.loads((out / "manifest.json").read_text())["pdfs"]} == {"01"}


@pytest.mark.parametrize("pdfs", ['[1]', '[{"path": "../../etc/hostname", "bytes": 1, "sha256": "x"}]'])
def test_verify_on_a_hostile_manifest(tmp_path: Path, pdfs: str):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(f'{{"pdfs": {pdfs}}}')
    result = run_briefgen("verify", manifest)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr
    assert "REFUSED" in result.stdout or "not a briefgen manifest" in result.stderr


def test_a_directory_in_a_files_place_changes_nothing(old_set: Path):
    (old_set / "brief-01-en.pdf").unlink()
    (old_set / "brief-01-en.pdf").mkdir()
    before = sorted(p.name for p in old_set.iterdir())
    with pytest.raises(output.OutputProblem, match="not a regular file"):
        write_all(old_set, outputs(b"new"))
    assert sorted(p.name for p in old_set.iterdir()) == before
    assert (old_set / "brief-01-zh.pdf").read_bytes() == b"%PDF-oldzh"


@pytest.mark.parametrize("renames_before_kill", [1, 2, 3, 4])
def test_a_build_killed_during_the_moves_is_rolled_back_by_the_next(old_set: Path, renames_before_kill: int):
    before = snapshot(old_set)
    result = python(f"""
        import os, signal
        from pathlib import Path
        from briefgen.output import Output, write_all
        real, done = os.rename, []
        def rename(src, dst):
            if len(done) == {renames_before_kill}:
                os.kill(os.getpid(), signal.SIGKILL)
            done.append(dst)
            real(src, dst)
        os.rename = rename
        write_all(Path({str(old_set)!r}), [Output("01", l, f"brief-01-{{l}}.pdf", b"%PDF-new" + l.encode(), 1)
                                            for l in ("zh", "en")])
    """)
    assert result.returncode == -signal.SIGKILL
    assert (old_set / TRANSACTION / "journal.json").exists()  # the killed build left its journal
    output.recover(old_set)
    assert snapshot(old_set) == before


def test_the_next_build_recovers_before_writing(old_set: Path):
    """A journal left by a killed build: the next build first restores the old set, then commits its own."""
    txn = old_set / TRANSACTION
    (txn / "old").mkdir(parents=True)
    (txn / "new").mkdir()
    os.rename(old_set / "brief-01-zh.pdf", txn / "old" / "brief-01-zh.pdf")
    (old_set / "brief-01-zh.pdf").write_bytes(b"half")
    journal = [{"name": n, "had_old": True} for n in ("brief-01-zh.pdf", "brief-01-en.pdf", "manifest.json")]
    (txn / "journal.json").write_text(json.dumps(journal))
    write_all(old_set, outputs(b"new"))
    assert (old_set / "brief-01-zh.pdf").read_bytes() == b"%PDF-newzh"
    assert not txn.exists()
    assert_manifest_matches(old_set)


def test_stale_staging_files_are_swept(old_set: Path):
    (old_set / ".brief-01-zh.pdf.abc123.tmp").write_bytes(b"stale")
    (old_set / ".manifest.json.xyz.tmp").write_bytes(b"stale")
    (old_set / TRANSACTION / "new").mkdir(parents=True)  # a commit that never got to its journal
    write_all(old_set, outputs(b"new"))
    assert sorted(p.name for p in old_set.iterdir()) == ["brief-01-en.pdf", "brief-01-zh.pdf", "manifest.json"]


def test_sigterm_during_the_moves_waits_for_the_commit(old_set: Path):
    result = python(f"""
        import os, signal, sys
        from pathlib import Path
        from briefgen import cli
        real = os.rename
        def rename(src, dst):
            if str(dst).startswith({str(old_set)!r}):
                os.kill(os.getpid(), signal.SIGTERM)  # a cancelled CI job, mid-commit
            real(src, dst)
        os.rename = rename
        sys.exit(cli.main(["build", {str(FIXTURE)!r}, "--out", {str(old_set)!r}, "--lang", "zh,en"]))
    """)
    assert result.returncode == 143, result.stderr
    assert "terminated" in result.stderr and "Traceback" not in result.stderr
    assert all(e["pages"] > 1 for e in json.loads((old_set / "manifest.json").read_text())["pdfs"]), result.stderr
    assert_manifest_matches(old_set)
    assert not (old_set / TRANSACTION).exists()


def test_sigterm_while_staging_leaves_the_old_set_and_no_litter(old_set: Path):
    before = snapshot(old_set)
    result = python(f"""
        import os, signal, sys
        from briefgen import cli, output
        real, calls = output._write_synced, []
        def write(path, data):
            calls.append(path)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGTERM)
            real(path, data)
        output._write_synced = write
        sys.exit(cli.main(["build", {str(FIXTURE)!r}, "--out", {str(old_set)!r}, "--lang", "zh,en"]))
    """)
    assert result.returncode == 143, result.stderr
    assert snapshot(old_set) == before


def test_ctrl_c_during_a_build(tmp_path: Path):
    out = tmp_path / "out"
    assert run_briefgen("build", FIXTURE, "--out", out).returncode == 0
    before = snapshot(out)
    env = {**os.environ, "BRIEFGEN_CACHE": str(tmp_path / "cold-cache")}  # cold: the build takes seconds
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "build", str(CONTENT), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert snapshot(out) == before


def test_concurrent_builds_into_one_folder(tmp_path: Path):
    out = tmp_path / "out"
    env = {**os.environ, "BRIEFGEN_CACHE": os.environ["BRIEFGEN_TEST_CACHE"]}
    processes = [subprocess.Popen([sys.executable, "-m", "briefgen", "build", str(FIXTURE), "--out", str(out),
                                   "--layout", layout], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env=env, cwd=ROOT) for layout in LAYOUT_PAIR]
    assert [p.wait(timeout=180) for p in processes] == [0, 0]
    assert_manifest_matches(out)
    assert not (out / TRANSACTION).exists()


LAYOUT_PAIR = ("parallel", "sequential")


def test_a_language_subset_keeps_the_other_entries(tmp_path: Path):
    out = tmp_path / "out"
    assert run_briefgen("build", FIXTURE, "--out", out).returncode == 0
    assert run_briefgen("build", FIXTURE, "--out", out, "--lang", "zh", "--folio", "gbt9704").returncode == 0
    entries = json.loads((out / "manifest.json").read_text())["pdfs"]
    assert sorted(e["language"] for e in entries) == ["bilingual", "en", "zh"]
    assert_manifest_matches(out)
    (out / "brief-01-en.pdf").write_bytes(b"edited by hand")  # no longer what the manifest recorded
    assert run_briefgen("build", FIXTURE, "--out", out, "--lang", "zh").returncode == 0
    entries = json.loads((out / "manifest.json").read_text())["pdfs"]
    assert sorted(e["language"] for e in entries) == ["bilingual", "zh"]


# -- exit codes and messages -----------------------------------------------------------------------------------


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_out_is_a_file(tmp_path: Path):
    (tmp_path / "out").write_text("not a folder")
    result = run_briefgen("build", FIXTURE, "--out", tmp_path / "out")
    assert result.returncode == 3
    assert "a file stands where a folder is needed" in one_line(result)


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk(small_disk: Path):
    out = small_disk / "out"
    assert run_briefgen("build", FIXTURE, "--out", out, "--lang", "en").returncode == 0
    before = snapshot(out)
    result = run_briefgen("build", FIXTURE, "--out", out)  # three PDFs do not fit in 400 KB
    assert result.returncode == 3
    assert "the disk is full" in one_line(result) and "is as it was" in result.stderr
    assert snapshot(out) == before
    assert not (out / TRANSACTION).exists()


def test_a_read_only_file_system(small_disk: Path):
    out = small_disk / "out"
    assert run_briefgen("build", FIXTURE, "--out", out, "--lang", "en").returncode == 0
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run_briefgen("build", FIXTURE, "--out", out, "--lang", "en")
    assert result.returncode == 3
    assert "read-only" in one_line(result)
    assert snapshot(out) == before


def test_an_input_output_error(tmp_path: Path, monkeypatch, capsys):
    out = tmp_path / "out"
    real = os.rename

    def rename(src, dst):
        if str(dst).endswith("brief-01-en.pdf"):
            raise OSError(errno.EIO, "Input/output error", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    assert cli.main(["build", str(FIXTURE), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "input/output error" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == []


def test_missing_and_damaged_fonts(tmp_path: Path):
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    (fonts / "NotoSans-Bold.ttf").write_bytes((ROOT / "fonts" / "NotoSans-Bold.ttf").read_bytes()[:4000])
    result = run_briefgen("build", FIXTURE, "--out", tmp_path / "out", env={"BRIEFGEN_FONTS": str(fonts)})
    assert result.returncode == 3
    assert f"font file {fonts / 'NotoSans-Bold.ttf'} is damaged" in one_line(result)
    assert "tools/make_fonts.py" in result.stderr
    (fonts / "NotoSans-Bold.ttf").unlink()
    result = run_briefgen("build", FIXTURE, "--out", tmp_path / "out", env={"BRIEFGEN_FONTS": str(fonts)})
    assert result.returncode == 3 and "is missing" in one_line(result)
    result = run_briefgen("check", FIXTURE, env={"BRIEFGEN_FONTS": str(tmp_path / "nowhere")})
    assert result.returncode == 3 and "fonts are missing" in one_line(result)


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "99999999999999"])
def test_a_malformed_source_date_epoch(tmp_path: Path, value: str):
    result = run_briefgen("build", FIXTURE, "--out", tmp_path, env={"SOURCE_DATE_EPOCH": value})
    assert result.returncode == 3
    assert "SOURCE_DATE_EPOCH" in one_line(result)


def test_source_date_epoch_sets_the_info_and_xmp_dates(tmp_path: Path):
    assert run_briefgen("build", FIXTURE, "--out", tmp_path, "--lang", "en",
                        env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    import pikepdf

    with pikepdf.open(tmp_path / "brief-01-en.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20231114221320")
        assert b"<xmp:CreateDate>2023-11-14T22:13:20Z" in pdf.Root.Metadata.read_bytes()


def test_a_deleted_working_folder(tmp_path: Path):
    gone = tmp_path / "gone"
    gone.mkdir()
    result = subprocess.run(f"cd {gone} && rmdir {gone} && exec {sys.executable} -m briefgen check", shell=True,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "the current folder no longer exists" in one_line(result)


def test_a_bug_is_one_line_and_a_saved_traceback(tmp_path: Path, monkeypatch, capsys):
    from briefgen import compose

    def broken(*args, **kwargs):
        raise ValueError("an invented bug")

    monkeypatch.setattr("briefgen.build.compose", broken)
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path))
    assert cli.main(["build", str(FIXTURE), "--out", str(tmp_path / "out")]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "a bug in briefgen" in err and "ValueError: an invented bug" in err
    saved = Path(err.split("The traceback is in ")[1].split(";")[0])
    assert saved.parent == tmp_path and "raise ValueError" in saved.read_text()
    assert compose.compose is not broken


def test_a_damaged_chart_cache_entry_is_redrawn(tmp_path: Path, private_cache: Path):
    cache, out = private_cache, tmp_path / "out"
    assert run_briefgen("build", FIXTURE, "--out", out, "--lang", "en").returncode == 0
    first = (out / "brief-01-en.pdf").read_bytes()
    entries = sorted((cache / "charts").glob("*.svg"))
    entries[0].write_bytes(entries[0].read_bytes()[:2000])  # truncated
    entries[1].write_bytes(b"")  # empty
    result = run_briefgen("build", FIXTURE, "--out", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("was damaged; it is discarded and the chart redrawn") == 2
    assert "charts: 2 rendered" in result.stdout
    assert (out / "brief-01-en.pdf").read_bytes() == first


def test_an_unwritable_chart_cache_still_builds(tmp_path: Path, private_cache: Path):
    private_cache.write_text("a file where the cache folder should be")
    result = run_briefgen("build", FIXTURE, "--out", tmp_path / "out", "--lang", "en")
    assert result.returncode == 0
    assert "charts are drawn but not kept" in result.stderr


@pytest.mark.parametrize("kind", ["text", "truncated", "encrypted", "missing"])
def test_lint_on_what_is_not_a_readable_pdf(tmp_path: Path, built: Path, kind: str):
    path = tmp_path / "x.pdf"
    if kind == "text":
        path.write_text("hello")
    elif kind == "truncated":
        path.write_bytes((built / "brief-01-en.pdf").read_bytes()[:3000])
    elif kind == "encrypted":
        subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(built / "brief-01-en.pdf"),
                        str(path)], check=True)
    result = run_briefgen("lint", path)
    assert result.returncode == 2
    assert str(path) in one_line(result)
