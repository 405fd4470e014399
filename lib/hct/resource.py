"""Resource management (guide section 5.2): devices, areas, cameras, doors, alarm I/O."""

from __future__ import annotations

import argparse
from typing import Any

from hct import cli, paging

DEVICES_GET = "/api/hccgw/resource/v1/devices/get"
# Appendix A.1.3 Device Category.
DEVICE_CATEGORIES = ("encodingDevice", "accessControllerDevice", "alarmDevice", "mobileDevice",
                     "videoIntercomDevice")


def list_devices(client: Any, args: argparse.Namespace, *, area_id: str | None = None,
                 category: str | None = None, search: str | None = None) -> cli.Result:
    """devices/get with the guide's optional areaId, deviceCategory and filter.matchKey."""
    body: dict[str, Any] = {}
    if area_id:
        body["areaId"] = area_id
    if category:
        body["deviceCategory"] = category
    if search:
        body["filter"] = {"matchKey": search}
    pages = paging.fetch(client, paging.PageSpec(DEVICES_GET, "device"), body, args)
    return cli.Result(f"{len(pages.items)} of {pages.total} devices.", pages.data("device"),
                      rows=pages.items)
