#!/usr/bin/env python3
"""Delete drivers (POST /api/hccgw/vehicle/v1/driver/batchdel). Without --yes: a dry run.

Examples:
  delete_drivers.py --id 5217...,5218...
  delete_drivers.py --id 5217... --yes
  delete_drivers.py --driver "san zhang" --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, vehicle


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "ID of a driver to delete", required=False)
    names.add_name_argument(parser, "--driver", "driver", repeatable=True,
                            also="; beside or instead of --id")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: vehicle.delete_drivers(client, args))


if __name__ == "__main__":
    main()
