#!/usr/bin/env python3
"""List temporary passes (POST /api/hccgw/vims/v1/tempauth/list).

Brief records by default: id, name, openCount, startDate, endDate, expiredStatus (not the
password: get_temp_pass.py gives it with the QR code); --detail full for every field.
--name: the platform's filter (pass or creator name), then every word of the pass's name.

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
    intercom.add_vims_paging(parser, intercom.PASS_BRIEF, "temporary passes")
    cli.run(parser, lambda args, client: intercom.list_temp_passes(client, args))


if __name__ == "__main__":
    main()
