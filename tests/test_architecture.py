"""The seams of the pipeline, held by reading the source: what each stage may import, and where languages
are named."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "briefgen"
MODULES = sorted(SRC.rglob("*.py"))
LANGUAGE_NAMES = {"zh", "en", "bilingual", "zh-Hans", "zh-Hant", "zh-CN"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module path imported, relative imports resolved."""
    tree, package = ast.parse(path.read_text(encoding="utf-8")), module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_reportlab_lives_in_one_package_of_at_most_three_modules():
    users = sorted(module_name(p) for p in MODULES if any(m.split(".")[0] == "reportlab" for m in imports(p)))
    assert users and all(u.startswith("briefgen.pdf.") for u in users), users
    assert len(users) <= 3


@pytest.mark.parametrize("stage, forbidden", [
    ("briefgen.typeset", ("yaml", "briefgen.content", "briefgen.model")),  # the typesetter knows no YAML
    ("briefgen.pdf", ("yaml", "briefgen.content", "briefgen.model", "briefgen.compose", "briefgen.document")),
    ("briefgen.compose", ("briefgen.typeset", "briefgen.pdf", "yaml")),  # the composer never sees a page
    ("briefgen.content", ("briefgen.typeset", "briefgen.pdf", "briefgen.compose")),  # asked via Capacity only
])
def test_a_stage_imports_nothing_of_the_stages_it_must_not_know(stage, forbidden):
    for path in MODULES:
        if module_name(path) == stage or module_name(path).startswith(stage + "."):
            bad = {m for m in imports(path) for f in forbidden if m == f or m.startswith(f + ".")}
            assert not bad, (module_name(path), sorted(bad))


def test_no_language_is_compared_by_name_outside_the_profiles():
    """A language is a profile (languages.py); code elsewhere asks it, never tests `lang == "zh"`."""
    found = []
    for path in MODULES:
        if path.name == "languages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            operands = [node.left, *node.comparators] if isinstance(node, ast.Compare) else \
                [node.pattern] if isinstance(node, ast.match_case) else []
            for operand in operands:
                values = [operand.value] if isinstance(operand, ast.Constant) else \
                    [e.value for e in getattr(operand, "elts", []) if isinstance(e, ast.Constant)]
                if isinstance(operand, ast.MatchValue) and isinstance(operand.value, ast.Constant):
                    values = [operand.value.value]
                if any(v in LANGUAGE_NAMES for v in values if isinstance(v, str)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_the_guard_sees_a_comparison(tmp_path: Path):
    """The language guard is not blind: the same walk finds one in a snippet written for it."""
    tree = ast.parse('if lang == "zh":\n    pass\nmatch lang:\n    case "en":\n        pass\n')
    compared = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)
                and any(isinstance(c, ast.Constant) and c.value in LANGUAGE_NAMES for c in n.comparators)]
    cases = [n for n in ast.walk(tree) if isinstance(n, ast.MatchValue) and n.value.value in LANGUAGE_NAMES]
    assert len(compared) == 1 and len(cases) == 1
