"""Small private files under the cache directory: atomic JSON writes and cross-process locks."""

from __future__ import annotations

import contextlib
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

LOCK_TIMEOUT_SECONDS = 60.0


def read_json(path: str) -> Any:
    """The file's JSON, or None when it is missing or unreadable (a corrupt file is not fatal)."""
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def atomic_file(path: str, *, mode: int = 0o600, suffix: str = "", encoding: str = "utf-8",
                newline: str | None = None) -> Iterator[Any]:
    """A text file to write that replaces `path` in one step when the block ends (readers
    never see half of it); on an error the temporary file is removed and `path` untouched."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
            os.fchmod(handle.fileno(), mode)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_json_atomic(path: str, value: Any) -> None:
    """Replace `path` in one step with a 0600 file, so readers never see half a document."""
    import json

    with atomic_file(path) as handle:
        json.dump(value, handle)


class file_lock:  # lower case: it reads as the call it is, `with file_lock(path):`
    """An exclusive lock shared by every process on the machine, held for a `with` block.

    flock(2) on a 0600 lock file: the kernel releases it when a holder dies, so a crashed
    script never blocks the others. (The filelock package does the same but costs a plain
    script more start-up time than the whole request it guards.)
    """

    def __init__(self, path: str, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self._path = path
        self._timeout = timeout
        self._descriptor = -1

    def __enter__(self) -> file_lock:
        import fcntl
        import time

        descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._descriptor = descriptor
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(descriptor)
                    raise TimeoutError(f"could not lock {self._path} within "
                                       f"{self._timeout:.0f} s") from None
                time.sleep(0.002)

    def __exit__(self, *exc_info: object) -> None:
        import fcntl

        fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        os.close(self._descriptor)
        self._descriptor = -1


def remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
