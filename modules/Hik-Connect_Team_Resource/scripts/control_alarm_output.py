#!/usr/bin/env python3
"""Switch alarm outputs (sirens, strobes, relays) on or off
(POST /api/hccgw/resource/v1/areas/alarmoutputs/control).

--action open triggers the output (operation 1), close releases it (operation 0).
Output: data.alarmOutputOperation[] (alarmOutputID, alarmOutputState, errorCode). Outputs
the platform could not switch make the script fail (exit 1) with data.failed[]
(alarmOutputID, errorCode, hint).

Examples:
  control_alarm_output.py --id b58a0172ab504c9f98060456a3c7069f --action open
  control_alarm_output.py --id ID1,ID2 --action close
  control_alarm_output.py --alarm-output "lobby siren" --action open
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, names
from hct.resource import control_alarm_outputs


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "alarm output ID from list_alarm_outputs.py", required=False)
    names.add_name_argument(parser, "--alarm-output", "alarm output", repeatable=True,
                            also="; instead of --id")
    parser.add_argument("--action", choices=("open", "close"), required=True,
                        help="open = trigger the output, close = release it")
    cli.run(parser, lambda args, client: control_alarm_outputs(client, args))


if __name__ == "__main__":
    main()
