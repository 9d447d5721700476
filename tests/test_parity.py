"""Chinese–English parity in `briefgen check`: placeholders, numbers, glossary names, the escape hatch."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from briefgen.content import load_library
from briefgen.content.parity import en_numbers, spelt_out, zh_numbers
from conftest import CONTENT, replace_line, run_briefgen

GOALS = "editions/01/goals.yaml"
ENTERPRISES = "editions/01/enterprises.yaml"


def test_shipped_content_has_no_parity_findings():
    _, diagnostics = load_library(CONTENT)  # raises on any error, parity findings included
    assert [d for d in diagnostics if not d.path.endswith(".check")] == []  # only the 235 % claim warning


# -- reading numbers: the formats the two languages use for one figure ---------------------------

def values(found) -> list[Decimal]:
    return sorted(value for value, _, _ in found)


@pytest.mark.parametrize("zh, en", [
    ("建设10个国家级企业技术中心", "build 10 national-level centres"),
    ("四条工作原则", "four working principles"),
    ("“一城四高地”", "“One City, Four Highlands”"),
    ("打造4个百亿级优势产业集群", "four clusters at the 10-billion-yuan level"),
    ("达到1.5万亿元", "reach 1.5 trillion"),
    ("8000亿元", "800 billion"),
    ("1500亿", "150,000,000,000"),
    ("过去5年", "the past five years"),
    ("第五家科创板上市企业", "the fifth company listed"),
    ("党的二十大", "the 20th CPC National Congress"),
    ("全球前二十位", "the top 20 in the world"),
    ("万亿级汽车产业集群", "the trillion-yuan-level automotive cluster"),
    ("到2027年", "by 2027"),
])
def test_one_figure_in_both_languages_reads_the_same(zh: str, en: str):
    assert values(zh_numbers(zh)) == values(en_numbers(en)) != []


@pytest.mark.parametrize("zh, en", [
    ("千里奔涌、万壑归流", "surge for a thousand li and of ten thousand valleys"),  # idiom, not figures
    ("一日千里", "by leaps and bounds"),
    ("一体发力，打造一批标志性成果，十分明显", "integrated efforts, a number of landmark results, very clear"),
    ("汽车及零部件", "vehicles and components"),
    ("“一号发展工程”", "the “No. 1 Development Project”"),  # 1 is compared on neither side
])
def test_idioms_and_one_are_not_figures(zh: str, en: str):
    assert values(zh_numbers(zh)) == values(en_numbers(en)) == []


def test_placeholders_are_not_literals():
    assert values(zh_numbers("达到{dv_target_2027}（见{fig:dv_path}）")) == []
    assert values(en_numbers("reach {dv_target_2027} (see {fig:dv_path})")) == []


def test_english_number_style_rule():
    assert spelt_out(4, opens_sentence=False) and spelt_out(9, opens_sentence=False)
    assert not spelt_out(10, opens_sentence=False) and spelt_out(10, opens_sentence=True)
    assert values(en_numbers("it will build ten centres")) == []  # mid-sentence: the rule wants “10”
    assert values(en_numbers("Ten centres were built.")) == [10]


# -- `briefgen check` on broken copies ---------------------------------------------------------

def located(stderr: str, path: Path, line: int, column: int) -> str:
    """The one reported line that starts at file:line:column."""
    found = [text for text in stderr.splitlines() if text.startswith(f"{path}:{line}:{column}: ")]
    assert len(found) == 1, stderr
    return found[0]


def column_of(path: Path, line: int, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1


def first_text_column(path: Path, line: int) -> int:
    source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return len(source) - len(source.lstrip()) + 1


def check_fails(content: Path) -> str:
    result = run_briefgen("check", content)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_placeholder_removed_on_one_side(content_copy: Path):
    goals = content_copy / GOALS
    line = replace_line(goals, "；见{fig:dv_path}）", "）")
    report = located(check_fails(content_copy), goals, line, first_text_column(goals, line))
    assert ".zh: {fig:dv_path} is in en but not in zh." in report
    assert "Write the same placeholders" in report


def test_year_changed_on_one_side(content_copy: Path):
    goals = content_copy / GOALS
    line = replace_line(goals, "按照行动方案，到2027年", "按照行动方案，到2028年")
    err = check_fails(content_copy)
    report = located(err, goals, line, column_of(goals, line, "2028"))
    assert ".zh: the numbers differ: zh has '2028' that en has not; en has '2027' (at " in report
    assert "1 error in the content" in err


def test_count_changed_in_english_only(content_copy: Path):
    districts = content_copy / "editions/01/districts.yaml"
    line = replace_line(districts, "10 national-level enterprise", "12 national-level enterprise")
    err = check_fails(content_copy)
    assert f"en has '12' (at {line}:{column_of(districts, line, '12 national')}) that zh has not" in err


def test_pinyin_instead_of_the_official_english_name(content_copy: Path):
    enterprises = content_copy / ENTERPRISES
    line = replace_line(enterprises, "Konfoong Materials", "Jiangfeng Electronic Materials")
    err = check_fails(content_copy)
    report = located(err, enterprises, line, column_of(enterprises, line, "Jiangfeng"))
    assert ("'Jiangfeng' is a pinyin form of 江丰电子, whose official English is "
            "'Konfoong Materials International'.") in report
    assert "1 error in the content" in err  # not also “en lacks the name”: one mistake, one error


def test_glossary_name_missing_from_the_english(content_copy: Path):
    enterprises = content_copy / ENTERPRISES
    text = enterprises.read_text(encoding="utf-8")
    assert text.count("Risen Energy") == 1
    enterprises.write_text(text.replace("Risen Energy", "Rising Sun"), encoding="utf-8")
    err = check_fails(content_copy)
    assert "en: zh names 东方日升 (risen), but en writes no 'Risen Energy'." in err


# -- the escape hatch --------------------------------------------------------------------------

def add_hatch(path: Path, anchor: str, hatch: str) -> int:
    """Give the paragraph whose Chinese line holds anchor a `parity:` key; return the hatch's line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if anchor in line)
    indent = lines[index - 1][:len(lines[index - 1]) - len(lines[index - 1].lstrip())]  # of `- zh: >-`
    lines.insert(index + 1, f"{indent}  parity: {hatch}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2


def test_escape_hatch_silences_exactly_its_rule(content_copy: Path):
    goals = content_copy / GOALS
    anchor = "编者注：从过去5年末的"
    replace_line(goals, anchor, anchor.replace("5年", "6年"))
    line = replace_line(goals, "；见{fig:dv_path}）", "）")
    add_hatch(goals, "编者注：从过去6年末的", '{ignore: [numbers], reason: "a test of the exception"}')
    err = check_fails(content_copy)
    assert "the numbers differ" not in err
    assert located(err, goals, line, first_text_column(goals, line)).endswith(
        "{fig:dv_path} is in en but not in zh. Write the same placeholders and links in both languages "
        "(order may differ).")
    assert "1 error in the content" in err


def test_escape_hatch_alone_makes_the_check_pass(content_copy: Path):
    goals = content_copy / GOALS
    replace_line(goals, "按照行动方案，到2027年", "按照行动方案，到2028年")
    add_hatch(goals, "按照行动方案，到2028年", '{ignore: [numbers], reason: "a test of the exception"}')
    result = run_briefgen("check", content_copy)
    assert result.returncode == 0, result.stderr


def test_escape_hatch_needs_a_reason_and_known_rules(content_copy: Path):
    goals = content_copy / GOALS
    replace_line(goals, "按照行动方案，到2027年", "按照行动方案，到2028年")
    line = add_hatch(goals, "按照行动方案，到2028年", "{ignore: [number]}")
    err = check_fails(content_copy)
    hatch = located(err, goals, line, column_of(goals, line, "{ignore"))
    assert "parity: missing 'reason'. Add `reason:` here." in hatch
    assert "Did you mean 'numbers'?" in err
    assert "the numbers differ" in err  # no valid exception, so nothing is silenced


def test_escape_hatch_must_answer_a_real_difference(content_copy: Path):
    goals = content_copy / GOALS
    line = add_hatch(goals, "按照行动方案，到2027年", '{ignore: [glossary], reason: "nothing to excuse"}')
    err = check_fails(content_copy)
    assert "'glossary' is ignored here, but zh and en agree on it" in located(
        err, goals, line, column_of(goals, line, "{ignore"))
