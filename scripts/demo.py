#!/usr/bin/env python3
"""A guided tour of the pack against the built-in HCT simulator (no account needed).

  python3 scripts/dev.py demo            (sets up .venv first; or run this file with it)

It starts the simulator on a free loopback port, then runs the pack's scripts exactly as an
agent would - each a separate process printing one JSON envelope - and explains what they
returned: the devices of the account, a camera's resourceId, a snapshot (also from a camera
whose stream is encrypted), a live-video player page, a door opened (and the guard that
refuses "every door" by accident), and alarms received without loss. Files it makes go to
`demo-output/` (or the folder named by HCT_DEMO_OUTPUT).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]
OUTPUT = Path(os.environ.get("HCT_DEMO_OUTPUT") or ROOT / "demo-output")
MODULES = ROOT / "modules"
MOTION_DETECTION = 10002  # Appendix A.1.4


class Tour:
    """Runs the steps, shows each command and what its JSON said, counts failures."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.failures = 0
        self.step = 0

    def say(self, text: str) -> None:
        print(text, flush=True)

    def heading(self, title: str) -> None:
        self.step += 1
        self.say(f"\n=== {self.step}. {title} ===")

    def run(self, module: str, script: str, *args: str, expect: int = 0) -> dict[str, Any]:
        path = MODULES / f"Hik-Connect_Team_{module}" / "scripts" / script
        shown = " ".join(shlex.quote(part) for part in (script, *args))
        self.say(f"$ {shown}")
        completed = subprocess.run([sys.executable, str(path), *args], env=self.env,
                                   capture_output=True, text=True, timeout=120)
        try:
            document = json.loads(completed.stdout)
        except ValueError:
            document = {"success": False, "message": completed.stdout.strip()[:300]}
        verdict = "ok" if completed.returncode == expect else "UNEXPECTED"
        if completed.returncode != expect:
            self.failures += 1
            self.say(completed.stderr.strip()[-600:])
        self.say(f"  -> exit {completed.returncode} ({verdict}): {document.get('message')}")
        return document


def main() -> int:
    import hctsim

    OUTPUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as cache, hctsim.start(devices=20) as server:
        env = {key: value for key, value in os.environ.items() if not key.startswith("HIK_")}
        env.update({"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": server.app_key,
                    "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": server.secret_key,
                    "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": server.base_url,
                    "HIK_CONNECT_TEAM_CACHE_DIR": cache})
        tour = Tour(env)
        tour.say(f"HCT simulator running at {server.base_url} (loopback only). The scripts "
                 "below talk to it exactly as they would to the real cloud.")
        world = server.sim.world
        devices(tour)
        camera = video_and_snapshots(tour, world)
        doors(tour)
        alarms(tour, server)
        tour.say(f"\nDone: {tour.step} steps, {tour.failures} unexpected results. Files are in "
                 f"{OUTPUT}/. Camera used: {camera}.")
        tour.say("With a real account, set HIK_CONNECT_TEAM_OPENAPI_APP_KEY and "
                 "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY and run the same scripts (README.md).")
        return 1 if tour.failures else 0


def devices(tour: Tour) -> None:
    tour.heading("What is on the account?")
    listed = tour.run("Resource", "list_devices.py", "--all")
    rows = (listed.get("data") or {}).get("device", [])
    offline = [row["name"] for row in rows if row.get("onlineStatus") == 0]
    by_category: dict[str, int] = {}
    for row in rows:
        by_category[row["category"]] = by_category.get(row["category"], 0) + 1
    tour.say(f"  {len(rows)} devices: {by_category}; offline: {', '.join(offline) or 'none'}")


