#!/usr/bin/env python3
"""Add a temporary pass (POST /api/hccgw/vims/v1/tempauth/add).

Returns the pass with its password and QR code (code, Base64). A dynamic QR code is valid
for 60 seconds (expiresAt): get a fresh one with get_temp_pass.py. A pass without an access
level opens no door, so --al-id is needed (without it the answer lists the account's levels
in data.accessLevels, exit 2) unless --no-access-level says so on purpose.

The platform does not link a pass to a resident: with --resident NAME (or --room NAME,
whose householder or only resident is taken) the pass is named "Visitor of NAME" unless
--name is given, and data.resident says whom the visitor comes to see. data.window echoes
the validity sent.

Examples:
  add_temp_pass.py --name "Plumber" --open-count 2 --start 2024-05-01T08:00:00+02:00 \
      --end 2024-05-01T18:00:00+02:00 --al-id 4c1f...
  add_temp_pass.py --room "Block A 101" --open-count 2 --start "2024-05-01 08:00" \
      --end 2024-05-01 --al-id 4c1f...
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
    intercom.add_temp_pass_fields(parser, update=False)
    intercom.add_visit_arguments(parser)
    cli.run(parser, lambda args, client: intercom.add_temp_pass(client, args))


if __name__ == "__main__":
    main()
