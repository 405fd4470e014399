"""The ISAPI pass-through requests both proxypass endpoints carry (video/v1/isapi/proxypass,
guide 5.5, and proxy/v1/isapi/proxypass, guide 5.6.2): the request flags, the body, and the
ResponseStatus of the device's answer. Each module keeps its own endpoint and answer shape."""

from __future__ import annotations

import argparse
import re

from hct.errors import InvalidArgument

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

METHODS = ("GET", "POST", "PUT", "DELETE")
CONTENT_TYPES = ("application/xml", "application/json", "application/x-www-form-urlencoded")
MAX_URL_LENGTH = 1024
STATUS_FIELDS = ("statusCode", "statusString", "subStatusCode")


def url(text: str) -> str:
    """A device-relative ISAPI path: /ISAPI/..., no host, no spaces."""
    value = text.strip()
    if not value.startswith("/ISAPI/") or any(c.isspace() for c in value) \
            or len(value) > MAX_URL_LENGTH:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISAPI path like /ISAPI/System/deviceInfo (it starts with "
            "/ISAPI/, has no spaces)")
    return value


url.__name__ = "ISAPI URL"


def add_request_arguments(parser: argparse.ArgumentParser) -> None:
    """--method, --url, --content-type, --body and --body-file."""
    parser.add_argument("--method", choices=METHODS, default="GET", type=str.upper,
                        help="GET (default), POST, PUT or DELETE")
    parser.add_argument("--url", required=True, type=url,
                        help="the ISAPI path, e.g. /ISAPI/System/deviceInfo")
    parser.add_argument("--content-type", choices=CONTENT_TYPES, default="application/xml",
                        help="default application/xml")
    parser.add_argument("--body", help="the request body (a string: XML, JSON or form data)")
    parser.add_argument("--body-file", metavar="PATH", help="read the request body from a file")


def request_body(args: argparse.Namespace) -> str:
    """--body, or the text of --body-file ("" for neither)."""
    if args.body is not None and args.body_file is not None:
        raise InvalidArgument("give --body or --body-file, not both.")
    if args.body_file is None:
        return args.body or ""
    try:
        with open(args.body_file, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else error
        raise InvalidArgument(f"--body-file: cannot read {args.body_file}: {reason}") from None


def status_fields(text: str) -> dict[str, str]:
    """statusCode/statusString/subStatusCode of an ISAPI ResponseStatus (XML or JSON text),
    as the strings the device wrote."""
    found: dict[str, str] = {}
    for name in STATUS_FIELDS:
        match = re.search(rf"<{name}>([^<]*)</{name}>", text) or re.search(
            rf'"{name}"\s*:\s*"?([^",}}]*)', text)
        if match:
            found[name] = match.group(1).strip()
    return found


def status_of(answer: Any) -> dict[str, str]:
    """The ResponseStatus fields of an answer that may be an object or a text."""
    if isinstance(answer, dict):
        return {key: str(answer[key]) for key in STATUS_FIELDS if key in answer}
    return status_fields(answer) if isinstance(answer, str) else {}
