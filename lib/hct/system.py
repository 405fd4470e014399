"""System operations (guide section 5.1.2): platform info, service package, users, stream token."""

from __future__ import annotations

import argparse

from hct import cli, paging
from hct.times import utc_text

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

PLATFORM = "/api/hccgw/platform/v1"
SYSTEM_PROPERTIES = f"{PLATFORM}/systemproperties"
SERVICE_PACKAGE = f"{PLATFORM}/servicepackage"
USERS_GET = f"{PLATFORM}/users/get"
STREAM_TOKEN = f"{PLATFORM}/streamtoken/get"
USER_BRIEF = ("id", "name")  # User (A.3.165) is no more than that; --detail full keeps extras

# A.3.150 / A.3.151
SERVICE_TYPES = {"serviceVideo": "video management", "serviceVehicle": "on-board monitoring",
                 "serviceAlarmDetection": "alarm detection"}
PACKAGE_TYPES = {"1": "free", "2": "on trial", "3": "purchased", "4": "complimentary"}
PACKAGE_STATES = {0: "normal", 1: "exceeded limit", 2: "to be expired", 3: "expired"}


def _with_utc(item: dict[str, Any], *fields: str) -> dict[str, Any]:
    """The item plus `<field>Utc` for each millisecond time field."""
    extra = {f"{name}Utc": utc_text(item.get(name)) for name in fields if name in item}
    return {**item, **{key: value for key, value in extra.items() if value}}


def system_info(client: Any, args: argparse.Namespace) -> cli.Result:
    data = client.get(SYSTEM_PROPERTIES) or {}
    return cli.Result(f"Platform system ID {data.get('systemGUID')}.", data)


def service_package(client: Any, args: argparse.Namespace) -> cli.Result:
    """servicepackage, with readable names and UTC times added beside the platform's codes."""
    data = client.get(SERVICE_PACKAGE) or {}
    overview = (data.get("packageOverview") or {}).get("servicePackageOverview") or []
    details = (data.get("packageDetails") or {}).get("servicePackage") or []

    def named(item: dict[str, Any]) -> dict[str, Any]:
        names = {"serviceTypeName": SERVICE_TYPES.get(str(item.get("serviceType"))),
                 "packageTypeName": PACKAGE_TYPES.get(str(item.get("packageType"))),
                 "packageStatusName": PACKAGE_STATES.get(item.get("packageStatus"))}
        return {**item, **{key: value for key, value in names.items() if value}}

    overview = [_with_utc(named(item), "lastExpiredTime") for item in overview
                if isinstance(item, dict)]
    details = [_with_utc(named(item), "activationTime", "expiredTime") for item in details
               if isinstance(item, dict)]
    shaped = {**data,
              "packageOverview": {**(data.get("packageOverview") or {}),
                                  "servicePackageOverview": overview},
              "packageDetails": {**(data.get("packageDetails") or {}),
                                 "servicePackage": details}}
    summary = "; ".join(
        f"{item.get('serviceTypeName') or item.get('serviceType')}: "
        f"{item.get('usingAmount')} of {item.get('totalAmount')} channels in use"
        for item in overview)
    rows = [{key: item.get(key) for key in ("serviceType", "packageTypeName", "usingAmount",
                                            "remainingAmount", "totalAmount",
                                            "lastExpiredTimeUtc", "packageStatusName")}
            for item in overview]
    return cli.Result(f"Service package: {summary or 'no service'}.", shaped, rows=rows)


def list_users(client: Any, args: argparse.Namespace) -> cli.Result:
    return paging.listed(client, paging.PageSpec(USERS_GET, "user"), {}, args, "users")


def stream_token(client: Any, args: argparse.Namespace) -> cli.Result:
    """streamtoken/get: the player's appToken and its domain. The update history calls the
    domain `areaDomain`, the response table `streamAreaDomain`: both names are filled."""
    data = dict(client.get(STREAM_TOKEN) or {})
    if not data.get("streamAreaDomain") and data.get("areaDomain"):
        data["streamAreaDomain"] = data["areaDomain"]
    data = _with_utc(data, "expireTime")
    cli.progress("The appToken lets anyone play this account's streams for 7 days: "
                 "hand it to the player only.")
    return cli.Result(f"Stream token for the player (domain {data.get('streamAreaDomain')}, "
                      f"expires {data.get('expireTimeUtc') or data.get('expireTime')}).", data)
