"""The simulator's shared storage host (`sim.storage`): pre-signed downloads and uploads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


@pytest.fixture
def server(sim_factory: Any) -> Any:
    return sim_factory(rate_limit=False)


def test_put_gives_a_presigned_url_that_expires(server: Any) -> None:
    sim = server.sim
    url = sim.storage.put("image/pic/one.jpeg", JPEG, sim.now() + 900)
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1" and parts.port != server.port
    assert "X-Amz-Expires=900" in parts.query and "X-Amz-Signature=" in parts.query
    answer = requests.get(url, timeout=5, headers={"Token": "not-for-storage"})
    assert answer.status_code == 200 and answer.content == JPEG
    assert answer.headers["Content-Type"] == "image/jpeg"
    (logged,) = sim.requests(parts.path)
    assert logged["method"] == "GET" and logged["status"] == 200
    assert logged["headers"]["Token"] == "<present>"
    sim.advance(901)
    expired = requests.get(url, timeout=5)
    assert expired.status_code == 403 and b"Request has expired" in expired.content
    missing = requests.get(url.replace("one.jpeg", "two.jpeg"), timeout=5)
    assert missing.status_code == 404 and b"NoSuchKey" in missing.content
    assert sim.storage.get("image/pic/one.jpeg") == JPEG
    assert not sim.storage.alive("image/pic/one.jpeg")


def test_presigned_upload(server: Any) -> None:
    sim = server.sim
    seen: list[tuple[str, bytes]] = []
    url = sim.storage.presign_upload(
        "up/car.jpg", 900, check=lambda data: None if data.startswith(b"\xff\xd8") else "no",
        on_upload=lambda key, data, headers: seen.append((key, data)))
    bad_signature = url.rsplit("=", 1)[0] + "=" + "0" * 64
    assert requests.put(bad_signature, data=JPEG, timeout=5).status_code == 403
    refused = requests.put(url, data=b"GIF89a", timeout=5)
    assert refused.status_code == 400 and b"InvalidArgument" in refused.content
    assert requests.put(url, data=JPEG, timeout=5).status_code == 200
    assert seen == [("up/car.jpg", JPEG)]
    assert requests.get(sim.storage.url("up/car.jpg"), timeout=5).content == JPEG
    assert [entry["method"] for entry in sim.requests("*/up/car.jpg")] == [
        "PUT", "PUT", "PUT", "GET"]
    late = sim.storage.presign_upload("up/late.jpg", 900)
    sim.advance(901)
    assert requests.put(late, data=JPEG, timeout=5).status_code == 403


def test_capture_and_vehicle_uploads_share_one_host(server: Any) -> None:
    sim = server.sim
    device = next(item for item in sim.world.devices if item["cameras"]
                  and item["onlineStatus"] and item["cameras"][0]["enabled"])
    capture = server.api("/api/hccgw/resource/v1/device/capturePic", {
        "deviceSerial": device["serialNo"], "channelNo": 1})["data"]["captureUrl"]
    upload = server.api("/api/hccgw/resource/v1/picture/uploadparam/get",
                        {"format": "jpg"})["data"]["url"]
    assert urlsplit(capture).netloc == urlsplit(upload).netloc
    assert requests.get(capture, timeout=5).status_code == 200


def test_every_simulator_has_its_own_bucket(sim_factory: Any) -> None:
    first, second = sim_factory(), sim_factory()
    url = first.sim.storage.put("a.jpeg", JPEG)
    assert requests.get(url, timeout=5).content == JPEG
    other = url.replace(first.sim.storage.bucket, second.sim.storage.bucket)
    assert requests.get(other, timeout=5).status_code == 404
    assert second.sim.storage.url("a.jpeg") != url
