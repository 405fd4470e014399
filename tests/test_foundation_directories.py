"""The cache and runtime directories hold the token and the rate state: an unsafe or unusable
one is refused with exit 3 and a hint, before anything is sent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

LIST_DEVICES = "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"


def refused(result, code: str) -> None:
    assert result.code == 3, result.stdout
    assert result.json["errorCode"] == code
    assert result.json["hint"]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_symlinked_cache_directory_is_refused(sim, run, tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    link = tmp_path / "cache-link"
    link.symlink_to(real)

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(link)})

    refused(result, "UNSAFE_DIRECTORY")
    assert "symbolic link" in result.json["message"]
    assert sim.requests() == []


def test_a_cache_directory_others_can_write_is_refused(sim, run, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(shared)})

    refused(result, "UNSAFE_DIRECTORY")
    assert "writable by other users" in result.json["message"]
    assert "chmod 700" in result.json["hint"]
    assert sim.requests() == []


def test_a_cache_directory_of_another_user_is_refused(sim, run, tmp_path):
    if os.getuid() == 0:
        foreign = tmp_path / "foreign"
        foreign.mkdir(mode=0o755)
        os.chown(foreign, 65534, 65534)
    else:
        foreign = Path("/")  # root's, and we are not root

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(foreign)})

    refused(result, "UNSAFE_DIRECTORY")
    assert "another user" in result.json["message"]
    assert sim.requests() == []


def test_a_cache_directory_that_is_a_file_is_refused(sim, run, tmp_path):
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("x")

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(a_file)})

    refused(result, "DIRECTORY_UNUSABLE")
    assert a_file.read_text() == "x"


def test_a_cache_directory_that_cannot_be_created_is_refused(sim, run, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(a_file / "cache")})

    refused(result, "DIRECTORY_UNUSABLE")
    assert "cannot be created" in result.json["message"]


@pytest.mark.skipif(os.getuid() == 0, reason="root may write anywhere")
def test_a_cache_directory_without_write_permission_is_refused(sim, run, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(locked)})

    refused(result, "DIRECTORY_UNUSABLE")


def test_the_runtime_directory_is_checked_the_same_way(sim, run, tmp_path):
    shared = tmp_path / "run"
    shared.mkdir()
    shared.chmod(0o757)

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_RUNTIME_DIR": str(shared)})

    refused(result, "UNSAFE_DIRECTORY")
    assert "HIK_CONNECT_TEAM_RUNTIME_DIR" in result.json["hint"]
    assert sim.requests() == []


def test_an_own_directory_readable_by_others_is_made_private(sim, run, tmp_path):
    readable = tmp_path / "readable"
    readable.mkdir(mode=0o755)
    readable.chmod(0o755)

    result = run(LIST_DEVICES, env={"HIK_CONNECT_TEAM_CACHE_DIR": str(readable)})

    assert result.code == 0
    assert readable.stat().st_mode & 0o777 == 0o700
