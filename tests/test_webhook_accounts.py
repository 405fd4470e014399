"""One receiver, several accounts (issue 11 point 2): webhook_server.py --accounts serves
each account of the accounts file at /hikvision/webhook/<account> with that account's own
signing secret, webhook_manager.py --account NAME save --public-url registers that path, and
every push is journaled (and published) as its account's."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import requests
from test_alarm_mqtt_sink import Subscriber
from test_foundation_accounts import write_accounts
from test_webhook_push_path import SERVER, free_port, stop

from conftest import environment_for, run_script, sim_secrets, wait_for
from hct.alarm import signature
from hctsim.routes_mq import raise_events

pytest_plugins = ["servers"]  # redis_server, redis_journal_url, broker

MANAGER = "modules/Hik-Connect_Team_Alarm/scripts/webhook_manager.py"
NORTH_SECRET = "NorthSecret2026"
SUBSCRIBE = "/api/hccgw/alarm/v1/mq/subscribe"


def accounts_env(north, south, tmp_path: Path) -> dict[str, str]:
    """north keeps its keys and its signSecret in the file; south has its keys in variables
    and no signSecret (the platform signs its pushes with its secretKey)."""
    env = environment_for(north, tmp_path)
    for name in ("HIK_CONNECT_TEAM_OPENAPI_APP_KEY", "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY"):
        env.pop(name)
    env["SOUTH_APP_KEY"], env["SOUTH_SECRET_KEY"] = south.app_key, south.secret_key
    env["HIK_CONNECT_TEAM_ACCOUNTS_FILE"] = str(write_accounts(tmp_path / "accounts.json", {
        "north": {"appKey": north.app_key, "secretKey": north.secret_key,
                  "baseUrl": north.base_url, "signSecret": NORTH_SECRET},
        "south": {"appKeyEnv": "SOUTH_APP_KEY", "secretKeyEnv": "SOUTH_SECRET_KEY",
                  "baseUrl": south.base_url}}))
    return env


def start(env: dict[str, str], port: int, *args: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, SERVER, "--port", str(port), *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: _up(port), 15), process.communicate(timeout=5)[1]
    return process


def _up(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok
    except requests.ConnectionError:
        return False


def push(port: int, path: str, secret: str, batch_id: str) -> int:
    body = json.dumps({"batchId": batch_id, "list": [{"guid": batch_id, "msgType": "1"}]})
    return requests.post(f"http://127.0.0.1:{port}{path}", data=body, timeout=10,
                         headers=signature.signed_headers(secret, batch_id)).status_code


def test_one_receiver_takes_each_accounts_pushes_on_its_own_path(
        sim_factory, tmp_path, redis_journal_url, broker):
    north, south = sim_factory(seed=21), sim_factory(seed=22)
    env = accounts_env(north, south, tmp_path)
    secrets = [NORTH_SECRET, *sim_secrets(north), *sim_secrets(south)]
    port = free_port()
    base = f"http://127.0.0.1:{port}/hikvision/webhook"
    reader = Subscriber(broker.port, "hikconnect/#")
    receiver = start(env, port, "--accounts", "north,south", "--journal", redis_journal_url,
                     "--sink", f"mqtt:{broker.url}")
    try:
        saved = {name: run_script(MANAGER, "--account", name, "save", "--public-url", base,
                                  env=env, secrets=lambda: secrets)
                 for name in ("north", "south")}
        for server in (north, south):
            server.api(SUBSCRIBE, {"subscribeType": 1, "subscribeMode": 0})
        from_north = raise_events(north.sim, "alarm", 5)["ids"]
        from_south = raise_events(south.sim, "alarm", 3)["ids"]
        assert wait_for(lambda: len(reader.guids()) >= 8, 30)
        crossed = push(port, "/hikvision/webhook/south", NORTH_SECRET, "crossed")
        unknown = push(port, "/hikvision/webhook/west", NORTH_SECRET, "west")
        time.sleep(0.3)
    finally:
        code, out, err = stop(receiver)
        reader.close()

    for name, result in saved.items():
        assert result.code == 0, result.stdout + result.stderr
        assert result.json["data"]["callbackUrl"] == f"{base}/{name}"
        assert result.json["data"]["account"] == name
    assert saved["north"].json["data"]["signSecret"] == "set (not shown)"
    assert saved["south"].json["data"]["signSecret"].startswith("not set")
    by_topic = {topic.split("/")[1]: [] for topic, _, _ in reader.messages}
    for topic, payload, _ in reader.messages:
        by_topic[topic.split("/")[1]].append(payload["guid"])
        assert payload["account"] == topic.split("/")[1]
    assert sorted(by_topic["north"]) == sorted(from_north)
    assert sorted(by_topic["south"]) == sorted(from_south)
    assert (crossed, unknown) == (401, 404)  # north's secret does not sign south's pushes
    assert code == 0, err
    document = json.loads(out)
    assert document["data"]["paths"] == ["/hikvision/webhook/north", "/hikvision/webhook/south"]
    assert document["data"]["accounts"]["north"]["entries"] == 5
    assert document["data"]["accounts"]["south"]["entries"] == 3
    for secret in secrets:
        assert secret not in out and secret not in err


def test_each_account_may_name_its_signing_secret_variable(sim_factory, tmp_path, run):
    north, south = sim_factory(seed=21), sim_factory(seed=22)
    env = accounts_env(north, south, tmp_path)
    accounts_file = Path(env["HIK_CONNECT_TEAM_ACCOUNTS_FILE"])
    document = json.loads(accounts_file.read_text())
    document["accounts"]["south"]["signSecretEnv"] = "SOUTH_SIGN_SECRET"
    write_accounts(accounts_file, document["accounts"])
    port = free_port()

    missing = run_script(SERVER, "--accounts", "north,south", "--port", str(port), env=env)
    receiver = start({**env, "SOUTH_SIGN_SECRET": "SouthSecret2026"}, port, "--all-accounts",
                     "--journal", str(tmp_path / "j.sqlite3"))
    try:
        answers = [push(port, "/hikvision/webhook/south", "SouthSecret2026", "b1"),
                   push(port, "/hikvision/webhook/south", south.secret_key, "b2"),
                   push(port, "/hikvision/webhook/north", NORTH_SECRET, "b3")]
    finally:
        stop(receiver)

    assert missing.code == 3 and "SOUTH_SIGN_SECRET" in missing.json["message"]
    assert answers == [200, 401, 200]


def test_the_single_account_flags_do_not_mix_with_accounts(sim_factory, tmp_path):
    north, south = sim_factory(seed=21), sim_factory(seed=22)
    env = accounts_env(north, south, tmp_path)

    with_secret = run_script(SERVER, "--accounts", "north", "--secret", "Secret2026abc",
                             env=env)
    unknown = run_script(SERVER, "--accounts", "north,west", env=env)

    assert with_secret.code == 2 and "Secret2026abc" not in with_secret.stdout
    assert unknown.code == 2 and unknown.json["data"]["accounts"] == ["north", "south"]
