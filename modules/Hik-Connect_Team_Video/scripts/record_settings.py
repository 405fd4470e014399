#!/usr/bin/env python3
"""Get the recording schedule settings of cameras (POST /api/hccgw/video/v1/recordsettings/get).

Cameras by --camera-id ID or --camera NAME (both repeatable). data.recordSetting[] is brief
by default (cameraID, enableLocalStorage, enableCloudStorage); --detail full adds
localStorage and cloudStorage.

Examples:
  record_settings.py --camera-id 2aeec98c14a4427f9ace6c48e91ab4cc
  record_settings.py --camera-id ID1,ID2 --camera-id ID3 --format table
  record_settings.py --camera "front entrance" --camera "car park" --detail full
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli, names, records, video


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--camera-id", "--resource-id", dest="camera_id", action="append",
                        metavar="ID", help="camera resourceId (repeatable or comma list)")
    names.add_name_argument(parser, "--camera", "camera", repeatable=True)
    records.add_options(parser, video.RECORD_SETTING_BRIEF)
    cli.run(parser, lambda args, client: video.record_settings(client, args))


if __name__ == "__main__":
    main()
