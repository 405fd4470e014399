#!/usr/bin/env python3
"""Remove resources from their area (POST /api/hccgw/resource/v1/areas/resources/delete).

The IDs are resource IDs (a camera's id from list_cameras.py, an alarm input/output's id, a
vehicle's id). Without --yes nothing is sent: data.dryRun is true and data.wouldSend shows
the request. With --yes: data.deleted lists the IDs.

Examples:
  delete_area_resources.py --id ba1e16a1f1084a93a7dc72b21609c380            # dry run
  delete_area_resources.py --id ID1,ID2 --yes
  delete_area_resources.py --camera "old gate cam" --yes
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, names
from hct.resource import AREA_RESOURCE_KINDS, delete_area_resources


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "resource ID", required=False)
    for flag, kind in AREA_RESOURCE_KINDS.items():
        names.add_name_argument(parser, flag, kind.noun, repeatable=True,
                                also="; instead of --id")
    cli.add_confirmation(parser)
    cli.run(parser, lambda args, client: delete_area_resources(client, args))


if __name__ == "__main__":
    main()
