"""Persons by name (issue 9 §2): the `person.PERSONS` kind that `--person NAME` resolves,
here and in the ACS scripts. A lookup asks the platform (persons/list filter.name) instead of
reading every person, and candidates show the department that tells them apart."""

from __future__ import annotations

import pytest

from hct import names, person

LIST = "/api/hccgw/person/v1/persons/list"
GROUPS = "/api/hccgw/person/v1/groups/search"
EMPLOYEES = "378117915440051199"  # demo departments of the simulator
CONTRACTORS = "378117915440051198"


def enrol(client, code: str, first: str, last: str, group: str = EMPLOYEES) -> str:
    data = client.post(person.PERSONS_ADD, {
        "groupId": group, "personCode": code, "firstName": first, "lastName": last,
        "gender": 2, "startDate": "2025-01-01T00:00:00+00:00",
        "endDate": "2030-01-01T00:00:00+00:00"})
    return data["personId"]


def test_a_person_is_found_by_the_platforms_name_filter_in_any_word_order(sim, client):
    ana = enrol(client, "E1", "Ana", "Silva")
    enrol(client, "E2", "Bruno", "Costa")
    sim.sim.log.clear()

    found = names.resolve(client, person.PERSONS, "silva ANA", flag="--person")

    assert found["personId"] == ana and found["personCode"] == "E1"
    searches = sim.requests(LIST)
    assert [request["body"]["filter"] for request in searches] == [{"name": "silva"}]
    assert searches[0]["body"]["pageSize"] == person.LIST_MAX_PAGE_SIZE
    assert sim.requests(GROUPS) == []  # one match: no department look-up
    assert names.resolved()[0] == {"flag": "--person", "query": "silva ANA", "name": "Ana Silva",
                                   "id": ana, "pick": f"--person-id {ana}"}


def test_namesakes_are_refused_with_their_departments_and_the_flag_that_picks_each(sim, client):
    first = enrol(client, "E1", "Ana", "Silva", EMPLOYEES)
    second = enrol(client, "C1", "Ana", "Silva", CONTRACTORS)

    with pytest.raises(names.AmbiguousName) as caught:
        names.resolve(client, person.PERSONS, "Ana Silva", flag="--person")

    candidates = {candidate["id"]: candidate for candidate in caught.value.data["candidates"]}
    assert candidates[first]["area"] == "Employees"
    assert candidates[second]["area"] == "Contractors"
    assert candidates[second]["pick"] == f"--person-id {second}"
    assert caught.value.exit_code == 2


def test_an_unknown_person_is_refused_with_the_closest_names_the_platform_found(sim, client):
    enrol(client, "E1", "Ana", "Silva")
    enrol(client, "E2", "Bruno", "Silva")

    with pytest.raises(names.UnknownName) as caught:
        names.resolve(client, person.PERSONS, "Anna Silva", flag="--person")

    assert caught.value.data["closest"][0]["name"] == "Ana Silva"


def test_departments_resolve_by_name_from_one_search(sim, client):
    found = names.resolve(client, person.DEPARTMENTS, "contractors", flag="--department")

    assert found["groupId"] == CONTRACTORS
    assert sim.requests(GROUPS)[0]["body"] == {"parentGroupId": "", "depthTraversal": True}
