"""Temporary passes (with the 60 s dynamic QR code), calls and the 5.6.2 pass-through."""

from datetime import datetime, timedelta

from hctsim import routes_intercom

SCRIPTS = "modules/Hik-Connect_Team_Intercom/scripts"


def _pass_id(sim):
    return next(iter(routes_intercom._store(sim.sim)["passes"]))


def test_add_temp_pass_sends_iso_times_and_integer_open_count(sim, run):
    result = run(f"{SCRIPTS}/add_temp_pass.py", "--name", "Plumber", "--open-count", "3",
                 "--start", "2030-05-01T08:00:00+02:00", "--end", "2030-05-01T18:00:00+02:00",
                 "--al-id", "lvl1")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vims/v1/tempauth/add")[0]["body"]
    assert body["name"] == "Plumber" and body["openCount"] == 3 and body["alIds"] == ["lvl1"]
    assert body["startTime"] == "2030-05-01T08:00:00+02:00"
    assert datetime.fromisoformat(body["clientLocalTime"]).tzinfo is not None
    data = result.json["data"]
    assert data["id"] and data["password"] and data["code"]
    assert data["validUntil"] is not None and data["qrValidSeconds"] == 60


def test_open_count_above_200_is_refused_before_any_request(sim, run):
    result = run(f"{SCRIPTS}/add_temp_pass.py", "--name", "x", "--open-count", "201",
                 "--start", "2030-05-01T08:00:00+02:00", "--end", "2030-05-01T18:00:00+02:00")
    assert result.code == 2
    assert sim.requests("/api/hccgw/vims/*") == []


def test_get_temp_pass_says_when_the_dynamic_qr_code_expires(sim, run):
    pass_id = _pass_id(sim)
    result = run(f"{SCRIPTS}/get_temp_pass.py", "--id", pass_id)
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vims/v1/tempauth/get")[0]["body"]
    assert body["id"] == pass_id and datetime.fromisoformat(body["clientLocalTime"]).tzinfo
    data = result.json["data"]
    fetched = datetime.fromisoformat(data["fetchedAt"])
    assert datetime.fromisoformat(data["expiresAt"]) - fetched == timedelta(seconds=60)
    assert abs(fetched.timestamp() - sim.sim.now()) < 30
    assert data["code"] and data["expiresAt"] in result.json["message"]
    assert data["expiredStatus"] == 0


def test_an_expired_pass_says_so_and_no_code_outlives_it(sim, run):
    expired = list(routes_intercom._store(sim.sim)["passes"])[1]
    result = run(f"{SCRIPTS}/get_temp_pass.py", "--id", expired)
    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert data["expiredStatus"] == 1 and "has expired" in result.json["message"]
    assert datetime.fromisoformat(data["expiresAt"]) == datetime.fromisoformat(
        data["fetchedAt"])


def test_update_temp_pass_keeps_the_fields_not_given(sim, run):
    pass_id = _pass_id(sim)
    entry = routes_intercom._store(sim.sim)["passes"][pass_id]
    before = dict(entry)
    result = run(f"{SCRIPTS}/update_temp_pass.py", "--id", pass_id, "--open-count", "9")
    assert result.code == 0, result.stdout
    body = sim.requests("/api/hccgw/vims/v1/tempauth/update")[0]["body"]
    assert body["openCount"] == 9 and body["name"] == before["name"]
    assert body["alIds"] == before["alIds"]
    assert entry["startTime"] == before["startTime"] and entry["endTime"] == before["endTime"]


