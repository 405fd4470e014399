#!/usr/bin/env python3
"""Add an area (POST /api/hccgw/resource/v1/areas/add).

Output: data.areaID (the new area's ID), data.areaName, data.parentAreaID.

Examples:
  add_area.py --name "Building A"                      # under the root ("-1")
  add_area.py --name "Floor 1" --parent-id 4f1c...
  add_area.py --name "Floor 1" --parent "Building A"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import add_area, add_area_name, area_id


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--name", type=cli.text(64, "area name"), required=True,
                        help="area name (at most 64 characters)")
    parser.add_argument("--parent-id", type=area_id,
                        help='parent area ID (default "-1": the root)')
    add_area_name(parser, flag="--parent", also="; the parent area, instead of --parent-id")
    cli.run(parser, lambda args, client: add_area(client, args))


if __name__ == "__main__":
    main()
