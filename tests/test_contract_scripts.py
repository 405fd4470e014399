"""Every script keeps the contract's outside: help without credentials, one JSON envelope on
failure, no heavy import before it is needed, and a place in its module's SKILL.md
(the SKILL.md frontmatter itself: tests/test_skills_frontmatter.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, clean_environment

SCRIPTS = sorted([*ROOT.glob("modules/*/scripts/*.py"), ROOT / "scripts/hct_api.py"])
SCRIPTS = [path for path in SCRIPTS if not path.name.startswith("_")]
HEAVY = ("requests", "PIL", "Crypto", "flask", "tabulate", "waitress", "sqlite3")
CONTRACT_SCRIPTS = {
    "Resource": ["list_devices", "device_detail", "device_channels", "list_doors", "list_areas",
                 "list_cameras"],
    "ACS": ["acs_control"],
    "Capture": ["capture_pic"],
    "Video": ["get_video_url"],
    "Alarm": ["webhook_manager", "event_manager", "webhook_server", "alarm_poller"],
}
def probe(script: Path, home: Path) -> tuple[subprocess.CompletedProcess, str]:
    """Run `script --help` in a process that then reports which heavy modules it imported."""
    code = "\n".join([
        "import runpy, sys",
        f"sys.argv = [{str(script)!r}, '--help']",
        "try:",
        f"    runpy.run_path({str(script)!r}, run_name='__main__')",
        "except SystemExit as stop:",
        "    sys.stderr.write('EXIT=%s\\n' % stop.code)",
        f"sys.stderr.write('HEAVY=%s\\n' % [m for m in {HEAVY!r} if m in sys.modules])",
    ])
    env = clean_environment(home)
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               env=env, timeout=60, cwd=home)
    no_arguments = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=30, cwd=home,
        env={**env, "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": "http://127.0.0.1:9",
             "HIK_CONNECT_TEAM_CACHE_DIR": str(home / "cache")})
    return completed, no_arguments


@pytest.fixture(scope="module")
def probes(tmp_path_factory) -> dict[Path, tuple]:
    home = tmp_path_factory.mktemp("home")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(lambda script: probe(script, home), SCRIPTS)
        return dict(zip(SCRIPTS, results, strict=True))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help_works_without_credentials_or_heavy_imports(probes, script):
    completed, _ = probes[script]

    assert "usage:" in completed.stdout
    assert "EXIT=0" in completed.stderr, completed.stderr[-500:]
    assert "HEAVY=[]" in completed.stderr, completed.stderr[-500:]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_failure_without_credentials_is_one_envelope(probes, script):
    _, no_arguments = probes[script]

    document = json.loads(no_arguments.stdout)
    assert document["success"] is False and document["message"]
    assert {"errorCode", "hint", "data"} <= set(document)
    assert no_arguments.returncode in (2, 3)
    assert "Traceback" not in no_arguments.stdout


@pytest.mark.parametrize("script", [path for path in SCRIPTS if "modules" in path.parts],
                         ids=lambda path: path.name)
def test_script_is_documented_in_its_module_skill(script):
    skill = (script.parents[1] / "SKILL.md").read_text(encoding="utf-8")
    delivery = script.parents[1] / "DELIVERY.md"
    documents = skill + (delivery.read_text(encoding="utf-8") if delivery.exists() else "")

    assert script.name in documents


@pytest.mark.parametrize("module,names", sorted(CONTRACT_SCRIPTS.items()))
def test_contract_scripts_exist(module, names):
    folder = ROOT / "modules" / f"Hik-Connect_Team_{module}" / "scripts"
    assert sorted(name for name in names if not (folder / f"{name}.py").exists()) == []

