#!/usr/bin/env python3
"""Open, close or hold doors remotely (POST /api/hccgw/acs/v1/remote/control).

The doors are --door NAME (repeatable: every word must be in the door's name; exactly one
door must match each, data.resolved says which) and/or --door-id ID. The platform treats an
empty door list as EVERY door: without a door the script refuses (exit 2) unless --all-doors
is given (of one area with --area NAME or --area-id). Confirm with the user before
--all-doors or remain-open. Failed doors (e.g. their controller is offline) make it exit 1
and are listed in data.failed with their errorCode and hint.

Examples:
  acs_control.py --door "main entrance" --action open
  acs_control.py --door-id 3e252f4f3e1a4831850abc06778fa484 --action open
  acs_control.py --door-id ID1,ID2 --door-id ID3 --action close --direction exit
  acs_control.py --all-doors --area-id AREA_ID --include-sub-areas --action remain-closed
  acs_control.py --all-doors --area "warehouse" --action close
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import acs, cli, names


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--door-id", action="append", metavar="ID",
                        help="door ID (repeatable, or a comma-separated list)")
    names.add_name_argument(parser, "--door", "door", repeatable=True,
                            also="; beside or instead of --door-id")
    parser.add_argument("--action", required=True, choices=list(acs.ACTIONS),
                        help="open (unlock), close (lock), remain-open (stay unlocked), "
                             "remain-closed (stay locked)")
    parser.add_argument("--area-id", type=cli.resource_id,
                        help="with --all-doors: only the doors of this area")
    names.add_name_argument(parser, "--area", "area",
                            also="; with --all-doors, instead of --area-id")
    parser.add_argument("--include-sub-areas", action="store_true",
                        help="with --area-id/--area: also the doors of its sub-areas")
    parser.add_argument("--direction", choices=list(acs.DIRECTIONS), default="enter",
                        help="enter (default) or exit")
    parser.add_argument("--all-doors", action="store_true",
                        help="control EVERY door (of --area-id/--area if given); not with "
                             "--door-id/--door")
    cli.run(parser, lambda args, client: acs.control_doors(client, args))


if __name__ == "__main__":
    main()
