"""A diagram: `groups:` of items without numbers (districts and their focus areas), set by the typesetter
itself as a table — a row a group, its name and its items; `columns:` gives the header row — so that its
text is set like the body's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import codes
from ..content.limits import LIMITS
from ..content.paths import join
from ..content.shapes import GROUPS, Field, ListOf, Name, Shape
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
    columns: tuple = ()
    if "columns" in fields:
        read_columns = reader._list(f, fields["columns"], join(key, "columns"),
                                    lambda f, n, p: reader._title(f, n, p, LIMITS.chart_label), at_most=2)
        if read_columns is None:
            return None
        if len(read_columns) != 2:
            f.error(codes.COLUMN_HEADS,
                    fields["columns"], join(key, "columns"), f"{len(read_columns)} column heads for a table of two",
                    "Give two: the head of the groups' column and the head of the items' column.")
            return None
        columns = tuple(read_columns)
    return {"groups": groups, "columns": columns} if groups else None


def compose(composer: PlotComposer, chart: Chart) -> Diagram:
    lang = composer.lang
    groups = tuple(DiagramGroup(g.label[lang], tuple(item[lang] for item in g.items)) for g in chart.groups)
    return Diagram(lang, chart.title[lang], groups, tuple(c[lang] for c in chart.columns))


SHAPE = Shape("diagram", "Named items without numbers, set as a table: a row a group, its name and its items.", {
    "groups": Field(ListOf(GROUPS["items"], at_most=LIMITS.diagram_groups), "The rows: each a label and its items.",
                    example=[{"label": "haishu", "items": [{"zh": "以翠柏里创新街区为龙头，建设10个国家级企业技术中心",
                                                             "en": "10 national-level enterprise technology "
                                                                   "centers, led by the Cuibaili Innovation Block"}]}]),
    "columns": Field(ListOf(Name(LIMITS.chart_label), at_least=2, at_most=2), "The table's header row: the head of "
                     "the groups' column and of the items' column.", required=False,
                     example=[{"zh": "地区", "en": "Area"}, {"zh": "发力方向", "en": "Focus"}]),
})

KIND = Kind("diagram", SHAPE, read, compose, None)
