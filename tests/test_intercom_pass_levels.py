"""A temporary pass without an access level is accepted by the platform but opens no door
until someone grants access in the portal (seen live): add_temp_pass.py and
update_temp_pass.py refuse it unless --no-access-level says it is meant."""

from __future__ import annotations

from typing import Any

from hctsim import routes_intercom
from hctsim.routes_acs import access_levels

SCRIPTS = "modules/Hik-Connect_Team_Intercom/scripts"
TEMPAUTH = "/api/hccgw/vims/v1/tempauth/"
WINDOW = ("--start", "2030-05-01T08:00:00+02:00", "--end", "2030-05-01T18:00:00+02:00")


def add(run: Any, *args: str) -> Any:
    return run(f"{SCRIPTS}/add_temp_pass.py", "--name", "Plumber", "--open-count", "2",
               *WINDOW, *args)


def test_a_pass_without_access_level_is_refused_with_the_levels_to_choose(sim, run) -> None:
    result = add(run)

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "opens no door" in result.json["message"]
    assert "--al-id" in result.json["hint"] and "--no-access-level" in result.json["hint"]
    expected = [{"name": level["name"], "id": level_id}
                for level_id, level in access_levels(sim.sim).items()]
    assert result.json["data"]["accessLevels"] == expected
    assert sim.requests(TEMPAUTH + "*") == []  # nothing created


def test_no_access_level_on_purpose(sim, run) -> None:
    result = add(run, "--no-access-level")

    assert result.code == 0, result.stdout
    assert "alIds" not in sim.requests(TEMPAUTH + "add")[0]["body"]
    assert sim.requests("/api/hccgw/acspm/*") == []


def test_a_level_and_no_level_exclude_each_other(sim, run) -> None:
    result = add(run, "--al-id", "400000000000000001", "--no-access-level")

    assert result.code == 2 and sim.requests() == []


def test_updating_a_pass_that_has_no_access_level(sim, run) -> None:
    passes = routes_intercom._store(sim.sim)["passes"]
    pass_id = next(iter(passes))
    passes[pass_id]["alIds"] = []
    update = f"{SCRIPTS}/update_temp_pass.py"

    refused = run(update, "--id", pass_id, "--open-count", "5")
    on_purpose = run(update, "--id", pass_id, "--open-count", "6", "--no-access-level")
    granted = run(update, "--id", pass_id, "--open-count", "7", "--al-id", "400000000000000002")

    assert refused.code == 2 and refused.json["data"]["accessLevels"]
    assert on_purpose.code == 0 and granted.code == 0, granted.stdout
    bodies = [entry["body"] for entry in sim.requests(TEMPAUTH + "update")]
    assert [body["openCount"] for body in bodies] == [6, 7]
    assert "alIds" not in bodies[0] and bodies[1]["alIds"] == ["400000000000000002"]
    assert passes[pass_id]["alIds"] == ["400000000000000002"]
