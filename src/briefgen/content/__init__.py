"""Reading and checking the authors' YAML: the load and validate stages.

The reader (and PyYAML) is imported when content is read, not with the package: a build whose checked
content is kept (briefgen.checked) reads no YAML, and modules that only need the limits or a YAML path's form
(limits.py, paths.py) import nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .load import load_library

__all__ = ["load_library"]


def __getattr__(name: str) -> object:
    if name == "load_library":
        from .load import load_library

        return load_library
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
