"""Names in, ids out (issue 9 §2): how hct.names resolves what a user names, against the
simulator. The scripts' own --camera/--door/--device/--area/--person flags are tested with
each module; these tests pin the shared rules: every word, case and accents, exact wins,
ambiguous and unknown names send nothing more, and the name index saves the second lookup."""

from __future__ import annotations

import pytest

from hct import names
from hct.resource import CAMERAS, DOORS

CAMERAS_PATH = "/api/hccgw/resource/v1/areas/cameras/get"


def rename(sim, kind: str, old: str, new: str) -> None:
    channel = next(channel for channel in sim.sim.world.channels(kind)
                   if channel["name"] == old)
    channel["name"] = new


def test_every_word_matches_ignoring_case_and_accents(sim, client) -> None:
    rename(sim, "camera", "Camera 01", "Entrée Principale Nord")

    camera = names.resolve(client, CAMERAS, "entree NORD", flag="--camera")

    assert camera["name"] == "Entrée Principale Nord"
    assert camera["deviceSerial"] and isinstance(camera["channelNo"], int)
    assert names.resolved()[0]["name"] == "Entrée Principale Nord"
    assert names.resolved()[0]["flag"] == "--camera"


def test_an_exact_full_name_wins_over_partial_matches(sim, client) -> None:
    rename(sim, "camera", "Camera 01", "Front Entrance")
    rename(sim, "camera", "Camera 02", "Front Entrance Left")

    camera = names.resolve(client, CAMERAS, "front entrance", flag="--camera")

    assert camera["name"] == "Front Entrance"


def test_several_matches_are_refused_with_candidates_that_say_how_to_pick(sim, client) -> None:
    with pytest.raises(names.AmbiguousName) as caught:
        names.resolve(client, CAMERAS, "camera", flag="--camera")

    error = caught.value
    assert error.exit_code == 2 and error.error_code == "AMBIGUOUS_NAME"
    candidates = error.data["candidates"]
    assert len(candidates) == names.MAX_CANDIDATES < error.data["matches"]
    assert all(candidate["pick"].startswith("--serial ") for candidate in candidates)
    assert {"name", "id", "area"} <= set(candidates[0])


def test_an_unknown_name_is_refused_with_the_closest_names(sim, client) -> None:
    rename(sim, "door", "Door 01", "Main Gate")

    with pytest.raises(names.UnknownName) as caught:
        names.resolve(client, DOORS, "main gates", flag="--door")

    assert caught.value.error_code == "UNKNOWN_NAME"
    assert caught.value.data["closest"][0]["name"] == "Main Gate"


def test_a_second_lookup_within_minutes_sends_nothing(sim, client) -> None:
    rename(sim, "camera", "Camera 01", "Reception")
    rename(sim, "camera", "Camera 02", "Car Park")
    names.resolve(client, CAMERAS, "reception", flag="--camera")
    sent = len(sim.requests(CAMERAS_PATH))

    names.resolve(client, CAMERAS, "car park", flag="--camera")

    assert sent >= 1
    assert len(sim.requests(CAMERAS_PATH)) == sent


def test_a_name_the_index_does_not_know_is_looked_up_afresh_once(sim, client) -> None:
    rename(sim, "camera", "Camera 01", "Reception")
    names.resolve(client, CAMERAS, "reception", flag="--camera")
    sent = len(sim.requests(CAMERAS_PATH))
    rename(sim, "camera", "Camera 03", "Loading Dock")

    camera = names.resolve(client, CAMERAS, "loading dock", flag="--camera")

    assert camera["name"] == "Loading Dock"
    assert len(sim.requests(CAMERAS_PATH)) > sent
