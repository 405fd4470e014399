#!/usr/bin/env python3
"""Show the account's service package usage (GET /api/hccgw/platform/v1/servicepackage).

Output: data.packageOverview.servicePackageOverview[] (serviceType, packageType,
usingAmount, remainingAmount, totalAmount, lastExpiredTime, packageStatus, cloudStorage)
and data.packageDetails.servicePackage[] (serviceType, packageType, activationTime,
expiredTime, cloudStorage), with added serviceTypeName, packageTypeName, packageStatusName
and *Utc times.

Example:
  service_package.py --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import cli
from hct.system import service_package


def main() -> None:
    cli.run(cli.parser(__doc__), lambda args, client: service_package(client, args))


if __name__ == "__main__":
    main()
