#!/usr/bin/env python3
"""Search the recording segments of a camera (POST /api/hccgw/video/v1/record/element/search).

Times are ISO 8601 with or without an offset, "YYYY-MM-DD HH:MM[:SS]" or a date alone (the
whole day for --end); without an offset they are in HIK_CONNECT_TEAM_TIMEZONE, else the
machine's zone. They are sent as the guide's yyyy-MM-ddTHH:mm:ss+08:00 and echoed in
data.window. The camera is --camera NAME, --resource-id ID or --serial/--channel. The answer
lists segments as {beginTime, endTime, targetType} under recordList (--csv/--output: to a
file).

Examples:
  search_recordings.py --resource-id 35cbe44b091044a0924dcc2036848973 \\
      --start 2024-11-28T00:00:00+08:00 --end 2024-11-28T23:00:00+08:00
  search_recordings.py --serial J88106219 --channel 3 --storage cloud \\
      --start "2024-11-28 00:00:00" --end "2024-11-29 00:00:00" --all
  search_recordings.py --camera "front entrance" --start 2024-11-28 --end 2024-11-28
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
    paging.add_paging(parser, brief=video.RECORDING_BRIEF)
    cli.run(parser, lambda args, client: video.search_recordings(client, args))


if __name__ == "__main__":
    main()
