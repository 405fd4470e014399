#!/usr/bin/env python3
"""List the rooms of the video intercom (POST /api/hccgw/vims/v1/room/search).

Brief records by default: roomId, roomName, roomNum, buildId, buildName, areaName,
personAmount, mainAccount (the householder); --detail full for every field. --name: the
platform's roomName filter, then every word of the room's name.

Examples:
  list_rooms.py --all
  list_rooms.py --building-id 6a1c... --room-num 101
  list_rooms.py --building "block a" --room-num 101
  list_rooms.py --area Lobby --include-sub-areas
  list_rooms.py --name "block a 101"
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
    intercom.add_area_scope(parser, "rooms")
    intercom.add_building_choice(parser, "rooms")
    parser.add_argument("--room-num", type=cli.bounded_int(0), help="room No. (an integer)")
    parser.add_argument("--email", type=cli.text(64, "email"))
    parser.add_argument("--householder", type=cli.text(128, "householder name"),
                        help="householder name (mainAccount)")
    intercom.add_vims_paging(parser, intercom.ROOM_BRIEF, "rooms")
    cli.run(parser, lambda args, client: intercom.list_rooms(client, args))


if __name__ == "__main__":
    main()
