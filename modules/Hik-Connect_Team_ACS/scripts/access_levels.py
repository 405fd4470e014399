#!/usr/bin/env python3
"""List the access levels of the system (POST /api/hccgw/acspm/v1/accesslevel/list).

Access levels are created in the HCT portal; this lists them, e.g. to find the IDs that
person_access_level.py takes. Output: data.accessLevelList[], brief records by default (id,
name, areaInfo.name, timeSchedule.name); --detail full gives the whole AccessLevelInfo
(remark, usageType, associateResList of doors...), --csv/--output a file; data.total,
data.count, data.pageBase (0 or 1: whether the platform counts these pages from 0, as the
guide's A.3.6 says, or from 1; --page counts from 1 either way). --name TEXT keeps the
levels whose name holds every word of TEXT (case and accents ignored). --door NAME and
--area NAME (repeatable) filter like --door-id / --area-id, by the door's or area's name.

Examples:
  access_levels.py --all
  access_levels.py --name "lobby staff"
  access_levels.py --door "main entrance"
  access_levels.py --door-id DOOR_ID --area-id AREA_ID --include-sub-areas --detail full
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import acs, cli, names, paging
from hct.resource import add_area_name


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--door-id", action="append", metavar="ID",
                        help="only levels with this door, repeatable or comma list")
    names.add_name_argument(parser, "--door", "door", repeatable=True,
                            also="; beside or instead of --door-id")
    parser.add_argument("--area-id", action="append", metavar="ID",
                        help="only levels of this area, repeatable or comma list")
    add_area_name(parser, repeatable=True, also="; beside or instead of --area-id")
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --area-id/--area: search the sub-areas too (depthTraversal 1)")
    paging.add_paging(parser, max_size=acs.LEVEL_PAGE_MAX, brief=acs.LEVEL_BRIEF,
                      named="access levels")
    cli.run(parser, lambda args, client: acs.access_levels(client, args))


if __name__ == "__main__":
    main()
