"""The CI workflow that builds every edition: valid GitHub Actions, and made of the README's own commands."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT, run_briefgen

WORKFLOW = ROOT / ".github" / "workflows" / "editions.yml"


def validate(path: Path) -> subprocess.CompletedProcess:
    """The workflow against the GitHub Actions schema that check-jsonschema ships (no network needed)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True, timeout=120)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def briefgen_commands() -> list[list[str]]:
    """Each `briefgen …` the workflow runs, as words (up to the end of its command or substitution)."""
    runs = "\n".join(step["run"] for job in workflow()["jobs"].values() for step in job["steps"] if "run" in step)
    return [m.group(0).split() for m in re.finditer(r"briefgen [^)\"\n>|;&]*", runs)]


def test_the_workflow_is_valid():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gate_is_real(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1), encoding="utf-8")
    assert validate(broken).returncode == 1


def test_it_checks_strictly_builds_twice_compares_uploads_and_releases():
    jobs = workflow()["jobs"]
    assert {"plan", "tests", "build", "release"} <= set(jobs)
    runs = "\n".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
    assert "briefgen check --strict" in runs and "briefgen editions --format json" in runs
    assert runs.count("briefgen build --edition ${{ matrix.edition }}") == 2 and "sha256sum" in runs
    assert "bash tests/run.sh" in runs
    assert jobs["build"]["strategy"]["matrix"]["include"] == "${{ fromJSON(needs.plan.outputs.editions) }}"
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    assert jobs["release"]["if"].startswith("startsWith(github.ref, 'refs/tags/')")
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)


def test_it_uploads_pictures_of_the_pages_beside_the_pdfs_and_releases_the_pdfs_only():
    build, release = workflow()["jobs"]["build"], workflow()["jobs"]["release"]
    runs = [step.get("run", "") for step in build["steps"]]
    preview = runs.index("briefgen preview ${{ matrix.edition }} --from output/first --out output/preview")
    assert preview > runs.index("briefgen verify output/first/manifest.json")  # pictures of verified PDFs
    uploads = {step["with"]["name"]: step["with"]["path"] for step in build["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact")}
    assert uploads == {"brief-${{ matrix.edition }}": "output/first/", "preview-${{ matrix.edition }}": "output/preview/"}
    (download,) = [step for step in release["steps"] if step.get("uses", "").startswith("actions/download-artifact")]
    assert download["with"]["pattern"] == "brief-*"


def test_it_uploads_the_content_s_problems_as_sarif(tmp_path: Path):
    job = workflow()["jobs"]["annotate"]
    assert job["permissions"]["security-events"] == "write"
    command = "briefgen check --strict --format sarif"
    run = next(step["run"] for step in job["steps"] if command in step.get("run", ""))
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert f"> {upload['with']['sarif_file']}" in run
    # the step passes when briefgen finds problems (exit 1: the log carries them), fails when it cannot say (2, 3, 4)
    for code in range(5):
        result = subprocess.run(["bash", "-e", "-c", run.replace(command, f"(exit {code})")], cwd=tmp_path)
        assert (result.returncode == 0) == (code <= 1), code


def test_every_briefgen_command_it_runs_is_documented_and_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in briefgen_commands():
        name = command[1]
        flags = [word for word in command if word.startswith("--")]
        usage = re.search(rf"^briefgen {re.escape(name)}\b.*(?:\n {{2,}}.*)*", readme, re.MULTILINE)
        assert usage, f"README documents no `briefgen {name}`"
        assert all(flag in usage.group(0) for flag in flags), (name, flags)
        assert run_briefgen(name, "--help").returncode == 0


def test_the_matrix_comes_from_briefgen_itself():
    result = run_briefgen("editions", CONTENT, "--format", "json")
    assert result.returncode == 0, result.stderr
    matrix = json.loads(result.stdout)
    assert matrix and all(isinstance(e, dict) and e["edition"] for e in matrix)


@pytest.mark.parametrize("tool", ["check_jsonschema"])
def test_the_validator_is_installed_by_the_test_command(tool: str):
    assert tool in (ROOT / "pyproject.toml").read_text(encoding="utf-8").replace("-", "_")
