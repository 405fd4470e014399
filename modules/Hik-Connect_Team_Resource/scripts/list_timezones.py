#!/usr/bin/env python3
"""List the platform's time zones (POST /api/hccgw/resource/v1/timezone/get).

Output: data.timeZone[]: brief records (id, displayName); --detail full adds standardName,
bias in minutes, dst. data.systemTimeZoneID (the platform's own zone), data.count. The id
is what add_device.py / update_device.py take as --time-zone-id.

Examples:
  list_timezones.py
  list_timezones.py --search berlin --format table
  list_timezones.py --name "pacific us"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, names, records
from hct.resource import TIME_ZONE_BRIEF, list_time_zones


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--search", help="only zones whose name contains this (any case)")
    names.add_name_filter(parser, "time zones")
    records.add_options(parser, TIME_ZONE_BRIEF)
    cli.run(parser, lambda args, client: list_time_zones(client, args))


if __name__ == "__main__":
    main()
