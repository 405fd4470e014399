"""Region discovery (issue 8 point 3): with neither a region nor a base URL configured, keys
unknown at the default host are tried once at each regional host of the guide, and the host
that accepts them is remembered. Three simulators play the default host and two regions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import environment_for, run_script

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
TOKEN_GET = "/api/hccgw/platform/v1/token/get"
DEVICES_GET = "/api/hccgw/resource/v1/devices/get"


@pytest.fixture
def regions(sim_factory):
    """The default host, "us" and "sgp": each a platform of its own; the account is in sgp."""
    return {"default": sim_factory(seed=1), "us": sim_factory(seed=2),
            "sgp": sim_factory(seed=3)}


def regional_env(regions, tmp_path: Path, account: str = "sgp") -> dict[str, str]:
    env = environment_for(regions[account], tmp_path)
    del env["HIK_CONNECT_TEAM_OPENAPI_BASE_URL"]
    env["HIK_CONNECT_TEAM_REGION_HOSTS"] = ",".join(
        f"{name}={server.base_url}" for name, server in regions.items())
    return env


def run_in(regions, env, *args, **kwargs):
    secrets = [server.app_key for server in regions.values()] + [
        server.secret_key for server in regions.values()]
    return run_script(LIST_DEVICES, *args, env=env, secrets=lambda: secrets, **kwargs)


def token_calls(regions) -> dict[str, int]:
    return {name: len(server.requests(TOKEN_GET)) for name, server in regions.items()}


def test_the_region_that_knows_the_keys_is_found_and_remembered(regions, tmp_path):
    env = regional_env(regions, tmp_path)

    first = run_in(regions, env)

    assert first.code == 0, first.stdout
    assert "region sgp" in first.stderr and "accepted the keys" in first.stderr
    assert token_calls(regions) == {"default": 1, "us": 1, "sgp": 1}
    assert len(regions["sgp"].requests(DEVICES_GET)) == 1
    (cache,) = Path(env["HIK_CONNECT_TEAM_CACHE_DIR"]).glob("token-*.json")
    assert json.loads(cache.read_text())["tokenHost"] == regions["sgp"].base_url

    regions["sgp"].sim.expire_tokens()  # the next run must renew its token: at sgp directly
    second = run_in(regions, env)

    assert second.code == 0
    assert token_calls(regions) == {"default": 1, "us": 1, "sgp": 2}
    assert "trying the other regional hosts" not in second.stderr


def test_keys_no_region_knows_are_refused_after_one_round(regions, tmp_path):
    env = regional_env(regions, tmp_path)
    env["HIK_CONNECT_TEAM_OPENAPI_APP_KEY"] = "unknown0key0of0no0region00000000"

    result = run_in(regions, env)

    assert result.code == 3
    assert result.json["errorCode"] == "OPEN000001"
    assert "No regional host knows these keys" in result.json["message"]
    assert token_calls(regions) == {"default": 1, "us": 1, "sgp": 1}


def test_a_wrong_secret_at_the_right_region_ends_the_search(regions, tmp_path):
    env = regional_env(regions, tmp_path, account="us")
    env["HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY"] = "wrong0secret0000000000000000000"

    result = run_in(regions, env)

    assert result.code == 3
    assert result.json["errorCode"] == "OPEN000002"
    assert token_calls(regions)["sgp"] == 0  # "us" knew the key: no need to go on


@pytest.mark.parametrize("setting", ["HIK_CONNECT_TEAM_REGION",
                                     "HIK_CONNECT_TEAM_OPENAPI_BASE_URL"])
def test_no_search_when_the_region_or_the_address_is_configured(regions, tmp_path, setting):
    env = regional_env(regions, tmp_path)
    env[setting] = "us" if setting.endswith("REGION") else regions["us"].base_url

    result = run_in(regions, env)

    assert result.code == 3
    assert result.json["errorCode"] == "OPEN000001"
    assert "HIK_CONNECT_TEAM_REGION" in result.json["hint"]
    assert token_calls(regions) == {"default": 0, "us": 1, "sgp": 0}


@pytest.mark.parametrize("hosts", [
    "default=https://evil.example,us=http://127.0.0.1:1",
    "us=https://ius.hikcentralconnect.com.evil.example",
    "us=http://ius.hikcentralconnect.com",  # a guide host, but not over https
    "us=https://ius.hikcentralconnect.com\\@evil.example",
])
def test_the_host_list_takes_only_loopback_or_the_guides_hosts(regions, tmp_path, hosts):
    env = regional_env(regions, tmp_path)
    env["HIK_CONNECT_TEAM_REGION_HOSTS"] = hosts

    result = run_in(regions, env)

    assert result.code == 2
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sum(token_calls(regions).values()) == 0


def test_a_remembered_host_that_is_not_a_region_is_ignored(regions, tmp_path):
    env = regional_env(regions, tmp_path)
    assert run_in(regions, env).code == 0
    (cache,) = Path(env["HIK_CONNECT_TEAM_CACHE_DIR"]).glob("token-*.json")
    cache.write_text(json.dumps({"tokenHost": "https://evil.example"}))

    result = run_in(regions, env)

    assert result.code == 0
    assert token_calls(regions) == {"default": 2, "us": 2, "sgp": 2}
