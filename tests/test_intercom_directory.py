"""Intercom directory: buildings, rooms and residents as the guide's vims searches type them."""

from hctsim import routes_intercom

SCRIPTS = "modules/Hik-Connect_Team_Intercom/scripts"


def test_buildings_are_listed_from_the_root_with_sub_areas(sim, run):
    result = run(f"{SCRIPTS}/list_buildings.py", "--all")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vims/v1/build/search")[0]["body"]
    assert body == {"searchCriteria": {"areaId": "-1", "isContainSubArea": 1},
                    "pageNum": 1, "pageSize": 100}
    data = result.json["data"]
    assert data["total"] == 3 and data["count"] == 3
    assert {b["buildName"] for b in data["buildList"]} == {"Block A", "Block B", "Tower C"}
    assert all(isinstance(b["totalRoom"], int) for b in data["buildList"])


def test_rooms_filter_by_building_and_integer_room_number(sim, run):
    store = routes_intercom._store(sim.sim)
    building = next(iter(store["buildings"].values()))
    result = run(f"{SCRIPTS}/list_rooms.py", "--area-id", building["areaId"],
                 "--building-id", building["buildId"], "--room-num", "101")
    assert result.code == 0, result.stdout
    criteria = sim.requests("/api/hccgw/vims/v1/room/search")[0]["body"]["searchCriteria"]
    assert criteria == {"areaId": building["areaId"], "isContainSubArea": 0,
                        "buildId": building["buildId"], "filter": {"roomNum": 101}}
    rooms = result.json["data"]["roomList"]
    assert len(rooms) == 1 and rooms[0]["roomNum"] == 101
    assert rooms[0]["buildId"] == building["buildId"]


def test_residents_search_uses_the_tables_criteria_and_integer_filters(sim, run):
    result = run(f"{SCRIPTS}/search_residents.py", "--name", "lopez", "--type", "householder",
                 "--expired", "no")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vims/v1/person/search")[0]["body"]
    assert body["searchCriteria"]["filter"] == {"name": "lopez", "type": 1, "isExpired": 0}
    people = result.json["data"]["personList"]
    assert [p["firstName"] for p in people] == ["Ana"]
    assert people[0]["rooms"] and "personId" in people[0]  # brief: rooms as labels


def test_sub_areas_flag_without_area_is_refused_before_any_request(sim, run):
    result = run(f"{SCRIPTS}/list_rooms.py", "--include-sub-areas")
    assert result.code == 2 and result.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests("/api/hccgw/vims/*") == []
