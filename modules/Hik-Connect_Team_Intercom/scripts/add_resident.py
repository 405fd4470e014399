#!/usr/bin/env python3
"""Add a resident to one or more rooms (POST /api/hccgw/vims/v1/person/add).

Rooms are given by ID (--room, list_rooms.py) or by name (--room-name "Block A 101"); the
script looks each one up and sends the guide's RoomDTO. A room may end in :householder or
:member (default: --account-type).

Examples:
  add_resident.py --first-name Ana --last-name Lopez --email ana@example.com --room 3f2c...
  add_resident.py --first-name Li --last-name Wei --email li@example.com \
      --room 3f2c...:householder --language zh_CN --end 2030-12-31T23:59:59+08:00
  add_resident.py --first-name Ana --last-name Lopez --email ana@example.com --room 3f2c... \
      --department Residents
  add_resident.py --first-name Ana --last-name Lopez --email ana@example.com \
      --room-name "block a 101:householder" --access-level "lobby doors"
  add_resident.py --existing-person "ana silva" --first-name Ana --last-name Silva \
      --email ana@example.com --room-name "tower c 201"
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
    intercom.add_person_fields(parser, update=False)
    parser.add_argument("--room", action="append", metavar="ROOM_ID[:TYPE]",
                        help="room to link (repeatable); TYPE householder or member")
    intercom.add_room_names(parser)
    parser.add_argument("--account-type", choices=intercom.ACCOUNT_TYPES, default="member",
                        help="resident type in rooms given without a suffix (default member)")
    parser.add_argument("--language", choices=intercom.LANGUAGES,
                        help="language of the platform's emails to the resident (default en)")
    parser.add_argument("--existing-person-id", type=cli.resource_id,
                        help="add an existing person as resident (with --person-code)")
    names.add_name_argument(parser, "--existing-person", "person",
                            also="; an existing person of the Person module as resident, "
                                 "instead of --existing-person-id and --person-code")
    parser.add_argument("--person-code", type=cli.text(16, "person code"),
                        help="the existing person's employee No.")
    cli.run(parser, lambda args, client: intercom.add_resident(client, args))


if __name__ == "__main__":
    main()
