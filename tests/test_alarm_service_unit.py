"""--print-systemd-unit (issue 11 point 5): the unit runs the very command line given (without
the flag), restarts on failure, and keeps its secrets in a 0600 EnvironmentFile; that
command, run with that file's variables, really serves."""

from __future__ import annotations

import configparser
import shlex
import stat
import subprocess
from pathlib import Path

import requests
from test_webhook_push_path import SECRET, free_port, stop

from conftest import wait_for

SERVER = "modules/Hik-Connect_Team_Alarm/scripts/webhook_server.py"
POLLER = "modules/Hik-Connect_Team_Alarm/scripts/alarm_poller.py"
JOURNAL = "modules/Hik-Connect_Team_Alarm/scripts/journal.py"


def unit_of(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


def environment_file(path: str) -> dict[str, str]:
    variables = {}
    for line in Path(path).read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            variables[name] = shlex.split(value)[0]
    return variables


def test_the_receivers_unit_runs_its_command_line_with_the_secrets_aside(run, tmp_path):
    port = free_port()
    out = tmp_path / "alarms.jsonl"
    result = run(SERVER, "--port", str(port), "--secret", SECRET, "--sink", f"jsonl:{out}",
                 "--journal", str(tmp_path / "j.sqlite3"), "--print-systemd-unit",
                 env={"DINGTALK_BOT_SECRET": "SEC0123456789abcdef", "PATH_UNRELATED": "x"})

    assert result.code == 0, result.stdout + result.stderr
    data = result.json["data"]
    assert SECRET not in result.stdout and "SEC0123456789abcdef" not in result.stdout
    service = unit_of(data["unit"])["Service"]
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == data["environmentFile"]
    command = data["command"]
    assert command[1].endswith("/webhook_server.py") and Path(command[1]).is_absolute()
    assert command[2:] == ["--port", str(port), "--sink", f"jsonl:{out}", "--journal",
                           str(tmp_path / "j.sqlite3")]
    assert service["ExecStart"] == " ".join(command)
    assert unit_of(data["unit"])["Install"]["WantedBy"] == "default.target"
    assert data["unitName"] == "hik-connect-webhook.service"

    secrets_file = Path(data["environmentFile"])
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    variables = environment_file(data["environmentFile"])
    assert variables["HIK_SIGN_SECRET"] == SECRET
    assert variables["DINGTALK_BOT_SECRET"] == "SEC0123456789abcdef"
    assert "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY" in data["variables"]
    assert "PATH_UNRELATED" not in variables

    # What systemd would run: the command, with only the file's variables (and a HOME).
    service_env = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", **variables}
    process = subprocess.Popen(command, env=service_env, cwd=service["WorkingDirectory"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: _healthy(port), 20), process.stderr
    finally:
        code, _, _ = stop(process)
    assert code == 0


def _healthy(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok
    except requests.ConnectionError:
        return False


def test_the_poller_and_the_delivery_worker_have_units_too(run, tmp_path):
    poller = run(POLLER, "--sink", f"jsonl:{tmp_path / 'a.jsonl'}", "--interval", "1",
                 "--print-systemd-unit")
    worker = run(JOURNAL, "--journal", str(tmp_path / "j.sqlite3"), "deliver", "--sink",
                 "stdout", "--print-systemd-unit")

    assert poller.code == 0 and worker.code == 0, poller.stdout + worker.stdout
    assert poller.json["data"]["command"][2:] == ["--sink", f"jsonl:{tmp_path / 'a.jsonl'}",
                                                  "--interval", "1"]
    assert poller.json["data"]["unitName"] == "hik-connect-alarm-poller.service"
    assert worker.json["data"]["command"][2:] == ["--journal", str(tmp_path / "j.sqlite3"),
                                                  "deliver", "--sink", "stdout"]
    assert worker.json["data"]["unitName"] == "hik-connect-alarm-delivery.service"


def test_a_secret_given_as_secret_equals_value_moves_out_of_the_unit_too(run, tmp_path):
    result = run(SERVER, f"--secret={SECRET}", "--journal", str(tmp_path / "j.sqlite3"),
                 "--print-systemd-unit")
    abbreviated = run(SERVER, "--sec", SECRET, "--print-systemd-unit")

    assert result.code == 0, result.stdout
    assert SECRET not in result.stdout
    assert not any(word.startswith("--secret") for word in result.json["data"]["command"])
    assert environment_file(result.json["data"]["environmentFile"])["HIK_SIGN_SECRET"] == SECRET
    assert abbreviated.code == 2 and SECRET not in abbreviated.stdout  # no abbreviations


def test_a_keyed_url_on_the_command_line_cannot_go_into_a_unit(run):
    key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    result = run(POLLER, "--sink", f"dingtalk:https://oapi.dingtalk.com/robot/send?"
                                   f"access_token={key}", "--print-systemd-unit")

    assert result.code == 2 and key not in result.stdout
    assert "DINGTALK_BOT_URL" in result.json["message"]


def test_special_characters_survive_the_unit_quoting(run, tmp_path):
    folder = tmp_path / "with space%and$dollar"
    result = run(POLLER, "--sink", f"jsonl:{folder / 'a.jsonl'}", "--print-systemd-unit")

    assert result.code == 0, result.stdout
    line = unit_of(result.json["data"]["unit"])["Service"]["ExecStart"]
    assert f'"jsonl:{tmp_path}/with space%%and$$dollar/a.jsonl"' in line
