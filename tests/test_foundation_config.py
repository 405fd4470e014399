"""Where the client may send the token, and how it reads the platform's answers."""

from __future__ import annotations

import pytest

from hct import config
from hct.errors import InvalidArgument, UntrustedHost, hint_for
from token_manager import _epoch_seconds


@pytest.mark.parametrize("area_domain", [
    "https://isgp-team.hikcentralconnect.com",
    "https://hikcentralconnectru.com",
    "https://ieu.hikcentralconnectru.com",
])
def test_hik_connect_hosts_are_trusted(area_domain):
    assert config.trusted_api_host(area_domain, "https://ieu-team.hikcentralconnect.com") \
        == area_domain


@pytest.mark.parametrize("area_domain", [
    "http://isgp.hikcentralconnect.com",          # not https
    "https://hikcentralconnect.com.evil.example",  # look-alike suffix
    "https://evil.example",
    "http://127.0.0.1:9999",                       # loopback, but not the configured one
])
def test_other_hosts_are_refused(area_domain):
    with pytest.raises(UntrustedHost):
        config.trusted_api_host(area_domain, "http://127.0.0.1:8080")


def test_the_configured_simulator_is_trusted():
    assert config.trusted_api_host("http://127.0.0.1:8080/", "http://127.0.0.1:8080") \
        == "http://127.0.0.1:8080"


def test_region_picks_the_guides_address(monkeypatch):
    monkeypatch.delenv(config.ENV_BASE_URL, raising=False)
    monkeypatch.setenv(config.ENV_REGION, "us")
    assert config.base_url() == "https://ius.hikcentralconnect.com"
    monkeypatch.setenv(config.ENV_REGION, "mars")
    with pytest.raises(InvalidArgument):
        config.base_url()


def test_plain_http_only_for_loopback(monkeypatch):
    monkeypatch.setenv(config.ENV_BASE_URL, "http://example.com")
    with pytest.raises(InvalidArgument):
        config.base_url()
    monkeypatch.setenv(config.ENV_BASE_URL, "http://localhost:5000/")
    assert config.base_url() == "http://localhost:5000"


def test_default_base_url(monkeypatch):
    monkeypatch.delenv(config.ENV_BASE_URL, raising=False)
    monkeypatch.delenv(config.ENV_REGION, raising=False)
    assert config.base_url() == "https://ieu-team.hikcentralconnect.com"


def test_expire_time_in_seconds_or_milliseconds():
    assert _epoch_seconds(1655193135) == 1655193135
    assert _epoch_seconds(1655193135000) == 1655193135


def test_hints_come_from_appendix_a4():
    assert hint_for("OPEN000025") == "The number of records on each page should be from 1 to 500."
    assert "Appendix A.4" in hint_for("NO_SUCH_CODE")
