#!/usr/bin/env python3
"""Alarm delivery benchmarks; one JSON object per line: {"name","value","target","unit","ok",
"details"}.

1. webhook_server.py under signed pushes from a loopback load generator (threads, each with a
   keep-alive http.client connection; one alarm per push, journaled + a jsonl sink):
   pushes per second (target >= 500) and the p50/p99 answer time (p99 target < 50 ms).
2. alarm_poller.py --once draining 10,000 queued alarms (--batch-size 500) divided by the
   rate-limit floor (requests sent / 5 per second), target <= 1.2, with the simulator's
   rate-limit rejections (target 0).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]
SERVER = ROOT / "modules/Hik-Connect_Team_Alarm/scripts/webhook_server.py"
POLLER = ROOT / "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
SECRET = "BenchSecret2026"
RATE_PER_SECOND = 5


def row(name: str, value: float, target: float, unit: str, higher_is_better: bool = False,
        **details: object) -> dict:
    ok = value >= target if higher_is_better else value <= target
    return {"name": name, "value": round(value, 3), "target": target, "unit": unit, "ok": ok,
            "better": "higher" if higher_is_better else "lower", "details": details}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the webhook server did not start")


def _pusher(port: int, deadline: float, times: list[float], errors: list[int],
            prefix: str) -> None:
    from hct.alarm.signature import signed_headers

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    number = 0
    while time.perf_counter() < deadline:
        number += 1
        batch_id = f"{prefix}-{number}"
        body = json.dumps({"batchId": batch_id, "list": [{
            "guid": f"{batch_id}-guid", "msgType": "1", "alarmState": "1", "type": "alarm",
            "timeInfo": {"startTime": "2025-11-05T09:27:24Z"},
            "eventSource": {"eventType": "10002", "sourceName": "Camera 01"}}]})
        headers = {"Content-Type": "application/json", **signed_headers(SECRET, batch_id)}
        started = time.perf_counter()
        connection.request("POST", "/hikvision/webhook", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - started)
        if response.status != 200:
            errors.append(response.status)
    connection.close()


def receiver_load(seconds: float, threads: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        env = {**os.environ, "HIK_SIGN_SECRET": SECRET, "HIK_CONNECT_TEAM_CACHE_DIR": work}
        process = subprocess.Popen(
            [sys.executable, str(SERVER), "--port", str(port), "--journal",
             f"{work}/journal.sqlite3", "--sink", f"jsonl:{work}/alarms.jsonl"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            _wait_listening(port)
            times: list[float] = []
            errors: list[int] = []
            warm = time.perf_counter() + 0.5
            _pusher(port, warm, [], errors, "warm")
            started = time.perf_counter()
            deadline = started + seconds
            workers = [threading.Thread(target=_pusher, args=(port, deadline, times, errors,
                                                              f"t{n}"))
                       for n in range(threads)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            elapsed = time.perf_counter() - started
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.communicate(timeout=30)
            finally:
                process.kill()
    times.sort()
    p50 = statistics.median(times) * 1000
    p99 = times[int(len(times) * 0.99) - 1] * 1000
    details = {"pushes": len(times), "threads": threads, "seconds": round(elapsed, 2),
               "non200": len(errors), "p50_ms": round(p50, 2), "p99_ms": round(p99, 2)}
    rate = row("webhook_server signed pushes per second", len(times) / elapsed, 500, "1/s",
               higher_is_better=True, **details)
    latency = row("webhook_server p99 answer time", p99, 50, "ms", **details)
    for result in (rate, latency):
        result["ok"] = result["ok"] and not errors
    return [rate, latency]


def poller_drain(alarms: int) -> dict:
    import hctsim
    from hctsim.routes_mq import raise_events

    with tempfile.TemporaryDirectory() as work, hctsim.start() as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HIK_")}
        env.update({"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": server.app_key,
                    "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": server.secret_key,
                    "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": server.base_url,
                    "HIK_CONNECT_TEAM_CACHE_DIR": work})
        server.api("/api/hccgw/alarm/v1/mq/subscribe", {"subscribeType": 1, "subscribeMode": 0})
        raise_events(server.sim, "alarm", alarms)
        time.sleep(1.1)  # the subscribe call's rate-limit slot is over
        server.sim.clear_requests()
        rejected_before = server.sim.stats()["rateLimited"]
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, str(POLLER), "--once", "--batch-size", "500", "--journal",
             f"{work}/journal.sqlite3", "--sink", f"jsonl:{work}/alarms.jsonl"],
            env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        sent = len(server.requests())
        rejected = server.sim.stats()["rateLimited"] - rejected_before
    document = json.loads(completed.stdout)
    floor = sent / RATE_PER_SECOND
    result = row(f"alarm_poller --once, {alarms:,} alarms / rate-limit floor", elapsed / floor,
                 1.2, "ratio", seconds=round(elapsed, 2), requests=sent,
                 rate_limit_rejections=rejected,
                 received=document["data"]["poll"]["received"],
                 delivered=document["data"]["delivery"]["delivered"])
    result["ok"] = result["ok"] and rejected == 0 and completed.returncode == 0 and \
        document["data"]["poll"]["new"] == alarms
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="receiver load duration")
    parser.add_argument("--threads", type=int, default=8, help="load generator threads")
    parser.add_argument("--alarms", type=int, default=10_000, help="alarms to drain")
    args = parser.parse_args()
    rows = [*receiver_load(args.seconds, args.threads), poller_drain(args.alarms)]
    for result in rows:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
