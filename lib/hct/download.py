"""Download a file the platform points at (snapshot, thumbnail, recording): streamed,
size-capped, written atomically, optionally transformed (decrypted) and verified.

    info = download(url, "/tmp/pic.jpg", max_bytes=20 * MB, verify=verify_image)
    # {"path": "/tmp/pic.jpg", "bytes": 48213, "contentType": "image/jpeg",
    #  "width": 640, "height": 360, "format": "JPEG"}

- The URL is a pre-signed address of the platform's storage (captureUrl, pictureURL...): it
  is fetched WITHOUT the access token (the token never leaves for a storage host), by GET,
  with redirects limited to http(s). Only http and https URLs are accepted.
- The body is streamed in chunks; more than `max_bytes` (by Content-Length or while reading)
  stops the download. Network errors and 5xx are retried a few times (a GET is a read).
- The file appears at `path` only when everything succeeded: it is written to a temporary
  file in the same directory, flushed, verified, then renamed over `path`. On any failure the
  temporary file is removed and `path` is left as it was.
- `transform(bytearray) -> bytes-like` (e.g. decryption) makes the body be read into memory
  first (it is capped by `max_bytes` anyway); without it the body goes straight to disk.
- `verify(temp_path) -> dict` checks the written file before the rename and returns fields to
  add to the answer (`verify_image` opens it with Pillow); it raises to reject the file.
- A 403/404/410 answer of an S3-style pre-signed URL whose signature expired (the body says
  "expired", or the URL's own X-Amz-Date + X-Amz-Expires is past) is `URL_EXPIRED`.
"""

from __future__ import annotations

import os

from hct import cli, urls
from hct.errors import EXIT_PLATFORM, HCTError, InvalidArgument, NetworkError
from hct.times import utc_z

TYPE_CHECKING = False  # typing, datetime, tempfile... cost milliseconds `--help` must not pay

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import Any

    Transform = Callable[[bytearray], Any]
    Verify = Callable[[str], dict[str, Any]]

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
CHUNK_SIZE = 64 * 1024
ATTEMPTS = 3
BACKOFF_SECONDS = 0.5
CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 30.0
MIN_RATE = 32 * 1024  # bytes/s: a body arriving slower than this on average is cut


class DownloadFailed(HCTError):
    """The storage host answered, but not with the file (expired URL, 404, too large...)."""

    error_code = "DOWNLOAD_FAILED"
    exit_code = EXIT_PLATFORM
    default_hint = "Get a new URL from the platform (capture again) and retry."


class NotAnImage(HCTError):
    error_code = "NOT_AN_IMAGE"
    exit_code = EXIT_PLATFORM
    default_hint = ("The downloaded data is not a picture Pillow can read; nothing was written. "
                    "If the device has stream encryption on, pass its verification code.")


def check_url(url: str) -> str:
    """An http(s) URL with a host, unambiguous to every parser (hct.urls); else
    InvalidArgument."""
    try:
        return urls.parse(url).text
    except urls.UrlRefused as refused:
        raise InvalidArgument(f"Not a usable http(s) URL ({refused}): {url[:80]!r}.",
                              hint="Pass the URL the platform returned (captureUrl, "
                                   "pictureURL).") from None


def output_path(path: str, default_name: str) -> str:
    """Where to write: `path`, or `default_name` inside it when it is a directory. Its parent
    must exist and be writable (checked before any request: exit 2 otherwise)."""
    expanded = os.path.abspath(os.path.expanduser(path))
    if os.path.isdir(expanded) or path.endswith(os.sep):
        expanded = os.path.join(expanded, default_name)
    parent = os.path.dirname(expanded)
    if not os.path.isdir(parent):
        raise InvalidArgument(f"The directory {parent} does not exist.",
                              hint="Create the directory or choose another --output path.")
    if not os.access(parent, os.W_OK):
        raise InvalidArgument(f"The directory {parent} is not writable.",
                              hint="Choose another --output path.")
    return expanded


