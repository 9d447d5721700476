"""Reports for tools: `--format json` (check, build, lint, diff) and `--format sarif` (check, lint), and the codes
they carry. The text output is held by the rest of the suite, byte for byte; here each report is held to it."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path

import pytest

from briefgen import codes
from briefgen.lint import lint_pdf
from conftest import CONTENT, ROOT, as_text, documented_codes, replace_line, run_briefgen
from test_check import break_content
from test_lint import draw_lines, paragraph

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"  # as README.md records
LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<rest>.*)$")


def sarif_errors(log: dict) -> list[str]:
    """What the official SARIF 2.1.0 schema (draft-04) finds wrong with a log."""
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(log)]


def broken(content: Path) -> None:
    """Six problems of five areas at once: a type, a missing key, a misspelt key (test_check's three), a
    character no font has, a reference to nothing, and a figure the two languages disagree on."""
    break_content(content)
    replace_line(content / "charts.yaml", "zh: 数字经济增加值：过去5年末水平", "zh: 数字经济增加值𠀀：过去5年末水平")
    replace_line(content / "charts.yaml", "bars: [core_growth_5y, gdp_growth_5y]", "bars: [core_growth_5y, gdp_growt_5y]")
    replace_line(content / "indicators.yaml", "en: end of the past five years", "en: end of the past six years")


def machine(*args: object) -> tuple[int, dict, str]:
    """A command run for tools: its exit code, its stdout as the one JSON document it must be, its stderr."""
    result = run_briefgen(*map(str, args))
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


# -- check --------------------------------------------------------------------------------------------------------


def test_check_as_json_gives_every_problem_where_the_text_does(content_copy: Path):
    broken(content_copy)
    text = run_briefgen("check", content_copy)
    code, report, stderr = machine("check", content_copy, "--format", "json")
    assert code == text.returncode == 1
    said = text.stderr.splitlines()
    assert stderr.splitlines() == said[-1:] == ["briefgen: 6 errors in the content; nothing was written."]
    located = [LOCATED.match(line) for line in said[:-1]]
    assert all(located) and len(located) == 6
    from_text = [(m["file"], int(m["line"]), int(m["column"])) for m in located if m]
    assert [(d["file"], d["line"], d["column"]) for d in report["diagnostics"]] == from_text
    assert [as_text(d) for d in report["diagnostics"]] == said[:-1]  # and the rest of each line, word for word
    assert {d["code"] for d in report["diagnostics"]} == {"BG208", "BG204", "BG203", "BG701", "BG403", "BG602"}
    assert all(d["code"] in documented_codes() and documented_codes()[d["code"]][0] == d["name"]
               for d in report["diagnostics"])
    assert report["summary"] == {"exit_code": 1, "errors": 6, "warnings": 0,
                                 "message": "6 errors in the content; nothing was written."}
    assert report["command"] == "check" and report["briefgen"] and "failure" not in report


def test_check_as_json_on_good_content():
    code, report, stderr = machine("check", CONTENT, "--format", "json")
    assert code == 0 and stderr == "" and report["diagnostics"] == []
    assert report["summary"]["content"]["editions"] >= 1 and report["summary"]["exit_code"] == 0


def test_a_warning_is_a_diagnostic_and_strict_makes_it_an_error(content_copy: Path):
    replace_line(content_copy / "editions/01/goals.yaml", "en: Goals and Tasks", "en: Goals and Tasks' plan")
    code, report, _ = machine("check", content_copy, "--format", "json")
    warnings = [d for d in report["diagnostics"] if d["code"] == "BG303"]
    assert code == 0 and len(warnings) == 1 and warnings[0]["severity"] == "warning"
    assert report["summary"]["warnings"] == 1
    code, report, _ = machine("check", content_copy, "--format", "json", "--strict")
    assert code == 1 and [d["severity"] for d in report["diagnostics"] if d["code"] == "BG303"] == ["error"]


def test_check_as_sarif_is_valid_and_points_where_the_json_does(content_copy: Path):
    broken(content_copy)
    _, report, _ = machine("check", content_copy, "--format", "json")
    code, log, _ = machine("check", content_copy, "--format", "sarif")
    assert code == 1 and sarif_errors(log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [c.id for c in codes.area_codes(*codes.CONTENT_AREAS)]
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1,
                                   "workingDirectory": {"uri": ROOT.as_uri() + "/"}}]
    assert len(run["results"]) == len(report["diagnostics"]) == 6
    for result, diagnostic in zip(run["results"], report["diagnostics"]):
        diagnostic_line = as_text(diagnostic)
        location = result["locations"][0]["physicalLocation"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == diagnostic["code"]
        assert result["level"] == "error" and diagnostic_line.endswith(f": {result['message']['text']}")
        assert location["region"] == {"startLine": diagnostic["line"], "startColumn": diagnostic["column"]}
        assert location["artifactLocation"] == {"uri": Path(diagnostic["file"]).as_uri()}  # outside the folder run in


def test_sarif_names_files_relative_to_the_folder_it_ran_in(content_copy: Path):
    """As CI runs it, from the repository's root: a pull request's lines are annotated by these paths."""
    broken(content_copy)
    result = run_briefgen("check", "content", "--format", "sarif", cwd=content_copy.parent)
    log = json.loads(result.stdout)
    assert result.returncode == 1 and sarif_errors(log) == []
    run = log["runs"][0]
    root = Path(run["originalUriBaseIds"]["SRCROOT"]["uri"].removeprefix("file://"))
    assert root == content_copy.parent
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert len(artifacts) == 6 and all(a["uriBaseId"] == "SRCROOT" and a["uri"].startswith("content/") for a in artifacts)
    assert all((root / a["uri"]).is_file() for a in artifacts)


def test_a_problem_of_no_line_is_placed_at_the_content_folder(content_copy: Path):
    """GitHub's code scanning refuses a whole log for one result without a location."""
    (content_copy / "editions" / "first").mkdir()
    code, report, _ = machine("check", content_copy, "--format", "json")
    assert code == 1 and [(d["code"], d["file"]) for d in report["diagnostics"]] == [("BG113", None)]
    code, log, _ = machine("check", content_copy, "--format", "sarif")
    assert code == 1 and sarif_errors(log) == []
    (result,) = log["runs"][0]["results"]
    assert result["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": content_copy.as_uri() + "/"}}}]


