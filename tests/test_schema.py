"""`briefgen schema`: JSON Schema of every content file, from the declarations the readers check against.

The schemas are held to `check` both ways: the shipped content (and the fixtures) pass them as they pass
`check`, every key a reader accepts is in them and nothing else, and each broken copy below fails them at the
YAML paths `check` names for it. They are validated as an editor's tooling would: check-jsonschema, run as a
process, with the ECMAScript regular expressions editors use.
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from briefgen import schema
from briefgen.build import check
from briefgen.charts import KINDS
from briefgen.content import load_library, shapes
from briefgen.content.editions import BLOCK_KINDS
from briefgen.content.nodes import YamlFile
from briefgen.diagnostics import ContentError
from briefgen.languages import content_langs
from briefgen.model import UNITS
from briefgen.typeset.theme import THEMES
from conftest import CONTENT, ROOT, run_briefgen

FIXTURES = [ROOT / "tests/fixtures/every_block", ROOT / "tests/fixtures/two_editions"]
SCHEMAS = CONTENT / schema.FOLDER


def content_files(content: Path) -> list[Path]:
    return sorted([*content.glob("*.yaml"), *content.glob("editions/*/*.yaml")])


def validate(schema_file: Path, files: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """check-jsonschema on files: for each file, its errors as (YAML path as check writes it, message)."""
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", str(schema_file),
                             *map(str, files)], capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert not report.get("parse_errors"), report["parse_errors"]
    found: dict[str, list[tuple[str, str]]] = {str(f): [] for f in files}
    for error in report.get("errors", []):
        found[error["filename"]] += [(path, error["message"]) for path in yaml_paths(error["path"], error["message"])]
    return found


def yaml_paths(json_path: str, message: str) -> list[str]:
    """check's YAML paths for a schema error: `$.a[0]['b-c']` is `a[0].b-c`; a key the schema does not allow is
    reported at its mapping, and check names the key itself."""
    path = ""
    for key, quoted, index in re.findall(r"\.([A-Za-z_][\w]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]", json_path[1:]):
        path = f"{path}[{index}]" if index else f"{path}.{key or quoted}" if path else key or quoted
    extra = re.fullmatch(r"Additional properties are not allowed \((.*) (?:was|were) unexpected\)", message)
    if extra:
        return [f"{path}.{key}" if path else key for key in re.findall(r"'([^']*)'", extra.group(1))]
    return [path]


def read(content: Path) -> None:
    """The readers run over content (as check runs them, but never taken from the checked content kept)."""
    from briefgen.typeset.capacity import PRINTER

    with contextlib.suppress(ContentError):  # a broken copy's errors are not what is looked at here
        load_library(content, capacity=PRINTER)


def checked(content: Path) -> list[tuple[str, str, str]]:
    """(file, YAML path, message) of each error `briefgen check` reports for content; [] when it passes."""
    try:
        check(content)
    except ContentError as err:
        return [(d.where.file if d.where else "", d.path, d.message) for d in err.diagnostics if d.severity == "error"]
    return []


# -- the schemas themselves ---------------------------------------------------------------------------------------


def test_the_committed_schemas_are_what_briefgen_schema_writes(tmp_path: Path):
    result = run_briefgen("schema", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert set(written) == {f"{kind.name}.schema.json" for kind in shapes.FILES}
    assert written == {p.name: p.read_bytes() for p in SCHEMAS.iterdir()}
    assert all(f"wrote {tmp_path / 'out' / name}" in result.stdout for name in written)


def test_the_schemas_are_draft_2020_12_and_valid():
    files = sorted(SCHEMAS.glob("*.schema.json"))
    assert len(files) == len(shapes.FILES)
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--check-metaschema", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_shipped_content_file_names_its_schema_in_its_first_line():
    files = content_files(CONTENT)
    assert len(files) == 4 + len(list(CONTENT.glob("editions/*/*.yaml")))
    for path in files:
        kind = schema.kind_of(path, CONTENT)
        assert kind, path
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == schema.modeline(kind, path, CONTENT), path
        target = path.parent / first.removeprefix(schema.MODELINE)  # as the editor resolves it: from the file
        assert target.resolve() == (SCHEMAS / schema.file_name(kind)).resolve() and target.is_file()


def test_the_shipped_content_and_the_fixtures_pass_their_schemas():
    """Every content file there is, checked against the schema of its kind (the fixtures' files have no
    modeline: a modeline is a comment, and `check` passes them as it does)."""
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for content in (CONTENT, *FIXTURES):
        assert checked(content) == [], content
        for path in content_files(content):
            kind = schema.kind_of(path, content)
            assert kind, path
            by_kind[kind].append(path)
    assert set(by_kind) == {kind.name for kind in shapes.FILES}
    for kind, files in by_kind.items():
        assert validate(SCHEMAS / schema.file_name(kind), files) == {str(f): [] for f in files}, kind


def test_every_example_passes_the_schema_of_its_key():
    """The examples an editor shows (the guide's) are valid where they are shown."""
    examples = 0
    for path in SCHEMAS.glob("*.schema.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        for where, node in _subschemas(document):
            for example in node.get("examples", ()):
                validator = jsonschema.Draft202012Validator({**node, "$defs": document["$defs"]},
                                                            format_checker=jsonschema.FormatChecker())
                assert not list(validator.iter_errors(example)), (path.name, where, example)
                examples += 1
    assert examples > 60


def _subschemas(node: object, where: str = "") -> list[tuple[str, dict]]:
    if isinstance(node, dict):
        found = [(where, node)] if "examples" in node else []
        return found + [s for key, value in node.items() for s in _subschemas(value, f"{where}/{key}")]
    if isinstance(node, list):
        return [s for i, value in enumerate(node) for s in _subschemas(value, f"{where}/{i}")]
    return []


def test_the_closed_sets_are_enums():
    documents = {name: json.loads(text) for name, text in schema.documents().items()}
    text = json.dumps(documents, ensure_ascii=False)
    for options in (UNITS, shapes.TERM.options("kind"), shapes.TERM.options("en_name"), tuple(KINDS),
                    tuple(THEMES), shapes.STATED.options("kind"), shapes.PARITY.options("ignore")):
        assert json.dumps({"enum": list(options)}, ensure_ascii=False)[1:-1] in text, options
    assert shapes.STATED.options("unit") == UNITS


# -- one source of truth: the readers' keys are the schemas' -------------------------------------------------------


def declared(value: shapes.Value, found: set[shapes.Shape] | None = None) -> set[shapes.Shape]:
    """Every shape a value holds, as the readers meet them (a chart's with its kind's keys)."""
    found = set() if found is None else found
    inner: list[shapes.Value] = []
    if isinstance(value, shapes.Shape):
        if value in found:
            return found
        found.add(value)
        inner = [field.value for field in value.fields.values()]
    elif isinstance(value, (shapes.Text, shapes.Name)):
        inner = [shapes.TEXT]
    elif isinstance(value, (shapes.ListOf, shapes.Entries)):
        inner = [value.item if isinstance(value, shapes.ListOf) else value.entry]
    elif isinstance(value, shapes.Switch):
        inner = [value.present, value.absent]
    elif isinstance(value, shapes.ChartSpec):
        inner = [shapes.CHART, *(shapes.chart_shape(kind.shape) for kind in KINDS.values())]
    elif isinstance(value, shapes.Block):
        inner = [shapes.TEXT, *shapes.BLOCKS.values()]
    for each in inner:
        declared(each, found)
    return found


ALL_SHAPES = set().union(*(declared(kind.root) for kind in shapes.FILES))


def test_every_shape_a_reader_checks_is_declared_and_every_declared_shape_is_checked(monkeypatch, tmp_path: Path):
    """Every mapping the readers read, they check against a declaration of content/shapes.py that the schemas
    are made from, and every declaration is used: loading the shipped content, the fixtures, and copies with
    a parity exception and a chart of no known kind (the only shapes those do not reach)."""
    used: set[shapes.Shape] = set()
    mapping = YamlFile.mapping

    def recording(self, node, path, shape):
        used.add(shape)
        return mapping(self, node, path, shape)

    monkeypatch.setattr(YamlFile, "mapping", recording)
    rest = [break_copy(tmp_path, case) for case in CASES if case.name in ("unknown parity rule", "unknown chart kind")]
    for content in (CONTENT, *FIXTURES, *rest):
        read(content)
    assert used == ALL_SHAPES, sorted(s.name for s in used ^ ALL_SHAPES)
    assert {shape.name for shape in shapes.BLOCKS.values()} <= {s.name for s in used}
    assert tuple(shapes.BLOCKS) == BLOCK_KINDS  # the blocks declared are the blocks read


def test_the_readers_choose_from_the_declared_sets(monkeypatch, tmp_path: Path):
    """Each closed set a reader checks a value against is one the schemas list, and the other way round."""
    sets: set[tuple[str, ...]] = set()
    choice = YamlFile.choice

    def recording(self, node, path, options):
        sets.add(tuple(options))
        return choice(self, node, path, options)

    monkeypatch.setattr(YamlFile, "choice", recording)
    for content in (CONTENT, *FIXTURES, break_copy(tmp_path, next(c for c in CASES if c.name == "unknown parity rule")),
                    break_copy(tmp_path, next(c for c in CASES if c.name == "unknown theme"))):
        read(content)
    choices = {field.value.item.options if isinstance(field.value, shapes.ListOf) else field.value.options
               for shape in ALL_SHAPES for field in shape.fields.values()
               if isinstance(field.value, shapes.Choice)
               or (isinstance(field.value, shapes.ListOf) and isinstance(field.value.item, shapes.Choice))}
    # units are read by a reader of their own (`unknown unit`), from the same set: see the enum test
    assert sets == (choices - {UNITS}) | {tuple(KINDS), tuple(THEMES)}


def test_the_schemas_allow_exactly_the_declared_keys():
    documents = {name: json.loads(text) for name, text in schema.documents().items()}
    defs = {name: d for document in documents.values() for name, d in document["$defs"].items()}
    roots = {kind.root: documents[schema.file_name(kind.name)] for kind in shapes.FILES
             if isinstance(kind.root, shapes.Shape)}  # an edition's and a part's: the document itself
    for shape in ALL_SHAPES:
        if shape is shapes.TEXT:  # one object per kind of text: with markup or not, and its length
            objects = [d for name, d in defs.items() if "_text_" in name]
            assert len(objects) >= 5
        else:
            objects = [roots[shape] if shape in roots else defs[shape.name]]
        for obj in objects:
            assert set(obj["properties"]) == {*shape.required, *shape.optional}, shape.name
            assert obj.get("required", []) == list(shape.required), shape.name
            assert obj["additionalProperties"] is False, shape.name
    offered = set(defs["block"]["properties"])  # a block's keys, all offered for an editor to complete
    assert offered == {*content_langs(), "parity", *(k for s in shapes.BLOCKS.values() for k in s.fields)}


def test_no_reader_lists_keys_of_its_own():
    """Every mapping a reader reads is checked against a declaration: no literal key lists left in the readers."""
    calls = 0
    for path in [*(ROOT / "src/briefgen/content").glob("*.py"), *(ROOT / "src/briefgen/charts").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mapping":
                calls += 1
                assert len(node.args) == 3 and not node.keywords, f"{path.name}:{node.lineno}"
                assert not isinstance(node.args[2], (ast.Tuple, ast.List, ast.Constant)), f"{path.name}:{node.lineno}"
    assert calls >= 20


# -- broken copies: the schema refuses them where check does ----------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str  # the first line holding it is changed
    new: str | None  # what it becomes in that line (None: the line is deleted)
    path: str  # the YAML path of the mistake: check's, which must end so


CASES = [
    Case("a number given as text", "indicators.yaml", "value: 8000", 'value: "8000"', "dv_value_added.value"),
    Case("a unit in the number", "indicators.yaml", "value: 8000", "value: 8000亿", "dv_value_added.value"),
    Case("an unknown unit", "indicators.yaml", "unit: 亿元", "unit: 亿", "dv_value_added.unit"),
    Case("year and period", "indicators.yaml", "  assumed_year: 2022", "  year: 2022", "dv_value_added"),
    Case("an assumed year with a year", "indicators.yaml", "  year: 2027", "  year: 2027\n  assumed_year: 2026",
         "dv_target_2027.assumed_year"),
    Case("an unknown operation", "indicators.yaml", "derive: {difference:", "derive: {diference:",
         ".derive.diference"),
    Case("expected: in a derivation", "indicators.yaml", "derive: {difference: [core_growth_5y, core_growth_gap_5y]}",
         "derive: {difference: [core_growth_5y, core_growth_gap_5y], expected: why}", ".derive.expected"),
    Case("a vintage of the wrong shape", "indicators.yaml", "  value: 8000",
         "  values: [{value: 8000, asof: 2026-11-28}]", "dv_value_added.values[0].asof"),
    Case("a term missing its en", "glossary.yaml", "  en: ", None, "no1_dev_project"),
    Case("a wrong kind of term", "glossary.yaml", "kind: programme", "kind: program", ".kind"),
    Case("a wrong en_name", "glossary.yaml", "en_name: official", "en_name: oficial", ".en_name"),
    Case("a name that is not a text", "sources.yaml", "names: [{zh: 徐展新, en: Xu Zhanxin}]", "names: [徐展新]",
         "ningbo-report.articles[0].credits[0].names[0]"),
    Case("unknown chart kind", "charts.yaml", "type: bar", "type: pie", ".type"),
    Case("a chart title missing its en", "charts.yaml", '    en: "Digital economy value added: level', None,
         "dv_path.title"),
    Case("one column head", "charts.yaml", "columns: [{zh: 地区, en: Area}, {zh: 发力方向, en: Focus}]",
         "columns: [{zh: 地区, en: Area}]", ".columns"),
    Case("an unknown key", "editions/01/edition.yaml", "subtitle:", "subtitel:", "subtitel"),
    Case("a number in words", "editions/01/edition.yaml", "number: 1", "number: one", "number"),
    Case("a date not YYYY-MM-DD", "editions/01/edition.yaml", "date: 2026-11-28", "date: 28.11.2026", "date"),
    Case("unknown theme", "editions/01/edition.yaml", "sources: [ningbo-report]",
         "theme: mono\nsources: [ningbo-report]", "theme"),
    Case("too many key figures", "editions/01/edition.yaml", "  - dv_value_added",
         "\n".join(["  - dv_value_added"] * 13), "key_figures"),
    Case("a distribution naming no one", "editions/01/edition.yaml", "sources: [ningbo-report]",
         "distribution: {}\nsources: [ningbo-report]", "distribution"),
    Case("a title too long", "editions/01/edition.yaml", "short_title: {zh: 宁波数字经济简报,",
         "short_title: {zh: " + "简" * 201 + ",", "short_title.zh"),
    Case("a list item of the wrong shape", "editions/01/goals.yaml", "- figures: [dv_value_added,",
         "- figures: [{key: dv_value_added},", ".figures[0]"),
    Case("an unknown block", "editions/01/goals.yaml", "- figures: [", "- figurs: [", ".figurs"),
    Case("a text missing its en", "editions/01/goals.yaml", "title: {zh: 目标与部署, en: Goals and Tasks}",
         "title: {zh: 目标与部署}", "title"),
    Case("markup where it prints as typed", "editions/01/goals.yaml", "en: Goals and Tasks}",
         'en: "**Goals** and Tasks"}', "title.en"),
    Case("an invisible character", "editions/01/goals.yaml", "en: Goals and Tasks}", "en: Goals\u200b and Tasks}",
         "title.en"),
    Case("unknown parity rule", "editions/01/goals.yaml", "en: Goals and Tasks}",
         "en: Goals and Tasks, parity: {ignore: [numbrs], reason: a test}}", "title.parity.ignore[0]"),
    Case("an empty placeholder", "editions/01/goals.yaml", "intro:", "intro:\n  - zh: 见{}\n    en: See {}",
         "intro[0].zh"),
    Case("a link to another scheme", "editions/01/goals.yaml", "intro:",
         "intro:\n  - zh: 见[宁波](ftp://x.cn)\n    en: See [Ningbo](ftp://x.cn)", "intro[0].zh"),
]


def break_copy(root: Path, case: Case) -> Path:
    """A copy of the shipped content with the case's mistake in it."""
    content = root / re.sub(r"\W+", "-", case.name)
    shutil.copytree(CONTENT, content)
    path = content / case.file
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if case.old in line)
    lines[at:at + 1] = [] if case.new is None else [lines[at].replace(case.old, case.new, 1)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return content


@dataclass(frozen=True)
class Outcome:
    by_check: list[tuple[str, str, str]]  # (file, path, message) of each error
    by_schema: list[tuple[str, str]]  # (path, message) of each error the broken file's schema finds


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    """Every case broken in a copy of its own, checked by `check` and by its schema (one process a schema)."""
    root = tmp_path_factory.mktemp("broken")
    copies = {case.name: break_copy(root, case) for case in CASES}
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for case in CASES:
        by_kind[str(schema.kind_of(copies[case.name] / case.file, copies[case.name]))].append(
            copies[case.name] / case.file)
    found: dict[str, list[tuple[str, str]]] = {}
    for kind, files in by_kind.items():
        found.update(validate(SCHEMAS / schema.file_name(kind), files))
    return {case.name: Outcome(checked(copies[case.name]), found[str(copies[case.name] / case.file)])
            for case in CASES}


def _within(path: str, paths: set[str]) -> bool:
    """Whether path is one of paths or contains one (the mapping or list a mistake is in)."""
    return any(p == path or not path or p.startswith((f"{path}.", f"{path}[")) for p in paths)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_schema_refuses_each_mistake_where_check_does(case: Case, outcomes: dict[str, Outcome]):
    outcome = outcomes[case.name]
    files = {file for file, _, _ in outcome.by_check}
    assert len(files) == 1 and next(iter(files)).endswith(case.file), outcome.by_check  # the mistake's file alone
    by_check = {path for _, path, _ in outcome.by_check}
    by_schema = {path for path, _ in outcome.by_schema}
    assert any(path.endswith(case.path) for path in by_check), outcome.by_check  # check sees the mistake there
    assert by_check <= by_schema, (outcome.by_check, outcome.by_schema)  # the schema sees each, at its path
    assert all(_within(path, by_check) for path in by_schema), (outcome.by_check, outcome.by_schema)  # nothing else


def test_check_names_the_paths_it_prints(outcomes: dict[str, Outcome], tmp_path: Path):
    """What the comparison takes from check is what `briefgen check` prints: file:line:column: path: message."""
    case = next(c for c in CASES if c.name == "a list item of the wrong shape")
    result = run_briefgen("check", break_copy(tmp_path, case))
    assert result.returncode == 1
    for _, path, message in outcomes[case.name].by_check:
        assert re.search(rf"goals\.yaml:\d+:\d+: {re.escape(path)}: {re.escape(message)}\.", result.stderr)


# -- the command, the modeline, and check ----------------------------------------------------------------------------


def test_new_edition_names_each_files_schema(content_copy: Path):
    goals = content_copy / "editions/01/goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # its modeline gone
    result = run_briefgen("new-edition", "02", content_copy, "--from", "01", "--date", "2027-03-01")
    assert result.returncode == 0, result.stderr
    made = sorted((content_copy / "editions/02").glob("*.yaml"))
    assert [p.name for p in made] == [p.name for p in sorted((content_copy / "editions/01").glob("*.yaml"))]
    for path in made:
        text = path.read_text(encoding="utf-8")
        kind = "edition" if path.name == "edition.yaml" else "part"
        assert text.startswith(f"{schema.MODELINE}../../.schema/{kind}.schema.json\n"), path.name
        assert text.count(schema.MODELINE) == 1, path.name
    assert run_briefgen("check", content_copy).returncode == 0
    for kind in ("edition", "part"):
        files = [p for p in made if (p.name == "edition.yaml") == (kind == "edition")]
        target = made[0].parent / "../../.schema" / schema.file_name(kind)
        assert validate(target, files) == {str(f): [] for f in files}


def test_a_file_without_its_modeline_is_still_valid(content_copy: Path):
    for path in content_files(content_copy):
        path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = run_briefgen("check", content_copy)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_check_warns_when_the_schemas_are_out_of_date(content_copy: Path):
    part = content_copy / schema.FOLDER / "part.schema.json"
    part.write_text(part.read_text(encoding="utf-8").replace("Its sections.", "Its sections!"), encoding="utf-8")
    (content_copy / schema.FOLDER / "charts.schema.json").unlink()
    result = run_briefgen("check", content_copy)
    assert result.returncode == 0
    assert "warning: the editors' schemas in" in result.stderr
    assert "out of date (charts.schema.json, part.schema.json)" in result.stderr
    assert "Run `briefgen schema" in result.stderr
    assert run_briefgen("check", content_copy, "--strict").returncode == 1
    assert run_briefgen("schema", content_copy).returncode == 0
    assert run_briefgen("check", content_copy, "--strict").returncode == 0
    shutil.rmtree(content_copy / schema.FOLDER)  # content that keeps no schemas is not asked to
    result = run_briefgen("check", content_copy, "--strict")
    assert result.returncode == 0 and "schemas" not in result.stderr


def test_schema_without_a_content_folder_is_a_usage_error(tmp_path: Path):
    result = run_briefgen("schema", tmp_path / "nowhere")
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()
