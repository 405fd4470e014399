#!/usr/bin/env python3
"""Install the pack's Python packages into its own virtual environment: the one set-up step.

  python3 scripts/setup.py          create <pack root>/.venv and install requirements.txt

Every script then uses that environment by itself (lib/hct/bootstrap.py re-executes a script
with .venv's Python when the running one lacks the packages): no activation, no PATH change,
nothing to install into the system's Python. Running it again installs only what changed.
Needs Python 3.10+ with its `venv` module (Debian/Ubuntu: `apt install python3-venv`) and
access to PyPI. pip's progress goes to stderr; stdout carries one JSON document, the pack's
envelope (exit 0, or 3 when the set-up failed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
RUNTIME = ROOT / "requirements.txt"
MINIMUM_PYTHON = (3, 10)
EXIT_SETUP = 3


class SetupFailed(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(requirements: Path = RUNTIME) -> tuple[Path, bool]:
    """Create .venv when it has no working pip, and install `requirements` (which may include
    others with -r) when they changed since the last install. Returns (python, installed)."""
    python = venv_python()
    if not _runs_pip(python):
        _create()
    stamp = VENV / f".{requirements.name}.sha256"
    wanted = _digest(requirements)
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return python, False
    print(f"Installing {requirements.name} into {VENV} ...", file=sys.stderr, flush=True)
    completed = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "-r", str(requirements)], cwd=ROOT, stdout=sys.stderr)
    if completed.returncode != 0:
        raise SetupFailed(f"pip could not install {requirements.name} (exit "
                          f"{completed.returncode}; its messages are on stderr).",
                          "Check the network access to PyPI, then run the same command again.")
    stamp.write_text(wanted)
    return python, True


def _runs_pip(python: Path) -> bool:
    return python.exists() and subprocess.run(
        [str(python), "-m", "pip", "--version"], capture_output=True).returncode == 0


def _create() -> None:
    """A fresh .venv with pip (a half-made one from an earlier failure is replaced)."""
    print(f"Creating {VENV} ...", file=sys.stderr, flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(VENV, ignore_errors=True)  # scripts must not re-execute into a broken one
        raise SetupFailed(
            f"Python could not create a virtual environment with pip in {VENV}: {error}",
            "Install Python's venv module (Debian/Ubuntu: apt install python3-venv), "
            "then run the same command again.") from None


def _digest(requirements: Path) -> str:
    """The requirements file and the ones it includes with -r, as one digest."""
    digest = hashlib.sha256(requirements.read_bytes())
    for line in requirements.read_text().splitlines():
        if line.startswith("-r "):
            digest.update(_digest(requirements.parent / line[3:].strip()).encode())
    return digest.hexdigest()


def _print(document: dict) -> None:
    if sys.stdout.isatty():
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    try:
        if sys.version_info < MINIMUM_PYTHON:
            raise SetupFailed(f"Python {sys.version.split()[0]} is too old for the pack.",
                              "Run this command with Python 3.10 or newer.")
        python, installed = ensure_environment()
    except SetupFailed as error:
        _print({"success": False, "message": str(error), "errorCode": "SETUP_FAILED",
                "data": {"venv": str(VENV)}, "hint": error.hint})
        return EXIT_SETUP
    state = "installed" if installed else "already up to date"
    _print({"success": True,
            "message": f"The pack's packages are {state} in {VENV}; every script uses it "
                       "by itself.",
            "data": {"venv": str(VENV), "python": str(python), "installed": installed}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
