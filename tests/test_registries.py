"""The extensible kinds are explicit tables: a chart kind is one module and one line in the registry."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from briefgen import charts
from briefgen.charts import KINDS
from briefgen.content.editions import BLOCK_KINDS, BLOCK_READERS
from briefgen.typeset.charts import render_svg
from briefgen.typeset.theme import DEFAULT


def test_every_chart_kind_reads_composes_and_is_drawn_or_set():
    assert list(KINDS) == ["bar", "grouped_bar", "line", "target_path", "diagram"]
    for name, kind in KINDS.items():
        assert kind.name == name and kind.shape.required and callable(kind.read) and callable(kind.compose)
        module = inspect.getmodule(kind.compose)
        assert module is inspect.getmodule(kind.read) and module.__name__ == f"briefgen.charts.{name}"
    assert [name for name, kind in KINDS.items() if kind.draw is None] == ["diagram"]  # set by the typesetter


def test_a_new_chart_kind_is_one_registry_entry(monkeypatch):
    """A toy kind, registered under a name of its own, is drawn through its own drawer."""
    from briefgen.document import Plot, PlotSeries

    drawn = []
    bar = KINDS["bar"]
    toy = dataclasses.replace(bar, name="toy", draw=lambda axes, plot, slot, look: drawn.append(plot.kind)
                              or bar.draw(axes, plot, slot, look))
    monkeypatch.setitem(KINDS, "toy", toy)
    plot = Plot("toy", "en", "A toy", ("a", "b"), (PlotSeries("", (1.0, 2.0), ("1", "2")),), "units")
    assert "<svg" in render_svg(plot, 300, 150, DEFAULT) and drawn == ["toy"]


def test_the_registry_is_the_only_list_of_chart_kinds():
    source = inspect.getsource(charts)
    assert source.count(".KIND,") == len(KINDS)


@pytest.mark.parametrize("kind", sorted(BLOCK_KINDS))
def test_every_block_kind_has_a_reader(kind):
    assert BLOCK_KINDS == tuple(BLOCK_READERS) == ("figures", "chart", "list", "quote", "names")
    assert callable(BLOCK_READERS[kind])
