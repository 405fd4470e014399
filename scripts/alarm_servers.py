"""Real message servers on free loopback ports, for the alarm tests and bench_alarm.py:
Debian's `redis-server` and `mosquitto` (apt-get install -y redis-server mosquitto), each in
a private directory, stopped (and that directory removed) when the `with` block ends.

    with RedisServer() as redis, MosquittoServer() as broker:
        redis.url        # redis://127.0.0.1:PORT/0
        broker.url       # mqtt://127.0.0.1:PORT
        broker.stop(); broker.start()   # the same port again: a broker that comes back

`available()` says whether both programs are installed (tests skip without them outside
CI; .ci/run installs them).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REDIS = "redis-server"
MOSQUITTO = "mosquitto"
SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def program(name: str) -> str | None:
    """Where the program is (mosquitto lives in /usr/sbin, often not on a user's PATH)."""
    return shutil.which(name) or shutil.which(name, path=SEARCH_PATH)


def available() -> bool:
    return bool(program(REDIS) and program(MOSQUITTO))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class _Server:
    """A server process on 127.0.0.1:`port` in its own directory."""

    name = ""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.directory = Path(tempfile.mkdtemp(prefix=f"hct-{self.name}-"))
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 15.0) -> _Server:
        with open(self.directory / "stderr.log", "ab") as log:
            self.process = subprocess.Popen(self.command(), cwd=self.directory,
                                            stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if _listening(self.port):
                return self
            time.sleep(0.05)
        self.stop()
        log = (self.directory / "stderr.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{self.name} did not start on port {self.port}: {log}")

    def stop(self) -> None:
        """SIGTERM (then SIGKILL): the port is free again when this returns."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> _Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class RedisServer(_Server):
    """redis-server with its append-only file fsynced at every write (`appendfsync`
    `always`, or `everysec`): what a journal that answers 200 needs."""

    name = "redis"

    def __init__(self, port: int | None = None, *, fsync: str = "always") -> None:
        super().__init__(port)
        self.fsync = fsync

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [program(REDIS) or REDIS, "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.directory), "--save", "", "--appendonly", "yes",
                "--appendfsync", self.fsync, "--protected-mode", "yes", "--daemonize", "no"]


class MosquittoServer(_Server):
    """mosquitto on a loopback listener, anonymous clients allowed (tests and benches).
    `persistent`: sessions and queued messages survive a stop and start (a subscriber with
    a clean_session=False session gets what was published while it was away)."""

    name = "mosquitto"

    def __init__(self, port: int | None = None, *, persistent: bool = False) -> None:
        super().__init__(port)
        self.persistent = persistent

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        config = self.directory / "mosquitto.conf"
        persistence = (f"persistence true\npersistence_location {self.directory}/\n"
                       if self.persistent else "persistence false\n")
        config.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n"
                          f"{persistence}max_inflight_messages 0\n"
                          "max_queued_messages 100000\n")
        return [program(MOSQUITTO) or MOSQUITTO, "-c", str(config)]


def subscribe(url: str, topic: str, out: str) -> None:
    """A QoS 1 subscriber that writes each message's `guid` field as one line of `out`
    (flushed at once) until SIGTERM: what reached the broker, for bench_alarm.py. `out`.ready
    appears once the broker confirmed the subscription."""
    import json
    import signal
    from urllib.parse import urlsplit

    import paho.mqtt.client as mqtt

    address = urlsplit(url)
    done = []
    signal.signal(signal.SIGTERM, lambda signum, frame: done.append(signum))
    with open(out, "a", encoding="utf-8") as handle:
        def received(client: object, userdata: object, message: object) -> None:
            handle.write(json.loads(message.payload)["guid"] + "\n")
            handle.flush()

        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        client.on_message = received
        client.on_connect = lambda client, *rest: client.subscribe(topic, qos=1)
        client.on_subscribe = lambda *rest: Path(out + ".ready").touch()  # SUBACK came
        client.connect(address.hostname, address.port)
        client.loop_start()
        while not done:
            time.sleep(0.1)
        client.loop_stop()


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["subscribe"] and len(sys.argv) == 5:
        subscribe(*sys.argv[2:5])
    else:
        sys.exit("usage: alarm_servers.py subscribe mqtt://HOST:PORT TOPIC OUT")
