"""Decompression bombs (issue 12 point 7): face pictures, imported photos and downloaded
pictures are measured from their header and refused above pictures.MAX_PIXELS before
anything is decoded or sent. A 24 KB PNG that decodes to 196 Mpixel (above even Pillow's own
limit) and an 8 KB one of 64 Mpixel (which Pillow would decode: 190 MB as RGB) are made here."""

from __future__ import annotations

import pytest
from picture_files import bomb_png

PERSON = "modules/Hik-Connect_Team_Person/scripts/"
DOWNLOAD = "modules/Hik-Connect_Team_Capture/scripts/download_picture.py"
EMPLOYEES = "378117915440051199"
SIZES = {"beyond Pillow's limit": (14_000, 14_000), "below Pillow's limit": (8_000, 8_000)}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def bomb(request, tmp_path):
    width, height = SIZES[request.param]
    return bomb_png(tmp_path / "face.png", width, height)


def add_person(run) -> str:
    result = run(PERSON + "add_person.py", "--group-id", EMPLOYEES, "--person-code", "E1",
                 "--first-name", "Ana")
    return result.json["data"]["personId"]


def test_a_face_picture_bomb_is_refused_with_exit_2_and_nothing_sent(sim, run, bomb):
    person_id = add_person(run)
    sim.sim.log.clear()

    result = run(PERSON + "set_person_photo.py", "--person-id", person_id, "--photo", str(bomb))

    assert result.code == 2, result.stdout
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "Mpixel" in result.json["message"]
    assert sim.requests() == []


def test_quick_add_refuses_a_bomb_before_adding_anyone(sim, run, bomb):
    result = run(PERSON + "quick_add_person.py", "--group-id", EMPLOYEES, "--person-code",
                 "E1", "--first-name", "Ana", "--photo", str(bomb))

    assert result.code == 2 and sim.requests() == []


def test_an_import_reports_a_bomb_as_one_failed_row_and_imports_the_rest(sim, run, tmp_path):
    from PIL import Image

    bomb_png(tmp_path / "bomb.png", 14_000, 14_000)
    Image.new("RGB", (240, 320), (180, 140, 120)).save(tmp_path / "cy.jpg")
    sheet = tmp_path / "staff.csv"
    sheet.write_text("personCode,firstName,photo\nE1,Ana,\nE2,Bo,bomb.png\nE3,Cy,cy.jpg\n",
                     encoding="utf-8")

    result = run(PERSON + "import_persons.py", "--csv", str(sheet), "--group-id", EMPLOYEES)

    assert result.code == 1, result.stdout  # one row failed: the envelope says so
    by_row = {entry["row"]: entry for entry in result.json["data"]["results"]}
    assert by_row[2]["action"] == by_row[4]["action"] == "added"
    assert by_row[3]["action"] == "failed" and by_row[3]["errorCode"] == "INVALID_ARGUMENT"
    assert "Mpixel" in by_row[3]["message"] and by_row[3]["requests"] == 0
    stored = {entry["personCode"] for entry in sim.sim.store("persons", dict).values()}
    assert stored == {"E1", "E3"}


def test_a_downloaded_bomb_is_not_written(sim, run, tmp_path):
    picture = bomb_png(tmp_path / "b.png", 8_000, 8_000).read_bytes()
    url = sim.sim.storage.put("image/pic/bomb.png", picture, content_type="image/png")
    folder = tmp_path / "pictures"
    folder.mkdir()
    target = folder / "saved.png"

    result = run(DOWNLOAD, "--url", url, "--output", str(target))

    assert result.json["errorCode"] == "NOT_AN_IMAGE", result.stdout
    assert "Mpixel" in result.json["message"]
    assert list(folder.iterdir()) == []  # nothing written, no .part left behind
