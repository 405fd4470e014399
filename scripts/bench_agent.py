#!/usr/bin/env python3
"""Agent answers (issue 9 §10): the ten everyday tasks on a simulated site of 1,000 devices,
as an agent runs them from the SKILL.md files: how many script runs each task needs and the
bytes of piped stdout of each run (what lands in the agent's context).

Targets: at most 2 runs a task (1 for a named camera's snapshot, a named door and a live
link); at most 8 KB an answer, at most 2 KB for a single capture, door or link. A task is
done when each run exits 0, or 1 with the items the site could not act on listed (doors of
offline devices when every door is locked). Then the bytes per record of the three big
lists (cameras, devices, doors: at most 300).

Prints one JSON object per line ({"name", "value", "target", "unit", "ok", "details"}); the
last line is the whole table of runs (`agent answers`).
"""

from __future__ import annotations

import http.server
import io
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]

from bench import script_environment

MODULES = ROOT / "modules"
DEVICES = 1000
SINGLE_ANSWER_BYTES = 2048
ANSWER_BYTES = 8192
RECORD_BYTES = 300

CAMERA = "Front Entrance"
DOOR = "Main Gate"


class ChatBot:
    """A loopback stand-in for a Slack incoming webhook: counts the messages it gets."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                received.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/T0/B0/benchbenchbench1"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def arrange_site(server: object, work: Path) -> dict[str, str]:
    """The user's words: a camera and a door with the names people use, a resident, a face."""
    world = server.sim.world
    camera = next(channel for device in world.devices if device["kind"] == "ipc"
                  and device["onlineStatus"] == 1 and not device.get("streamEncrypt")
                  for channel in device["cameras"])
    camera["name"] = CAMERA
    door = next(channel for device in world.devices if device["onlineStatus"] == 1
                for channel in device["doors"])
    door["name"] = DOOR
    from hctsim.routes_intercom import _store

    resident = next(iter(_store(server.sim)["residents"].values()))
    face = work / "face.jpg"
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (480, 640), (200, 170, 150)).save(picture, "JPEG")
    face.write_bytes(picture.getvalue())
    return {"resident": f"{resident['firstName']} {resident['lastName']}",
            "face": str(face), "work": str(work)}


def tasks(site: dict[str, str], bot: ChatBot) -> list[tuple[str, int, list[list[str]]]]:
    """(task, bytes allowed per answer, the runs an agent makes) for the ten tasks."""
    work = site["work"]
    return [
        ("offline devices", ANSWER_BYTES,
         [["Resource/scripts/list_devices.py", "--offline"]]),
        ("a named camera's snapshot", SINGLE_ANSWER_BYTES,
         [["Capture/scripts/capture_pic.py", "--camera", CAMERA, "--output", f"{work}/s.jpg"]]),
        ("open one door", SINGLE_ANSWER_BYTES,
         [["ACS/scripts/acs_control.py", "--door", DOOR, "--action", "open"]]),
        ("lock every door", ANSWER_BYTES,
         [["ACS/scripts/acs_control.py", "--all-doors", "--action", "remain-closed"]]),
        ("a live link", SINGLE_ANSWER_BYTES,
         [["Video/scripts/get_video_url.py", "--camera", CAMERA]]),
        ("a playback", SINGLE_ANSWER_BYTES,
         [["Video/scripts/get_video_url.py", "--camera", CAMERA, "--playback", "local",
           "--start", "2026-12-01 14:00", "--end", "2026-12-01 14:30"]]),
        ("alarms to a chat", ANSWER_BYTES,
         [["Alarm/scripts/event_manager.py", "subscribe", "--kind", "alarm"],
          ["Alarm/scripts/alarm_poller.py", "--once", "--sink", "slack",
           "--journal", f"{work}/alarms.sqlite3"]]),
        ("add a person with a photo", ANSWER_BYTES,
         [["Person/scripts/quick_add_person.py", "--person-code", "V0001", "--first-name",
           "Ada", "--last-name", "Lovelace", "--department", "Employees", "--photo",
           site["face"]]]),
        ("a time-card export", ANSWER_BYTES,
         [["Attendance/scripts/total_time_card.py", "--begin", "2026-11-01", "--end",
           "2026-11-30", "--all", "--csv", f"{work}/timecard.csv"]]),
        ("a visitor pass", ANSWER_BYTES,
         [["ACS/scripts/access_levels.py"],
          ["Intercom/scripts/add_temp_pass.py", "--resident", site["resident"], "--name",
           "Visitor", "--open-count", "2", "--start", "2026-12-03 09:00", "--end",
           "2026-12-03 18:00", "--al-id", "{first access level}"]]),
    ]