def test_the_sarif_gate_is_real(content_copy: Path):
    """The schema is not blind: the same log with a level SARIF does not have, or without its version, fails."""
    broken(content_copy)
    _, log, _ = machine("check", content_copy, "--format", "sarif")
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert any("fatal" in error for error in sarif_errors(log))
    del log["version"]
    assert any("version" in error for error in sarif_errors(log))


def test_the_vendored_schema_is_the_official_one():
    data = SARIF_SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SCHEMA_SHA256
    schema = json.loads(data)
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert SARIF_SCHEMA_SHA256 in (ROOT / "README.md").read_text(encoding="utf-8")


# -- failures: exit 2, 3 and 4 ----------------------------------------------------------------------------------------


def test_a_usage_error_is_a_coded_failure_in_json_and_sarif(tmp_path: Path):
    code, report, stderr = machine("build", FIXTURE, "--format", "json", "--lang", "fr")
    assert code == 2 and report["failure"]["code"] == "BG001" and "--lang" in report["failure"]["message"]
    assert report["summary"]["exit_code"] == 2 and stderr.count("\n") == 1
    not_a_pdf = tmp_path / "notes.pdf"
    not_a_pdf.write_text("not a PDF")
    code, log, _ = machine("lint", not_a_pdf, "--format", "sarif")
    assert code == 2 and sarif_errors(log) == []
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["descriptor"]["id"] == "BG001" and "not a PDF briefgen can read" in notification["message"]["text"]


def test_the_text_of_a_usage_error_is_argparse_s_as_before():
    result = run_briefgen("build", FIXTURE, "--lang", "fr")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: briefgen build") and "argument --lang: choose from" in result.stderr


def test_an_environment_problem_is_a_coded_failure(tmp_path: Path):
    (tmp_path / "out").write_text("not a folder")
    code, report, stderr = machine("build", FIXTURE, "--out", tmp_path / "out", "--format", "json")
    assert code == 3 and report["failure"]["code"] == "BG002" and report["failure"]["name"] == "environment"
    assert "a file stands where a folder is needed" in report["failure"]["message"]
    assert stderr.strip() == f"briefgen: {report['failure']['message']}"


def test_a_bug_is_a_coded_failure_with_its_traceback_saved(monkeypatch, private_cache: Path):
    import briefgen.build

    def broken_check(*args, **kwargs):
        raise RuntimeError("a planted fault")

    monkeypatch.setattr(briefgen.build, "check", broken_check)
    private_cache.mkdir()
    code, report, _ = machine("check", FIXTURE, "--format", "json")
    assert code == 4 and report["failure"]["code"] == "BG003" and "a planted fault" in report["failure"]["message"]
    saved = re.search(r"The traceback is in (\S+);", report["failure"]["message"])
    assert saved and "RuntimeError: a planted fault" in Path(saved[1]).read_text(encoding="utf-8")


# -- build and diff ---------------------------------------------------------------------------------------------------


