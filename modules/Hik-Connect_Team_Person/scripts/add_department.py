#!/usr/bin/env python3
"""Add a department (person group) (POST /api/hccgw/person/v1/groups/add).

The platform puts it under the root department; move it with update_department.py --parent-id.

Examples:
  add_department.py --name Finance --description "3rd floor"
  add_department.py --name Security --area-id 9b1c0f4e0a2d4b7e8c1d2e3f4a5b6c7d
  add_department.py --name Security --area Lobby
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, person
from hct.resource import add_area_choice


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--name", type=person.group_name, required=True,
                        help="department name, at most 64 characters")
    parser.add_argument("--description", type=person.group_description,
                        help="at most 128 characters")
    add_area_choice(parser, "linked area ID", id_type=cli.resource_id)
    cli.run(parser, lambda args, client: person.add_group(client, args))


if __name__ == "__main__":
    main()
