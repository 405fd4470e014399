#!/usr/bin/env python3
"""Alarm delivery benchmarks; one JSON object per line: {"name","value","target","unit","ok",
"details"}.

1. webhook_server.py under signed pushes from a loopback load generator (threads, each with a
   keep-alive http.client connection; one alarm per push, journaled + a jsonl sink):
   pushes per second (target >= 500) and the p50/p99 answer time (p99 target < 50 ms).
2. alarm_poller.py --once draining 10,000 queued alarms (--batch-size 500) divided by the
   rate-limit floor (requests sent / 5 per second), target <= 1.2, with the simulator's
   rate-limit rejections (target 0).
3. Scale-out (issue 11 point 7; needs redis-server and mosquitto, else skipped): three
   webhook_server.py processes sharing one Redis journal (appendfsync always) with
   --journal-only, fed round-robin by the load generator, two `journal.py deliver` workers
   into a mosquitto broker, a QoS 1 subscriber counting what arrives. Mid-run one receiver
   and one worker are killed with SIGKILL (a push the dead receiver did not answer goes to
   the next one, as the platform retries). Rows: signed pushes per second in total (target
   >= 1,000), p99 answer time (< 50 ms), alarms lost (target 0) and alarms delivered twice
   (target: at most those the killed worker had in flight).
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
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]
SERVER = ROOT / "modules/Hik-Connect_Team_Alarm/scripts/webhook_server.py"
POLLER = ROOT / "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
JOURNAL = ROOT / "modules/Hik-Connect_Team_Alarm/scripts/journal.py"
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


class RawPusher:
    """One keep-alive connection per receiver, requests written by hand: a load generator
    light enough to leave the CPU to the servers it measures."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.connections: dict[int, socket.socket] = {}

    def push(self, port: int, batch_id: str, body: bytes) -> int | None:
        """The answer's status, None when the receiver is gone (connection refused/reset)."""
        from hct.alarm.signature import signed_headers

        head = "".join(f"{name}: {value}\r\n"
                       for name, value in signed_headers(SECRET, batch_id).items())
        request = (f"POST /hikvision/webhook HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                   f"{head}\r\n").encode() + body
        try:
            connection = self.connections.get(port)
            if connection is None:
                connection = socket.create_connection(("127.0.0.1", port), timeout=10)
                self.connections[port] = connection
            connection.sendall(request)
            return _read_status(connection)
        except OSError:
            self.connections.pop(port, None)
            return None


def _read_status(connection: socket.socket) -> int | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            raise ConnectionResetError
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(rest) < length:
        chunk = connection.recv(4096)
        if not chunk:
            raise ConnectionResetError
        rest += chunk
    return int(head.split(b" ", 2)[1])


def _alarm_body(batch_id: str, guid: str) -> bytes:
    return json.dumps({"batchId": batch_id, "list": [{
        "guid": guid, "msgType": "1", "alarmState": "1", "type": "alarm",
        "timeInfo": {"startTime": "2025-11-05T09:27:24Z"},
        "eventSource": {"eventType": "10002", "sourceID": "cam01",
                        "sourceName": "Camera 01"}}]}).encode()


class ScaleOutLoad:
    """Threads pushing one alarm per signed push, round-robin over the receivers; a push
    a receiver did not answer goes to the next one (as the platform retries)."""

    def __init__(self, ports: list[int], threads: int) -> None:
        self.ports = ports
        self.threads = threads
        self.times: list[float] = []
        self.answered: list[str] = []  # guids answered 200
        self.unanswered: list[int] = []  # attempts without answer (a killed receiver): retried
        self.refused: list[int] = []  # pushes answered other than 200 (statuses)
        self.stop = threading.Event()

    def run(self, seconds: float) -> float:
        workers = [threading.Thread(target=self._work, args=(number,))
                   for number in range(self.threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        self.stop.wait(seconds)
        self.stop.set()
        for worker in workers:
            worker.join()
        return time.perf_counter() - started

    def _work(self, number: int) -> None:
        pusher = RawPusher(self.ports)
        turn = number
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            batch_id = f"scale-{number}-{sequence}"
            guid = f"{batch_id}-guid"
            body = _alarm_body(batch_id, guid)
            started = time.perf_counter()
            for _ in range(len(self.ports) * 3):
                turn += 1
                status = pusher.push(self.ports[turn % len(self.ports)], batch_id, body)
                if status is not None:
                    break
                self.unanswered.append(1)
            self.times.append(time.perf_counter() - started)
            if status == 200:
                self.answered.append(guid)
            else:
                self.refused.append(status or 0)


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "ab") as handle:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=handle)


def _delivered(path: Path) -> Counter:
    if not path.exists():
        return Counter()
    return Counter(line for line in path.read_text().splitlines() if line)


def _in_flight(redis_url: str, worker_pid: int) -> int:
    """The deliveries a (killed) worker held in the stream's pending list."""
    import redis

    client = redis.Redis.from_url(redis_url)
    held = 0
    for stream in client.scan_iter("hct:alarm:q:*"):
        for consumer in client.xinfo_consumers(stream, "workers"):
            name = consumer["name"].decode() if isinstance(consumer["name"], bytes) \
                else consumer["name"]
            if name.endswith(f":{worker_pid}"):
                held += consumer["pending"]
    return held


def scale_out(seconds: float, threads: int) -> list[dict]:
    """Three receivers and two workers on one Redis journal into MQTT, with a SIGKILL of a
    receiver and a worker in the middle of the load."""
    import alarm_servers

    from hct.alarm.journal import open_journal
    from hct.alarm.sinks import parse_sink

    if not alarm_servers.available():
        return [{"name": "scale-out (3 receivers, Redis journal, MQTT)", "value": None,
                 "target": None, "unit": "", "ok": None,
                 "details": {"skipped": "redis-server or mosquitto is not installed "
                                        "(apt-get install -y redis-server mosquitto)"}}]
    with tempfile.TemporaryDirectory() as work, alarm_servers.RedisServer() as redis_server, \
            alarm_servers.MosquittoServer() as broker:
        folder = Path(work)
        env = {**os.environ, "HIK_SIGN_SECRET": SECRET, "HIK_CONNECT_TEAM_CACHE_DIR": work}
        sink = f"mqtt:{broker.url}"
        received = folder / "received.txt"
        subscriber = subprocess.Popen([sys.executable, str(ROOT / "scripts/alarm_servers.py"),
                                       "subscribe", broker.url, "hikconnect/#",
                                       str(received)])
        ports = [free_port() for _ in range(3)]
        receivers = [_start([sys.executable, str(SERVER), "--port", str(port), "--journal",
                             redis_server.url, "--sink", sink, "--journal-only"], env,
                            folder / f"receiver{number}.log")
                     for number, port in enumerate(ports)]
        workers = [_start([sys.executable, str(JOURNAL), "--journal", redis_server.url,
                           "deliver", "--sink", sink], env, folder / f"worker{number}.log")
                   for number in range(2)]
        try:
            for port in ports:
                _wait_listening(port)
            _wait_for(lambda: Path(str(received) + ".ready").exists(), 15)
            load = ScaleOutLoad(ports, threads)
            held: list[int] = []
            killer = threading.Timer(seconds / 2, _kill_one_each,
                                     (receivers[0], workers[0], redis_server.url, held))
            killer.start()
            elapsed = load.run(seconds)
            killer.join()
            in_flight = held[0]
            answered = set(load.answered)
            # Settled: every answered alarm arrived and the journal has nothing left to send
            # (the dead worker's claims were taken over, after its heartbeat expired).
            journal = open_journal(redis_server.url)
            sink_id = parse_sink(sink).id
            settled = _wait_for(lambda: answered <= set(_delivered(received))
                                and journal.pending_count([sink_id]) == 0, 120)
            time.sleep(1.0)  # room for a late duplicate to show up
            delivered = _delivered(received)
        finally:
            for process in [*receivers, *workers, subscriber]:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in [*receivers, *workers, subscriber]:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
    times = sorted(load.times)
    p99 = times[int(len(times) * 0.99) - 1] * 1000
    lost = len(answered - set(delivered))
    twice = sum(1 for guid, count in delivered.items() if count > 1)
    details = {"pushes": len(times), "answered200": len(answered), "threads": threads,
               "seconds": round(elapsed, 2), "p50_ms": round(statistics.median(times) * 1000, 2),
               "p99_ms": round(p99, 2), "retried_after_kill": len(load.unanswered),
               "non200": len(load.refused), "delivered": len(delivered),
               "in_flight_at_kill": in_flight, "settled": settled,
               "journal": "redis appendfsync always", "receivers": 3, "workers": 2}
    return [row("scale-out: signed pushes per second, 3 receivers on one Redis journal",
                len(times) / elapsed, 1000, "1/s", higher_is_better=True, **details),
            row("scale-out: p99 answer time", p99, 50, "ms", **details),
            row("scale-out: alarms lost after SIGKILL of a receiver and a worker", lost, 0,
                "alarms", **details),
            row("scale-out: alarms delivered twice (target: at most those in flight)", twice,
                in_flight, "alarms", **details)]


def _kill_one_each(receiver: subprocess.Popen, worker: subprocess.Popen, redis_url: str,
                   held: list[int]) -> None:
    """SIGKILL both, then note what the worker held (before anyone takes it over)."""
    receiver.kill()
    worker.kill()
    worker.wait()
    held.append(_in_flight(redis_url, worker.pid))


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


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
    parser.add_argument("--scale-seconds", type=float, default=20.0,
                        help="scale-out load duration (the kills come half-way)")
    parser.add_argument("--scale-threads", type=int, default=12,
                        help="scale-out load generator threads")
    parser.add_argument("--only", choices=("receiver", "poller", "scale-out"),
                        help="run one of the three")
    args = parser.parse_args()
    rows = []
    if args.only in (None, "receiver"):
        rows += receiver_load(args.seconds, args.threads)
    if args.only in (None, "poller"):
        rows.append(poller_drain(args.alarms))
    if args.only in (None, "scale-out"):
        rows += scale_out(args.scale_seconds, args.scale_threads)
    for result in rows:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
