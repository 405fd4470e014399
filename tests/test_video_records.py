"""Video module: recording segments, recording settings, MP4 export and download, solar
camera wake-up and the ISAPI pass-through."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SCRIPTS = "modules/Hik-Connect_Team_Video/scripts/"
VIDEO = "/api/hccgw/video/v1"
CAMERAS_GET = "/api/hccgw/resource/v1/areas/cameras/get"


def online_camera(sim):
    world = sim.sim.world
    device = next(item for item in world.devices if item["category"] == "encodingDevice"
                  and item["onlineStatus"] and item["cameras"][0]["enabled"])
    return device, device["cameras"][0]


# ---- record/element/search ---------------------------------------------------------------

def test_search_sends_the_filter_nested_with_integer_types(sim, run):
    device, camera = online_camera(sim)

    result = run(SCRIPTS + "search_recordings.py", "--serial", device["serialNo"],
                 "--channel", "1", "--start", "2024-11-28T00:00:00+08:00",
                 "--end", "2024-11-28 10:00:00+08:00")

    assert result.code == 0, result.stdout
    body = sim.requests(f"{VIDEO}/record/element/search")[0]["body"]
    assert body == {"cameraId": camera["id"], "pageIndex": 1, "pageSize": 100,
                    "filter": {"timeType": 1, "beginTime": "2024-11-28T00:00:00+08:00",
                               "endTime": "2024-11-28T10:00:00+08:00", "targetType": 0}}
    data = result.json["data"]
    # The simulator's device storage holds 03:00-05:30 and 08:00-12:45: clipped to the span.
    assert data["recordList"] == [
        {"beginTime": "2024-11-28T03:00:00+08:00", "endTime": "2024-11-28T05:30:00+08:00",
         "targetType": 0},
        {"beginTime": "2024-11-28T08:00:00+08:00", "endTime": "2024-11-28T10:00:00+08:00",
         "targetType": 0}]
    assert data["cameraId"] == camera["id"] and data["count"] == 2


def test_search_pages(sim, run):
    _, camera = online_camera(sim)
    span = ["--resource-id", camera["id"], "--start", "2024-11-01T00:00:00+00:00",
            "--end", "2024-11-04T00:00:00+00:00"]

    second = run(SCRIPTS + "search_recordings.py", *span, "--page", "2", "--page-size", "4",
                 "--time-type", "client")
    every = run(SCRIPTS + "search_recordings.py", *span, "--all")

    assert second.code == 0 and every.code == 0, second.stdout + every.stdout
    sent = [entry["body"] for entry in sim.requests(f"{VIDEO}/record/element/search")]
    assert sim.requests(CAMERAS_GET) == []  # the resourceId is all this API needs
    assert (sent[0]["pageIndex"], sent[0]["pageSize"], sent[0]["filter"]["timeType"]) == (
        2, 4, 0)
    # Three days of three segments: page 2 of 4 holds the 5th to the 8th.
    assert second.json["data"]["recordList"] == every.json["data"]["recordList"][4:8]
    # --all reads at the largest page size; no totalCount comes, a short page ends it.
    assert [body["pageSize"] for body in sent[1:]] == [500]
    assert every.json["data"]["count"] == 9 and every.json["data"]["pagesRead"] == [1]


def test_search_rejects_a_reversed_range_before_any_request(sim, run):
    result = run(SCRIPTS + "search_recordings.py", "--resource-id", "abc",
                 "--start", "2024-11-28T10:00:00+08:00", "--end", "2024-11-28T09:00:00+08:00")

    assert result.code == 2 and "before --end" in result.json["message"]
    assert sim.requests() == []


# ---- recordsettings/get ------------------------------------------------------------------

def test_record_settings_sends_the_tables_cameraID(sim, run):
    _, camera = online_camera(sim)

    result = run(SCRIPTS + "record_settings.py", "--camera-id", camera["id"])

    assert result.code == 0, result.stdout
    assert sim.requests(f"{VIDEO}/recordsettings/get")[0]["body"] == {"cameraID": [camera["id"]]}
    settings = result.json["data"]["recordSetting"]
    assert settings[0]["cameraID"] == camera["id"] and settings[0]["enableLocalStorage"] == 1


def test_record_settings_of_an_unknown_camera_is_the_platform_error(sim, run):
    result = run(SCRIPTS + "record_settings.py", "--camera-id", "0" * 32)

    assert result.code == 1 and result.json["errorCode"] == "OPEN000503"


# ---- video/save and video/download/url -----------------------------------------------------

@pytest.fixture
def file_server():
    """A storage host on loopback that serves a fake MP4 at any path."""
    content = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/REC_FILES", content
    finally:
        server.shutdown()
        server.server_close()


def test_export_then_download_the_mp4(sim, run, tmp_path, file_server):
    base, content = file_server
    sim.sim.store("video.fileBase", list)[:] = [base]
    device, camera = online_camera(sim)

    saved = run(SCRIPTS + "save_video.py", "--serial", device["serialNo"],
                "--start", "2024-11-28T14:15:41+08:00", "--end", "2024-11-28T14:17:43+08:00",
                "--voice", "off")

    assert saved.code == 0, saved.stdout
    assert sim.requests(f"{VIDEO}/video/save")[0]["body"] == {
        "cameraId": camera["id"], "beginTime": "2024-11-28T14:15:41+08:00",
        "endTime": "2024-11-28T14:17:43+08:00", "voiceSwitch": 0}
    task = saved.json["data"]["taskId"]

    uploading = run(SCRIPTS + "video_download_url.py", "--task-id", task)
    assert uploading.code == 0 and uploading.json["data"]["status"] == 1
    assert uploading.json["data"]["statusText"] == "uploading"

    sim.sim.advance(10)  # the simulated upload takes 5 s
    output = tmp_path / "clip.mp4"
    done = run(SCRIPTS + "video_download_url.py", "--task-id", task, "--output", str(output))

    assert done.code == 0, done.stdout + done.stderr
    assert sim.requests(f"{VIDEO}/video/download/url")[-1]["body"] == {"taskId": task}
    assert output.read_bytes() == content
    assert done.json["data"]["files"][0]["bytes"] == len(content)
    assert "downloading clip.mp4" in done.stderr and "saved" in done.stderr


def test_output_while_uploading_downloads_nothing(sim, run, tmp_path):
    _, camera = online_camera(sim)
    task = run(SCRIPTS + "save_video.py", "--resource-id", camera["id"],
               "--start", "2024-11-28T14:15:41+08:00",
               "--end", "2024-11-28T14:17:43+08:00").json["data"]["taskId"]

    folder = tmp_path / "clips"
    folder.mkdir()
    result = run(SCRIPTS + "video_download_url.py", "--task-id", task,
                 "--output", str(folder / "clip.mp4"))

    assert result.code == 1 and result.json["errorCode"] == "NOT_READY"
    assert list(folder.iterdir()) == []


def test_failed_export_is_an_error(sim, run):
    _, camera = online_camera(sim)
    task = run(SCRIPTS + "save_video.py", "--resource-id", camera["id"],
               "--start", "2024-11-28T14:15:41+08:00",
               "--end", "2024-11-28T14:17:43+08:00").json["data"]["taskId"]
    sim.sim.store("video.tasks", dict)[task]["fail"] = True
    sim.sim.advance(10)

    result = run(SCRIPTS + "video_download_url.py", "--task-id", task)

    assert result.code == 1 and result.json["errorCode"] == "EXPORT_FAILED"
    assert result.json["data"]["status"] == 2


def test_download_into_a_missing_directory_is_refused_first(sim, run, tmp_path):
    result = run(SCRIPTS + "video_download_url.py", "--task-id", "a#b",
                 "--output", str(tmp_path / "nowhere" / "clip.mp4"))

    assert result.code == 2 and sim.requests() == []


# ---- wake-up ---------------------------------------------------------------------------------

def test_wakeup_sends_the_serial(sim, run):
    device, _ = online_camera(sim)

    result = run(SCRIPTS + "wakeup_device.py", device["serialNo"])

    assert result.code == 0 and result.json["data"] == {"deviceSerial": device["serialNo"],
                                                        "woken": True}
    assert sim.requests(f"{VIDEO}/video/device/wakeup")[0]["body"] == {
        "deviceSerial": device["serialNo"]}


def test_wakeup_of_an_unknown_device(sim, run):
    result = run(SCRIPTS + "wakeup_device.py", "--serial", "Z99999999")

    assert result.code == 1 and result.json["errorCode"] == "OPEN000501"


# ---- ISAPI pass-through ------------------------------------------------------------------

def test_isapi_get_by_serial_looks_up_the_device_id(sim, run):
    device, _ = online_camera(sim)

    result = run(SCRIPTS + "isapi_proxy.py", "--serial", device["serialNo"],
                 "--url", "/ISAPI/System/deviceInfo")

    assert result.code == 0, result.stdout
    assert sim.requests(f"{VIDEO}/isapi/proxypass")[0]["body"] == {
        "method": "GET", "url": "/ISAPI/System/deviceInfo", "id": device["id"],
        "contentType": "application/xml", "body": ""}
    assert f"<serialNumber>{device['serialNo']}</serialNumber>" in result.json["data"]["response"]


def test_isapi_put_needs_yes(sim, run):
    device, _ = online_camera(sim)
    args = ["--device-id", device["id"], "--method", "put",
            "--url", "/ISAPI/PTZCtrl/channels/1/auxcontrols/1",
            "--body", "<PTZAux><type>WIPER</type><status>on</status></PTZAux>"]

    dry = run(SCRIPTS + "isapi_proxy.py", *args)
    assert dry.code == 0 and dry.json["data"]["dryRun"] is True
    assert sim.requests(f"{VIDEO}/isapi/proxypass") == []

    done = run(SCRIPTS + "isapi_proxy.py", *args, "--yes")
    assert done.code == 0, done.stdout
    sent = sim.requests(f"{VIDEO}/isapi/proxypass")[0]["body"]
    assert sent["method"] == "PUT" and sent["body"].startswith("<PTZAux>")
    assert done.json["data"]["statusCode"] == 1 and done.json["data"]["statusString"] == "OK"


def test_isapi_url_must_be_an_isapi_path(sim, run):
    result = run(SCRIPTS + "isapi_proxy.py", "--device-id", "abc", "--url", "http://evil/")

    assert result.code == 2 and sim.requests() == []