def run(command: list[str], env: dict[str, str], earlier: list[dict]) -> dict:
    """One run as an agent makes it: stdout piped; a `{first access level}` placeholder
    takes the id the previous answer listed (what the agent reads and passes on)."""
    if "{first access level}" in command:
        level = earlier[-1]["json"]["data"]["accessLevelList"][0]["id"]
        command = [level if part == "{first access level}" else part for part in command]
    completed = subprocess.run([sys.executable, str(MODULES / f"Hik-Connect_Team_{command[0]}"),
                                *command[1:]], env=env, capture_output=True, text=True,
                               timeout=300)
    try:
        document = json.loads(completed.stdout)
    except ValueError:
        document = None
    return {"script": command[0].rsplit("/", 1)[-1], "code": completed.returncode,
            "bytes": len(completed.stdout.encode("utf-8")), "json": document,
            "stderr": completed.stderr[-300:]}


def answered(answer: dict) -> bool:
    """Done as far as the site allows: exit 0, or exit 1 with the items the platform could
    not act on (doors of offline devices) listed in the answer."""
    document = answer["json"] or {}
    return answer["code"] == 0 or (answer["code"] == 1 and "failedCount" in (
        document.get("data") or {}))


def _failure(answer: dict) -> str:
    document = answer["json"] or {}
    return f"{answer['script']}: {document.get('errorCode')} {document.get('message')}"[:300] \
        if document else f"{answer['script']}: {answer['stderr']}"


def record_bytes(env: dict[str, str]) -> list[dict]:
    """Bytes of piped stdout per record of the three big lists, read whole."""
    rows = []
    for script, key in (("list_cameras.py", "camera"), ("list_devices.py", "device"),
                        ("list_doors.py", "door")):
        answer = run([f"Resource/scripts/{script}", "--all"], env, [])
        count = len(answer["json"]["data"][key]) if answer["json"] else 0
        value = answer["bytes"] / max(count, 1)
        rows.append({"name": f"{script} --all: stdout bytes per record ({count} records)",
                     "value": round(value, 1), "target": RECORD_BYTES, "unit": "bytes",
                     "ok": answer["code"] == 0 and value <= RECORD_BYTES,
                     "details": {"total": answer["bytes"]}})
    return rows


def main() -> int:
    import hctsim

    rows = []
    table = []
    bot = ChatBot()
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as work, \
            hctsim.start(devices=DEVICES) as server:
        env = script_environment(server, cache)
        env["SLACK_WEBHOOK_URL"] = bot.url
        site = arrange_site(server, Path(work))
        from hctsim.routes_mq import raise_events

        for name, limit, commands in tasks(site, bot):
            answers: list[dict] = []
            for command in commands:
                if command[0].endswith("alarm_poller.py"):
                    raise_events(server.sim, "alarm", 3)  # alarms arrive once subscribed
                answers.append(run(command, env, answers))
            runs_allowed = 1 if limit == SINGLE_ANSWER_BYTES else 2
            largest = max(answer["bytes"] for answer in answers)
            succeeded = all(answered(answer) for answer in answers)
            ok = succeeded and len(answers) <= runs_allowed and largest <= limit
            table.append({"task": name, "runs": len(answers),
                          "exitCodes": [answer["code"] for answer in answers],
                          "bytes": [answer["bytes"] for answer in answers], "ok": ok})
            rows.append({"name": f"agent task: {name}", "value": largest, "target": limit,
                         "unit": "bytes", "ok": ok,
                         "details": {"runs": len(answers), "runsAllowed": runs_allowed,
                                     "scripts": [answer["script"] for answer in answers],
                                     "bytes": [answer["bytes"] for answer in answers],
                                     **({} if succeeded else {
                                         "failed": [_failure(answer) for answer in answers
                                                    if not answered(answer)]})}})
        rows.append({"name": "agent tasks: chat messages delivered", "value": len(bot.received),
                     "target": 3, "unit": "messages", "better": "higher",
                     "ok": len(bot.received) >= 3, "details": {}})
        rows += record_bytes(env)
    bot.stop()
    for item in rows:
        print(json.dumps(item))
    print(json.dumps({"name": "agent answers", "value": sum(1 for t in table if t["ok"]),
                      "target": len(table), "unit": "tasks", "better": "higher",
                      "ok": all(t["ok"] for t in table), "details": {"tasks": table}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
