"""YAML paths as messages name them: `sections[0].body[2].figures`."""

from __future__ import annotations


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
