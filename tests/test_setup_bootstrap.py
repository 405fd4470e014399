"""A fresh host gets from nothing to a working script with one command (issue 10 §2, issue 8
point 13).

A script run by a Python without the pack's packages answers DEPENDENCY_MISSING (exit 3) with
the exact command that installs them, never INTERNAL_ERROR or a traceback; once
`<pack root>/.venv` exists, the same command line simply works (the script re-executes itself
with that environment's Python). The pack is copied to a temporary folder so that the
checkout's own .venv does not answer for it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, clean_environment, environment_for
from hct import bootstrap

PACK_PARTS = ("SKILL.md", "README.md", "requirements.txt", "lib", "modules", "scripts")
LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
# Distribution names of requirements.txt whose import name differs.
IMPORT_NAMES = {"pycryptodome": "Crypto", "Pillow": "PIL", "paho-mqtt": "paho"}


def make_venv(folder: Path, *, packages_of: str | None = None) -> Path:
    """A virtual environment without pip; with `packages_of`, it sees that site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True,
                   timeout=120)
    if packages_of:
        site = next((folder / "lib").glob("python3*/site-packages"))
        (site / "pack-packages.pth").write_text(packages_of + "\n")
    return folder / "bin" / "python"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A Python with nothing installed: what a fresh OpenClaw host runs `python3` with."""
    return make_venv(tmp_path_factory.mktemp("bare") / "venv")


def copy_pack(destination: Path) -> Path:
    """The pack's files as a user installs them (no .venv, no caches)."""
    for part in PACK_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part,
                            ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        else:
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, destination / part)
    return destination


@pytest.fixture
def pack(tmp_path) -> Path:
    """A copy of the pack with no .venv."""
    return copy_pack(tmp_path / "hik-connect-team-skills")


def run_with(python: Path, script: Path, *args: str, env: dict[str, str],
             timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), str(script), *args], capture_output=True, text=True,
                          env=env, cwd=env["HOME"], timeout=timeout)


def test_every_script_answers_dependency_missing_with_the_setup_command(bare_python, pack,
                                                                         tmp_path):
    env = clean_environment(tmp_path / "home")
    scripts = [*sorted(pack.glob("modules/*/scripts/*.py")), pack / "scripts/hct_api.py"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda script: run_with(bare_python, script, env=env), scripts))

    command = f"python3 {pack}/scripts/setup.py"
    for script, completed in zip(scripts, results, strict=True):
        document = json.loads(completed.stdout)
        assert completed.returncode == 3, (script.name, completed.stdout, completed.stderr)
        assert document["success"] is False and document["errorCode"] == "DEPENDENCY_MISSING"
        assert command in document["hint"] and document["data"]["setupCommand"] == command
        assert "requests" in document["data"]["missing"]
        assert "Traceback" not in completed.stdout + completed.stderr


def test_help_without_the_packages_gives_the_same_answer(bare_python, pack, tmp_path):
    completed = run_with(bare_python, pack / LIST_DEVICES, "--help",
                         env=clean_environment(tmp_path / "home"))

    assert completed.returncode == 3
    assert json.loads(completed.stdout)["errorCode"] == "DEPENDENCY_MISSING"


def test_a_script_reexecutes_itself_with_the_pack_venv(bare_python, pack, sim, tmp_path):
    """Same arguments, same stdout, nothing of its own: the answer is the normal one."""
    make_venv(pack / ".venv", packages_of=sysconfig.get_paths()["purelib"])
    env = environment_for(sim, tmp_path)

    through_venv = run_with(bare_python, pack / LIST_DEVICES, "--page-size", "2", env=env)
    direct = run_with(Path(sys.executable), ROOT / LIST_DEVICES, "--page-size", "2", env=env)

    assert through_venv.returncode == 0, through_venv.stdout + through_venv.stderr
    assert json.loads(through_venv.stdout) == json.loads(direct.stdout)
    assert through_venv.stderr == direct.stderr
    bodies = [request["body"] for request in sim.requests("/api/hccgw/resource/v1/devices/get")]
    assert [body["pageSize"] for body in bodies] == [2, 2]


def test_a_pack_venv_without_the_packages_is_no_loop(bare_python, pack, tmp_path):
    """A half-made .venv (no packages) is tried once; then the answer says what to run."""
    make_venv(pack / ".venv")

    completed = run_with(bare_python, pack / LIST_DEVICES, env=clean_environment(tmp_path / "h"),
                         timeout=30)

    document = json.loads(completed.stdout)
    assert completed.returncode == 3 and document["errorCode"] == "DEPENDENCY_MISSING"
    assert document["data"]["python"].startswith(str(pack / ".venv"))


def test_the_bootstrap_checks_every_package_of_requirements_txt():
    names = [re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0]
             for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    wanted = {IMPORT_NAMES.get(name, name.lower()) for name in names} - {"mcp"}

    assert set(bootstrap.REQUIRED) == wanted


def test_setup_creates_the_venv_and_then_scripts_just_work(bare_python, pack, sim, tmp_path):
    """The documented set-up line, for real (pip from the package index, ~15-40 s); then a
    script and the MCP server run with any python3."""
    env = environment_for(sim, tmp_path)

    setup = run_with(bare_python, pack / "scripts/setup.py", env=env, timeout=600)
    again = run_with(bare_python, pack / "scripts/setup.py", env=env, timeout=300)
    listed = run_with(bare_python, pack / LIST_DEVICES, "--all", env=env)
    tools = run_with(bare_python, pack / "scripts/mcp_server.py", "--list", env=env)

    assert setup.returncode == 0, setup.stdout + setup.stderr[-2000:]
    assert json.loads(setup.stdout)["data"] == {
        "venv": str(pack / ".venv"), "python": str(pack / ".venv/bin/python"), "installed": True}
    assert json.loads(again.stdout)["data"]["installed"] is False
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert json.loads(listed.stdout)["data"]["total"] == len(sim.sim.world.devices)
    assert tools.returncode == 0, tools.stderr[-2000:]  # the MCP SDK came with the set-up
    assert "list_devices" in {tool["name"] for tool in json.loads(tools.stdout)["tools"]}
