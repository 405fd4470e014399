#!/usr/bin/env python3
"""List alarm inputs (POST /api/hccgw/resource/v1/areas/alarminputs/get).

Output: data.alarmInput[]: the platform's AlarmInfo fields (id, name, abilitySet, online,
area, device) plus resourceId, channelNo, channelId, deviceId, deviceSerial; data.total,
data.count, data.pagesRead. The id is what alarm_input_status.py takes.

Examples:
  list_alarm_inputs.py --all
  list_alarm_inputs.py --serial J72878604 --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.resource import CHANNEL_BRIEF, add_area_filter, list_alarm_inputs


def main() -> None:
    parser = cli.parser(__doc__)
    add_area_filter(parser, "alarm inputs")
    paging.add_paging(parser, brief=CHANNEL_BRIEF, named="alarm inputs")
    cli.run(parser, lambda args, client: list_alarm_inputs(client, args))


if __name__ == "__main__":
    main()
