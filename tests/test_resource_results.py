"""hct.results: per-item outcomes under a top-level errorCode "0" (shared with other modules)."""

from __future__ import annotations

import pytest

from hct import results
from hct.errors import EXIT_PLATFORM, hint_for


def test_all_items_succeeded_gives_the_result():
    items = [{"id": "a", "errorCode": "0"}, {"id": "b"}, {"id": "c", "errorCode": ""}]

    result = results.check(items, {"list": items}, what="things", message="3 done.")

    assert result.message == "3 done." and result.data == {"list": items}


def test_one_failed_code_becomes_the_envelopes_code_and_hint():
    items = [{"id": "a", "errorCode": "0"}, {"id": "b", "errorCode": " EVZ20010"}]

    with pytest.raises(results.ItemsFailed) as caught:
        results.check(items, {"x": 1}, what="devices", id_field="id", message="unused")

    error = caught.value
    assert error.exit_code == EXIT_PLATFORM == 1
    assert error.error_code == "EVZ20010"  # stripped, as the guide's " CCF021307" example
    assert error.hint == hint_for("EVZ20010")
    assert "1 of 2 devices failed (b)" in error.message
    assert error.data["failedCount"] == 1 and error.data["succeededCount"] == 1
    assert error.data["failed"] == [{"id": "b", "errorCode": "EVZ20010",
                                     "hint": hint_for("EVZ20010"),
                                     "description": "Incorrect device verification code."}]
    assert error.data["response"] == {"x": 1}


def test_different_codes_give_items_failed_with_a_hint_per_item():
    items = [{"id": "a", "errorCode": "VMS000003"}, {"id": "b", "errorCode": "EVZ20007"}]

    with pytest.raises(results.ItemsFailed) as caught:
        results.check(items, None, what="outputs", message="unused")

    assert caught.value.error_code == "ITEMS_FAILED"
    assert [entry["hint"] for entry in caught.value.data["failed"]] == [
        hint_for("VMS000003"), hint_for("EVZ20007")]


def test_failures_found_by_the_caller_count_too():
    missing = results.failure({"id": "z"}, "NOT_FOUND", hint="No such ID.")

    with pytest.raises(results.ItemsFailed) as caught:
        results.check([{"id": "a", "errorCode": "0"}], {}, what="inputs", total=2,
                      extra_failures=[missing], message="unused")

    assert caught.value.error_code == "NOT_FOUND"
    assert caught.value.hint == "No such ID."
    assert caught.value.data["succeededCount"] == 1


def test_another_code_field_name():
    items = [{"doorId": "d1", "code": "CCF038023"}]

    with pytest.raises(results.ItemsFailed) as caught:
        results.check(items, {}, what="doors", code_field="code", id_field="doorId",
                      message="unused")

    assert caught.value.error_code == "CCF038023"
    assert caught.value.data["failed"][0]["code"] == "CCF038023"


def test_many_failures_answer_the_first_in_full_and_only_the_ids_of_the_rest():
    items = [{"elementId": f"door-{n:03d}", "elementName": f"Door {n}",
              "errorCode": "OPEN000554" if n % 2 else "VMS000003"} for n in range(200)]
    answer = {"operationResult": items, "action": "close"}

    with pytest.raises(results.ItemsFailed) as caught:
        results.check(items, answer, what="doors", id_field="elementId", message="unused")

    data = caught.value.data
    assert data["failedCount"] == 200
    assert len(data["failed"]) == results.FAILURES_DETAILED
    more = data["moreFailed"]
    assert more["count"] == 180 and more["byCode"] == {"OPEN000554": 90, "VMS000003": 90}
    assert [entry["elementId"] for entry in data["failed"]] + more["ids"] == [
        item["elementId"] for item in items]  # every failed door is still named
    assert data["response"] == {"action": "close"}  # the items are not repeated