def signed_url_expiry(url: str) -> datetime | None:
    """The expiry of an S3-style pre-signed URL (X-Amz-Date + X-Amz-Expires), if it says."""
    from datetime import datetime, timedelta, timezone
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)
    try:
        signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
        seconds = int(query["X-Amz-Expires"][0])
    except (KeyError, IndexError, ValueError):
        return None
    return signed.replace(tzinfo=timezone.utc) + timedelta(seconds=seconds)


def verify_image(path: str) -> dict[str, Any]:
    """Open the file with Pillow and check it decodes: its width, height and format. Its
    header is measured first: more than pictures.MAX_PIXELS is refused undecoded."""
    from PIL import Image, UnidentifiedImageError

    from hct.pictures import PictureRefused, measure

    try:
        measure(path)
    except PictureRefused as error:
        raise NotAnImage(f"The downloaded file is refused: {error}.") from None
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:  # verify() leaves the image unusable: open again
            image.load()
            return {"width": image.width, "height": image.height, "format": image.format}
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as error:
        raise NotAnImage(f"The downloaded file is not a valid picture ({error}).") from None


def download(url: str, path: str, max_bytes: int = DEFAULT_MAX_BYTES, *,
             transform: Transform | None = None, verify: Verify | None = None,
             timeout: float = READ_TIMEOUT_SECONDS,
             progress: Callable[[int], Any] | None = None) -> dict[str, Any]:
    """Fetch `url` into `path` (see the module docstring); returns path, bytes, contentType
    and what `verify` found. `progress(bytes_so_far)` is called after each chunk written
    (without `transform`)."""
    import tempfile

    url = check_url(url)
    target = os.path.abspath(path)
    directory = os.path.dirname(target)
    with _sigterm_as_interrupt():
        handle, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.",
                                        suffix=".part", dir=directory)
        return _download_into(url, handle, temp, target, max_bytes, transform, verify,
                              timeout, progress)


def _download_into(url: str, handle: int, temp: str, target: str, max_bytes: int,
                   transform: Transform | None, verify: Verify | None, timeout: float,
                   progress: Callable[[int], Any] | None) -> dict[str, Any]:
    """The body of `download`: the `.part` file `temp` becomes `target`, or disappears."""
    import contextlib

    try:
        with os.fdopen(handle, "wb") as sink:
            if transform is None:
                size, content_type = _fetch(url, max_bytes, _reporting(sink.write, progress),
                                            timeout)
            else:
                buffer = bytearray()
                _, content_type = _fetch(url, max_bytes, buffer.extend, timeout)
                result = transform(buffer)
                sink.write(result)
                size = len(result)
                del buffer, result
            sink.flush()
            os.fsync(sink.fileno())
        info: dict[str, Any] = {"path": target, "bytes": size, "contentType": content_type}
        if verify is not None:
            info.update(verify(temp))
        os.chmod(temp, 0o644 & ~_umask())
        os.replace(temp, target)
        return info
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class _sigterm_as_interrupt:  # lower case: it reads as the call it is
    """SIGTERM (kill, a service manager, a timeout wrapper) ends a download the way Ctrl-C
    does, as an exception, so that the `.part` file is removed on the way out (cli.run
    answers INTERRUPTED). Only in the main thread, and only where SIGTERM has no handler."""

    def __enter__(self) -> None:
        import signal
        import threading

        self._installed = (threading.current_thread() is threading.main_thread()
                           and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
        if self._installed:
            signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc_info: object) -> None:
        import signal

        if self._installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _reporting(write: Callable[[bytes], Any],
               progress: Callable[[int], Any] | None) -> Callable[[bytes], Any]:
    """`write`, telling `progress` the running total after each chunk."""
    if progress is None:
        return write
    total = [0]

    def counted(chunk: bytes) -> None:
        write(chunk)
        total[0] += len(chunk)
        progress(total[0])

    return counted


