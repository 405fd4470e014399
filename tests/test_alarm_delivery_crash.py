"""kill -9 at random points: the poller and the receiver lose nothing and deliver nothing
twice (journal + jsonl sink). The seed is printed so that a failure can be replayed."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from test_webhook_push_path import SAVE, SECRET, free_port, start_receiver, stop

from conftest import wait_for
from hctsim.routes_mq import raise_events

ROOT = Path(__file__).resolve().parents[1]
POLLER = str(ROOT / "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py")


def delivered_guids(path: Path) -> Counter:
    """guid -> how many intact lines carry it (a line torn by a kill is no delivery)."""
    counts: Counter = Counter()
    for line in path.read_text().splitlines() if path.exists() else []:
        try:
            counts[json.loads(line)["guid"]] += 1
        except ValueError:
            continue
    return counts


def test_killing_the_poller_anywhere_loses_and_repeats_nothing(sim, script_env, run, tmp_path):
    seed = random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    journal, out = str(tmp_path / "j.sqlite3"), tmp_path / "alarms.jsonl"
    args = ["--batch-size", "100", "--interval", "0.05", "--journal", journal,
            "--sink", f"jsonl:{out}"]
    raised: list[str] = []
    for _ in range(4):
        raised += raise_events(sim.sim, "alarm", 150)["ids"]
        process = subprocess.Popen([sys.executable, POLLER, *args], env=script_env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(rng.uniform(0.3, 1.6))
        finally:
            process.kill()  # SIGKILL: no clean-up of any kind
            process.wait()

    final = run(POLLER, "--once", *args)

    assert final.code == 0, final.stdout + final.stderr
    counts = delivered_guids(out)
    assert set(counts) == set(raised), f"seed {seed}: lost {len(set(raised) - set(counts))}"
    assert max(counts.values()) == 1, f"seed {seed}: delivered twice"


def test_killing_the_receiver_anywhere_loses_and_repeats_nothing(sim, script_env, tmp_path):
    seed = random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    port = free_port()
    journal, out = str(tmp_path / "j.sqlite3"), tmp_path / "alarms.jsonl"
    args = ["--journal", journal, "--sink", f"jsonl:{out}"]
    receiver = start_receiver(script_env, port, *args)
    raised: list[str] = []
    try:
        assert sim.api(SAVE, {"callbackUrl": f"http://127.0.0.1:{port}/hikvision/webhook",
                              "retryTimes": -1, "retryDelay": 100,
                              "signSecret": SECRET})["errorCode"] == "0"
        sim.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})

        def platform() -> None:  # alarms keep coming while the receiver is killed
            for _ in range(30):
                raised.extend(raise_events(sim.sim, "alarm", 10)["ids"])
                time.sleep(0.05)

        producer = threading.Thread(target=platform)
        producer.start()
        for _ in range(3):
            time.sleep(rng.uniform(0.1, 0.8))
            receiver.kill()
            receiver.wait()
            receiver = start_receiver(script_env, port, *args)
        producer.join()
        assert wait_for(lambda: sum(delivered_guids(out).values()) >= len(raised), 60)
        time.sleep(0.5)  # room for a wrong extra delivery to show up
    finally:
        stop(receiver)
    counts = delivered_guids(out)
    assert set(counts) == set(raised), f"seed {seed}: lost {len(set(raised) - set(counts))}"
    assert max(counts.values()) == 1, f"seed {seed}: delivered twice"
