#!/usr/bin/env python3
"""The pack's speed targets, measured side by side and printed as ratios.

  python3 scripts/dev.py bench            all benchmarks
  python3 scripts/dev.py bench --only foundation --runs 10

Foundation numbers (each a median of --runs runs, the pairs interleaved):
  (a) warm-cache list_devices.py wall time / `python -c "import requests"`  target <= 1.5
  (b) a script's --help / `python -c pass`                                    target <= 2.0
      (after the first call the text comes from the help cache, see lib/hct/helpcache.py;
      `uncached_ratio` is what argparse alone costs)
  (c) list_devices.py --all over 10,000 simulated devices / rate-limit floor  target <= 1.2,
      with the request count and the simulator's rate-limit rejections (target 0)
Then every `scripts/bench_<area>.py` runs and its JSON lines join the report (a row with
"better": "higher" is a minimum to reach, every other target a maximum).
Timing is noisy on a shared machine: read the ratios, not the milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]
LIST_DEVICES = ROOT / "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
RATE_PER_SECOND = 5


def measure(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}")
    return elapsed


def paired_medians(first: Callable[[], float], second: Callable[[], float],
                   runs: int) -> tuple[float, float]:
    """Median of each, measured alternately so both see the same machine load."""
    first(), second()  # warm-up: bytecode caches, token cache, disk cache
    a, b = [], []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def row(name: str, value: float, target: float, unit: str, **details: object) -> dict:
    return {"name": name, "value": round(value, 3), "target": target, "unit": unit,
            "ok": value <= target, "details": details}


def script_environment(server: object, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("HIK_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": server.app_key,
                "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": server.secret_key,
                "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": server.base_url,
                "HIK_CONNECT_TEAM_CACHE_DIR": cache})
    return env


def foundation(runs: int) -> list[dict]:
    import hctsim

    python = sys.executable
    rows = []
    with tempfile.TemporaryDirectory() as cache, hctsim.start() as server:
        env = script_environment(server, cache)
        script, baseline = paired_medians(
            lambda: measure([python, str(LIST_DEVICES)], env),
            lambda: measure([python, "-c", "import requests"], env), runs)
        rows.append(row("list_devices warm cache / import requests", script / baseline, 1.5,
                        "ratio", script_ms=round(script * 1000, 1),
                        import_requests_ms=round(baseline * 1000, 1)))
        helped, bare = paired_medians(
            lambda: measure([python, str(LIST_DEVICES), "--help"], env),
            lambda: measure([python, "-c", "pass"], env), runs)
        # "-h --all" is never answered from the help cache: argparse formats it every time
        formatted, _ = paired_medians(
            lambda: measure([python, str(LIST_DEVICES), "-h", "--all"], env),
            lambda: 0.0, runs)
        rows.append(row("--help / python -c pass", helped / bare, 2.0, "ratio",
                        help_ms=round(helped * 1000, 1), pass_ms=round(bare * 1000, 1),
                        uncached_ratio=round(formatted / bare, 2)))
    rows.append(paging_at_scale(python, max(3, runs)))
    return rows


def paging_at_scale(python: str, runs: int) -> dict:
    import hctsim

    ratios, requests_per_run = [], 0
    with tempfile.TemporaryDirectory() as cache, hctsim.start(devices=10_000) as server:
        env = script_environment(server, cache)
        measure([python, str(LIST_DEVICES), "--page-size", "1"], env)  # token cached: warm
        rejected_before = server.sim.stats()["rateLimited"]
        for _ in range(runs):
            server.sim.clear_requests()
            elapsed = measure([python, str(LIST_DEVICES), "--all"], env)
            requests_per_run = len(server.requests())
            ratios.append(elapsed / (requests_per_run / RATE_PER_SECOND))
        rejected = server.sim.stats()["rateLimited"] - rejected_before
    result = row("list_devices --all, 10,000 devices / rate-limit floor",
                 statistics.median(ratios), 1.2, "ratio", requests=requests_per_run,
                 rate_limit_rejections=rejected, runs=runs)
    result["ok"] = result["ok"] and rejected == 0
    return result


def area_benchmarks(only: set[str] | None) -> list[dict]:
    rows = []
    for path in sorted((ROOT / "scripts").glob("bench_*.py")):
        area = path.stem.removeprefix("bench_")
        if only and area not in only:
            continue
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        completed = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
        lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
        if completed.returncode != 0 or not lines:
            rows.append({"name": path.name, "value": None, "target": None, "unit": "",
                         "ok": False, "details": {"error": completed.stderr[-400:]}})
        rows.extend(json.loads(line) for line in lines)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs per median (default 10)")
    parser.add_argument("--only", help="comma list: foundation and/or area names")
    parser.add_argument("--json", action="store_true", help="print JSON lines only")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    rows = foundation(args.runs) if not only or "foundation" in only else []
    rows += area_benchmarks(only)
    if args.json:
        for item in rows:
            print(json.dumps(item))
    else:
        from tabulate import tabulate

        table = [[item["name"], item["value"],
                  f"{'>=' if item.get('better') == 'higher' else '<='} {item['target']}",
                  "ok" if item["ok"] else "MISSED", json.dumps(item.get("details", {}))]
                 for item in rows]
        print(tabulate(table, headers=["benchmark", "value", "target", "", "details"]))
    return 0 if all(item["ok"] for item in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
