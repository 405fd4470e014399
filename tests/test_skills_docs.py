"""What the SKILL.md files promise about scripts is true of the code (issue 10 §1): every
`{baseDir}/...` path exists from the pack root (OpenClaw substitutes nothing; the model reads
`{baseDir}` as the skill's folder, the pack root), every script a document names exists, and
every flag it shows for a script is in that script's `--help`.

A document shows a flag for a script in three ways, all checked:
- a command: `python3 {baseDir}/modules/<Module>/scripts/x.py --flag ...` (up to a pipe);
- an inline span that starts with the script: `` `x.py --flag VALUE` ``;
- a section headed by scripts (`### x.py`, `### a.py, b.py`): a span that starts with a flag
  (`` `--flag N` ``) belongs to one of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from conftest import ROOT

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
SCRIPT_NAME = r"[a-z][a-z0-9_]*\.py"
COMMAND = re.compile(r"\{baseDir\}/([A-Za-z0-9_./-]+\.py)([^\n`|;>]*)")
SCRIPT_SPAN = re.compile(rf"`({SCRIPT_NAME})((?: [^`]*)?)`")
BASEDIR_PATH = re.compile(r"\{baseDir\}/([A-Za-z0-9_./-]*[A-Za-z0-9_/])")


def documents() -> list[Path]:
    """The root skill and every module document (SKILL.md and its reference files)."""
    return [ROOT / "SKILL.md", *sorted(ROOT.glob("modules/*/*.md"))]


def document_id(document: Path) -> str:
    return document.relative_to(ROOT).as_posix()


def home_folder(document: Path) -> Path:
    """Where a bare script name in a document is looked up first."""
    return ROOT / "scripts" if document.parent == ROOT else document.parent / "scripts"


def resolve(document: Path, name: str) -> Path:
    """A bare script name: the document's own module, then the pack's tools, then the one
    module that has it (a module may point to another module's script)."""
    for place in (home_folder(document) / name, ROOT / "scripts" / name):
        if place.exists():
            return place
    elsewhere = sorted(ROOT.glob(f"modules/*/scripts/{name}"))
    return elsewhere[0] if len(elsewhere) == 1 else home_folder(document) / name


def readable(document: Path) -> str:
    """The text with shell line continuations joined, so a command is one line."""
    return document.read_text(encoding="utf-8").replace("\\\n", " ")


def claims(document: Path, text: str | None = None) -> list[tuple[tuple[Path, ...], str, str]]:
    """(scripts the flag may belong to, flag, where it is shown) for every flag shown."""
    text = readable(document) if text is None else text
    found = []
    for match in COMMAND.finditer(text):
        found += [((ROOT / match.group(1),), flag, match.group(0))
                  for flag in FLAG.findall(match.group(2))]
    for match in SCRIPT_SPAN.finditer(text):
        script = resolve(document, match.group(1))
        found += [((script,), flag, match.group(0)) for flag in FLAG.findall(match.group(2))]
    parts = re.split(r"^(#{2,4} .*)$", text, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        names = re.findall(SCRIPT_NAME, heading)
        if not names:
            continue
        scripts = tuple(resolve(document, name) for name in names)
        body = re.sub(r"```.*?```", "", body, flags=re.S)  # commands are checked above
        for span in re.findall(r"`(-[^`]*)`", body):
            found += [(scripts, flag, f"{heading}: `{span}`") for flag in FLAG.findall(span)]
    return found


def named_scripts(document: Path) -> list[Path]:
    """Every script the document names in a span or a command."""
    text = readable(document)
    return ([ROOT / match.group(1) for match in COMMAND.finditer(text)]
            + [resolve(document, match.group(1)) for match in SCRIPT_SPAN.finditer(text)])


HELP_ENVIRONMENT = {key: value for key, value in os.environ.items()
                    if not key.startswith("HIK_")}


@cache
def help_text(script: Path, *subcommand: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(script), *subcommand, "--help"], capture_output=True, text=True,
        timeout=60, cwd=ROOT, env=HELP_ENVIRONMENT)
    assert completed.returncode == 0, f"{script.name} {' '.join(subcommand)} --help failed"
    return completed.stdout


def flags_of(script: Path) -> set[str]:
    """The flags `--help` shows, with those of every subcommand (`x.py save --help`)."""
    text = help_text(script)
    flags = set(FLAG.findall(text))
    usage = text.split("\n\n", 1)[0]
    if "COMMAND ..." in usage or re.search(r"\{[a-z_,-]+\} \.\.\.", usage):
        for command in re.findall(r"^    ([a-z][a-z0-9_-]*)\s", text, re.M):
            flags |= set(FLAG.findall(help_text(script, command)))
    return flags


@pytest.fixture(scope="module")
def known_flags() -> dict[Path, set[str]]:
    scripts = sorted({script for document in documents()
                      for candidates, _, _ in claims(document) for script in candidates
                      if script.exists()})
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(scripts, pool.map(flags_of, scripts), strict=True))


@pytest.mark.parametrize("document", documents(), ids=document_id)
def test_every_basedir_path_exists_from_the_pack_root(document):
    paths = set(BASEDIR_PATH.findall(document.read_text(encoding="utf-8")))
    missing = sorted(path for path in paths if "..." not in path and not (ROOT / path).exists())

    assert missing == [], "{baseDir} is the pack root: write modules/<Module>/scripts/x.py"


@pytest.mark.parametrize("document", documents(), ids=document_id)
def test_every_named_script_exists(document):
    missing = sorted({str(path.relative_to(ROOT)) for path in named_scripts(document)
                      if not path.exists()})

    assert missing == []


@pytest.mark.parametrize("document", documents(), ids=document_id)
def test_every_flag_shown_is_in_the_scripts_help(document, known_flags):
    unknown = [f"{flag} ({' or '.join(path.name for path in scripts)}) in {where[:90]!r}"
               for scripts, flag, where in claims(document)
               if not any(flag in known_flags.get(script, ()) for script in scripts)]

    assert unknown == []


def test_the_check_sees_a_wrong_flag_and_a_wrong_path():
    """The guard can fail: a made-up flag and the old module-relative path are caught."""
    module = ROOT / "modules/Hik-Connect_Team_Resource"
    text = ("```\npython3 {baseDir}/modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
            " --no-such-flag\n```\n### device_detail.py\n`--serial`, `--bogus N`\n"
            "Run `{baseDir}/scripts/list_devices.py`.\n")
    shown = {(scripts[0].name, flag) for scripts, flag, _ in claims(module / "SKILL.md", text)}
    paths = BASEDIR_PATH.findall(text)

    assert ("list_devices.py", "--no-such-flag") in shown
    assert ("device_detail.py", "--bogus") in shown
    assert "--no-such-flag" not in flags_of(module / "scripts/list_devices.py")
    assert "--bogus" not in flags_of(module / "scripts/device_detail.py")
    assert "--serial" in flags_of(module / "scripts/device_detail.py")
    assert not (ROOT / "scripts/list_devices.py").exists() and "scripts/list_devices.py" in paths
