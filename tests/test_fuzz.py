"""A bounded property-based fuzz of the text fields: whatever an author types, `check` either refuses it
with located errors (exit 1) or passes it, and then `build` sets it, every piece verified in every PDF.

Never a traceback, never an internal error, never a build that fails after `check` passed. The examples are
derandomised so CI runs the same ones every time; raise BRIEFGEN_FUZZ_EXAMPLES to search longer, and set
BRIEFGEN_FUZZ_RANDOM to search elsewhere.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import cli
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "every_block"
EXAMPLES = int(os.environ.get("BRIEFGEN_FUZZ_EXAMPLES", "4"))
LOCATED = re.compile(r"^[^\s:][^:]*:\d+:\d+: ")

# Characters authors and attackers actually produce, beside arbitrary Unicode.
TRICKY = ("，。、；：？！“”‘’（）《》——……·%‰—–-  \u3000\u00a0\t\n\u2028\u200b\u202e\u00ad\ufeff\x07\x1c\x85"
          "*[](){}<>&#$\\'\"`~^|_=+/:;,.!?0123456789数字经济宁波ABCxyzéü𠀀😀")
TEXT = st.text(st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=("Cs",))), min_size=1, max_size=80)

# (file, the text as it stands in the fixture): the field the fuzz replaces.
FIELDS = {
    "paragraph zh": ("editions/01/part.yaml", "海曙区以翠柏里创新街区为龙头"),
    "paragraph en": ("editions/01/part.yaml", "takes the Cuibaili Innovation Block as its spearhead"),
    "section title": ("editions/01/part.yaml", "title: {zh: 增长, en: Growth}"),
    "list item": ("editions/01/part.yaml", "en: GDP grows by {gdp_growth_5y} a year"),
    "quotation": ("editions/01/part.yaml", "quote: {zh: 用心打造我市集成电路产业重要承载地"),
    "key-figure label": ("indicators.yaml", "label: {zh: 数字经济增加值, en: Value added of the digital economy}"),
    "chart title": ("charts.yaml", "title: {zh: 过去5年年均增速, en: Average annual growth over the past five years}"),
    "diagram item": ("charts.yaml", "{zh: 工业互联网、信创、人工智能、光模块, en: \"industrial internet, xinchuang, AI, optical modules\"}"),
    "glossary name": ("glossary.yaml", "en: Cuibaili Innovation Block"),
    "credit": ("sources.yaml", "names: [{zh: 殷聪, en: Yin Cong}]"),
}


def substitute(field: str, text: str) -> tuple[str, str]:
    """The fixture's line with its text replaced by the fuzzed text, written as a YAML double-quoted string."""
    quoted = json.dumps(text, ensure_ascii=False)
    old = FIELDS[field][1]
    new = {
        "paragraph zh": quoted[1:-1],
        "paragraph en": quoted[1:-1],
        "section title": f"title: {{zh: {quoted}, en: {quoted}}}",
        "list item": f"en: {quoted}",
        "quotation": f"quote: {{zh: {quoted}",
        "key-figure label": f"label: {{zh: {quoted}, en: {quoted}}}",
        "chart title": f"title: {{zh: {quoted}, en: {quoted}}}",
        "diagram item": f"{{zh: {quoted}, en: {quoted}}}",
        "glossary name": f"en: {quoted}",
        "credit": f"names: [{{zh: {quoted}, en: {quoted}}}]",
    }[field]
    return old, new


def invoke(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main([*args])
    return code, err.getvalue()


@pytest.mark.parametrize("field", FIELDS)
def test_any_text_is_refused_with_a_location_or_built(tmp_path_factory, field: str):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize="BRIEFGEN_FUZZ_RANDOM" not in os.environ, database=None,
              suppress_health_check=list(HealthCheck))
    @given(text=TEXT)
    def property(text: str) -> None:
        root = tmp_path_factory.mktemp("fuzz") / "content"
        shutil.copytree(FIXTURE, root)
        file, _ = FIELDS[field]
        old, new = substitute(field, text)
        path = root / file
        source = path.read_text(encoding="utf-8")
        assert old in source
        path.write_text(source.replace(old, new, 1), encoding="utf-8")
        code, err = invoke("check", str(root))
        assert code in (0, 1), err
        assert "Traceback" not in err
        if code == 1:
            problems = [line for line in err.splitlines() if line and "warning:" not in line
                        and not line.startswith("briefgen:")]
            assert problems and all(LOCATED.match(line) for line in problems), err
            return
        code, err = invoke("build", str(root), "--out", str(root.parent / "out"))
        assert code == 0, f"check passed {text!r}, build failed:\n{err}"

    property()
