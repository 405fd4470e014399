"""The README's first command: the guided demo runs every step against the simulator."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, clean_environment


def test_the_guided_demo_runs_every_step_as_expected(tmp_path):
    env = {**clean_environment(tmp_path / "home"), "HCT_DEMO_OUTPUT": str(tmp_path / "out")}

    completed = subprocess.run([sys.executable, str(ROOT / "scripts/demo.py")], env=env,
                               capture_output=True, text=True, timeout=300)

    assert completed.returncode == 0, completed.stdout[-2000:]
    assert "7 steps, 0 unexpected results" in completed.stdout
    made = {path.name for path in (tmp_path / "out").iterdir()}
    assert {"snapshot.jpg", "encrypted.jpg", "live.html", "alarms.jsonl"} <= made
    assert len((tmp_path / "out" / "alarms.jsonl").read_text().splitlines()) == 3