def video_and_snapshots(tour: Tour, world: Any) -> str:
    plain = next(d for d in world.devices if d["category"] == "encodingDevice"
                 and d["onlineStatus"] == 1 and not d["streamEncrypt"] and len(d["cameras"]) > 1)
    tour.heading(f"The cameras of NVR {plain['serialNo']} and their resourceId")
    channels = tour.run("Resource", "device_channels.py", plain["serialNo"])
    for channel in ((channels.get("data") or {}).get("camera") or [])[:4]:
        tour.say(f"  channel {channel.get('channelNo')}: {channel.get('name')} -> resourceId "
                 f"{channel.get('resourceId')}")

    tour.heading("A snapshot from channel 1, saved and checked as an image")
    picture = OUTPUT / "snapshot.jpg"
    shot = tour.run("Capture", "capture_pic.py", f"{plain['serialNo']},1", "--output",
                    str(picture))
    describe_picture(tour, shot)

    encrypted = next((d for d in world.devices if d["category"] == "encodingDevice"
                      and d["onlineStatus"] == 1 and d["streamEncrypt"]), None)
    if encrypted:
        tour.heading(f"An encrypted camera ({encrypted['serialNo']}): decrypted locally")
        tour.say("  Without the verification code the pack refuses to save scrambled bytes:")
        tour.run("Capture", "capture_pic.py", encrypted["serialNo"], "--output",
                 str(OUTPUT / "encrypted.jpg"), expect=2)
        tour.say(f"  With the 6-letter code from the device label ({encrypted['verifyCode']}):")
        shot = tour.run("Capture", "capture_pic.py", encrypted["serialNo"], "--output",
                        str(OUTPUT / "encrypted.jpg"), "--verify-code", encrypted["verifyCode"])
        describe_picture(tour, shot)

    tour.heading("Live video: an EZOPEN address and a browser player page")
    page = OUTPUT / "live.html"
    live = tour.run("Video", "get_video_url.py", "--serial", plain["serialNo"], "--channel", "1",
                    "--html", str(page))
    data = live.get("data") or {}
    tour.say(f"  url: {data.get('url')}  (expires {data.get('expiresAt')})")
    tour.say(f"  player page: {page}; serve it with video_player.py")
    return plain["serialNo"]


def describe_picture(tour: Tour, document: dict[str, Any]) -> None:
    data = document.get("data") or {}
    saved = data.get("saved") or data
    if document.get("success"):
        tour.say(f"  saved {saved.get('path')}: {saved.get('format')} "
                 f"{saved.get('width')}x{saved.get('height')}, {saved.get('bytes')} bytes")


def doors(tour: Tour) -> None:
    tour.heading("Doors: open one, and the guard against opening every door")
    listed = tour.run("Resource", "list_doors.py", "--all")
    rows = (listed.get("data") or {}).get("door", [])
    online = next((row for row in rows if str(row.get("online")) == "1"), None)
    if online:
        tour.run("ACS", "acs_control.py", "--door-id", online["id"], "--action", "open")
    tour.say("  An empty door list means EVERY door to the platform; the pack refuses it "
             "unless --all-doors is given (nothing is sent):")
    tour.run("ACS", "acs_control.py", "--action", "open", expect=2)


def alarms(tour: Tour, server: Any) -> None:
    from hctsim import routes_mq

    tour.heading("Alarms: subscribe, let three happen, poll them into a journal and a file")
    tour.run("Alarm", "event_manager.py", "subscribe", "--kind", "alarm", "--types",
             "Motion Detection")
    routes_mq.raise_events(server.sim, "alarm", 3, event_type=MOTION_DETECTION,
                           with_picture=True)
    sink = OUTPUT / "alarms.jsonl"
    sink.unlink(missing_ok=True)
    polled = tour.run("Alarm", "alarm_poller.py", "--kind", "alarm", "--once",
                      "--journal", str(OUTPUT / "journal.sqlite3"), "--sink", f"jsonl:{sink}")
    tour.say(f"  counts: {json.dumps((polled.get('data') or {}).get('poll'))}")
    if sink.exists():
        for line in sink.read_text(encoding="utf-8").splitlines()[:3]:
            text = json.loads(line).get("text", "").replace("\n", " | ")
            tour.say(f"  {text[:160]}...")


if __name__ == "__main__":
    sys.exit(main())