def fetch_bytes(url: str, max_bytes: int = DEFAULT_MAX_BYTES, *,
                timeout: float = READ_TIMEOUT_SECONDS) -> bytearray:
    """The whole body in memory (capped), for callers that do not write a file."""
    buffer = bytearray()
    _fetch(check_url(url), max_bytes, buffer.extend, timeout)
    return buffer


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fetch(url: str, max_bytes: int, write: Callable[[bytes], Any],
           timeout: float) -> tuple[int, str]:
    """Stream the body into `write`. Network errors and 5xx are retried while nothing has
    been written yet (a GET of a stored file is a read). Each attempt has an overall
    deadline (hct.transport): `timeout` seconds, moved on while the body arrives at
    MIN_RATE or faster, so a host that trickles bytes cannot hold the script. Returns
    (bytes, content type)."""
    import functools
    import time

    import requests

    from hct import transport

    written = [0]

    def counted(watch: transport.deadline, chunk: bytes) -> None:
        written[0] += len(chunk)
        watch.progressed(written[0])
        write(chunk)

    session = transport.session()
    failures = 0
    while True:
        watch = transport.deadline(CONNECT_TIMEOUT_SECONDS + timeout, min_rate=MIN_RATE)
        try:
            with watch, session.get(url, stream=True, timeout=(CONNECT_TIMEOUT_SECONDS, timeout),
                                    allow_redirects=True,
                                    headers={"Accept": "*/*"}) as response:
                if response.status_code >= 500 and failures + 1 < ATTEMPTS:
                    raise _Retry(f"HTTP {response.status_code}")
                _check_status(url, response)
                return _stream(response, max_bytes, functools.partial(counted, watch))
        except (_Retry, requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError) as error:
            if watch.expired:
                raise NetworkError(f"The download did not finish in time ({written[0]} bytes "
                                   "arrived): the storage host sends too slowly.",
                                   error_code="TIMEOUT") from None
            failures += 1
            if written[0] or failures >= ATTEMPTS:
                raise NetworkError(f"Could not download the file: {error}") from None
            cli.progress(f"download failed ({error}); retrying")
            time.sleep(BACKOFF_SECONDS * failures)
        except requests.RequestException as error:
            raise NetworkError(f"Could not download the file: {error}") from None


class _Retry(Exception):
    pass


def _check_status(url: str, response: Any) -> None:
    status = response.status_code
    if status == 200:
        return
    if status >= 500:
        raise NetworkError(f"The storage host answered HTTP {status}.")
    from datetime import datetime, timezone

    body = response.raw.read(4096, decode_content=True) or b""
    expiry = signed_url_expiry(url)
    expired = b"expired" in body.lower() or (
        expiry is not None and expiry <= datetime.now(timezone.utc))
    if status in (400, 403, 404, 410) and expired:
        raise DownloadFailed(
            "The picture URL has expired." + (f" It was valid until {utc_z(expiry)}."
                                              if expiry else ""),
            error_code="URL_EXPIRED",
            hint="Capture URLs are valid for 15 minutes (thumbnails for a day): capture again "
                 "and download right away with --output.")
    raise DownloadFailed(f"The storage host answered HTTP {status} for the file.")


def _stream(response: Any, max_bytes: int, write: Callable[[bytes], Any]) -> tuple[int, str]:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(int(declared), max_bytes)
    size = 0
    for chunk in response.iter_content(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        write(chunk)
    if size == 0:
        raise DownloadFailed("The storage host sent an empty file.")
    return size, response.headers.get("Content-Type", "")


def _too_large(size: int, max_bytes: int) -> DownloadFailed:
    return DownloadFailed(f"The file is larger than the limit of {max_bytes} bytes "
                          f"(at least {size}); nothing was written.",
                          error_code="DOWNLOAD_TOO_LARGE",
                          hint="Raise the size limit if the file is expected to be that big.")
