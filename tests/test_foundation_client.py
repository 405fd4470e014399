"""The shared behaviour every script inherits from lib/: envelope, exit codes, token, retries."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, clean_environment, environment_for, run_script, sim_secrets

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
HCT_API = "scripts/hct_api.py"
DEVICES_GET = "/api/hccgw/resource/v1/devices/get"
TOKEN_GET = "/api/hccgw/platform/v1/token/get"


def test_success_prints_one_envelope_with_the_platform_fields(sim, run):
    result = run(LIST_DEVICES, "--page-size", "5", "--detail", "full")

    assert result.code == 0
    assert result.json["success"] is True
    data = result.json["data"]
    assert data["count"] == 5 and data["pagesRead"] == [1] and data["total"] >= 5
    assert {"id", "serialNo", "category", "onlineStatus"} <= set(data["device"][0])
    sent = sim.requests(DEVICES_GET)[0]["body"]
    assert sent == {"pageIndex": 1, "pageSize": 5}  # integers, as the guide types them


def test_platform_error_exits_1_with_the_guides_hint(sim, run):
    sim.sim.fail_next(code="OPEN000031", path=DEVICES_GET)

    result = run(LIST_DEVICES, "--area-id", "nowhere")

    assert result.code == 1
    assert result.json["success"] is False
    assert result.json["errorCode"] == "OPEN000031"
    assert result.json["hint"] == "Check if areaID is correct."
    assert result.json["data"] is None


def test_bad_input_exits_2_before_any_request(sim, run):
    result = run(LIST_DEVICES, "--page-size", "501")

    assert result.code == 2
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "501" in result.json["message"]
    assert sim.requests() == []


def test_unknown_flag_also_prints_the_envelope(sim, run):
    result = run(LIST_DEVICES, "--no-such-flag")

    assert result.code == 2 and result.json["success"] is False
    assert sim.requests() == []


def test_missing_credentials_exit_3(sim, run):
    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": None,
                                    "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": None})

    assert result.code == 3
    assert result.json["errorCode"] == "CONFIG_MISSING"
    assert "HIK_CONNECT_TEAM_OPENAPI_APP_KEY" in result.json["hint"]
    assert sim.requests() == []


def test_rejected_secret_exits_3_with_the_platform_code(sim, run):
    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": "wrong-secret-value"})

    assert result.code == 3
    assert result.json["errorCode"] == "OPEN000002"
    assert "wrong-secret-value" not in result.stdout + result.stderr


def test_simulator_down_exits_4_with_a_clear_message(sim, run, unused_port):
    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_BASE_URL":
                                    f"http://127.0.0.1:{unused_port}"})

    assert result.code == 4
    assert result.json["errorCode"] == "NETWORK_ERROR"
    assert "reach" in result.json["message"]
    assert "Traceback" not in result.stdout


def test_expired_token_is_renewed_transparently(sim, run):
    assert run(LIST_DEVICES).code == 0
    sim.sim.expire_tokens()

    result = run(LIST_DEVICES)

    assert result.code == 0
    assert sim.sim.stats()["tokenFetches"] == 2
    answers = [entry["status"] for entry in sim.requests(DEVICES_GET)]
    assert answers == [200, 200, 200]  # the refused call was retried once with a new token


def test_token_expiring_mid_run_of_all_pages(sim_factory, tmp_path):
    server = sim_factory(devices=1200)
    env = environment_for(server, tmp_path)
    server.sim.fail_next(code="OPEN000006", path=DEVICES_GET)

    result = run_script(LIST_DEVICES, "--all", env=env, secrets=lambda: sim_secrets(server))

    assert result.code == 0
    assert result.json["data"]["count"] == 1200
    assert server.sim.stats()["tokenFetches"] == 2


def test_corrupt_token_cache_is_replaced(sim, run, script_env):
    assert run(LIST_DEVICES).code == 0
    cache = Path(script_env["HIK_CONNECT_TEAM_CACHE_DIR"])
    (token_file,) = cache.glob("token-*.json")
    token_file.write_text("{not json")

    result = run(LIST_DEVICES)

    assert result.code == 0
    assert json.loads(token_file.read_text())["accessToken"].startswith("hcc.")


def test_token_cache_is_private_and_keyed_by_digest(sim, run, script_env):
    assert run(LIST_DEVICES).code == 0
    cache = Path(script_env["HIK_CONNECT_TEAM_CACHE_DIR"])
    (token_file,) = cache.glob("token-*.json")

    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert sim.app_key not in token_file.name


def test_token_cache_can_be_disabled(sim, run, script_env):
    env = {"HIK_CONNECT_TEAM_TOKEN_CACHE": "0"}
    assert run(LIST_DEVICES, env=env).code == 0
    assert run(LIST_DEVICES, env=env).code == 0

    assert list(Path(script_env["HIK_CONNECT_TEAM_CACHE_DIR"]).glob("token-*")) == []
    assert sim.sim.stats()["tokenFetches"] == 2


def test_reads_are_retried_after_server_errors_and_dropped_connections(sim, run):
    sim.sim.fail_next(status=503, path=DEVICES_GET)
    sim.sim.close_next(path=DEVICES_GET)

    result = run(LIST_DEVICES)

    assert result.code == 0
    assert "retrying" in result.stderr


def test_actions_are_not_resent_after_a_server_error(sim, run):
    path = "/api/hccgw/resource/v1/areas/add"
    sim.sim.fail_next(status=500, path=path)

    result = run(HCT_API, "POST", path, "--body", '{"name": "Lobby", "parentId": "x"}')

    assert result.code == 4
    assert result.json["errorCode"] == "SERVER_ERROR"
    assert len(sim.requests(path)) == 1


def test_rate_limit_answers_are_waited_out(sim, run):
    sim.sim.fail_next(status=429, path=DEVICES_GET)

    result = run(LIST_DEVICES)

    assert result.code == 0
    assert "rate limited" in result.stderr
    assert len(sim.requests(DEVICES_GET)) == 2


def test_openclaw_config_is_the_fallback(sim, run, script_env):
    home = Path(script_env["HOME"])
    (home / ".openclaw" / "gateway").mkdir(parents=True)
    (home / ".openclaw" / "config.json").write_text("")  # empty: skipped
    (home / ".openclaw" / "gateway" / "config.json").write_text(json.dumps(
        {"channels": {"hik_connect_team_openapi": {
            "appKey": "disabled-key", "secretKey": "disabled-secret", "enabled": False}}}))
    (home / ".openclaw" / "channels.json").write_text(json.dumps(
        {"channels": {"hik_connect_team_openapi": {
            "appKey": sim.app_key, "secretKey": sim.secret_key, "enabled": True}}}))

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": None,
                                    "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": None})

    assert result.code == 0, result.stdout
    assert sim.requests(TOKEN_GET)[0]["body"]["appKey"] == sim.app_key


def test_broken_openclaw_files_are_skipped_not_fatal(sim, run, script_env):
    home = Path(script_env["HOME"])
    (home / ".openclaw").mkdir()
    (home / ".openclaw" / "config.json").write_text("{broken")
    (home / ".openclaw" / "channels.json").write_text('["not", "an", "object"]')

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": None,
                                    "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": None})

    assert result.code == 3 and result.json["errorCode"] == "CONFIG_MISSING"


def test_table_format_prints_a_human_table(sim, run):
    result = run(LIST_DEVICES, "--page-size", "3", "--format", "table")

    assert result.code == 0
    total = len(sim.sim.world.devices)
    assert result.stdout.splitlines()[0] == f"3 of {total} devices."
    header = result.stdout.splitlines()[1]
    assert header.startswith("| ") and "serialNo" in header and "onlineStatus" in header


def test_hct_api_calls_any_endpoint(sim, run):
    result = run(HCT_API, "GET", "/api/hccgw/platform/v1/systemproperties")

    assert result.code == 0
    assert "systemGUID" in json.dumps(result.json["data"])


def test_hct_api_rejects_a_foreign_path_before_sending(sim, run):
    result = run(HCT_API, "POST", "https://elsewhere.example/api/hccgw/x")

    assert result.code == 2
    assert sim.requests() == []


def test_help_needs_no_credentials_and_does_not_import_requests(tmp_path):
    script = str(ROOT / LIST_DEVICES)
    probe = "\n".join([
        "import runpy, sys",
        f"sys.argv = [{script!r}, '--help']",
        "try:",
        f"    runpy.run_path({script!r}, run_name='__main__')",
        "except SystemExit as stop:",
        "    code = stop.code",
        "sys.stderr.write(f\"REQUESTS={'requests' in sys.modules} CODE={code}\")",
    ])
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                               env=clean_environment(tmp_path / "home"), timeout=30)

    assert "usage:" in completed.stdout
    assert "REQUESTS=False CODE=0" in completed.stderr


def test_no_traceback_on_stdout_for_internal_errors(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text("\n".join([
        "import sys",
        f"sys.path.insert(0, {str(ROOT / 'lib')!r})",
        "from hct import cli",
        "def handler(args, client):",
        "    raise ValueError('a bug in a handler')",
        "cli.run(cli.parser('broken'), handler)",
    ]))

    result = run_script(script, env=clean_environment(tmp_path / "home"))

    assert result.code == 5
    assert result.json["errorCode"] == "INTERNAL_ERROR"
    assert "a bug in a handler" in result.json["message"]
    assert "Traceback" not in result.stdout


def test_token_is_renewed_when_less_than_five_minutes_remain(sim, run, script_env):
    import time

    assert run(LIST_DEVICES).code == 0
    (token_file,) = Path(script_env["HIK_CONNECT_TEAM_CACHE_DIR"]).glob("token-*.json")
    cached = json.loads(token_file.read_text())
    token_file.write_text(json.dumps({**cached, "expiresAt": time.time() + 240}))

    assert run(LIST_DEVICES).code == 0

    assert sim.sim.stats()["tokenFetches"] == 2
    assert json.loads(token_file.read_text())["accessToken"] != cached["accessToken"]
