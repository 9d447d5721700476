"""What a chart kind is (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..content.charts import ChartsReader
    from ..content.nodes import YamlFile
    from ..content.shapes import Shape
    from ..document import Diagram, Plot
    from ..model import Chart
    from ..plots import PlotComposer
    from ..typeset.theme import Theme


@dataclass(frozen=True)
class Kind:
    name: str
    shape: Shape  # the keys a spec of the kind has besides `type`, `title` and `alt` (content/shapes.py)
    read: Callable[[ChartsReader, YamlFile, str, dict[str, Node]], dict[str, Any] | None]
    compose: Callable[[PlotComposer, Chart], Plot | Diagram]
    draw: Callable[[Any, Plot, float, Theme], None] | None  # (matplotlib axes, plot, pt per category, theme)
