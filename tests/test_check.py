"""`briefgen check` and `briefgen build` on good and broken content."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT, replace_line, run_briefgen


def test_shipped_content_is_valid():
    result = run_briefgen("check", CONTENT)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def break_content(content: Path) -> dict[str, int]:
    """Three classic mistakes: a type error, a missing `en`, a misspelt key. Returns file → line."""
    return {
        "indicators.yaml": replace_line(content / "indicators.yaml", "value: 8000", "value: 8000亿"),
        "glossary.yaml": _drop_first_en(content / "glossary.yaml"),
        "edition.yaml": replace_line(content / "editions/01/edition.yaml", "subtitle:", "subtitel:"),
    }


def _drop_first_en(path: Path) -> int:
    """Delete the first `  en:` line of a glossary entry; the error points at the entry's first key."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  en:"))
    first_key = max(i for i in range(index) if not lines[i].startswith(("  ", "#")) and lines[i].strip()) + 1
    del lines[index]
    path.write_text("".join(lines), encoding="utf-8")
    return first_key + 1


def test_check_reports_every_problem_with_location(content_copy: Path):
    lines = break_content(content_copy)
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    err = result.stderr
    assert f"indicators.yaml:{lines['indicators.yaml']}:" in err and "expected a number, got '8000亿'" in err
    assert f"glossary.yaml:{lines['glossary.yaml']}:" in err and "missing 'en'" in err
    assert f"edition.yaml:{lines['edition.yaml']}:" in err and "Did you mean 'subtitle'?" in err
    assert "3 errors" in err


def test_failed_build_writes_nothing_and_keeps_previous_outputs(content_copy: Path, tmp_path: Path, built: Path):
    out = tmp_path / "out"
    out.mkdir()
    previous = {p.name: p.read_bytes() for p in built.iterdir()}
    for name, data in previous.items():
        (out / name).write_bytes(data)
    break_content(content_copy)
    result = run_briefgen("build", content_copy, "--out", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous


def test_failed_build_into_empty_folder_leaves_no_pdf(content_copy: Path, tmp_path: Path):
    break_content(content_copy)
    out = tmp_path / "fresh"
    result = run_briefgen("build", content_copy, "--out", out)
    assert result.returncode == 1
    assert not out.exists() or not any(out.iterdir())


def test_yaml_syntax_error_is_located(content_copy: Path):
    line = replace_line(content_copy / "sources.yaml", "articles:", "articles: [")
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "sources.yaml:" in result.stderr and "YAML syntax error" in result.stderr


def test_unknown_indicator_in_text_points_at_the_reference(content_copy: Path):
    path = content_copy / "editions/01/goals.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{dv_target_2027}" in text
    path.write_text(text.replace("{dv_target_2027}", "{dv_target_2072}", 1), encoding="utf-8")
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1
    assert "unknown indicator '{dv_target_2072}'" in result.stderr
    assert "Did you mean 'dv_target_2027'?" in result.stderr


def test_usage_errors_exit_2():
    assert run_briefgen("build", "--lang", "fr").returncode == 2
    assert run_briefgen("frobnicate").returncode == 2


def test_version_and_help():
    assert run_briefgen("--version").stdout.startswith("briefgen ")
    assert "build" in run_briefgen("--help").stdout


def test_character_outside_the_fonts_is_a_located_error(content_copy: Path, tmp_path: Path):
    line = replace_line(content_copy / "editions/01/goals.yaml", "找准方向", "找准𠀀方向")
    column = (content_copy / "editions/01/goals.yaml").read_text(encoding="utf-8").splitlines()[line - 1].index("𠀀") + 1
    result = run_briefgen("check", content_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"goals.yaml:{line}:{column}:" in result.stderr
    assert "character '𠀀' (U+20000) is not in the brief's fonts" in result.stderr
    assert run_briefgen("build", content_copy, "--out", tmp_path / "out").returncode == 1
    assert not (tmp_path / "out").exists()
