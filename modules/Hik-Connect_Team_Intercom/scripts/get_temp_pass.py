#!/usr/bin/env python3
"""Get a temporary pass with its current QR code (POST /api/hccgw/vims/v1/tempauth/get).

A dynamic QR code is valid for 60 seconds from now: data.expiresAt says until when. Call
again after that. A static QR code lasts until the pass ends (data.validUntil).

Examples:
  get_temp_pass.py --id 237160983473358848
  get_temp_pass.py --temp-pass plumber
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
    intercom.add_pass_target(parser)
    cli.run(parser, lambda args, client: intercom.get_temp_pass(client, args))


if __name__ == "__main__":
    main()
