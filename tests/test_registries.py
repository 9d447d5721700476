"""The extensible kinds are explicit tables that agree with one another: a kind in one stage is in all."""

from __future__ import annotations

from briefgen.content.charts import CHART_SPECS
from briefgen.content.editions import BLOCK_KINDS, BLOCK_READERS
from briefgen.model import CHART_KINDS
from briefgen.plots import COMPOSERS
from briefgen.typeset.charts import _DRAWERS


def test_every_chart_kind_is_read_composed_and_drawn():
    assert set(CHART_SPECS) == set(CHART_KINDS) == set(COMPOSERS)
    drawn_by_matplotlib = set(CHART_KINDS) - {"diagram"}  # a diagram is set by the typesetter itself
    assert set(_DRAWERS) == drawn_by_matplotlib


def test_every_block_kind_has_a_reader():
    assert BLOCK_KINDS == tuple(BLOCK_READERS) == ("figures", "chart", "list", "quote", "names")
    assert all(callable(read) for read in BLOCK_READERS.values())
