#!/usr/bin/env python3
"""List areas (POST /api/hccgw/resource/v1/areas/get).

Output: data.area[] (the platform's BriefArea: id, name, parentAreaID, existSubArea,
areaPath, type), data.total, data.count, data.pagesRead. The root's parentAreaID is "-1".

Examples:
  list_areas.py --all
  list_areas.py --parent-id 4f1c... --include-sub-areas
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.resource import AREA_BRIEF, add_area_name, area_id, list_areas


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--parent-id", type=area_id,
                        help="only the child areas of this area (default: every area)")
    add_area_name(parser, flag="--parent", also="; the parent area, instead of --parent-id")
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --parent-id: all descendants, not only the children")
    paging.add_paging(parser, brief=AREA_BRIEF, named="areas")
    cli.run(parser, lambda args, client: list_areas(client, args))


if __name__ == "__main__":
    main()
