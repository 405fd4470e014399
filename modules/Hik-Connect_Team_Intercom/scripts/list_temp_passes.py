#!/usr/bin/env python3
"""List temporary passes (POST /api/hccgw/vims/v1/tempauth/list).

Examples:
  list_temp_passes.py --all
  list_temp_passes.py --name plumber
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--name", type=cli.text(64, "name"),
                        help="fuzzy match on the pass name or its creator's name")
    intercom.add_vims_paging(parser)
    cli.run(parser, lambda args, client: intercom.list_temp_passes(client, args))


if __name__ == "__main__":
    main()
