#!/usr/bin/env python3
"""Person module benchmark: importing 1,000 persons from a CSV against the simulator.

Prints one JSON object per line ({"name", "value", "target", "unit", "ok", "details"}):
  (a) import wall time / rate-limit floor (the requests it needed at 5 per second), <= 1.2,
      every row imported; the simulator's rate-limit rejections (each retried after its
      Retry-After, so its cost is in the time) are shown in the details;
  (b) requests per person of that first import; the guide's minimum is one
      persons/quick/add per new person (person, photo and PIN in one request) plus one
      persons/list page (100 persons) to find the existing ones;
  (c) requests per person of re-running the same file: only the persons/list pages;
  (d) bytes of piped stdout per person of list_persons.py --all (brief records), <= 300;
  (e) requests of set_person_pin.py --person NAME (a name among all of them): one
      persons/list search and the PIN update, 2.
It takes about 200 s at 5 requests/second: that is the point of it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]

from bench import script_environment

SCRIPTS = ROOT / "modules/Hik-Connect_Team_Person/scripts"
RATE_PER_SECOND = 5
LIST_PAGE = 100
GROUP_ID = "378117915440051199"  # the simulator's demo department "Employees"


def row(name: str, value: float, target: float, unit: str, ok: bool | None = None,
        **details: object) -> dict:
    return {"name": name, "value": round(value, 4), "target": target, "unit": unit,
            "ok": value <= target if ok is None else ok, "details": details}


def write_csv(path: Path, count: int) -> None:
    lines = ["personCode,firstName,lastName,gender,email,pinCode"]
    lines += [f"P{number:05d},First{number},Last{number},{('female', 'male')[number % 2]},"
              f"p{number}@example.com,{100000 + number}" for number in range(1, count + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def accepted(server: object, path: str | None = None) -> int:
    """Requests the simulator served (a 429-rejected attempt is logged too, not counted)."""
    return sum(1 for entry in server.requests(path) if entry["status"] != 429)


def run_import(csv_path: Path, env: dict[str, str]) -> tuple[float, dict]:
    command = [sys.executable, str(SCRIPTS / "import_persons.py"), "--csv", str(csv_path),
               "--group-id", GROUP_ID]
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    document = json.loads(completed.stdout)
    if completed.returncode != 0:
        raise RuntimeError(f"import failed ({completed.returncode}): {document.get('message')}")
    return elapsed, document["data"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1000, help="rows to import (1000)")
    args = parser.parse_args()
    import hctsim

    with tempfile.TemporaryDirectory() as work, hctsim.start() as server:
        env = script_environment(server, os.path.join(work, "cache"))
        csv_path = Path(work) / "persons.csv"
        write_csv(csv_path, args.persons)
        subprocess.run([sys.executable, str(SCRIPTS / "list_persons.py"), "--page-size", "1"],
                       env=env, capture_output=True, check=True)  # the token is cached now
        rejected_before = server.sim.stats()["rateLimited"]
        server.sim.clear_requests()

        elapsed, data = run_import(csv_path, env)
        sent = accepted(server)
        rejected = server.sim.stats()["rateLimited"] - rejected_before
        stored = len(server.sim.store("persons", dict))
        floor = sent / RATE_PER_SECOND
        print(json.dumps(row(
            f"import_persons {args.persons} rows / rate-limit floor", elapsed / floor, 1.2,
            "ratio", ok=elapsed / floor <= 1.2 and stored == args.persons,
            seconds=round(elapsed, 1), floor_seconds=round(floor, 1), requests=sent,
            rate_limit_rejections=rejected, persons_stored=stored,
            counts=data["counts"])), flush=True)
        minimum = (args.persons + 1) / args.persons  # one quick/add each + one list page
        print(json.dumps(row("import_persons requests per new person", sent / args.persons,
                             round(minimum, 4), "requests/person",
                             ok=sent <= args.persons + 1,
                             persons_list_pages=data["requests"]["personsList"],
                             quick_adds=accepted(
                                 server, "/api/hccgw/person/v1/persons/quick/add"))),
              flush=True)

        server.sim.clear_requests()
        elapsed, data = run_import(csv_path, env)
        again = accepted(server)
        # persons/list answers an array without a total (the guide): the list ends with a
        # short page, an empty one when the persons fill the last page exactly.
        pages = args.persons // LIST_PAGE + 1
        print(json.dumps(row("import_persons re-run (unchanged) requests per person",
                             again / args.persons, round(pages / args.persons, 4),
                             "requests/person", ok=again <= pages, requests=again,
                             seconds=round(elapsed, 1),
                             counts=data["counts"],
                             persons_stored=len(server.sim.store("persons", dict)))),
              flush=True)
        for measured in agent_answers(server, env, args.persons):
            print(json.dumps(measured), flush=True)
    return 0


def agent_answers(server: object, env: dict[str, str], persons: int) -> tuple[dict, dict]:
    """(d) and (e): what an agent reads and sends with the imported persons."""
    listed = subprocess.run([sys.executable, str(SCRIPTS / "list_persons.py"), "--all"],
                            env=env, capture_output=True, text=True, check=True)
    per_person = len(listed.stdout.encode()) / persons
    server.sim.clear_requests()
    named = persons // 2
    subprocess.run([sys.executable, str(SCRIPTS / "set_person_pin.py"), "--person",
                    f"First{named} Last{named}", "--pin", "4821"],
                   env=env, capture_output=True, text=True, check=True)
    sent = accepted(server)
    return (row("list_persons --all stdout per person (brief)", per_person, 300, "bytes",
                stdout_bytes=len(listed.stdout.encode()), persons=persons),
            row("set_person_pin --person NAME requests", sent, 2, "requests",
                searches=accepted(server, "/api/hccgw/person/v1/persons/list")))


if __name__ == "__main__":
    sys.exit(main())
