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


def call_endpoint(client: Any, method: str, path: str, body: Any) -> cli.Result:
    if not path.startswith(API_PREFIX) or any(c in path for c in "?# "):
        raise InvalidArgument(f"The path must start with {API_PREFIX} and carry no query "
                              "string, fragment or spaces.")
    if path == TOKEN_PATH:
        raise InvalidArgument("The token is managed by the pack; call another endpoint.")
    if method == "GET" and body is not None:
        raise InvalidArgument("GET endpoints take no body.")
    entry = endpoints.find(method, path)
    if entry is None:
        cli.progress(f"warning: {method} {path} is not in the developer guide's catalog; "
                     "it is treated as an action and will not be resent on network errors")
    data = client.call(method, path, body if method == "POST" else None)
    title = entry["title"] if entry else "uncatalogued endpoint"
    return cli.Result(f"{method} {path} succeeded ({title})", data)
