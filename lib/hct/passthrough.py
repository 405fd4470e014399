"""`scripts/hct_api.py`: any endpoint through the shared client, with the catalog's checks."""

from __future__ import annotations

import argparse
import json

from hct import cli, endpoints
from hct.errors import InvalidArgument

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

API_PREFIX = "/api/hccgw/"
TOKEN_PATH = "/api/hccgw/platform/v1/token/get"


def read_body_file(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise argparse.ArgumentTypeError(f"cannot read {path}: {error.strerror}") from None
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{path} is not valid JSON: {error}") from None


def call_endpoint(client: Any, args: argparse.Namespace) -> cli.Result:
    """hct_api.py: METHOD PATH [--body], with the guards every script keeps."""
    method, path, body = args.method, checked_path(args.path), args.body
    if method == "GET" and body is not None:
        raise InvalidArgument("GET endpoints take no body.")
    guard_remote_control(method, path, body, all_doors=args.all_doors)
    entry = endpoints.find(method, path)
    if endpoints.deletes(method, path) and not args.yes:
        return cli.dry_run(f"{method} {path} deletes what the body names.", body)
    if entry is None:
        cli.progress(f"warning: {method} {path} is not in the developer guide's catalog; "
                     "it is treated as an action and will not be resent on network errors")
    data = client.call(method, path, body if method == "POST" else None)
    title = entry["title"] if entry else "uncatalogued endpoint"
    return cli.Result(f"{method} {path} succeeded ({title})", data)


def checked_path(path: str) -> str:
    """An API path that stays under /api/hccgw/ whatever parses it: no dot segments, no
    percent-encoding (%2e%2e, %2f...), no backslash, empty segment, query or fragment, so
    that the token is only ever sent to the API (urllib3 resolves `..` before sending)."""
    rest = path[len(API_PREFIX):] if path.startswith(API_PREFIX) else None
    if rest is None or not rest:
        raise InvalidArgument(f"The path must start with {API_PREFIX} and name an endpoint.")
    if any(c in path for c in "?#%\\") or not path.isprintable() or " " in path:
        raise InvalidArgument("The path must carry no query string, fragment, "
                              "percent-encoding, backslash or spaces.")
    if any(segment in ("", ".", "..") for segment in rest.split("/")):
        raise InvalidArgument("The path must not hold '.' or '..' segments or '//'.")
    if path == TOKEN_PATH:
        raise InvalidArgument("The token is managed by the pack; call another endpoint.")
    return path


def guard_remote_control(method: str, path: str, body: Any, *, all_doors: bool) -> None:
    """acs/v1/remote/control treats an empty door list as EVERY door: send one only with
    --all-doors (and never a door list together with it)."""
    from hct.acs import REMOTE_CONTROL

    if (method, path) != ("POST", REMOTE_CONTROL):
        return
    control = body.get("remoteControl") if isinstance(body, dict) else None
    doors = control.get("elementlist") if isinstance(control, dict) else None
    named = [door for door in doors if door] if isinstance(doors, list) else []
    if not named and not all_doors:
        raise InvalidArgument(
            "The body names no door (remoteControl.elementlist is empty or missing); the "
            "platform treats that as EVERY door, so nothing was sent.",
            hint="Put the door IDs in remoteControl.elementlist, or add --all-doors after "
                 "the user confirmed that every door is meant (acs_control.py does the same "
                 "with names).")
    if named and all_doors:
        raise InvalidArgument("--all-doors and a door list in the body exclude each other.")
