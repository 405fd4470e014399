"""`script.py --help` answered from the text argparse printed last time, when nothing changed.

Importing argparse and formatting a help text make a script's start two and a half times a
bare interpreter's, and agents ask for `--help` often. The text is kept beside the script's
bytecode (`__pycache__/<script>.help`), keyed by the modification times of the script and of
`lib/hct/*.py` and by the terminal width, so any edit or a wider terminal makes argparse
format it afresh. Like bytecode, it is not written under PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import os
import sys

HELP_FLAGS = (["-h"], ["--help"])


def answer_from_cache() -> None:
    """Print the remembered help and exit when the script was called with just --help."""
    if sys.argv[1:] not in HELP_FLAGS:
        return
    place = _cache_place()
    if place is None:
        return
    path, key = place
    try:
        with open(path, encoding="utf-8") as handle:
            stored_key, _, text = handle.read().partition("\n")
    except OSError:
        return
    if stored_key == key:
        sys.stdout.write(text)
        sys.stdout.flush()
        sys.exit(0)


def remember(text: str) -> None:
    """Keep the help argparse just printed for the next plain `--help`."""
    if sys.argv[1:] not in HELP_FLAGS or sys.dont_write_bytecode:
        return
    place = _cache_place()
    if place is None:
        return
    path, key = place
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(f"{key}\n{text}")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only install simply formats the help each time


def _cache_place() -> tuple[str, str] | None:
    script = os.path.abspath(sys.argv[0])
    library = os.path.dirname(os.path.abspath(__file__))
    try:
        stamps = [os.stat(script).st_mtime_ns]
        # lib/hct and its packages (hct.alarm): any change there may change a help text
        folders = [library] + [entry.path for entry in os.scandir(library)
                               if entry.is_dir() and not entry.name.startswith(("_", "."))]
        stamps += [entry.stat().st_mtime_ns for folder in folders
                   for entry in os.scandir(folder) if entry.name.endswith(".py")]
    except OSError:
        return None
    folder = os.path.join(os.path.dirname(script), "__pycache__")
    return (os.path.join(folder, os.path.basename(script) + ".help"),
            f"{max(stamps)} {_columns()}")


def _columns() -> str:
    """The width argparse will format for (as shutil.get_terminal_size decides it)."""
    if os.environ.get("COLUMNS"):
        return os.environ["COLUMNS"]
    try:
        return str(os.get_terminal_size(sys.__stdout__.fileno()).columns)
    except (AttributeError, ValueError, OSError):
        return "80"
