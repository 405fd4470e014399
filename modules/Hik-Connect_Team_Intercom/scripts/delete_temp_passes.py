#!/usr/bin/env python3
"""Delete temporary passes (POST /api/hccgw/vims/v1/tempauth/delete). Without --yes: a dry run.

Examples:
  delete_temp_passes.py --id 237160983473358848
  delete_temp_passes.py --id 237160983473358848 --yes
  delete_temp_passes.py --temp-pass plumber --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom, names


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "ID of a temporary pass to delete", required=False)
    names.add_name_argument(parser, "--temp-pass", "temporary pass", repeatable=True,
                            also="; beside or instead of --id")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: intercom.delete_temp_passes(client, args))


if __name__ == "__main__":
    main()