def test_build_as_json_says_what_it_wrote(tmp_path: Path):
    out = tmp_path / "out"
    code, report, stderr = machine("build", FIXTURE, "--out", out, "--lang", "zh", "--format", "json")
    assert code == 0 and stderr == ""  # the fixture's one warning (a claim its data contradicts) is in the report
    assert [d["code"] for d in report["diagnostics"]] == ["BG507"] and report["summary"]["warnings"] == 1
    (written,) = report["summary"]["written"]
    pdf = Path(written["file"])
    assert pdf.parent == out and written["language"] == "zh" and written["edition"] == "01"
    assert written["bytes"] == pdf.stat().st_size and written["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert report["summary"]["manifest"] == str(out / "manifest.json")
    assert re.fullmatch(r"\d+ rendered, \d+ from cache", report["summary"]["charts"])


def test_diff_as_json_keeps_its_changes_and_gains_the_report(content_copy: Path):
    code, report, _ = machine("diff", "01", "01", content_copy, "--format", "json")
    assert code == 0 and report["old"] == report["new"] == "01" and report["figures"] == []
    assert report["diagnostics"] == [] and report["summary"]["exit_code"] == 0
    break_content(content_copy)
    code, report, _ = machine("diff", "01", "01", content_copy, "--format", "json")
    assert code == 1 and len(report["diagnostics"]) == 3 and "figures" not in report


# -- lint ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def offending_pdf(tmp_path: Path) -> Path:
    """A PDF whose lines break two of the rules: a line that starts with a comma, a year parted from 年."""
    return draw_lines(tmp_path / "bad.pdf", paragraph("数字经济增长数字经济增长", "，一号工程数字经济增长数",
                                                     "数字经济增长数字经济2027", "年一号工程数字经济增长数"))


def test_lint_as_json_gives_each_offence_with_page_and_position(offending_pdf: Path):
    expected = lint_pdf(offending_pdf).offences
    assert {o.rule for o in expected} >= {"line_start", "split_number"}
    text = run_briefgen("lint", offending_pdf)
    code, report, stderr = machine("lint", offending_pdf, "--format", "json")
    assert code == text.returncode == 1 and stderr == ""
    found = [(d["code"], d["page"], d["x"], d["y"], d["text"]) for d in report["diagnostics"]]
    assert found == [(codes.CODES[{"line_start": "BG901", "line_end": "BG902", "split_word": "BG903",
                                   "split_number": "BG904", "justify": "BG905"}[o.rule]].id, o.page, o.x, o.y, o.text)
                     for o in expected]
    assert all(d["file"] == str(offending_pdf) and d["line"] is None and d["severity"] == "error"
               for d in report["diagnostics"])
    for diagnostic in report["diagnostics"]:  # the position the text output gives, line for line
        assert f"{offending_pdf}: page {diagnostic['page']}, y {diagnostic['y']:.1f}: " in text.stdout
    x_of_comma = next(d["x"] for d in report["diagnostics"] if d["code"] == "BG901")
    assert x_of_comma == pytest.approx(60.0, abs=0.5)  # the line's first glyph, at the left edge draw_lines uses
    (pdf,) = report["summary"]["pdfs"]
    assert pdf["counts"]["line_start"] == 1 and pdf["lines"] > 0 and "chinese_lines" in pdf["style"]


def test_lint_as_sarif_is_valid(offending_pdf: Path, tmp_path: Path):
    code, log, _ = machine("lint", offending_pdf, "--format", "sarif")
    assert code == 1 and sarif_errors(log) == []
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["BG901", "BG902", "BG903", "BG904", "BG905"]
    results = run["results"]
    assert len(results) == len(lint_pdf(offending_pdf).offences) >= 2
    for result in results:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": offending_pdf.as_uri()}
        assert {"page", "x", "y", "text"} <= set(result["properties"])
        assert result["message"]["text"].startswith(f"page {result['properties']['page']}, y ")


# -- the codes -----------------------------------------------------------------------------------------------------------


def test_the_guide_documents_every_code_as_briefgen_has_it():
    guide = (CONTENT / "README.md").read_text(encoding="utf-8")
    assert codes.markdown() in guide, "regenerate the table in content/README.md, 'Codes': briefgen.codes.markdown()"
    assert documented_codes() == {c.id: (c.name, c.says) for c in codes.CODES.values()}


def test_no_two_kinds_share_a_code_or_a_name_or_a_wording():
    every = list(codes.CODES.values())
    assert len({c.id for c in every}) == len({c.name for c in every}) == len({c.says for c in every}) == len(every)


def test_each_code_is_reported_somewhere():
    """No code in the table that nothing reports: each is named by the code that reports it."""
    used = set()
    for path in (ROOT / "src" / "briefgen").rglob("*.py"):
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "codes":
                used.add(node.attr)
    names = {name for name, value in vars(codes).items() if isinstance(value, codes.Code)}
    assert names - used == set()


def test_a_message_is_held_to_its_code_and_no_other(every_diagnostic_coded: list):
    """The holding that conftest applies to every diagnostic of the suite, shown to see a wrong code."""
    from briefgen.diagnostics import Diagnostic
    from conftest import badly_coded

    assert badly_coded(Diagnostic(codes.UNKNOWN_KEY, None, "", "unknown key 'subtitel'")) is None
    assert "says" in badly_coded(Diagnostic(codes.UNKNOWN_KEY, None, "", "expected a number, got 'x'"))
    assert "reads as BG115" in badly_coded(Diagnostic(codes.MISSING_FILE, None, "", "missing file editions/01 has "
                                                                                    "no edition.yaml"))
    every_diagnostic_coded.clear()  # made wrong on purpose


# -- each kind of problem, with its code --------------------------------------------------------------------------------

def _edit(file: str, old: str, new: str):
    def edit(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _append(file: str, text: str):
    def edit(root: Path) -> None:
        with open(root / file, "a", encoding="utf-8") as handle:
            handle.write(text)
    return edit


PART = "editions/01/part.yaml"
KINDS = [  # kinds of problem the rest of the suite does not make (conftest holds each message to its code)
    ("BG112", lambda root: __import__("shutil").rmtree(root)),
    ("BG214", _edit("indicators.yaml", "label: {zh: 数字经济增加值, en: Value added of the digital economy}\n  value: 8000",
                    "label: 数字经济增加值\n  value: 8000")),
    ("BG216", _edit("indicators.yaml", "source: ningbo-report", "source: [ningbo-report]")),
    ("BG402", _edit("indicators.yaml", "source: ningbo-report", "source: ningbo-reprt")),
    ("BG220", _edit("indicators.yaml", "  year: 2027\n", "  year: 2027\n  assumed_year: 2026\n")),
    ("BG221", _edit("indicators.yaml", "derive: {difference: [core_growth_5y, core_growth_gap_5y]}",
                    "derive: {difference: [core_growth_5y, core_growth_gap_5y], multiple: [core_growth_5y, x]}")),
    ("BG222", _edit("indicators.yaml", "difference: [core_growth_5y, core_growth_gap_5y]", "difference: [core_growth_5y]")),
    ("BG502", _edit("indicators.yaml", "difference: [core_growth_5y, core_growth_gap_5y]",
                    "difference: [core_growth_gap_5y, core_growth_5y]")),
    ("BG503", _edit("indicators.yaml", "  period: {zh: 去年, en: last year}\n  assumed_year: 2022\n",
                    "  period: {zh: 去年, en: last year}\n")),
    ("BG504", _edit("indicators.yaml", "  year: 2018\n", "  year: 2030\n")),
    ("BG505", _edit("indicators.yaml", "multiple: [forehope_revenue_2018, forehope_revenue_last_year]",
                    "multiple: [core_growth_5y, forehope_revenue_last_year]")),
    ("BG506", _edit("indicators.yaml", "value: 0.38", "value: -0.38")),
    ("BG510", _edit("indicators.yaml", "  value: 8000\n", "  values: [{value: -5, as_of: 2026-01-01}, "
                    "{value: 8000, as_of: 2027-01-01}]\n")),  # as of the edition's date, a path from −5
    ("BG227", _edit("charts.yaml", "      bars: [forehope_revenue_2018, forehope_revenue_last_year]",
                    "      bars: [forehope_revenue_2018]")),
    ("BG512", _edit("charts.yaml", "bars: [core_growth_5y, gdp_growth_5y]", "bars: [core_growth_5y, dv_value_added]")),
    ("BG223", _append(PART, "      - [a list, not a block]\n")),
    ("BG224", _append(PART, "      - figurs: [dv_value_added]\n")),
    ("BG606", _append(PART, "      - zh: 说明。\n        en: A note.\n        parity: {ignore: [], reason: none}\n")),
    ("BG713", lambda root: (
        _append("glossary.yaml", "\nlong_name:\n  zh: " + "长" * 90 + "\n  en: A long name\n  kind: place\n"
                "  en_name: official\n")(root),
        _edit("charts.yaml", "    - label: haishu", "    - label: long_name")(root))),
]


@pytest.mark.parametrize("code, edit", KINDS, ids=[code for code, _ in KINDS])
def test_each_kind_of_problem_has_its_code(tmp_path: Path, code: str, edit):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    edit(root)
    status, report, _ = machine("check", root, "--format", "json")
    assert status == 1 and code in {d["code"] for d in report["diagnostics"]}, report["diagnostics"]
