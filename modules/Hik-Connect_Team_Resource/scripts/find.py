#!/usr/bin/env python3
"""Find areas, devices, cameras, doors, alarm inputs and outputs by name or serial No.

One search for "which / where is X?": every word of QUERY must be in the name (case and
accents ignored), or QUERY is (part of) a device serial No. Hits are ranked (the whole
name first) and each says its type, id, name, area, online state, the handles the other
scripts take (serialNo / deviceSerial, channelNo) and `next`: the commands to run with it
(a camera's snapshot and live view, a door's opening...). The records come from the name
index (at most 5 minutes old): a second search within minutes sends nothing, and the
online state may be that old (list_devices.py --offline says what is offline now).

Output: data.query, data.matches (how many matched), data.hits[] (at most --limit).

Examples:
  find.py "front entrance"
  find.py J88106219
  find.py lobby --type camera,door
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli
from hct.find import DEFAULT_LIMIT, KINDS, MAX_LIMIT, find, kind_list


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("query", type=cli.text(128, "query"), metavar="QUERY",
                        help="words of the name, or a device serial No.")
    parser.add_argument("--type", dest="types", action="append", type=kind_list,
                        metavar="TYPES", help="only these kinds: " + ", ".join(KINDS)
                        + " (comma separated, repeatable; default every kind)")
    parser.add_argument("--limit", type=cli.bounded_int(1, MAX_LIMIT), default=DEFAULT_LIMIT,
                        help=f"at most this many hits (1..{MAX_LIMIT}, default {DEFAULT_LIMIT})")
    cli.run(parser, lambda args, client: find(client, args))


if __name__ == "__main__":
    main()