def test_list_and_delete_temp_passes(sim, run):
    listed = run(f"{SCRIPTS}/list_temp_passes.py", "--name", "plumber")
    assert listed.code == 0, listed.stdout
    assert sim.requests("/api/hccgw/vims/v1/tempauth/list")[0]["body"] == {
        "searchRequest": {"filter": {"name": "plumber"}}, "pageNum": 1, "pageSize": 100}
    passes = listed.json["data"]["tempAuthList"]
    assert [p["name"] for p in passes] == ["Plumber visit"]
    removed = run(f"{SCRIPTS}/delete_temp_passes.py", "--id", passes[0]["id"], "--yes")
    assert removed.code == 0 and removed.json["data"] == {"deleted": [passes[0]["id"]]}
    assert sim.requests("/api/hccgw/vims/v1/tempauth/delete")[0]["body"] == {
        "deleteList": [passes[0]["id"]]}
    assert passes[0]["id"] not in routes_intercom._store(sim.sim)["passes"]


def test_answer_then_hang_up_a_call_with_integer_status(sim, run):
    record = next(iter(routes_intercom._store(sim.sim)["calls"]))
    user = sim.sim.world.users[0]["id"]
    for action in ("answer", "hang-up"):
        result = run(f"{SCRIPTS}/answer_call.py", "--record-id", record, "--user-id", user,
                     "--action", action)
        assert result.code == 0, result.stdout
    sent = [r["body"] for r in sim.requests("/api/hccgw/devcall/v1/call/receive")]
    assert sent == [{"recordId": record, "userId": user, "status": 1},
                    {"recordId": record, "userId": user, "status": 3}]
    again = run(f"{SCRIPTS}/answer_call.py", "--record-id", record, "--user-id", user,
                "--action", "decline")
    assert again.code == 1 and again.json["errorCode"] == "OPEN000010"


def test_isapi_passthrough_reads_device_info(sim, run):
    device = sim.sim.world.devices[0]
    sim.sim.set_device_online(device["serialNo"], True)
    result = run(f"{SCRIPTS}/isapi_passthrough.py", "--device-id", device["id"],
                 "--url", "/ISAPI/System/deviceInfo")
    assert result.code == 0, result.stdout
    assert sim.requests("/api/hccgw/proxy/v1/isapi/proxypass")[0]["body"] == {
        "method": "GET", "url": "/ISAPI/System/deviceInfo", "id": device["id"],
        "contentType": "application/xml", "body": ""}
    assert device["serialNo"] in result.json["data"]["response"]
    bad = run(f"{SCRIPTS}/isapi_passthrough.py", "--device-id", device["id"],
              "--url", "http://evil/ISAPI")
    assert bad.code == 2


def test_alarm_input_status_goes_in_batches_of_eight(sim, run):
    inputs = [c["id"] for c in sim.sim.world.channels("alarmInput")][:10]
    result = run(f"{SCRIPTS}/alarm_input_status.py", "--id", ",".join(inputs))
    assert result.code == 0, result.stdout
    bodies = [r["body"] for r in sim.requests("/api/hccgw/proxy/v1/areas/alarminputs/*")]
    assert bodies == [{"alarmIntputId": inputs[:8], "alarmInputId": inputs[:8]},  # both
                      {"alarmIntputId": inputs[8:], "alarmInputId": inputs[8:]}]  # spellings
    states = result.json["data"]["alarmInput"]
    assert len(states) == 10 and all(s["statusText"] for s in states)


def test_an_isapi_put_is_never_resent_after_a_dropped_connection(sim, run, tmp_path):
    device = sim.sim.world.devices[0]
    payload = tmp_path / "body.xml"
    payload.write_text("<IOPortData><outputState>high</outputState></IOPortData>")
    sim.sim.close_next(1, path="/api/hccgw/proxy/v1/isapi/proxypass")
    result = run(f"{SCRIPTS}/isapi_passthrough.py", "--device-id", device["id"], "--method",
                 "PUT", "--url", "/ISAPI/System/IO/outputs/1/trigger", "--body-file",
                 str(payload))
    assert result.code == 4 and result.json["success"] is False
    [sent] = sim.requests("/api/hccgw/proxy/v1/isapi/proxypass")
    assert sent["body"]["method"] == "PUT" and sent["body"]["body"].startswith("<IOPortData>")
