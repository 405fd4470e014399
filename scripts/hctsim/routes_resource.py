"""Guide 5.2 Resource: devices, areas, cameras, alarm inputs/outputs, doors, time zones.

(capturePic and cameras/thumbnail/get live in the Capture module's routes file.)
"""

from __future__ import annotations

from typing import Any

from hctsim.core import ApiError, Sim, route

RESOURCE = "/api/hccgw/resource/v1"


@route("POST", f"{RESOURCE}/devices/get")
def devices_get(sim: Sim, body: Any, request: Any) -> dict[str, Any]:
    """Devices (A.3.65) filtered by areaId, deviceCategory and filter.matchKey."""
    index, size = sim.paging(body)
    area_id = sim.optional(body, "areaId", str, "")
    category = sim.optional(body, "deviceCategory", str, "")
    match_key = sim.optional(body, "filter.matchKey", str, "").lower()
    job_number = sim.optional(body, "filter.jobNumber", str, "")
    if area_id and job_number:
        raise ApiError("OPEN000010", "areaId cannot be combined with filter.jobNumber.")
    categories = {part for part in category.split(",") if part} if job_number else (
        {category} if category else set())
    world = sim.world
    with sim.lock:
        if area_id and area_id not in world.area_by_id:
            rows: list[dict[str, Any]] = []
        else:
            rows = [device for device in world.devices
                    if (not area_id or device["areaId"] == area_id)
                    and (not categories or device["category"] in categories)
                    and (not match_key or match_key in device["name"].lower()
                         or match_key in device["serialNo"].lower()
                         or match_key in device["version"].lower())]
        page = [world.device_public(device) for device in Sim.page(rows, index, size)]
    return {"pageIndex": index, "pageSize": size, "totalCount": len(rows), "device": page}
