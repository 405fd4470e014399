#!/usr/bin/env python3
"""Search the residents of the video intercom (POST /api/hccgw/vims/v1/person/search).

Brief records by default: personId, firstName, lastName, isExpired and rooms (the pack's:
each room as "building room", householder rooms marked); --detail full for the platform's
records (roomList, email, phone...). --name: the platform's name filter, then every word.

Examples:
  search_residents.py --all
  search_residents.py --name Smith --type householder --expired no
  search_residents.py --building "tower c" --room-num 101
  search_residents.py --area Lobby --include-sub-areas
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
    intercom.add_area_scope(parser, "residents")
    intercom.add_building_choice(parser, "residents")
    parser.add_argument("--room-num", type=cli.bounded_int(0), help="room No. (an integer)")
    parser.add_argument("--email", type=cli.text(64, "email"))
    parser.add_argument("--phone", type=cli.text(32, "phone No."))
    parser.add_argument("--type", choices=intercom.ACCOUNT_TYPES,
                        help="householder (1) or member (family member, 0)")
    parser.add_argument("--expired", choices=("yes", "no"),
                        help="only expired (yes) or only valid (no) residents")
    intercom.add_vims_paging(parser, intercom.RESIDENT_BRIEF, "residents")
    cli.run(parser, lambda args, client: intercom.search_residents(client, args))


if __name__ == "__main__":
    main()
