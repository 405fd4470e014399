#!/usr/bin/env python3
"""Show the platform's system ID (GET /api/hccgw/platform/v1/systemproperties).

Output: data.systemGUID.

Example:
  system_info.py
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.system import system_info


def main() -> None:
    cli.run(cli.parser(__doc__), lambda args, client: system_info(client, args))


if __name__ == "__main__":
    main()
