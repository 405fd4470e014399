"""The guide's rules as the simulator enforces them, and the error codes SKILL.md documents."""

from pathlib import Path

import pytest

from hct import vehicle
from hct.errors import hint_for
from hctsim import routes_vehicle
from hctsim.core import ApiError

ROOT = Path(__file__).resolve().parents[1]


def _call(route, sim, body, **params):
    with pytest.raises(ApiError) as caught:
        route(sim.sim, body, None, **params)
    return caught.value.code


def test_vehicle_type_must_be_an_integer_when_adding(sim):
    area = sim.sim.world.areas[1]["id"]
    body = {"areaId": area, "licensePlateNo": "T 1", "vehicleType": "1"}
    assert _call(routes_vehicle.vehicles_add, sim, body) == "OPEN000008"
    assert routes_vehicle.vehicles_add(sim.sim, {**body, "vehicleType": 1}, None)["id"]


def test_the_simulator_also_refuses_a_second_vehicle_on_one_device(sim):
    store = routes_vehicle._store(sim.sim)
    taken = next(v for v in store["vehicles"].values() if v["deviceSerial"])
    body = {"areaId": taken["areaId"], "licensePlateNo": "T 2", "vehicleType": 1,
            "deviceSerial": taken["deviceSerial"]}
    assert _call(routes_vehicle.vehicles_add, sim, body) == "OPEN000010"


def test_the_free_package_stops_at_ten_vehicles(sim):
    area = sim.sim.world.areas[1]["id"]
    for number in range(6):  # 4 demo vehicles + 6 = 10
        routes_vehicle.vehicles_add(sim.sim, {"areaId": area, "licensePlateNo": f"F {number}",
                                              "vehicleType": 0}, None)
    body = {"areaId": area, "licensePlateNo": "F 11", "vehicleType": 0}
    assert _call(routes_vehicle.vehicles_add, sim, body) == "OPEN000024"


def test_driver_gender_is_0_to_2_and_groups_must_exist(sim):
    store = routes_vehicle._store(sim.sim)
    body = {"firstName": "A", "driverCode": "X1", "gender": 3,
            "groupId": next(iter(store["groups"])), "phone": "", "email": "",
            "description": "", "relateVehicleIds": [], "driverLicenseInfo": {},
            "photoData": "/9j/"}
    assert _call(routes_vehicle.driver_add, sim, body) == "OPEN010001"
    assert _call(routes_vehicle.driver_add, sim, {**body, "gender": 2,
                                                  "groupId": "nope"}) == "OPEN010001"


def test_the_on_board_error_codes_are_documented_with_the_guides_advice():
    skill = (ROOT / "modules/Hik-Connect_Team_Vehicle/SKILL.md").read_text()
    for code in vehicle.ERROR_CODES:
        assert code in skill
        assert hint_for(code) == "Check the parameters."
