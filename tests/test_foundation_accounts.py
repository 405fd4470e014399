"""Several accounts (issue 11 point 1): an accounts file, `--account NAME` on every script or
HIK_CONNECT_TEAM_ACCOUNT, a token cache and a rate budget per account, list_accounts.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import environment_for, run_script, sim_secrets

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
LIST_ACCOUNTS = "modules/Hik-Connect_Team_System/scripts/list_accounts.py"
DEVICES_GET = "/api/hccgw/resource/v1/devices/get"


@pytest.fixture
def sites(sim_factory):
    """Two platforms, one account each ("north" keeps its keys in the file, "south" in
    environment variables), and the default account of the credential variables."""
    return {"north": sim_factory(seed=11), "south": sim_factory(seed=12),
            "default": sim_factory(seed=13)}


def write_accounts(path: Path, accounts: dict, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"accounts": accounts}))
    path.chmod(mode)
    return path


def site_env(sites, tmp_path: Path) -> dict[str, str]:
    env = environment_for(sites["default"], tmp_path)
    env["HIK_CONNECT_TEAM_RUNTIME_DIR"] = str(tmp_path / "run")
    env["SOUTH_APP_KEY"] = sites["south"].app_key
    env["SOUTH_SECRET_KEY"] = sites["south"].secret_key
    env["HIK_CONNECT_TEAM_ACCOUNTS_FILE"] = str(write_accounts(tmp_path / "accounts.json", {
        "north": {"appKey": sites["north"].app_key, "secretKey": sites["north"].secret_key,
                  "baseUrl": sites["north"].base_url},
        "south": {"appKeyEnv": "SOUTH_APP_KEY", "secretKeyEnv": "SOUTH_SECRET_KEY",
                  "baseUrl": sites["south"].base_url}}))
    return env


def run_with(sites, env, script, *args):
    secrets = [secret for server in sites.values() for secret in sim_secrets(server)]
    return run_script(script, *args, env=env, secrets=lambda: secrets)


def devices_calls(sites) -> dict[str, int]:
    return {name: len(server.requests(DEVICES_GET)) for name, server in sites.items()}


def test_each_account_reaches_its_own_platform(sites, tmp_path):
    env = site_env(sites, tmp_path)

    north = run_with(sites, env, LIST_DEVICES, "--account", "north")
    south = run_with(sites, {**env, "HIK_CONNECT_TEAM_ACCOUNT": "south"}, LIST_DEVICES)
    default = run_with(sites, env, LIST_DEVICES)

    assert [north.code, south.code, default.code] == [0, 0, 0], north.stdout
    assert devices_calls(sites) == {"north": 1, "south": 1, "default": 1}
    cache = Path(env["HIK_CONNECT_TEAM_CACHE_DIR"])
    assert len(list(cache.glob("token-*.json"))) == 3  # one token per account
    assert len(list((tmp_path / "run").glob("rate-*.state"))) == 3  # one budget per account


def test_the_flag_wins_over_the_variable(sites, tmp_path):
    env = {**site_env(sites, tmp_path), "HIK_CONNECT_TEAM_ACCOUNT": "south"}

    assert run_with(sites, env, LIST_DEVICES, "--account", "north").code == 0

    assert devices_calls(sites) == {"north": 1, "south": 0, "default": 0}


def test_an_unknown_account_is_a_usage_error_listing_the_names(sites, tmp_path):
    env = site_env(sites, tmp_path)

    result = run_with(sites, env, LIST_DEVICES, "--account", "west")

    assert result.code == 2
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert result.json["data"] == {"accounts": ["north", "south"]}
    assert sum(devices_calls(sites).values()) == 0


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o606])
def test_an_accounts_file_others_can_read_is_refused(sites, tmp_path, mode):
    env = site_env(sites, tmp_path)
    Path(env["HIK_CONNECT_TEAM_ACCOUNTS_FILE"]).chmod(mode)

    result = run_with(sites, env, LIST_DEVICES, "--account", "north")

    assert result.code == 3
    assert result.json["errorCode"] == "ACCOUNTS_FILE_UNSAFE"
    assert "chmod 600" in result.json["hint"]
    assert sum(len(server.requests()) for server in sites.values()) == 0


def test_keys_named_by_unset_variables_are_missing_configuration(sites, tmp_path):
    env = site_env(sites, tmp_path)
    del env["SOUTH_SECRET_KEY"]

    result = run_with(sites, env, LIST_DEVICES, "--account", "south")

    assert result.code == 3
    assert result.json["errorCode"] == "CONFIG_MISSING"
    assert "SOUTH_SECRET_KEY" in result.json["message"]


@pytest.mark.parametrize(("entry", "code"), [
    ({"appKey": "k", "secretKey": "s", "baseUrl": "https://evil.example"}, 2),
    ({"appKey": "k", "secretKey": "s", "region": "mars"}, 2),
    ({"appKey": "k"}, 3),
    ({"appKey": "k", "secretKey": "s", "password": "x"}, 3),
])
def test_broken_entries_are_refused_before_anything_is_sent(sites, tmp_path, entry, code):
    env = site_env(sites, tmp_path)
    write_accounts(Path(env["HIK_CONNECT_TEAM_ACCOUNTS_FILE"]), {"odd": entry})

    result = run_with(sites, env, LIST_DEVICES, "--account", "odd")

    assert result.code == code, result.stdout
    assert sum(len(server.requests()) for server in sites.values()) == 0


def test_an_account_with_a_region_uses_that_regions_host(sites, tmp_path):
    env = site_env(sites, tmp_path)
    env["HIK_CONNECT_TEAM_REGION_HOSTS"] = f"us={sites['north'].base_url}"
    write_accounts(Path(env["HIK_CONNECT_TEAM_ACCOUNTS_FILE"]), {"ny": {
        "appKey": sites["north"].app_key, "secretKey": sites["north"].secret_key,
        "region": "us"}})

    result = run_with(sites, env, LIST_DEVICES, "--account", "ny")

    assert result.code == 0, result.stdout
    assert devices_calls(sites)["north"] == 1


def test_list_accounts_shows_names_and_sources_never_keys(sites, tmp_path):
    env = site_env(sites, tmp_path)

    result = run_with(sites, {**env, "HIK_CONNECT_TEAM_ACCOUNT": "south"}, LIST_ACCOUNTS)

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert [account["name"] for account in data["accounts"]] == ["north", "south"]
    north, south = data["accounts"]
    assert north["credentials"] == "accounts file" and north["baseUrl"] == sites["north"].base_url
    assert south["credentials"] == "environment variables SOUTH_APP_KEY and SOUTH_SECRET_KEY"
    assert south["credentialsSet"] is True
    assert data["default"]["credentials"] == "environment"
    assert data["selected"] == "south"
    assert sum(len(server.requests()) for server in sites.values()) == 0


def test_list_accounts_without_any_account_says_the_setup_is_missing(tmp_path, sim, run):
    result = run(LIST_ACCOUNTS, env={"XDG_CONFIG_HOME": None, "HIK_CONNECT_TEAM_OPENAPI_APP_KEY":
                                     None, "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": None})

    assert result.code == 3 and result.json["errorCode"] == "CONFIG_MISSING"
    data = result.json["data"]
    assert data["fileExists"] is False and data["accounts"] == []
    assert data["file"].endswith("/home/.config/hik-connect-team/accounts.json")
    assert data["default"]["credentials"] is None
    assert "No account is configured" in result.json["message"]


def test_list_accounts_without_a_file_shows_the_default_account(tmp_path, sim, run):
    result = run(LIST_ACCOUNTS, env={"XDG_CONFIG_HOME": None})

    assert result.code == 0
    assert result.json["data"]["default"]["credentials"] == "environment"
    assert "No accounts file" in result.json["message"]


def test_the_default_accounts_file_is_in_the_users_config_directory(sim, run, tmp_path):
    config_file = tmp_path / "home" / ".config" / "hik-connect-team" / "accounts.json"
    write_accounts(config_file, {"main": {"appKey": sim.app_key, "secretKey": sim.secret_key,
                                          "baseUrl": sim.base_url}})

    result = run(LIST_DEVICES, "--account", "main",
                 env={"XDG_CONFIG_HOME": None, "HIK_CONNECT_TEAM_OPENAPI_APP_KEY": None,
                      "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": None})

    assert result.code == 0, result.stdout


def test_one_process_can_hold_a_client_per_account(sites, tmp_path, monkeypatch):
    from hct import accounts
    from token_manager import HCTOpenClient

    for name, value in site_env(sites, tmp_path).items():
        if name.startswith(("HIK_CONNECT_TEAM_", "SOUTH_")):
            monkeypatch.setenv(name, value)
    clients = {name: HCTOpenClient(accounts.load(name)) for name in accounts.names()}

    for client in clients.values():
        client.post(DEVICES_GET, {"pageIndex": 1, "pageSize": 1})

    assert devices_calls(sites) == {"north": 1, "south": 1, "default": 0}
