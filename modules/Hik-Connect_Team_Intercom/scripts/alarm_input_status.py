#!/usr/bin/env python3
"""Read alarm input states through the pass-through API
(POST /api/hccgw/proxy/v1/areas/alarminputs/status/get, guide 5.6.2), 8 IDs per request.

Examples:
  alarm_input_status.py --id 2c0a4ab9a2504de4842d95435f3a8620,b35b8e9a9326418ca2198ed45709b5bd
  alarm_input_status.py --alarm-input "lobby door contact"
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, intercom, names


def main() -> None:
    parser = cli.parser(__doc__)
    cli.add_ids_option(parser, "alarm input ID", required=False)
    names.add_name_argument(parser, "--alarm-input", "alarm input", repeatable=True,
                            also="; beside or instead of --id")
    cli.run(parser, lambda args, client: intercom.proxy_alarm_input_status(client, args))


if __name__ == "__main__":
    main()
