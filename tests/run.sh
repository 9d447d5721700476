#!/usr/bin/env bash
# The README's test command: sets up a fresh machine, then runs the whole suite.
#   bash tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v qpdf >/dev/null || need_apt+=(qpdf)
if ((${#need_apt[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
python3 -m ruff check src
python3 -m mypy
exec python3 -m pytest -n auto "$@"  # one worker per core: most tests run whole briefgen processes
