"""Guide 5.1 System: token/get, systemproperties, servicepackage, streamtoken/get, users/get."""

from __future__ import annotations

import secrets
from typing import Any

from hctsim.core import TOKEN_LIFETIME_SECONDS, TOKEN_PATH, Sim, route

# The stream token's domain: the EZVIZ open-platform host of the region. The simulator has no
# streaming server, so it answers a fixed address in the style of the guide's example.
STREAM_AREA_DOMAIN = "https://ieuopen.ezvizlife.com"


@route("POST", TOKEN_PATH)
def token_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    app_key = sim.require(body, "appKey", str, max_len=64)
    # The table types secretKey as Number, but it is a string (example and chapter 3).
    secret_key = sim.require(body, "secretKey", str, max_len=64)
    return sim.issue_token(app_key, secret_key)


@route("GET", "/api/hccgw/platform/v1/systemproperties")
def system_properties(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    return {"systemGUID": sim.store("system.guid", sim.world.new_id)}


@route("GET", "/api/hccgw/platform/v1/servicepackage")
def service_package(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """As the guide's example: amounts and millisecond times as strings."""
    now_ms = int(sim.now() * 1000)
    year_ms = 365 * 24 * 3600 * 1000
    cameras = sum(len(device["cameras"]) for device in sim.world.devices)
    total = max(110, cameras + 16)
    return {
        "packageOverview": {"servicePackageOverview": [
            {"serviceType": "serviceVideo", "packageType": "3", "usingAmount": str(cameras),
             "remainingAmount": str(total - cameras), "totalAmount": str(total),
             "lastExpiredTime": str(now_ms + year_ms), "packageStatus": 0,
             "cloudStorage": {"usingAmountFor7Days": "0", "usingAmountFor30Days": "0",
                              "remainingAmount": "8"}},
        ]},
        "packageDetails": {"servicePackage": [
            {"serviceType": "serviceVideo", "packageType": "3",
             "activationTime": str(now_ms - year_ms // 2),
             "expiredTime": str(now_ms + year_ms), "cloudStorage": []},
        ]},
    }


@route("GET", "/api/hccgw/platform/v1/streamtoken/get")
def stream_token(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """appToken valid 7 days; expireTime in milliseconds as a string (the guide's example)."""
    token = "at." + secrets.token_hex(16) + "-" + secrets.token_hex(8)
    expires_ms = int((sim.now() + TOKEN_LIFETIME_SECONDS) * 1000)
    tokens = sim.store("system.streamTokens", dict)
    with sim.lock:
        tokens[token] = expires_ms
    return {"appKey": sim.store("system.streamAppKey", sim.world.new_id), "appToken": token,
            "streamAreaDomain": STREAM_AREA_DOMAIN, "expireTime": str(expires_ms)}


@route("POST", "/api/hccgw/platform/v1/users/get")
def users_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """User list; the guide states no page-size maximum, we apply the usual 1..500."""
    index, size = sim.paging(body)
    users = sim.world.users
    return {"totalCount": len(users), "pageIndex": index, "pageSize": size,
            "user": Sim.page(users, index, size)}
