"""`--help` is answered from the text argparse printed last time, until anything changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, clean_environment

SCRIPT = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"


def pack_copy(tmp_path: Path) -> Path:
    """A script in a private tree that finds the real lib/ (so its cache stays private)."""
    (tmp_path / "lib").symlink_to(ROOT / "lib")
    script = tmp_path / SCRIPT
    script.parent.mkdir(parents=True)
    shutil.copy(ROOT / SCRIPT, script)
    return script


def helped(script: Path, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = clean_environment(tmp_path / "home")
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.update(env)
    return subprocess.run([sys.executable, str(script), *(args or ("--help",))],
                          env=environment, capture_output=True, text=True, timeout=30)


def test_the_second_help_comes_from_the_cache_and_is_the_same(tmp_path):
    script = pack_copy(tmp_path)
    first = helped(script, tmp_path)
    cache = script.parent / "__pycache__" / "list_devices.py.help"
    assert first.returncode == 0 and "--page-size" in first.stdout and cache.exists()

    key, _, text = cache.read_text().partition("\n")
    cache.write_text(f"{key}\n{text}(from the cache)\n")

    second = helped(script, tmp_path)
    assert second.returncode == 0
    assert second.stdout == first.stdout + "(from the cache)\n"


def test_an_edited_script_or_another_width_formats_the_help_again(tmp_path):
    script = pack_copy(tmp_path)
    helped(script, tmp_path)
    cache = script.parent / "__pycache__" / "list_devices.py.help"
    key = cache.read_text().partition("\n")[0]
    cache.write_text(f"{key}\nSTALE\n")

    assert "STALE" not in helped(script, tmp_path, COLUMNS="132").stdout
    cache.write_text(f"{key}\nSTALE\n")
    stat = script.stat()
    os.utime(script, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "STALE" not in helped(script, tmp_path).stdout


def test_no_cache_is_written_under_pythondontwritebytecode_or_with_other_arguments(tmp_path):
    script = pack_copy(tmp_path)

    assert helped(script, tmp_path, PYTHONDONTWRITEBYTECODE="1").returncode == 0
    assert helped(script, tmp_path, "--help", "--all").returncode == 0

    assert not (script.parent / "__pycache__" / "list_devices.py.help").exists()
