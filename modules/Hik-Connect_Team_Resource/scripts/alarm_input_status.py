#!/usr/bin/env python3
"""Read alarm inputs' status (POST /api/hccgw/resource/v1/areas/alarminputs/status/get).

Asks in batches of 8 (the guide's limit). Output: data.alarmInput[] (id, status
0 unknown / 1 activated / 2 not activated, statusText, errorCode). An input with an error
code or one the platform left out (unknown ID) makes the script fail (exit 1) with
data.failed[] (id, errorCode, hint).

Examples:
  alarm_input_status.py --id 2c0a4ab9a2504de4842d95435f3a8620
  alarm_input_status.py --id ID1,ID2,ID3 --format table
  alarm_input_status.py --alarm-input "back door contact"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli, names
from hct.resource import alarm_input_status


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "alarm input ID from list_alarm_inputs.py", required=False)
    names.add_name_argument(parser, "--alarm-input", "alarm input", repeatable=True,
                            also="; instead of --id")
    cli.run(parser, lambda args, client: alarm_input_status(client, args))


if __name__ == "__main__":
    main()
