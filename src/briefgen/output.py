"""Write: PDFs and their manifest, atomically.

Everything is rendered in memory first; files are then written under temporary
names beside their targets and renamed into place, so a failed build never
leaves a partial file or touches the last good outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Output:
    edition: str
    language: str  # zh | en | bilingual
    filename: str
    data: bytes
    pages: int


def manifest(outputs: list[Output]) -> bytes:
    entries = [
        {"edition": o.edition, "language": o.language, "path": o.filename, "pages": o.pages,
         "bytes": len(o.data), "sha256": hashlib.sha256(o.data).hexdigest()}
        for o in outputs
    ]
    return (json.dumps({"pdfs": entries}, ensure_ascii=False, indent=2) + "\n").encode()


def write_all(out_dir: Path, outputs: list[Output]) -> list[Path]:
    """Write the PDFs and manifest.json into out_dir; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [(out_dir / o.filename, o.data) for o in outputs] + [(out_dir / MANIFEST, manifest(outputs))]
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data), path))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    return [path for path, _ in files]


def _stage(path: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
