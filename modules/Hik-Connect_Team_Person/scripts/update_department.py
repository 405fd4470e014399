#!/usr/bin/env python3
"""Edit a department (person group) (POST /api/hccgw/person/v1/groups/update).

Only the given fields change. The department, its area and its new parent can each be
given by ID or by name (--department, --area, --parent).

Examples:
  update_department.py --group-id 378117915440051200 --name "Finance & Legal"
  update_department.py --group-id 378117915440051200 --parent-id 378117915440051100
  update_department.py --department Finance --parent Headquarters --area Lobby
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, person
from hct.resource import add_area_choice


def main() -> None:
    parser = cli.parser(__doc__)
    person.add_department_target(parser, required=True, what="the department to edit")
    parser.add_argument("--name", type=person.group_name,
                        help="new name (no special characters), at most 64")
    parser.add_argument("--description", type=person.group_description,
                        help="new description, at most 128 characters")
    add_area_choice(parser, "new linked area ID", id_type=cli.resource_id)
    parent = parser.add_mutually_exclusive_group()
    parent.add_argument("--parent-id", type=person.group_id, help="new parent department ID")
    names.add_name_argument(parent, "--parent", "new parent department",
                            also="; instead of --parent-id")
    cli.run(parser, lambda args, client: person.update_group(client, args))


if __name__ == "__main__":
    main()
