"""Every host check reads a URL the way urllib3 sends it (issue 12 point 1): the token, the
credentials and uploads never go to a host the check did not see."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from PIL import Image

from conftest import environment_for, run_script, sim_secrets
from hct import config, download, urls
from hct.errors import InvalidArgument, UntrustedHost

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
UPLOAD_PICTURE = "modules/Hik-Connect_Team_Vehicle/scripts/upload_vehicle_picture.py"
ATTACK = "https://evil.example\\@ieu.hikcentralconnect.com"  # the issue's exact string


class Listener:
    """A TCP listener on 127.0.0.2 (loopback, but not a host the pack trusts) that records
    every connection and what it received."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.2", 0))
        self._socket.listen(8)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(65536))
                except OSError:
                    self.received.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize(("url", "reason"), [
    (ATTACK, "backslash"),
    ("https://user:pw@ieu.hikcentralconnect.com", "user name"),
    ("https://evil.example@ieu.hikcentralconnect.com", "user name"),
    ("https://ieu.hikcentralconnect.com\t.evil.example", "control"),
    ("https://ieu.hikcentralconnect.com\n.evil.example", "control"),
    ("https://ex%41mple.hikcentralconnect.com", "host"),
    ("ftp://ieu.hikcentralconnect.com", "https://"),
    ("https:///api", "no host"),
    ("https://ieu.hikcentralconnect.com:99999", "cannot be parsed"),
    ("https://ieu.hikcentralconnect.com/api?x=1", "path"),
    ("https://hikcentralconnect.com.evil.example", "not a host"),
])
def test_ambiguous_or_foreign_urls_are_refused(url, reason):
    with pytest.raises(urls.UrlRefused, match=reason):
        urls.trusted(url, config.HIK_CONNECT_DOMAINS)


def test_a_plain_address_is_read_as_urllib3_reads_it():
    address = urls.parse("HTTPS://IEU.HikCentralConnect.com:443")
    assert (address.scheme, address.host, address.port) == (
        "https", "ieu.hikcentralconnect.com", 443)
    assert address.origin == "https://ieu.hikcentralconnect.com"
    assert urls.parse("http://[::1]:8080").loopback
    assert urls.parse("http://[::1]:8080").origin == "http://[::1]:8080"


def test_the_issues_area_domain_is_not_trusted():
    with pytest.raises(UntrustedHost):
        config.trusted_api_host(ATTACK, "https://ieu-team.hikcentralconnect.com")


def test_a_configured_host_is_compared_with_its_port():
    assert config.trusted_api_host("http://127.0.0.1:8080", "http://127.0.0.1:8080/") \
        == "http://127.0.0.1:8080"
    with pytest.raises(UntrustedHost):
        config.trusted_api_host("http://127.0.0.1:8081", "http://127.0.0.1:8080")
    with pytest.raises(UntrustedHost):
        config.trusted_api_host("https://127.0.0.1:8080", "http://127.0.0.1:8080")


def test_the_token_never_reaches_the_host_urllib3_would_connect_to(sim_factory, tmp_path,
                                                                   listener):
    server = sim_factory(area_domain=f"https://127.0.0.2:{listener.port}\\@ieu.hikcentralconnect.com")
    env = environment_for(server, tmp_path)

    result = run_script(LIST_DEVICES, env=env, secrets=lambda: sim_secrets(server))

    assert result.code == 3
    assert result.json["errorCode"] == "UNTRUSTED_HOST"
    assert listener.received == []


def test_the_credentials_never_reach_a_host_hidden_behind_a_loopback_name(sim, run,
                                                                          listener):
    hidden = f"http://127.0.0.2:{listener.port}\\@127.0.0.1:{sim.port}"

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_OPENAPI_BASE_URL": hidden})

    assert result.code == 2
    assert result.json["errorCode"] == "INVALID_ARGUMENT"
    assert "backslash" in result.json["message"]
    assert listener.received == []
    assert sim.requests() == []


@pytest.mark.parametrize("base_url", ["http://user@127.0.0.1:9", "http://example.com",
                                      "https://h.example/?x=1"])
def test_base_urls_that_are_refused(monkeypatch, base_url):
    monkeypatch.setenv(config.ENV_BASE_URL, base_url)
    with pytest.raises(InvalidArgument):
        config.base_url()


def test_the_vehicle_picture_never_goes_to_a_hidden_host(sim, run, tmp_path, listener):
    hidden = f"http://127.0.0.2:{listener.port}\\@127.0.0.1:{sim.port}/upload"
    sim.sim.storage.presign_upload = lambda *args, **kwargs: hidden
    picture = tmp_path / "van.jpg"
    Image.new("RGB", (64, 48), "navy").save(picture, "JPEG")

    result = run(UPLOAD_PICTURE, "--image", str(picture))

    assert result.json["errorCode"] == "UNTRUSTED_HOST", result.stdout
    assert listener.received == []


@pytest.mark.parametrize("url", ["https://user@storage.example/x.jpg",
                                 "https://storage.example\\@other.example/x.jpg"])
def test_downloads_refuse_ambiguous_urls(url):
    with pytest.raises(InvalidArgument):
        download.check_url(url)
