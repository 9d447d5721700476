"""Published editions: the fingerprint of what an edition prints, and the record that freezes it.

An edition prints the values of its own files (edition.yaml and its parts) and of the entries they refer
to, directly or through others: glossary terms, sources, indicators (the vintage its date picks, and the
figures a derived one is computed from) and charts. Its fingerprint is a hash of each *unit* of those,
the pieces an author edits one at a time: a top-level field of edition.yaml, a part's title, a section's
title or id, one block of a section's body, one field of a table entry, the value an indicator gives the
edition. `briefgen publish` writes the fingerprint, with the typesetter's identity and the sha256 of each
PDF, to `published.json` beside edition.yaml; from then on a change to any unit is an error at the line of
the change, and `build` must reproduce the recorded bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import Publication
from ..options import FOLIOS, LAYOUTS, STANDARDS
from .nodes import DECIMAL, YamlFile, as_read, join

LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z
RECORD = "published.json"
FORMAT = 1
# What the brief never prints, so that editing it never touches a published edition: notes for the editors,
# how sure a name's English is, a term's kind, why a claim's disagreement is expected, parity exceptions.
NOT_PRINTED = {"glossary term": {"note", "en_name", "kind"}, "indicator": {"note", "expected"}}
NEVER_PRINTED = {"parity"}
EDITION_NOT_PRINTED = {"as_of"}


@dataclass(frozen=True)
class Unit:
    digest: str
    file: YamlFile
    node: Node
    path: str


def fingerprint(root: Path, files: list[YamlFile], uses: list[tuple[str, str]], entry_nodes: dict,
                entry_uses: dict, vintage_of: dict[str, int], vintage_uses: dict) -> dict[str, Unit]:
    """The units an edition prints, named by file (relative to the content folder) and YAML path. files:
    its edition.yaml then its part files; uses: what they refer to; vintage_of: for each indicator with
    `values:`, the index of the vintage the edition's date picks; vintage_uses: what those vintages refer
    to (a revision's own source)."""
    top, relative = root.resolve(), {}  # each file's path, resolved once

    def name(f: YamlFile, path: str) -> str:
        if f.path not in relative:
            relative[f.path] = f.path.resolve().relative_to(top).as_posix()
        return f"{relative[f.path]}#{path}"

    units: dict[str, Unit] = {}
    edition, *parts = files
    for key, node in _fields(edition.root):
        if key not in EDITION_NOT_PRINTED:  # what it selects is hashed where it is printed (the values)
            units[name(edition, key)] = _unit(edition, node, key)
    for part in parts:
        for path, node in _part_units(part.root):
            units[name(part, path)] = _unit(part, node, path)
    both = {k: [*entry_uses.get(k, []), *vintage_uses.get(k, [])] for k in {*entry_uses, *vintage_uses}}
    for namespace, key in _closure(uses, both):
        if (namespace, key) not in entry_nodes:
            continue
        f, entry = entry_nodes[namespace, key]
        skipped = NOT_PRINTED.get(namespace, set()) | NEVER_PRINTED
        for field, node in _fields(entry):
            if field in skipped:
                continue
            if field == "values" and isinstance(node, SequenceNode):
                if key in vintage_of:  # the vintage it prints, as `value:` would be: its as_of is not printed
                    path = join(join(key, "values"), vintage_of[key])
                    for part_key, part_node in _fields(node.value[vintage_of[key]]):
                        if part_key not in skipped and part_key != "as_of":
                            suffix = "" if part_key == "value" else f".{part_key}"
                            units[name(f, f"{key}.value{suffix}")] = _unit(f, part_node, join(path, part_key))
                continue
            for path, leaf in _leaves(node, join(key, field)):  # to the value: a change is shown at its line
                if not skipped & set(_path_keys(path)[1:]):
                    units[name(f, path)] = _unit(f, leaf, path)
    return units


def _path_keys(path: str) -> list[str]:
    """The mapping keys along a YAML path: 'a.check.expected' → ['a', 'check', 'expected']."""
    return [part.split("[")[0] for part in path.split(".")]


def _leaves(node: Node, path: str) -> Iterator[tuple[str, Node]]:
    """Every value under node with its YAML path (an empty list or mapping counts as a value)."""
    children = [(join(path, str(k.value)), v) for k, v in node.value] if isinstance(node, MappingNode) else \
        [(join(path, i), v) for i, v in enumerate(node.value)] if isinstance(node, SequenceNode) else []
    if not children:
        yield path, node
    for child_path, child in children:
        yield from _leaves(child, child_path)


def _closure(uses: list[tuple[str, str]], entry_uses: dict[tuple[str, str], list[tuple[str, str]]]
             ) -> list[tuple[str, str]]:
    """Every entry reached from uses, following what each entry refers to, each once, in order."""
    seen: dict[tuple[str, str], None] = {}
    stack = list(reversed(uses))
    while stack:
        use = stack.pop()
        if use not in seen:
            seen[use] = None
            stack += reversed(entry_uses.get(use, []))
    return list(seen)


def _fields(node: Node | None) -> Iterator[tuple[str, Node]]:
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            yield str(key_node.value), value


def _part_units(root: Node | None) -> Iterator[tuple[str, Node]]:
    for field, node in _fields(root):
        if field == "sections" and isinstance(node, SequenceNode):
            for s, section in enumerate(node.value):
                for key, value in _fields(section):
                    if key == "body" and isinstance(value, SequenceNode):
                        for b, block in enumerate(value.value):
                            yield f"sections[{s}].body[{b}]", block
                    else:
                        yield f"sections[{s}].{key}", value
        elif field == "intro" and isinstance(node, SequenceNode):
            for i, block in enumerate(node.value):
                yield f"intro[{i}]", block
        else:
            yield field, node


def _unit(f: YamlFile, node: Node, path: str) -> Unit:
    data = json.dumps(_plain(node), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Unit(hashlib.sha256(data.encode("utf-8")).hexdigest()[:20], f, node, path)


def _plain(node: Node):
    """The node as the reader takes it: values folded as the typesetter sets them, key order irrelevant."""
    if isinstance(node, ScalarNode):
        kind = node.tag.rsplit(":", 1)[-1]
        if kind in ("int", "float") and DECIMAL.match(node.value):  # 7.5, 7.50 and +7.5 print alike
            return ["number", str(Decimal(node.value).normalize())]
        return [kind, as_read(node)]
    if isinstance(node, SequenceNode):
        return [_plain(item) for item in node.value]
    return {str(k.value): _plain(v) for k, v in node.value if str(k.value) not in NEVER_PRINTED}


# -- the record ----------------------------------------------------------------------------------------------


def record(edition: str, published_on: datetime.date, units: dict[str, str], identity: dict[str, str],
           options: dict[str, str], epoch: int, pdfs: dict[str, dict]) -> bytes:
    """published.json: small, readable, one unit a line."""
    data = {"format": FORMAT, "edition": edition, "published": published_on.isoformat(), **identity,
            "options": options, "source_date_epoch": epoch, "pdfs": pdfs, "units": units}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def read(path: Path, shown: str) -> tuple[Publication | None, dict[str, str], str | None]:
    """(publication, units, problem): the record of an edition, or what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        options = {k: str(data["options"][k]) for k in ("layout", "folio")}
        # a record from before the PDFs were finished to a standard: rebuilt as reportlab wrote them then
        options["standard"] = str(data["options"].get("standard", ""))
        epoch = data["source_date_epoch"]
        pdfs = {str(name): {**pdf, "sha256": str(pdf["sha256"])} for name, pdf in data["pdfs"].items()}
        if options["layout"] not in LAYOUTS or options["folio"] not in FOLIOS or not isinstance(epoch, int) \
                or options["standard"] not in ("", *STANDARDS) \
                or not 0 <= epoch <= LATEST_EPOCH or not pdfs:
            raise ValueError("a value out of range")
        publication = Publication(datetime.date.fromisoformat(data["published"]), options, epoch, pdfs,
                                  {k: str(data[k]) for k in ("briefgen", "fonts")})
        units = {str(k): str(v) for k, v in data["units"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
        return None, {}, f"{shown}: the record of publication cannot be read ({type(err).__name__})"
    return publication, units, None


def changes(recorded: dict[str, str], units: dict[str, Unit]) -> Iterator[tuple[str, Unit | None]]:
    """(unit name, its current unit or None when it is gone) for every unit that is not as recorded."""
    for name, digest in recorded.items():
        now = units.get(name)
        if now is None or now.digest != digest:
            yield name, now
    for name, now in units.items():
        if name not in recorded:
            yield name, now
