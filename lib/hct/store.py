"""Small private files under the cache directory: atomic JSON writes and cross-process locks."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from typing import Any

LOCK_TIMEOUT_SECONDS = 60.0


def read_json(path: str) -> Any:
    """The file's JSON, or None when it is missing or unreadable (a corrupt file is not fatal)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def write_json_atomic(path: str, value: Any) -> None:
    """Replace `path` in one step with a 0600 file, so readers never see half a document."""
    directory = os.path.dirname(path) or "."
    descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            json.dump(value, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def file_lock(path: str):
    """An exclusive lock shared by every process on the machine (a context manager)."""
    from filelock import FileLock

    return FileLock(path, timeout=LOCK_TIMEOUT_SECONDS, mode=0o600, poll_interval=0.005)


def remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
