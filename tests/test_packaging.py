"""briefgen for other repositories and machines: the Dockerfile and the pre-commit hooks.

No Docker engine runs here, so the image is not built in the tests. What they hold instead: the Dockerfile's
build stage, given only the files it copies, makes a wheel that holds briefgen, its fonts and its command;
the image runs that command with `build` by default, and the command line takes it. The hooks file passes
pre-commit's own manifest schema, and each hook's entry is a briefgen command that passes on the shipped
content and fails on broken content.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT, replace_line, run_briefgen

from briefgen import cli
from briefgen.pdf.fonts import FACES

DOCKERFILE = ROOT / "Dockerfile"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions, (KEYWORD, arguments), continuation lines joined, comments dropped."""
    logical, found = "", []
    for line in text.splitlines():
        if not logical and (not line.strip() or line.lstrip().startswith("#")):
            continue
        logical += line.rstrip()
        if logical.endswith("\\"):
            logical = logical[:-1] + " "
            continue
        keyword, _, arguments = logical.strip().partition(" ")
        found.append((keyword.upper(), arguments.strip()))
        logical = ""
    return found


def stages() -> list[list[tuple[str, str]]]:
    """The instructions of each build stage, from its FROM."""
    found: list[list[tuple[str, str]]] = []
    for keyword, arguments in instructions(DOCKERFILE.read_text(encoding="utf-8")):
        if keyword == "FROM":
            found.append([])
        found[-1].append((keyword, arguments))
    return found


def copied(stage: list[tuple[str, str]]) -> list[str]:
    """What a stage COPYs from the build context (not from another stage)."""
    sources = []
    for keyword, arguments in stage:
        words = arguments.split()
        if keyword == "COPY" and not any(w.startswith("--from") for w in words):
            sources += [w for w in words if not w.startswith("--")][:-1]
    return sources


def test_the_image_runs_briefgen_build_by_default_and_any_command_the_cli_takes():
    final = dict(stages()[-1])
    entrypoint, command = json.loads(final["ENTRYPOINT"]), json.loads(final["CMD"])
    assert entrypoint == ["briefgen"] and command == ["build"]
    scripts = re.search(r"\[project\.scripts\]\n(.*?)\n\n", (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                        re.DOTALL)
    assert scripts and scripts.group(1).split("=")[0].strip() == entrypoint[0]
    assert cli._parser().parse_args(command).run is cli._build
    assert final["WORKDIR"] == "/work"  # where the user mounts the folder holding content/
    assert all(s[0][1].split()[0] == "python:3.11-slim-bookworm" for s in stages())  # one base, the slim one


def test_the_build_stage_makes_the_wheel_from_the_files_it_copies(tmp_path: Path):
    """The files the first stage copies are all a wheel needs: it is built from them alone, here as there."""
    (stage, _) = stages()
    context = tmp_path / "context"
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    for source in copied(stage):
        path = ROOT / source
        assert path.exists(), source
        assert not any(fnmatch.fnmatch(source.rstrip("/"), pattern) for pattern in ignored), source
        if path.is_dir():
            shutil.copytree(path, context / source, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            context.mkdir(exist_ok=True)
            shutil.copy(path, context / source)
    (run,) = [arguments for keyword, arguments in stage if keyword == "RUN"]
    assert run.startswith("pip wheel ") and run.endswith(" .")
    wheels = tmp_path / "wheels"
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                             "--wheel-dir", str(wheels), str(context)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = wheels.glob("briefgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"briefgen/fonts/{face.file}" for face in FACES.values()} <= names  # no system fonts needed
    assert {"briefgen/cli.py", "briefgen/preview.py", "briefgen/pdf/sRGB.icc"} <= names
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "briefgen = briefgen.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def hooks() -> list[dict]:
    return yaml.safe_load(HOOKS.read_text(encoding="utf-8"))


def test_the_hooks_file_passes_pre_commits_own_schema(tmp_path: Path):
    from pre_commit.clientlib import InvalidManifestError, load_manifest

    assert [hook["id"] for hook in load_manifest(str(HOOKS))] == ["briefgen-check", "briefgen-schema"]
    broken = tmp_path / ".pre-commit-hooks.yaml"  # the gate is real: a hook without an entry is refused
    broken.write_text(HOOKS.read_text(encoding="utf-8").replace("  entry: briefgen check\n", ""), encoding="utf-8")
    with pytest.raises(InvalidManifestError):
        load_manifest(str(broken))


def test_the_check_hook_runs_briefgen_check_on_the_content_once(tmp_path: Path):
    (hook,) = [hook for hook in hooks() if hook["id"] == "briefgen-check"]
    program, *arguments = hook["entry"].split()
    assert program == "briefgen" and hook["language"] == "python"  # installed from this repository
    assert hook["pass_filenames"] is False  # the command reads the whole content folder, once
    pattern = re.compile(hook["files"])
    assert all(pattern.search(p.relative_to(ROOT).as_posix()) for p in CONTENT.rglob("*.yaml"))
    assert not pattern.search("src/briefgen/cli.py") and not pattern.search("README.md")
    assert run_briefgen(*arguments, cwd=ROOT).returncode == 0  # as pre-commit runs it: from the root
    broken = tmp_path / "repo"
    shutil.copytree(CONTENT, broken / "content")
    replace_line(broken / "content" / "indicators.yaml", "value: 8000", "value: 8000亿")
    failed = run_briefgen(*arguments, cwd=broken)
    assert failed.returncode == 1 and "content/indicators.yaml:" in failed.stderr


def test_the_schema_hook_rewrites_stale_schemas_and_leaves_current_ones_alone(tmp_path: Path):
    (hook,) = [hook for hook in hooks() if hook["id"] == "briefgen-schema"]
    program, *arguments = hook["entry"].split()
    assert program == "briefgen" and hook["language"] == "python" and hook["always_run"] is True
    assert hook["pass_filenames"] is False
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    schemas = sorted((repo / "content" / ".schema").glob("*.json"))
    current = {p.name: p.read_bytes() for p in schemas}
    assert run_briefgen(*arguments, cwd=repo).returncode == 0
    assert {p.name: p.read_bytes() for p in schemas} == current  # current: nothing for the commit to add
    schemas[0].write_text("{}", encoding="utf-8")  # stale (as after briefgen is upgraded)
    assert run_briefgen("check", "--strict", cwd=repo).returncode == 1  # what CI would refuse
    assert run_briefgen(*arguments, cwd=repo).returncode == 0
    assert {p.name: p.read_bytes() for p in schemas} == current  # written again: pre-commit sees the change


def test_the_readme_shows_how_to_use_the_hooks_and_the_image():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"id: {hook['id']}" in readme for hook in hooks())
    assert "docker build -t briefgen ." in readme and 'docker run --rm -v "$PWD:/work"' in readme
