"""System module (guide 5.1.2): system properties, service package, users, stream token."""

from __future__ import annotations

import pytest

from conftest import environment_for, run_script, sim_secrets
from hct.errors import hint_for

SCRIPTS = "modules/Hik-Connect_Team_System/scripts/"
PLATFORM = "/api/hccgw/platform/v1"


def test_system_info(sim, run):
    result = run(SCRIPTS + "system_info.py")

    assert result.code == 0, result.stdout
    request = sim.requests(f"{PLATFORM}/systemproperties")[0]
    assert request["method"] == "GET" and request["body"] == {}
    guid = result.json["data"]["systemGUID"]
    assert len(guid) == 32 and guid in result.json["message"]


def test_service_package_keeps_the_platform_fields_and_adds_names(sim, run):
    result = run(SCRIPTS + "service_package.py")

    assert result.code == 0, result.stdout
    assert sim.requests(f"{PLATFORM}/servicepackage")[0]["method"] == "GET"
    overview = result.json["data"]["packageOverview"]["servicePackageOverview"][0]
    assert {"serviceType", "packageType", "usingAmount", "remainingAmount", "totalAmount",
            "lastExpiredTime", "packageStatus"} <= set(overview)
    assert overview["serviceTypeName"] == "video management"
    assert overview["packageTypeName"] == "purchased"
    assert overview["lastExpiredTimeUtc"].endswith("Z")
    detail = result.json["data"]["packageDetails"]["servicePackage"][0]
    assert detail["activationTimeUtc"] < detail["expiredTimeUtc"]


def test_service_package_table(sim, run):
    result = run(SCRIPTS + "service_package.py", "--format", "table")

    assert result.code == 0
    assert "serviceVideo" in result.stdout and "usingAmount" in result.stdout


def test_list_users_all(sim, run):
    result = run(SCRIPTS + "list_users.py", "--all")

    assert result.code == 0, result.stdout
    assert sim.requests(f"{PLATFORM}/users/get")[0]["body"] == {"pageIndex": 1, "pageSize": 500}
    data = result.json["data"]
    assert data["total"] == data["count"] == len(sim.sim.world.users)
    assert data["user"][0] == sim.sim.world.users[0]


def test_list_users_pages(sim, run):
    result = run(SCRIPTS + "list_users.py", "--page", "2", "--page-size", "2")

    assert result.code == 0
    assert sim.requests(f"{PLATFORM}/users/get")[0]["body"] == {"pageIndex": 2, "pageSize": 2}
    assert result.json["data"]["user"] == sim.sim.world.users[2:4]
    assert result.json["data"]["pagesRead"] == [2]


def test_list_users_bad_page_size(sim, run):
    result = run(SCRIPTS + "list_users.py", "--page-size", "1000")

    assert result.code == 2 and sim.requests() == []


def test_stream_token_returns_the_players_token_but_never_the_access_token(sim, tmp_path):
    # The appToken is this script's answer, so the leak check here covers every other secret
    # (credentials, access tokens) but not the stream tokens the simulator handed out.
    stream_tokens = sim.sim.store("system.streamTokens", dict)
    result = run_script(SCRIPTS + "stream_token.py", env=environment_for(sim, tmp_path),
                        secrets=lambda: [secret for secret in sim_secrets(sim)
                                         if secret not in stream_tokens])

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["appToken"].startswith("at.")
    assert data["streamAreaDomain"].startswith("https://")
    assert data["expireTimeUtc"].endswith("Z") and data["expireTime"].isdigit()
    assert data["appToken"] in stream_tokens
    assert "appToken" in result.stderr  # the warning to keep it for the player only


@pytest.mark.parametrize(("script", "path"), [
    ("system_info.py", "systemproperties"), ("service_package.py", "servicepackage"),
    ("stream_token.py", "streamtoken/get"), ("list_users.py", "users/get")])
def test_platform_error_exits_1_with_the_hint(sim, run, script, path):
    sim.sim.fail_next(code="OPEN000008", path=f"{PLATFORM}/{path}")

    result = run(SCRIPTS + script)

    assert result.code == 1
    assert result.json["success"] is False and result.json["errorCode"] == "OPEN000008"
    assert result.json["hint"] == hint_for("OPEN000008")


@pytest.mark.parametrize("script", ["system_info.py", "stream_token.py"])
def test_unknown_argument_exits_2(sim, run, script):
    result = run(SCRIPTS + script, "--bogus")

    assert result.code == 2 and sim.requests() == []


def test_users_by_name_answer_brief_records(sim, run):
    operator = next(user for user in sim.sim.world.users if user["name"] == "operator")

    result = run(SCRIPTS + "list_users.py", "--name", "OPERATOR")

    assert result.code == 0, result.stdout
    assert result.json["data"]["user"] == [{"id": operator["id"], "name": "operator"}]
    assert result.json["message"] == "1 of 5 users matching 'OPERATOR'."
