#!/usr/bin/env python3
"""Call any HCT OpenAPI endpoint through the pack's client, limiter and envelope.

The token, the shared rate limit, retries and the JSON envelope work as in every other
script. Endpoints the guide marks as reads are retried on network errors; anything else is
never resent once it may have reached the platform.

The guards of the scripts hold here too: the path must stay under /api/hccgw/ (no `..`,
no percent-encoding); an empty door list to acs/v1/remote/control (every door) needs
--all-doors; a deleting endpoint (…/delete, …/batchdel) answers a dry run (data.dryRun)
unless --yes is given.

Examples:
  hct_api.py GET /api/hccgw/platform/v1/systemproperties
  hct_api.py POST /api/hccgw/resource/v1/areas/get --body '{"pageIndex": 1, "pageSize": 50}'
  hct_api.py POST /api/hccgw/person/v1/persons/list --body-file query.json
  hct_api.py POST /api/hccgw/person/v1/persons/delete --body '{"personIds": ["1"]}' --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.passthrough import call_endpoint, read_body_file


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("method", type=str.upper, choices=("GET", "POST"),
                        help="HTTP method as the guide gives it")
    parser.add_argument("path", help="endpoint path, starting with /api/hccgw/")
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body", type=cli.json_object, help="the request body as JSON")
    body.add_argument("--body-file", type=read_body_file, dest="body",
                      help="a file holding the request body as JSON")
    parser.add_argument("--all-doors", action="store_true",
                        help="acs/v1/remote/control only: send an empty door list, which the "
                             "platform applies to EVERY door")
    cli.add_confirmation(parser)  # --yes: deleting endpoints answer a dry run without it
    cli.run(parser, lambda args, client: call_endpoint(client, args))


if __name__ == "__main__":
    main()
