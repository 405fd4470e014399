#!/usr/bin/env python3
"""List alarm outputs (POST /api/hccgw/resource/v1/areas/alarmoutputs/get).

Output: data.alarmOutput[]: the platform's AlarmInfo fields (id, name, abilitySet, online,
area, device) plus resourceId, channelNo, channelId, deviceId, deviceSerial; data.total,
data.count, data.pagesRead. The id is what alarm_output_status.py and
control_alarm_output.py take.

Examples:
  list_alarm_outputs.py --all
  list_alarm_outputs.py --serial J72878604 --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, paging
from hct.resource import CHANNEL_BRIEF, add_area_filter, list_alarm_outputs


def main() -> None:
    parser = cli.parser(__doc__)
    add_area_filter(parser, "alarm outputs")
    paging.add_paging(parser, brief=CHANNEL_BRIEF, named="alarm outputs")
    cli.run(parser, lambda args, client: list_alarm_outputs(client, args))


if __name__ == "__main__":
    main()
