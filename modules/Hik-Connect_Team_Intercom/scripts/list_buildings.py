#!/usr/bin/env python3
"""List the buildings of the video intercom (POST /api/hccgw/vims/v1/build/search).

Brief records by default: buildId, buildName, areaId, areaName, totalRoom, totalPerson
(--detail full for every field). --name: the platform's filterName, then every word.

Examples:
  list_buildings.py --all
  list_buildings.py --area-id 2aeec98c14a4427f9ace6c48e91ab4cc --include-sub-areas --name "Block A"
  list_buildings.py --area Lobby
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
    intercom.add_area_scope(parser, "buildings")
    intercom.add_vims_paging(parser, intercom.BUILDING_BRIEF, "buildings")
    cli.run(parser, lambda args, client: intercom.list_buildings(client, args))


if __name__ == "__main__":
    main()
