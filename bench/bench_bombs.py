"""Benchmark: how fast `briefgen check` refuses each bomb of the hostile corpus, as whole processes.

    python bench/bench_bombs.py [--runs 5]

Each case of tests/test_hostile.py's bomb class (and the range bombs) is applied to a copy of the
every-block fixture; `check` runs as a fresh process each time. Prints the median wall time and the peak
memory (VmHWM) of each, and the same for the unbroken fixture, for scale.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

BOMBS = ["billion-laughs", "paragraph-aliased-1000", "nesting-1000", "nesting-100", "chart-10000-points",
         "value-500-thousand-chars", "value-5-million-chars", "many-outside-fonts", "year-20000", "value-1e28"]
PEAK = ("import re, sys; from briefgen import cli; code = cli.main(['check', sys.argv[1]]); "
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1], file=sys.stderr)")


def timed(content: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, str(content)], capture_output=True, text=True)
    return time.perf_counter() - start, int(result.stderr.strip().splitlines()[-1])


def main() -> None:
    import test_hostile as corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = {name: edit for name, _, edit, _ in corpus.CASES}
    with tempfile.TemporaryDirectory() as scratch:
        for name in ["(unbroken fixture)", *BOMBS]:
            content = Path(scratch) / name / "content"
            shutil.copytree(corpus.FIXTURE, content)
            if name in cases:
                cases[name](content)
            runs = [timed(content) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs) / 1024
            print(f"{name:<28} median {wall:.2f} s  (min {min(r[0] for r in runs):.2f}, "
                  f"max {max(r[0] for r in runs):.2f})  peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
