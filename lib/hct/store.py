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
    script more start-up time than the whole request it guards.) Holders keep it briefly, so
    waiting is a short poll; a lock that cannot be had in `timeout` seconds is `LockTimeout`
    (exit 4). The lock file may carry a small state of its own (`read_text`/`write_text`),
    read and written only under the lock.
    """

    def __init__(self, path: str, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self._path = path
        self._timeout = timeout
        self._descriptor = -1

    def __enter__(self) -> file_lock:
        import fcntl
        import random
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
                    from hct.errors import LockTimeout

                    raise LockTimeout(f"Could not lock {self._path} within "
                                      f"{self._timeout:.0f} s.") from None
                time.sleep(random.uniform(0.001, 0.004))  # jitter: pollers do not wake in step

    def __exit__(self, *exc_info: object) -> None:
        import fcntl

        fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        os.close(self._descriptor)
        self._descriptor = -1

    def read_text(self) -> str:
        """What the lock file holds (undecodable bytes are replaced: a torn write is just an
        unreadable state)."""
        chunks = []
        offset = 0
        while chunk := os.pread(self._descriptor, 65536, offset):
            chunks.append(chunk)
            offset += len(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    def write_text(self, text: str) -> None:
        """Replace what the lock file holds (in place: only holders of the lock read it)."""
        data = text.encode("utf-8")
        os.pwrite(self._descriptor, data, 0)
        os.ftruncate(self._descriptor, len(data))


def private_directory(path: str, variable: str) -> str:
    """`path`, created 0700 when missing, checked to be a real directory of this user that
    nobody else can write: another local user who could replace the token file or the rate
    state would get the token or stall every script. `variable` names the setting to change.
    Raises DirectoryRefused (exit 3) otherwise."""
    import stat

    from hct.errors import DirectoryRefused

    def refuse(problem: str, code: str, hint: str = "") -> DirectoryRefused:
        return DirectoryRefused(f"The directory {path} {problem}; refusing to use it.",
                                error_code=code, hint=hint or None)

    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except FileExistsError:
        raise refuse("is a file, not a directory", "DIRECTORY_UNUSABLE",
                     f"Set {variable} to a directory (or remove the file).") from None
    except OSError as error:
        raise refuse(f"cannot be created ({error.strerror})", "DIRECTORY_UNUSABLE",
                     f"Set {variable} to a directory you can write.") from None
    if stat.S_ISLNK(info.st_mode):
        raise refuse("is a symbolic link", "UNSAFE_DIRECTORY",
                     f"Set {variable} to a real directory, or replace the link by one.")
    if not stat.S_ISDIR(info.st_mode):
        raise refuse("is not a directory", "DIRECTORY_UNUSABLE",
                     f"Set {variable} to a directory (or remove the file).")
    if info.st_uid != os.getuid():
        raise refuse(f"belongs to another user (uid {info.st_uid})", "UNSAFE_DIRECTORY",
                     f"Set {variable} to a directory of your own.")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise refuse("is writable by other users", "UNSAFE_DIRECTORY",
                     f"Run `chmod 700 {path}` (and check what it holds), or set {variable} "
                     "to another directory.")
    if not os.access(path, os.W_OK | os.X_OK):
        raise refuse("is not writable", "DIRECTORY_UNUSABLE",
                     f"Run `chmod 700 {path}`, or set {variable} to a directory you can write.")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)  # ours, only readable by others: make it private
    return path


def remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
