"""Benchmark: whole `briefgen build` runs, cold (empty chart cache) and warm.

    python bench/bench_build.py [--runs 5] [CONTENT_DIR]

Each run is a fresh process, as a user's would be; prints min / median / max
wall seconds and the size of each PDF.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed_build(content: Path, out: Path, cache: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefgen", "build", str(content), "--out", str(out)], check=True,
                   capture_output=True, env={**os.environ, "BRIEFGEN_CACHE": str(cache)})
    return time.perf_counter() - start


def report(name: str, times: list[float]) -> None:
    print(f"{name:<6} min {min(times):.2f} s  median {statistics.median(times):.2f} s  max {max(times):.2f} s"
          f"  ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", type=Path, default=ROOT / "content")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        out, cache = scratch / "out", scratch / "cache"
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed_build(args.content, out, cache))
        warm = [timed_build(args.content, out, cache) for _ in range(args.runs)]
        report("cold", cold)
        report("warm", warm)
        for entry in json.loads((out / "manifest.json").read_text())["pdfs"]:
            print(f"{entry['path']:<28} {entry['pages']:>3} pages  {entry['bytes'] / 1024:>6.0f} KB")


if __name__ == "__main__":
    main()
