#!/usr/bin/env python3
"""Read alarm outputs' status (POST /api/hccgw/resource/v1/areas/alarmoutputs/status/get).

Output: data.alarmOutput[] (id, status 0 closed / 1 open, statusText, errorCode). An output
with an error code or one the platform left out makes the script fail (exit 1) with
data.failed[] (id, errorCode, hint).

Examples:
  alarm_output_status.py --id b58a0172ab504c9f98060456a3c7069f
  alarm_output_status.py --alarm-output "lobby siren"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, names
from hct.resource import alarm_output_status


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "alarm output ID from list_alarm_outputs.py", required=False)
    names.add_name_argument(parser, "--alarm-output", "alarm output", repeatable=True,
                            also="; instead of --id")
    cli.run(parser, lambda args, client: alarm_output_status(client, args))


if __name__ == "__main__":
    main()
