"""`briefgen schema`: JSON Schema (draft 2020-12) of every kind of content file, made from the declarations the
readers check the content against (content/shapes.py), for editors: the keys to complete, what each is for,
the closed sets to choose from, and the mistakes to flag while the author types.

The schemas live in the content folder (`.schema/`), and each content file names its own in its first line,
`# yaml-language-server: $schema=<path relative to the file>`, which the YAML extension of VS Code (and any
editor with yaml-language-server) reads. `check` warns when that folder is not what this briefgen writes.

A schema says what JSON can: keys, kinds of value, closed sets, lengths, the patterns of texts. `check` stays
the judge of the rest (that a key names an entry, that a figure's unit fits its chart, that a diagram fits a
page, what YAML 1.1 reads otherwise than editors' YAML 1.2, such as `yes`). A pattern refuses only what `check`
surely refuses; tests/test_schema.py holds the schemas and `check` to the same YAML paths. Only keywords the
YAML extension's validator also reads are used, so the schemas work in editors whose validator is still of
draft 7's time.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import snapshot
from .content import shapes
from .content.inline import LINK_SCHEMES
from .content.limits import LIMITS
from .content.nodes import BIDI_CONTROLS, INVISIBLE, LIGATURES, MARKUP
from .content.shapes import Shape
from .languages import content_langs

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = ".schema"  # in the content folder, beside the files it describes
MODELINE = "# yaml-language-server: $schema="
TABLES = {kind.name: f"{kind.name}.yaml" for kind in shapes.FILES if isinstance(kind.root, shapes.Entries)}

# What a text may not hold (nodes.YamlFile.string): characters that would not print, or would reorder a line.
CONTROLS = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f"
HIDDEN = CONTROLS + "".join(f"\\u{ord(c):04x}" for c in sorted(BIDI_CONTROLS | INVISIBLE | LIGATURES))
# Markup a paragraph may not hold (inline.parse_inline), where a pattern can tell it for sure: a placeholder
# with no key, a link with no words or to another scheme than http, https or mailto.
EMPTY_PLACEHOLDER = r"\{\s*(?:(?:fig|sec):\s*)?\}"
BAD_LINK = r"\[\]\(|\[[^\[\]()]*\]\((?!" + "|".join(re.escape(s) for s in LINK_SCHEMES) + r")[^)\s]*\)"
STRINGS = {  # the kinds of text: what they refuse, and what an editor says when a text is refused
    "plain": ((), "Write the text in printable characters: no invisible, control or text-direction characters."),
    "words": ((MARKUP.pattern,), "Write the words themselves: placeholders {…}, ** and links work only in "
              "paragraphs, list items and quotations; and no invisible or text-direction characters."),
    "rich": ((EMPTY_PLACEHOLDER, BAD_LINK), "A placeholder names a key ({dv_value_added}, {fig:dv_path}, "
             "{sec:targets_2027}); a link has words and an http, https or mailto address ([Ningbo](https://…)); "
             "and no invisible or text-direction characters."),
}


def documents() -> dict[str, str]:
    """Each schema file's name and text, as `briefgen schema` writes it (made once a process for the registries
    as they are: a watch's check compares them with the content's after every edit)."""
    from .charts import KINDS
    from .typeset.theme import THEMES

    return _documents(tuple(KINDS.items()), tuple(THEMES.items()), content_langs())


@functools.lru_cache(maxsize=4)
def _documents(kinds: tuple, themes: tuple, langs: tuple[str, ...]) -> dict[str, str]:
    return {file_name(kind.name): json.dumps(_Schemas().document(kind), ensure_ascii=False, indent=2) + "\n"
            for kind in shapes.FILES}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def write(folder: Path) -> list[Path]:
    """Write every schema into folder (created if missing), each file replaced whole; the paths written."""
    from .output import write_file

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in documents().items():
        write_file(folder / name, text.encode())
        written.append(folder / name)
    return written


def out_of_date(content_dir: Path) -> list[str]:
    """The schema files of content_dir/.schema that are missing or not what this briefgen writes; nothing when
    the content keeps no schemas."""
    folder = Path(content_dir) / FOLDER
    if not folder.is_dir():
        return []
    stale = []
    for name, text in documents().items():
        try:
            current = snapshot.read_bytes(folder / name).decode("utf-8") == text
        except (OSError, UnicodeDecodeError):
            current = False
        if not current:
            stale.append(name)
    return stale


def kind_of(path: Path, content_dir: Path) -> str | None:
    """Which schema a content file takes: a table's, an edition's or a part's (None: no content file)."""
    relative = Path(os.path.relpath(path, content_dir)).parts
    if len(relative) == 1:
        return next((kind for kind, name in TABLES.items() if name == relative[0]), None)
    if len(relative) == 3 and relative[0] == "editions" and relative[2].endswith((".yaml", ".yml")):
        return "edition" if relative[2] == "edition.yaml" else "part"
    return None


