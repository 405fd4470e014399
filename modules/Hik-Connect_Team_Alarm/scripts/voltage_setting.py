#!/usr/bin/env python3
"""Set the low-battery threshold of solar-powered cameras
(POST /api/hccgw/alarm/v1/voltagesetting/set): a percentage 0..100 (platform default 20).

Examples:
  voltage_setting.py --threshold 25
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import alarm_admin, cli


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--threshold", type=alarm_admin.threshold, required=True,
                        metavar="PERCENT", help="low-battery threshold in percent, 0..100")
    cli.run(parser, lambda args, client: alarm_admin.set_voltage(client, args))


if __name__ == "__main__":
    main()
