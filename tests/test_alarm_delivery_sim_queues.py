"""The simulator's alarm and message queues behave as guide 5.3.1 / 5.4.1 describe."""

from __future__ import annotations

import pytest
import requests

from hctsim.routes_mq import raise_events

ALARMS = "/api/hccgw/alarm/v1/mq"
MESSAGES = "/api/hccgw/rawmsg/v1/mq"



@pytest.fixture
def fast_sim(sim_factory):
    """A simulator without the 5 requests/s limit: these tests call its APIs directly."""
    return sim_factory(rate_limit=False)

def test_a_batch_comes_back_until_it_is_completed(fast_sim):
    assert fast_sim.api(ALARMS + "/messages")["errorCode"] == "OPEN000016"  # not subscribed
    fast_sim.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    raise_events(fast_sim.sim, "alarm", 150)

    first = fast_sim.api(ALARMS + "/messages", {"maxNumberPerTime": 100})["data"]
    again = fast_sim.api(ALARMS + "/messages", {"maxNumberPerTime": 100})["data"]
    assert len(first["alarmMsg"]) == 100 and first["remainingNumber"] == 50
    assert again["batchId"] == first["batchId"] and again["alarmMsg"] == first["alarmMsg"]

    assert fast_sim.api(ALARMS + "/messages/complete", {"batchId": "other"})["errorCode"] == \
        "OPEN000012"
    assert fast_sim.api(ALARMS + "/messages/complete",
                   {"batchId": first["batchId"]})["errorCode"] == "0"
    rest = fast_sim.api(ALARMS + "/messages")["data"]
    assert len(rest["alarmMsg"]) == 50 and rest["remainingNumber"] == 0
    assert rest["batchId"] != first["batchId"]


def test_max_number_per_time_takes_the_guides_values_only(fast_sim):
    fast_sim.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    def code(size):
        return fast_sim.api(ALARMS + "/messages", {"maxNumberPerTime": size})["errorCode"]

    assert (code(250), code("300"), code(500)) == ("OPEN000010", "OPEN000008", "0")


def test_subscriptions_filter_by_type(fast_sim):
    fast_sim.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 1,
                                    "eventType": [10002]})
    raise_events(fast_sim.sim, "alarm", 1, event_type=10001)
    raise_events(fast_sim.sim, "alarm", 2, event_type=10002)
    alarms = fast_sim.api(ALARMS + "/messages")["data"]["alarmMsg"]
    assert [alarm["eventSource"]["eventType"] for alarm in alarms] == ["10002", "10002"]

    assert fast_sim.api(MESSAGES + "/subscribe", {"subscribeType": 1, "msgType": ["Msg330001"]})[
        "errorCode"] == "0"
    raise_events(fast_sim.sim, "message", 1, msg_type="Msg140001")
    raise_events(fast_sim.sim, "message", 1, msg_type="Msg330001")
    events = fast_sim.api(MESSAGES + "/messages")["data"]["event"]
    assert [event["basicInfo"]["msgType"] for event in events] == ["Msg330001"]
    assert fast_sim.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 1,
                                           "eventType": ["10002"]})["errorCode"] == "OPEN000008"


def test_a_subscription_lapses_when_its_queue_is_not_pulled_for_two_days(fast_sim):
    fast_sim.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    raise_events(fast_sim.sim, "alarm", 2)
    fast_sim.sim.advance(2 * 86400 - 60)
    assert len(fast_sim.api(ALARMS + "/messages")["data"]["alarmMsg"]) == 2  # still alive

    fast_sim.sim.advance(2 * 86400 + 60)  # two days without a pull
    assert fast_sim.api(ALARMS + "/messages")["errorCode"] == "OPEN000016"
    assert raise_events(fast_sim.sim, "alarm", 1)["accepted"] == 0  # dropped while lapsed
    assert fast_sim.api(ALARMS + "/messages")["errorCode"] == "OPEN000016"

    fast_sim.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    assert fast_sim.api(ALARMS + "/messages")["data"]["alarmMsg"] == []  # the queue went too
    raise_events(fast_sim.sim, "alarm", 1)
    assert len(fast_sim.api(ALARMS + "/messages")["data"]["alarmMsg"]) == 1


def test_the_admin_api_lapses_a_subscription_or_sets_the_idle_time(fast_sim):
    admin = fast_sim.base_url + "/__sim__/mq/lapse"
    fast_sim.api(MESSAGES + "/subscribe", {"subscribeType": 1, "msgType": []})
    assert requests.post(admin, json={"kind": "message"}, timeout=5).json()["lapses"] == 1
    assert fast_sim.api(MESSAGES + "/messages")["errorCode"] == "OPEN000016"

    assert requests.post(admin, json={"idleSeconds": 30}, timeout=5).status_code == 200
    fast_sim.api(MESSAGES + "/subscribe", {"subscribeType": 1, "msgType": []})
    fast_sim.sim.advance(31)
    assert fast_sim.api(MESSAGES + "/messages")["errorCode"] == "OPEN000016"
    assert requests.post(admin, json={"kind": "nope"}, timeout=5).status_code == 400


def test_message_subscribe_requires_msg_type(fast_sim):
    answer = fast_sim.api(MESSAGES + "/subscribe", {"subscribeType": 1})
    assert answer["errorCode"] == "OPEN000010"  # Req. in 5.4.1; [] means every type


@pytest.mark.parametrize("profile, empty_id", [("guide", None), ("field", "0")])
def test_an_empty_pull_carries_batch_id_zero_under_the_field_profile(sim_factory, profile,
                                                                      empty_id):
    server = sim_factory(rate_limit=False, profile=profile)
    server.api(ALARMS + "/subscribe", {"subscribeType": 1, "subscribeMode": 0})
    empty = server.api(ALARMS + "/messages")["data"]
    assert empty["alarmMsg"] == [] and empty["remainingNumber"] == 0
    if empty_id is None:
        assert len(empty["batchId"]) == 96  # a fresh id, as for any batch
    else:
        assert empty["batchId"] == empty_id
