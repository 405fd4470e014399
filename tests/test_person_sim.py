"""The simulator's 5.8 endpoints keep the guide's types, limits and error codes."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest

P = "/api/hccgw/person/v1"
EMPLOYEES = "378117915440051199"


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(rate_limit=False)


def person(code: str = "E1", **extra: Any) -> dict[str, Any]:
    return {"groupId": EMPLOYEES, "personCode": code, "firstName": "Ana", "lastName": "",
            "gender": 2, "startDate": "2025-01-01T00:00:00+08:00",
            "endDate": "2030-01-01T00:00:00+08:00", **extra}


def code(server: Any, path: str, body: Any) -> str:
    return server.api(P + path, body)["errorCode"]


def added(server: Any, **extra: Any) -> str:
    answer = server.api(P + "/persons/add", person(**extra))
    assert answer["errorCode"] == "0", answer
    return answer["data"]["personId"]


def test_types_and_limits_of_persons_add(server):
    assert code(server, "/persons/add", person(gender="2")) == "OPEN000008"  # Integer
    assert code(server, "/persons/add", person(personCode="E-1")) == "CCF038016"
    assert code(server, "/persons/add", person(endDate="2038-01-01T00:00:00+08:00")) == \
        "CCF038022"
    assert code(server, "/persons/add", person(groupId="1")) == "CCF038009"
    assert code(server, "/persons/add", person(firstName="x" * 200, lastName="y" * 56)) == \
        "CCF038017"
    added(server)
    assert code(server, "/persons/add", person()) == "CCF038024"


def test_list_pages_at_most_100_and_dates_are_long_timestamps(server, sim_factory):
    added(server)
    assert code(server, "/persons/list", {"pageIndex": 1, "pageSize": 101}) == "OPEN000025"
    answer = server.api(P + "/persons/list", {"pageIndex": 1, "pageSize": 100})["data"]
    assert isinstance(answer, list) and len(answer) == 1  # the guide types data Object[]
    info = answer[0]["personInfo"]
    assert info["startDate"] == 1735660800000 and isinstance(info["gender"], int)
    field = sim_factory(rate_limit=False, profile="field")  # what integrations read
    added(field)
    answer = field.api(P + "/persons/list", {"pageIndex": 1, "pageSize": 100})["data"]
    assert answer["totalCount"] == 1 and answer["personList"][0]["personInfo"] == info


def test_cards_and_fingers_are_limited_to_two(server):
    person_id = added(server)
    three = [{"cardNo": str(number)} for number in (1, 2, 3)]
    assert code(server, "/persons/updatecards", {"personId": person_id, "cardList": three}) \
        == "CCF038032"
    fingers = [{"name": f"f{n}", "data": "AB" * n} for n in (1, 2, 3)]
    assert code(server, "/persons/updatefingers",
                {"personId": person_id, "fingerList": fingers}) == "CCF038039"
    too_long = server.api(P + "/persons/updatefingers", {
        "personId": person_id, "fingerList": [{"name": "x", "data": "A" * 1026}]})
    assert too_long["errorCode"] == "0"
    assert too_long["data"]["fingerFailed"]["fingerList"][0]["errorCode"] == "CCF038066"


def test_photos_must_be_pictures_and_big_ones_are_marked_compressed(server):
    from PIL import Image

    person_id = added(server)
    junk = base64.b64encode(b"hello").decode()
    assert code(server, "/persons/photo", {"personId": person_id, "photoData": junk}) == \
        "CCF038028"
    buffer = io.BytesIO()
    Image.effect_noise((800, 800), 100).convert("RGB").save(buffer, "PNG")
    assert buffer.tell() > 200 * 1024
    photo = base64.b64encode(buffer.getvalue()).decode()
    assert code(server, "/persons/photo", {"personId": person_id, "photoData": photo}) == "0"
    assert server.sim.store("persons", dict)[person_id]["photo"]["compressed"] is True


def test_deleting_an_unknown_person_deletes_nothing(server):
    person_id = added(server)
    assert code(server, "/persons/delete", {"personId": f"{person_id},42"}) == "CCF038023"
    assert person_id in server.sim.store("persons", dict)


def test_the_root_department_cannot_be_deleted(server):
    assert code(server, "/groups/delete", {"groupId": "378117915440051200"}) == "OPEN000010"
    assert code(server, "/groups/delete", {"groupId": "1"}) == "CCF038009"
