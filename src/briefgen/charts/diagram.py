"""A diagram: `groups:` of items without numbers (districts and their focus areas), set by the typesetter
itself as columns of boxes, so that its text is set like the body's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..content.limits import LIMITS
from ..content.nodes import join
from ..document import Diagram, DiagramGroup
from .kind import Kind

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..content.charts import ChartsReader
    from ..content.nodes import YamlFile
    from ..model import Chart
    from ..plots import PlotComposer


def read(reader: ChartsReader, f: YamlFile, key: str, fields: dict[str, Node]) -> dict[str, Any] | None:
    groups = reader._list(f, fields["groups"], join(key, "groups"), lambda f, n, p: reader.group(f, n, p, "items"),
                          at_most=LIMITS.diagram_groups)
    if groups and reader.capacity and not reader.diagram_fits(f, fields["groups"], join(key, "groups"), groups):
        return None
    return {"groups": groups} if groups else None


def compose(composer: PlotComposer, chart: Chart) -> Diagram:
    lang = composer.lang
    groups = tuple(DiagramGroup(g.label[lang], tuple(item[lang] for item in g.items)) for g in chart.groups)
    return Diagram(lang, chart.title[lang], groups)


KIND = Kind("diagram", ("groups",), read, compose, None)