def modeline(kind: str, path: Path, content_dir: Path) -> str:
    """The first line that points the file at its schema, relative to the file, as the editor resolves it."""
    target = Path(os.path.relpath(Path(content_dir) / FOLDER / file_name(kind), Path(path).parent))
    return MODELINE + target.as_posix()


def with_modeline(text: str, line: str) -> str:
    """text with line as its first line: in place of a modeline already there, else added above the rest."""
    first, newline, rest = text.partition("\n")
    if first.startswith(MODELINE):
        return line + newline + rest
    return f"{line}\n{text}"


class _Schemas:
    """One schema document: each shape defined once in its $defs, referred to wherever it is used."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.owners: dict[str, object] = {}  # what each definition stands for

    def document(self, kind: shapes.FileKind) -> dict[str, Any]:
        root = self.mapping(kind.root) if isinstance(kind.root, Shape) else self.value(kind.root)
        head = {"$schema": DIALECT, "title": f"briefgen: {kind.name}", "description": kind.about}
        return {**head, **{k: v for k, v in root.items() if k not in head}, "$defs": self.defs}

    def value(self, value: shapes.Value) -> dict[str, Any]:
        """The schema of a value, by its kind (VALUES)."""
        return VALUES[type(value)](self, value)

    def shape(self, shape: Shape) -> dict[str, Any]:
        return self.ref(shape.name, shape, lambda: {"title": shape.name.replace("_", " "), **self.mapping(shape)})

    def name(self, name: shapes.Name) -> dict[str, Any]:
        """A glossary key, or a text."""
        return {"if": {"type": "string"}, "then": _key(shapes.Ref("glossary term")),
                "else": self.text(shapes.Text(name.limit))}

    def listing(self, listed: shapes.ListOf) -> dict[str, Any]:
        bounds = {"minItems": listed.at_least, **({"maxItems": listed.at_most} if listed.at_most else {})}
        return {"type": "array", "items": self.value(listed.item), **bounds}

    def switch(self, switch: shapes.Switch) -> dict[str, Any]:
        return {"type": "object", "if": {"required": [switch.key]}, "then": self.value(switch.present),
                "else": self.value(switch.absent)}

    def ref(self, name: str, owner: object, define: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A reference to $defs/name, defined on first use; one name, one thing."""
        if name not in self.defs:
            self.owners[name] = owner
            self.defs[name] = {}  # taken before it is made: a definition may refer to itself
            self.defs[name] = define()
        assert self.owners[name] == owner, f"two definitions named {name}"
        return {"$ref": f"#/$defs/{name}"}

    def mapping(self, shape: Shape, languages: dict[str, Any] | None = None) -> dict[str, Any]:
        """An object of exactly the shape's keys; `languages`, when given, the schema of its language keys."""
        properties = {}
        if shape.languages:
            for lang in content_langs():
                properties[lang] = {**(languages or self.value(shape.languages.value)), **_about(shape.languages, lang)}
        for key, field in shape.fields.items():
            properties[key] = {**self.value(field.value), **_about(field)}
        schema: dict[str, Any] = {"type": "object", "description": shape.about, "properties": properties,
                                  "additionalProperties": False}
        if shape.required:
            schema["required"] = list(shape.required)
        if shape.not_empty:
            schema["minProperties"] = 1
        rules = [*map(_exactly_one, shape.one_of), *(_apart(a, b) for a, b in shape.apart)]
        return {**schema, "allOf": rules} if rules else schema

    def text(self, text: shapes.Text) -> dict[str, Any]:
        """{zh, en} (TEXT's keys), each a string of the text's kind."""
        flavour = "rich" if text.markup else "words"
        string = self.string(flavour, text.limit)
        title = "paragraph {zh, en}" if text.markup else "text {zh, en}"
        return self.ref(f"{flavour}_text_{text.limit}", text,
                        lambda: {"title": title, **self.mapping(shapes.TEXT, string)})

    def string(self, flavour: str, limit: int) -> dict[str, Any]:
        refused, message = STRINGS[flavour]
        ahead = "".join(rf"(?![\s\S]*(?:{pattern}))" for pattern in refused)
        return self.ref(f"{flavour}_{limit}", (flavour, limit), lambda: {
            "type": "string", "minLength": 1, "maxLength": limit,
            "pattern": rf"^(?=[\s\S]*\S){ahead}[^{HIDDEN}]*$", "patternErrorMessage": message})

    def chart(self) -> dict[str, Any]:
        """A chart of a known `type:` has that kind's keys; otherwise, those of every chart (as the reader)."""
        from .charts import KINDS

        kinds = [{"if": {"properties": {"type": {"const": name}}},
                  "then": self.value(shapes.chart_shape(kind.shape))} for name, kind in KINDS.items()]
        return {"title": "chart", "type": "object",
                "if": {"required": ["type"], "properties": {"type": {"enum": list(KINDS)}}},
                "then": {"allOf": kinds}, "else": self.value(shapes.CHART)}

    def block(self) -> dict[str, Any]:
        """A paragraph `{zh, en}` or a block named by its key; every key listed, for an editor to offer."""
        langs, paragraph = content_langs(), shapes.TEXT.languages
        assert paragraph is not None  # a text has a key per language
        offered = {lang: _about(paragraph, lang) for lang in langs}
        offered["parity"] = _about(shapes.TEXT.fields["parity"])
        for name, shape in shapes.BLOCKS.items():
            offered.update({key: {"description": f"{shape.about} {field.about}"} if key == name else _about(field)
                            for key, field in shape.fields.items()})
        kinds = [{"if": {"anyOf": [{"required": [lang]} for lang in langs]},
                  "then": self.text(shapes.Text(markup=True))}]
        kinds += [{"if": {"required": [name]}, "then": self.value(shape)} for name, shape in shapes.BLOCKS.items()]
        return {"title": "block", "type": "object", "description": "A paragraph {zh, en}, or a block: "
                f"{', '.join(shapes.BLOCKS)}.", "properties": offered, "additionalProperties": False,
                "minProperties": 1, "anyOf": [{"required": [key]} for key in (*langs, *shapes.BLOCKS)],
                "allOf": kinds}


