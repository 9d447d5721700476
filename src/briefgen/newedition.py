"""`briefgen new-edition`: the next edition, started as a copy of an existing one.

The files are copied as they are, comments and all; only `number:` and `date:` of edition.yaml are
rewritten in place (and a pinned `as_of:` dropped, so that the new edition takes its figures as of its own
date), and each file's first line names its schema for editors (briefgen.schema). The record of publication is
never copied: the new edition is a draft until it is published.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

from .content.published import RECORD
from .failures import UsageProblem
from .schema import kind_of, modeline, with_modeline

TOP_LEVEL = r"^{key}:[^\n]*$"


def new_edition(content_dir: Path, key: str, from_key: str | None, day: datetime.date) -> Path:
    """Create editions/<key>/ from editions/<from_key>/ (the latest edition when None); returns the folder."""
    editions = Path(content_dir) / "editions"
    if not re.fullmatch(r"\d{2,3}", key) or int(key) < 1:
        raise UsageProblem(f"'{key}' is not an edition number: write it as the folder will be named, e.g. 02")
    target = editions / key
    if target.exists():
        raise UsageProblem(f"{target} exists already: choose the next free number")
    existing = sorted((p.name for p in editions.iterdir() if p.name.isdigit() and (p / "edition.yaml").is_file()),
                      key=int) if editions.is_dir() else []
    taken = next((k for k in existing if int(k) == int(key)), None)
    if taken:
        raise UsageProblem(f"edition {int(key)} exists already, as editions/{taken}: choose the next free number")
    source_key = from_key or (existing[-1] if existing else None)
    if source_key not in existing:
        raise UsageProblem(f"no edition {source_key} to start from; the editions are {', '.join(existing)}"
                           if existing else f"no edition to start from in {editions}")
    shutil.copytree(editions / source_key, target, ignore=shutil.ignore_patterns(RECORD, ".*"))
    edition_file = target / "edition.yaml"
    text = edition_file.read_text(encoding="utf-8")
    text = _set(text, "number", str(int(key)))
    text = _set(text, "date", day.isoformat())
    text = re.sub(TOP_LEVEL.format(key="as_of") + r"\n?", "", text, flags=re.MULTILINE)
    edition_file.write_text(text, encoding="utf-8")
    for path in sorted(target.iterdir()):
        _name_schema(path, content_dir)
    return target


def _name_schema(path: Path, content_dir: Path) -> None:
    """Give a file of the new edition its editor's schema in its first line (briefgen.schema)."""
    kind = kind_of(path, content_dir)
    if kind and path.is_file():
        text = path.read_text(encoding="utf-8-sig")
        path.write_text(with_modeline(text, modeline(kind, path, content_dir)), encoding="utf-8")


def _set(text: str, key: str, value: str) -> str:
    """Rewrite a top-level `key: value` line, keeping any comment after the value."""
    pattern = re.compile(rf"^{key}:[ \t]*[^#\n]*?([ \t]+#[^\n]*)?$", re.MULTILINE)
    if not pattern.search(text):
        raise UsageProblem(f"edition.yaml has no top-level `{key}:` line to update")
    return pattern.sub(lambda m: f"{key}: {value}{m.group(1) or ''}", text, count=1)
