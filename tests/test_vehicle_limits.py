"""What the guide's limits forbid is refused before sending (issue 12 points 7 and 17):
vehicle and driver pictures that declare more than pictures.MAX_PIXELS (decompression
bombs, measured from the header, never decoded), and license plates a vehicle cannot carry."""

from __future__ import annotations

import pytest
from picture_files import bomb_jpeg, bomb_png

from hctsim import routes_vehicle

SCRIPTS = "modules/Hik-Connect_Team_Vehicle/scripts/"


def area(sim) -> str:
    return sim.sim.world.areas[1]["id"]


def group(sim) -> str:
    return next(iter(routes_vehicle._store(sim.sim)["groups"]))


@pytest.mark.parametrize("size", [(60_000, 60_000), (8_000, 8_000)], ids=["huge", "64 Mpixel"])
def test_a_vehicle_picture_bomb_is_refused_before_any_request(sim, run, tmp_path, size):
    bomb = bomb_jpeg(tmp_path / "van.jpg", *size)

    added = run(SCRIPTS + "add_vehicle.py", "--area-id", area(sim), "--plate", "NEW 1",
                "--type", "car", "--picture", str(bomb))
    uploaded = run(SCRIPTS + "upload_vehicle_picture.py", "--image", str(bomb))

    assert [added.code, uploaded.code] == [2, 2], added.stdout
    assert "Mpixel" in added.json["message"] and "Mpixel" in uploaded.json["message"]
    assert sim.requests() == []


@pytest.mark.parametrize("flag", ["--photo", "--license-image"])
def test_a_driver_picture_bomb_is_refused_before_any_request(sim, run, tmp_path, flag):
    from picture_files import small_jpeg

    face = tmp_path / "face.jpg"
    face.write_bytes(small_jpeg())
    pictures = {"--photo": str(face), "--license-image": str(face),
                flag: str(bomb_png(tmp_path / "bomb.png", 14_000, 14_000))}

    result = run(SCRIPTS + "add_driver.py", "--first-name", "Mia", "--code", "D9",
                 "--gender", "female", "--group-id", group(sim), *(
                     part for item in pictures.items() for part in item))

    assert result.code == 2 and flag in result.json["message"], result.stdout
    assert sim.requests() == []


@pytest.mark.parametrize("plate", ["A" * 65, "AB\n12", "AB\x1b[2J12", "  "],
                         ids=["65 characters", "line break", "escape", "blank"])
def test_a_plate_the_guide_forbids_is_refused_before_sending(sim, run, plate):
    added = run(SCRIPTS + "add_vehicle.py", "--area-id", area(sim), "--plate", plate,
                "--type", "car")
    vehicle = next(iter(routes_vehicle._store(sim.sim)["vehicles"]))
    updated = run(SCRIPTS + "update_vehicle.py", "--id", vehicle, "--plate", plate)

    assert [added.code, updated.code] == [2, 2], added.stdout
    assert added.json["errorCode"] == "INVALID_ARGUMENT"
    assert sim.requests() == []


def test_a_plate_of_64_printed_characters_is_sent(sim, run):
    plate = "Ü" + "B" * 63

    result = run(SCRIPTS + "add_vehicle.py", "--area-id", area(sim), "--plate", plate,
                 "--type", "car")

    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/resource/v1/areas/vehicles/add")[0]["body"][
        "licensePlateNo"] == plate
