#!/usr/bin/env python3
"""Set up the pack on a fresh machine and run its main jobs.

  python3 scripts/dev.py demo     a guided tour of the pack against the built-in simulator
  python3 scripts/dev.py test     the whole test suite (pytest)
  python3 scripts/dev.py bench    the benchmarks (ratios against their targets)
  python3 scripts/dev.py sim      the simulator on its own (prints its URL and credentials)

The first run creates `.venv/` beside this folder and installs requirements-dev.txt into it
(only Python and the package registries are needed); later runs reuse it. Extra arguments
are passed on (for example `dev.py test -k foundation`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setup import SetupFailed, ensure_environment  # scripts/setup.py: the user's set-up step

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements-dev.txt"

JOBS = {
    "demo": ["scripts/demo.py"],
    "test": ["-m", "pytest"],
    "bench": ["scripts/bench.py"],
    "sim": ["scripts/hct_sim.py"],
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in JOBS:
        print(__doc__.strip())
        return 2
    try:
        python, _ = ensure_environment(REQUIREMENTS)
    except SetupFailed as error:
        print(f"{error} {error.hint}", file=sys.stderr)
        return 3
    command = [str(python), *JOBS[argv[0]], *argv[1:]]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
