#!/usr/bin/env python3
"""Delete driver groups (POST /api/hccgw/vehicle/v1/driverGroup/batchdel). Without --yes:
a dry run.

Examples:
  delete_driver_groups.py --id 5f1a...
  delete_driver_groups.py --id 5f1a... --yes
  delete_driver_groups.py --driver-group "night shift" --yes
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
    cli.add_ids_option(parser, "ID of a driver group to delete", required=False)
    names.add_name_argument(parser, "--driver-group", "driver group", repeatable=True,
                            also="; beside or instead of --id")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: vehicle.delete_driver_groups(client, args))


if __name__ == "__main__":
    main()