def _number(_: shapes.Number) -> dict[str, Any]:
    largest = int(LIMITS.largest_number)
    return {"type": "number", "exclusiveMinimum": -largest, "exclusiveMaximum": largest}


def _chart_kinds(_: shapes.ChartKind) -> dict[str, Any]:
    from .charts import KINDS

    return _enum(tuple(KINDS), tuple(kind.shape.about for kind in KINDS.values()))


def _themes(_: shapes.Theme) -> dict[str, Any]:
    from .typeset.theme import THEMES

    return _enum(tuple(THEMES), tuple(theme.description for theme in THEMES.values()))


def _key(ref: shapes.Ref) -> dict[str, Any]:
    return {"type": "string", "pattern": r"\S", "description": f"The key of {_a(ref.table)}."}


VALUES: dict[type, Callable[[_Schemas, Any], dict[str, Any]]] = {  # each kind of value of content/shapes.py
    Shape: _Schemas.shape,
    shapes.Text: _Schemas.text,
    shapes.Plain: lambda s, plain: s.string("words" if plain.unmarked else "plain", plain.limit),
    shapes.Number: lambda s, number: _number(number),
    shapes.Integer: lambda s, integer: {"type": "integer", "minimum": integer.low, "maximum": integer.high},
    shapes.Date: lambda s, date: {"type": "string", "format": "date"},
    shapes.Choice: lambda s, choice: _enum(choice.options, choice.notes),
    shapes.ChartKind: lambda s, kind: _chart_kinds(kind),
    shapes.Theme: lambda s, theme: _themes(theme),
    shapes.Ref: lambda s, ref: _key(ref),
    shapes.Name: _Schemas.name,
    shapes.ListOf: _Schemas.listing,
    shapes.Entries: lambda s, entries: {"type": "object", "additionalProperties": s.value(entries.entry)},
    shapes.Switch: _Schemas.switch,
    shapes.ChartSpec: lambda s, spec: s.ref("chart_spec", spec, s.chart),
    shapes.Block: lambda s, block: s.ref("block", block, s.block),
}


def _about(field: shapes.Field, lang: str | None = None) -> dict[str, Any]:
    example = field.example.get(lang) if lang and isinstance(field.example, dict) else field.example
    return {"description": field.about, **({"examples": [example]} if example is not None else {})}


def _enum(options: tuple[str, ...], notes: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"enum": list(options), **({"enumDescriptions": list(notes)} if notes else {})}


def _exactly_one(keys: tuple[str, ...]) -> dict[str, Any]:
    """One of keys and no more. Two given: the mapping is refused as a whole, where check names it, with the
    message an editor shows (an object is never null); none: an editor proposes them."""
    message = f"Give one of {' or '.join(f'`{key}:`' for key in keys)}, not two."
    pairs = [{"required": [a, b]} for i, a in enumerate(keys) for b in keys[i + 1:]]
    return {"anyOf": [{"required": [key]} for key in keys],
            "if": {"anyOf": pairs}, "then": {"type": "null", "errorMessage": message}}


def _apart(key: str, other: str) -> dict[str, Any]:
    """`other` refused where it is written, when `key` is given (by no value at all: a validator then names the
    key, and an editor gives the message)."""
    message = f"`{other}` does not go with `{key}`: remove one."
    return {"if": {"required": [key]}, "then": {"properties": {other: {"enum": [], "errorMessage": message}}}}


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun
