"""The authors' inline markup: **bold**, [label](url), {indicator}, {fig:chart} and {sec:section}."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import codes
from ..codes import Code
from ..model import (
    ChartMention,
    InlineNode,
    Link,
    SectionMention,
    Str,
    Strong,
    ValueRef,
)

TOKEN = re.compile(r"\*\*|\[|\]\(([^)\s]*)\)|\{([^{}]*)\}")
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class MarkupProblem:
    code: Code
    offset: int  # index in the source string
    message: str
    fix: str


@dataclass
class _Open:
    kind: str  # "**" or "["
    offset: int
    children: list[InlineNode]


def parse_inline(source: str) -> tuple[tuple[InlineNode, ...], list[MarkupProblem], list[tuple[str, int]]]:
    """Parse markup into nodes; also return problems and the (key, offset) references: indicators,
    charts as "fig:key", sections as "sec:key"."""
    root = _Open("", 0, [])
    stack = [root]
    problems: list[MarkupProblem] = []
    references: list[tuple[str, int]] = []
    position = 0
    for match in TOKEN.finditer(source):
        _append_text(stack[-1].children, source[position:match.start()])
        position = match.end()
        token, url, key = match.group(0), match.group(1), match.group(2)
        if token == "**":
            if stack[-1].kind == "**":
                closed = stack.pop()
                stack[-1].children.append(Strong(tuple(closed.children)))
            else:
                stack.append(_Open("**", match.start(), []))
        elif token == "[":
            stack.append(_Open("[", match.start(), []))
        elif key is not None:
            key = key.strip()
            references.append((key, match.start()))
            stack[-1].children.append(_reference(key))
        elif stack[-1].kind == "[":
            closed = stack.pop()
            if not url.startswith(LINK_SCHEMES):
                problems.append(MarkupProblem(codes.LINK_TARGET,
                                              match.start() + 2, f"link target '{url}' is not allowed",
                                              "Use an http://, https:// or mailto: address."))
            if not closed.children:
                problems.append(MarkupProblem(codes.EMPTY_LINK,
                                              closed.offset, "a link with no text would print nothing",
                                              "Write the words readers click between [ and ]."))
            stack[-1].children.append(Link(url, tuple(closed.children)))
        else:
            _append_text(stack[-1].children, token)
    _append_text(stack[-1].children, source[position:])
    for unclosed in stack[1:]:
        what = "bold text" if unclosed.kind == "**" else "link"
        close = "**" if unclosed.kind == "**" else "](https://…)"
        problems.append(MarkupProblem(codes.UNCLOSED_MARKUP, unclosed.offset, f"{what} is opened here but never closed",
                                      f"Close it with `{close}`, or remove the mark."))
    return tuple(_flatten_unclosed(stack)), problems, references


def _reference(key: str) -> InlineNode:
    if key.startswith("fig:"):
        return ChartMention(key[4:])
    if key.startswith("sec:"):
        return SectionMention(key[4:])
    return ValueRef(key)


def _append_text(children: list[InlineNode], text: str) -> None:
    if not text:
        return
    if children and isinstance(children[-1], Str):
        children[-1] = Str(children[-1].text + text)
    else:
        children.append(Str(text))


def _flatten_unclosed(stack: list[_Open]) -> list[InlineNode]:
    """Fold any unclosed marks back into their parent as plain text (already reported)."""
    while len(stack) > 1:
        unclosed = stack.pop()
        _append_text(stack[-1].children, unclosed.kind)
        stack[-1].children.extend(unclosed.children)
    return stack[0].children
