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

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements-dev.txt"
STAMP = VENV / ".requirements.sha256"

JOBS = {
    "demo": ["scripts/demo.py"],
    "test": ["-m", "pytest"],
    "bench": ["scripts/bench.py"],
    "sim": ["scripts/hct_sim.py"],
}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> Path:
    """Create the virtual environment and install the requirements when they changed."""
    python = venv_python()
    if not python.exists():
        print(f"Creating {VENV} ...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = requirements_digest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("Installing requirements (first run only) ...", file=sys.stderr, flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check",
                        "-q", "-r", str(REQUIREMENTS)], check=True, cwd=ROOT)
        STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in JOBS:
        print(__doc__.strip())
        return 2
    python = ensure_environment()
    command = [str(python), *JOBS[argv[0]], *argv[1:]]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
