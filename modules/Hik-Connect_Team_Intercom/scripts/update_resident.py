#!/usr/bin/env python3
"""Update a resident (POST /api/hccgw/vims/v1/person/update) without losing rooms.

The platform unlinks every room left out of an update (guide chapter 4.15). This script reads
the resident's current rooms first and keeps them; --room adds rooms, --remove-room drops
one, --replace-rooms sends only the --room rooms. --gender, --start and --end are required:
the platform needs them and its resident search does not return them.

Examples:
  update_resident.py --id 5d1e... --gender female --start 2024-01-01T00:00:00+01:00 \
      --end 2030-12-31T23:59:59+01:00 --room 9ab0...
  update_resident.py --id 5d1e... --gender male --start ... --end ... --replace-rooms --room 9ab0...
  update_resident.py --resident "Ana Lopez" --gender female --start 2024-01-01 --end 2031-12-31
  update_resident.py --resident "Ana Lopez" --gender female --start 2024-01-01 --end 2031-12-31 \
      --room-name "tower c 201:householder"
  update_resident.py --resident "Ana Lopez" --gender female --start 2024-01-01 --end 2031-12-31 \
      --remove-room-name "block a 101"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom, names


def main() -> None:
    parser = cli.parser(__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", type=cli.resource_id,
                        help="the resident's person ID (search_residents.py)")
    names.add_name_argument(target, "--resident", "resident", also="; instead of --id")
    intercom.add_person_fields(parser, update=True)
    parser.add_argument("--room", action="append", metavar="ROOM_ID[:TYPE]",
                        help="room to add or whose type to change (repeatable); TYPE "
                             "householder or member")
    intercom.add_room_names(parser)
    parser.add_argument("--remove-room", action="append", metavar="ROOM_ID",
                        help="room to unlink (repeatable)")
    names.add_name_argument(parser, "--remove-room-name", "room", repeatable=True,
                            also="; a room to unlink, beside or instead of --remove-room")
    parser.add_argument("--replace-rooms", action="store_true",
                        help="link only the --room rooms, dropping every other")
    cli.run(parser, lambda args, client: intercom.update_resident(client, args))


if __name__ == "__main__":
    main()
