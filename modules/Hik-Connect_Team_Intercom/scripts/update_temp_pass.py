#!/usr/bin/env python3
"""Update a temporary pass (POST /api/hccgw/vims/v1/tempauth/update).

The platform needs every field; those not given are read from the pass (tempauth/get). A
pass left without an access level is refused (it would open no door) unless
--no-access-level is given.

Examples:
  update_temp_pass.py --id 237160983473358848 --open-count 5
  update_temp_pass.py --id 237160983473358848 --end 2024-05-02T18:00:00+02:00
  update_temp_pass.py --temp-pass plumber --open-count 4
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
    intercom.add_temp_pass_fields(parser, update=True)
    cli.run(parser, lambda args, client: intercom.update_temp_pass(client, args))


if __name__ == "__main__":
    main()
