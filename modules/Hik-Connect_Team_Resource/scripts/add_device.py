#!/usr/bin/env python3
"""Add a device by serial No. and verification code (POST /api/hccgw/resource/v1/devices/add).

The time zone defaults to the platform's own (timezone/get systemTimeZoneID); the device
password, if any, is read from the environment variable named by --password-env.
On-board devices (--category mobileDevice) need --vehicle-id (or --vehicle NAME, a name or
plate) or --license-plate. --area NAME is the area of --import-to-area by its name.

Output: data.addDeviceResponse (total, succeeded, failed, deviceList[]: alias, deviceId,
deviceSerial, errorCode). The platform answers errorCode "0" even when the device was not
added: then the script fails (exit 1) with data.failed[] (deviceSerial, errorCode, hint),
e.g. EVZ20010 wrong verification code.

Examples:
  add_device.py --category encodingDevice --serial G81652987 --verify-code ABCDEF --name Gate
  DEV_PW=... add_device.py --category encodingDevice --serial G81652987 --verify-code ABCDEF \
      --name Gate --user-name admin --password-env DEV_PW --import-to-area --area-id 4f1c...
  add_device.py --category encodingDevice --serial G81652987 --verify-code ABCDEF --name Gate \
      --import-to-area --area Lobby
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.resource import DEVICE_CATEGORIES, VEHICLE_TYPES, add_area_choice, add_device
from hct.vehicle import add_vehicle_name


def main() -> None:
    parser = cli.parser(__doc__)
    parser.add_argument("--category", choices=DEVICE_CATEGORIES, required=True,
                        help="device category (Appendix A.1.3)")
    parser.add_argument("--serial", type=cli.serial(30), required=True,
                        help="device serial No. (ezvizSerialNo, letters and digits, at most 30)")
    parser.add_argument("--verify-code", type=cli.text(30, "verification code"), required=True,
                        help="device verification code (on the device label; at most 30)")
    parser.add_argument("--name", type=cli.text(64, "device name"), required=True,
                        help="device name (at most 64 characters)")
    parser.add_argument("--user-name", type=cli.text(32, "user name"),
                        help="device user name (at most 32)")
    parser.add_argument("--password-env", metavar="VAR",
                        help="name of the environment variable holding the device password")
    parser.add_argument("--time-zone-id", type=cli.text(8, "time zone ID"),
                        help="time zone ID from list_timezones.py (default: the platform's)")
    parser.add_argument("--apply-time-zone", action="store_true",
                        help="also set the time zone on the device (applyToDevice 1)")
    parser.add_argument("--import-to-area", action="store_true",
                        help="put the device's channels into an area (--area-id / --area, or "
                        "a new area named after the device)")
    add_area_choice(parser, "with --import-to-area: the area to import into")
    vehicle = parser.add_argument_group("on-board devices (--category mobileDevice)")
    linked = vehicle.add_mutually_exclusive_group()
    linked.add_argument("--vehicle-id", type=cli.text(64, "vehicle ID"),
                        help="link this existing vehicle")
    add_vehicle_name(linked, "--vehicle-id")
    vehicle.add_argument("--license-plate", type=cli.text(32, "license plate No."),
                         help="create a vehicle with this license plate No.")
    vehicle.add_argument("--vehicle-type", choices=tuple(VEHICLE_TYPES),
                         help="new vehicle's type")
    vehicle.add_argument("--driver-first-name", type=cli.text(64, "first name"))
    vehicle.add_argument("--driver-last-name", type=cli.text(64, "last name"))
    vehicle.add_argument("--driver-phone", type=cli.text(32, "phone No."))
    cli.run(parser, lambda args, client: add_device(client, args))


if __name__ == "__main__":
    main()
