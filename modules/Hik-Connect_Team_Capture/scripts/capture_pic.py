#!/usr/bin/env python3
"""Capture a picture from a camera channel (POST /api/hccgw/resource/v1/device/capturePic).

Returns captureUrl (valid 15 minutes: see expiresAt) and isEncrypted. With --output the
picture is downloaded, checked with Pillow and saved; pictures of devices with stream
encryption on (isEncrypted 1) need --verify-code (the 6-letter code on the device label).
--camera NAME finds the camera by its name (exactly one must match; data.resolved says which).

Examples:
  capture_pic.py J88106219                       # channel 1, URL only
  capture_pic.py --camera "front entrance" --output /tmp/
  capture_pic.py J88106219,3 --output /tmp/cam3.jpg
  capture_pic.py --serial J88106219 --channel 2 --output /tmp/ --verify-code ABCDEF
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import capture, cli


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("target", nargs="?", metavar="SERIAL[,CHANNEL]",
                        help="device serial No., optionally with the channel No.")
    parser.add_argument("--serial", type=cli.serial_number, help="device serial No.")
    parser.add_argument("--channel", type=cli.bounded_int(1, capture.MAX_CHANNEL),
                        help="camera channel No. (default 1)")
    capture.add_camera_name(parser, instead="SERIAL[,CHANNEL] / --serial / --channel")
    capture.add_picture_flags(parser, output_help="download the picture to PATH (a file, or "
                                                  "a directory to put SERIAL_chN_TIME.jpg in)")

    def handle(args, client):
        serial, channel = capture.capture_target(client, args)
        return capture.capture(client, serial, channel, output=args.output,
                               code=args.verify_code)

    cli.run(parser, handle)


if __name__ == "__main__":
    main()
