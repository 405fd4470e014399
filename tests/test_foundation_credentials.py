"""Credential answers of the token call are setup errors (exit 3) with the platform's own
code and a hint that says what to fix (issue 8 points 2 and 8)."""

from __future__ import annotations

import pytest
from foundation_servers import PlatformStub, stub_environment

from conftest import run_script

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
HCT_API = "scripts/hct_api.py"
TOKEN_GET = "/api/hccgw/platform/v1/token/get"
PERSONS = "/api/hccgw/person/v1/persons/list"


@pytest.mark.parametrize(("code", "message", "hint_says"), [
    ("OPEN300002", "SECRET_KEY_NOT_EQUALS{OPEN300002}", "SECRET_KEY"),  # guide, section 3.3
    ("OPEN300001", "AK/SK invalid or no permission", "permission"),
    ("LAP300001", "Keys are not valid in this region", "HIK_CONNECT_TEAM_REGION"),
    ("OPEN000001", None, "HIK_CONNECT_TEAM_REGION"),
    ("OPEN000002", None, "SECRET_KEY"),
    ("OPEN000003", None, "appKey"),
    ("OPEN000005", None, "keys"),
])
def test_credential_answers_are_setup_errors_with_a_hint(sim, run, code, message, hint_says):
    sim.sim.fail_next(code=code, path=TOKEN_GET, message=message)

    result = run(LIST_DEVICES)

    assert result.code == 3, result.stdout
    assert result.json["errorCode"] == code
    assert hint_says in result.json["hint"]
    assert "rejected the credentials" in result.json["message"]
    assert sim.requests("/api/hccgw/resource/*") == []


def test_the_guides_example_answer_names_the_mismatch(sim, run):
    sim.sim.fail_next(code="OPEN300002", path=TOKEN_GET,
                      message="SECRET_KEY_NOT_EQUALS{OPEN300002}")

    result = run(LIST_DEVICES)

    assert result.json["message"] == ("The platform rejected the credentials "
                                      "(SECRET_KEY_NOT_EQUALS, OPEN300002).")


def test_keys_refused_by_a_later_call_are_setup_errors_too(sim, run):
    sim.sim.fail_next(code="LAP300001", path="/api/hccgw/resource/v1/devices/get")

    result = run(LIST_DEVICES)

    assert result.code == 3
    assert result.json["errorCode"] == "LAP300001"


def test_other_platform_errors_stay_exit_1(sim, run):
    sim.sim.fail_next(code="OPEN000031", path="/api/hccgw/resource/v1/devices/get")

    assert run(LIST_DEVICES).code == 1


@pytest.mark.parametrize("field", ["Message", "message", "errorMsg"])
def test_the_error_text_is_read_under_each_of_its_names(script_env, field):
    answer = {"errorCode": "OPEN000040", field: "The person does not exist on the platform."}
    with PlatformStub({PERSONS: answer}) as stub:
        result = run_script(HCT_API, "POST", PERSONS, "--body",
                            '{"pageIndex": 1, "pageSize": 10}',
                            env=stub_environment(script_env, stub))

    assert result.code == 1
    assert result.json["errorCode"] == "OPEN000040"
    assert "The person does not exist on the platform." in result.json["message"]


def test_missing_credentials_point_to_the_variables_and_openclaw_json(sim, run):
    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": None,
                                    "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": None})

    assert result.code == 3 and result.json["errorCode"] == "CONFIG_MISSING"
    hint = result.json["hint"]
    assert "HIK_CONNECT_TEAM_OPENAPI_APP_KEY" in hint
    assert "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY" in hint
    assert 'skills.entries."hik-connect-team-skills".env' in hint and "openclaw.json" in hint
    assert "channels" not in hint  # the legacy files are read, no longer recommended
