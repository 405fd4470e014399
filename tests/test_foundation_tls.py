"""The API client honours the environment's CA settings (issue 12 point 19): a platform whose
certificate is trusted only through REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE is reachable."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from foundation_servers import PlatformStub, stub_environment

from conftest import clean_environment, run_script

HCT_API = "scripts/hct_api.py"
PROPERTIES = "/api/hccgw/platform/v1/systemproperties"

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture
def private_platform(tmp_path):
    """An https platform on 127.0.0.1 with a self-signed certificate nobody trusts by default."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True,
                   capture_output=True)
    answers = {PROPERTIES: {"errorCode": "0", "data": {"systemGUID": "private-platform"}}}
    with PlatformStub(answers, tls=(str(cert), str(key))) as stub:
        yield stub, cert


def env_for(tmp_path: Path, stub: PlatformStub, **extra: str) -> dict[str, str]:
    env = clean_environment(tmp_path / "home")
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        env.pop(name, None)
    env.update({"HIK_CONNECT_TEAM_CACHE_DIR": str(tmp_path / "cache"),
                "HIK_CONNECT_TEAM_RUNTIME_DIR": str(tmp_path / "run"), **extra})
    return stub_environment(env, stub)


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_ca_bundle_from_the_environment_is_trusted(private_platform, tmp_path, variable):
    stub, cert = private_platform

    result = run_script(HCT_API, "GET", PROPERTIES,
                        env=env_for(tmp_path, stub, **{variable: str(cert)}))

    assert result.code == 0, result.stdout
    assert result.json["data"]["systemGUID"] == "private-platform"


def test_without_it_the_certificate_is_refused(private_platform, tmp_path):
    stub, _ = private_platform

    result = run_script(HCT_API, "GET", PROPERTIES, env=env_for(tmp_path, stub))

    assert result.code == 4
    assert stub.paths() == []  # nothing was answered: the handshake failed
