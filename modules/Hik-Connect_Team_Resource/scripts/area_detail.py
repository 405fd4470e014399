#!/usr/bin/env python3
"""Show areas by ID (POST /api/hccgw/resource/v1/areadetail/get).

Output: data.area[] (BriefArea: id, name, parentAreaID, existSubArea, areaPath). An ID the
platform does not know fails that item (errorCode e.g. VMS021101): exit 1 with
data.failed[] (id, errorCode, hint) and the full answer in data.response.

Examples:
  area_detail.py --area-id 1d3797d6f5c84b4c9720f2d1453b3516
  area_detail.py --area-id ID1,ID2 --format table
  area_detail.py --area lobby
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import add_area_name, area_detail


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "area ID", flag="--area-id", required=False)
    add_area_name(parser, repeatable=True)
    cli.run(parser, lambda args, client: area_detail(client, args))


if __name__ == "__main__":
    main()
