#!/usr/bin/env python3
"""Search the recording segments of a camera (POST /api/hccgw/video/v1/record/element/search).

Times are ISO 8601, with a UTC offset or without one (then the machine's offset is used); they
are sent as the guide's yyyy-MM-ddTHH:mm:ss+08:00. The answer lists segments as
{beginTime, endTime, targetType} under recordList.

Examples:
  search_recordings.py --resource-id 35cbe44b091044a0924dcc2036848973 \\
      --start 2024-11-28T00:00:00+08:00 --end 2024-11-28T23:00:00+08:00
  search_recordings.py --serial J88106219 --channel 3 --storage cloud \\
      --start "2024-11-28 00:00:00" --end "2024-11-29 00:00:00" --all
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, paging, video


def main() -> None:
    parser = cli.parser(__doc__)
    video.add_span_arguments(parser, "segments")
    parser.add_argument("--storage", choices=tuple(video.TARGET_TYPES), default="local",
                        help="local (the device's storage, default) or cloud (targetType)")
    parser.add_argument("--time-type", choices=tuple(video.TIME_TYPES), default="device",
                        help="the times are the device's local time (default) or the "
                             "client's (timeType 1 or 0)")
    paging.add_paging(parser)
    cli.run(parser, lambda args, client: video.search_recordings(client, args))


if __name__ == "__main__":
    main()
