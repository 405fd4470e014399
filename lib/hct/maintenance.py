"""Maintenance (guide section 5.11): offline history and device health."""

from __future__ import annotations

import argparse
import re
import time
from datetime import datetime, timezone

from hct import cli, paging
from hct.errors import InvalidArgument
from hct.times import utc_text

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

OFFLINE_LIST = "/api/hccgw/maintain/v1/offline/info/list"
DEVICE_DETAIL = "/api/hccgw/maintenance/v1/list/device/detail"
MAX_PAGE_SIZE = 100  # both APIs: pageSize in [1, 100]
DEFAULT_HOURS = 24

ORDER_BY = {"device-id": 0, "offline-count": 1, "offline-duration": 2}
QUERY_TYPES = {"device": 0, "logical": 1}
EXCEPTIONS = {"all": 0, "offline": 1, "disk": 2, "recording": 3}
DEVICE_CATEGORIES = {"encodingDevice": 2001, "mobileDevice": 2021}  # A.3.41 deviceCategory
# A.3.73 DeviceOfflineInfo.resourceType
RESOURCE_TYPES = {2001: "encoding device", 2002: "access control device", 2005: "alarm device",
                  2008: "video intercom", 2010: "data communication device", 2020: "broadcast",
                  2021: "on-board device", 2031: "cloud storage box", 1001: "camera",
                  1002: "door", 1003: "zone"}


def epoch_ms(text: str) -> int:
    """A time as epoch milliseconds (the guide's UTC milliseconds). Accepts epoch
    milliseconds (13 digits) or seconds (10 digits), or ISO 8601 / "YYYY-MM-DD HH:MM[:SS]"
    with an optional offset; a time without an offset is UTC."""
    value = text.strip()
    if re.fullmatch(r"\d{9,10}", value):
        return int(value) * 1000
    if re.fullmatch(r"\d{12,13}", value):
        return int(value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time: use ISO 8601 (2025-02-17T08:00:00Z), "
            "'YYYY-MM-DD HH:MM:SS' (UTC) or epoch milliseconds") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)



def time_range(args: argparse.Namespace) -> tuple[int, int]:
    """(startTime, endTime) in ms: --start/--end, or the last --hours (default 24) to now."""
    if args.hours is not None and args.start is not None:
        raise InvalidArgument("--hours and --start exclude each other.")
    end = args.end if args.end is not None else int(time.time() * 1000)
    start = args.start if args.start is not None else (
        end - int((args.hours or DEFAULT_HOURS) * 3600 * 1000))
    cli.check_order(start, end)
    return start, end


def offline_devices(client: Any, args: argparse.Namespace) -> cli.Result:
    start, end = time_range(args)
    body: dict[str, Any] = {"startTime": start, "endTime": end,
                            "queryType": QUERY_TYPES[args.kind],
                            "orderBy": ORDER_BY[args.order_by]}
    if args.area_id:
        body["areaId"] = args.area_id
    spec = paging.PageSpec(OFFLINE_LIST, "rows", index_field="page", total_field="total")
    pages = paging.fetch(client, spec, body, args)
    pages.items = [{**row, "resourceTypeName": RESOURCE_TYPES.get(row.get("resourceType"))}
                   if isinstance(row, dict) and row.get("resourceType") in RESOURCE_TYPES
                   else row for row in pages.items]
    data = {"startTime": start, "endTime": end, "startTimeUtc": utc_text(start),
            "endTimeUtc": utc_text(end), **pages.data("rows")}
    noun = "devices" if args.kind == "device" else "resources"
    return cli.Result(f"{len(pages.items)} of {pages.total} {noun} went offline between "
                      f"{utc_text(start)} and {utc_text(end)}.", data, rows=pages.items)


def maintenance_status(client: Any, args: argparse.Namespace) -> cli.Result:
    if args.include_sub_areas and not args.area_id:
        raise InvalidArgument("--include-sub-areas needs --area-id.")
    names = cli.split_repeated(args.exception)
    unknown = [name for name in names if name not in EXCEPTIONS]
    if unknown:
        raise InvalidArgument(f"--exception: unknown {unknown[0]!r}; one of "
                              f"{', '.join(EXCEPTIONS)}.")
    exceptions = sorted({EXCEPTIONS[name] for name in names})
    body: dict[str, Any] = {"deviceCategory": DEVICE_CATEGORIES[args.device_category]}
    if exceptions:
        body["exceptions"] = exceptions
    if args.search:
        body["filterName"] = args.search
    spec = paging.PageSpec(DEVICE_DETAIL, "devices", index_field="page", total_field="totalNum")
    if args.area_id:
        areas = [{"id": args.area_id, "includeSubArea": "1" if args.include_sub_areas else "0"}]
        scope = f"area {args.area_id}" + (" and its sub-areas" if args.include_sub_areas else "")
    else:
        # The guide: an absent areaId is -1, "no device included". The whole site is the
        # root area with its sub-areas.
        areas = [{"id": root["id"], "name": root.get("name"), "includeSubArea": "1"}
                 for root in root_areas(client)]
        names = " and ".join(repr(area["name"] or area["id"]) for area in areas)
        scope = f"{names} with sub-areas" if areas else "no area on the account"
    parts = [paging.fetch(client, spec, {**body, "areaId": area["id"],
                                         "includeSubArea": area["includeSubArea"]}, args)
             for area in areas]
    pages = paging.merge(parts, _serial_of)
    rows = [_status_row(device) for device in pages.items if isinstance(device, dict)]
    return cli.Result(f"{len(pages.items)} of {pages.total} devices ({scope}).",
                      {**pages.data("devices"), "areas": areas}, rows=rows)


def root_areas(client: Any) -> list[dict[str, Any]]:
    """The top of the area tree (areas whose parent is no area, "-1" in the guide): the
    site's root area, or several when the account has several trees."""
    from hct.resource import AREAS_GET

    pages = paging.fetch(client, paging.PageSpec(AREAS_GET, "area"), {},
                         paging.every_page(paging.MAX_PAGE_SIZE))
    areas = [area for area in pages.items if isinstance(area, dict) and area.get("id")]
    known = {str(area["id"]) for area in areas}
    return [area for area in areas if str(area.get("parentAreaID") or "-1") not in known]


def _serial_of(device: Any) -> Any:
    base = device.get("baseStatus") if isinstance(device, dict) else None
    return (base or {}).get("deviceSerial") or repr(device)


def _status_row(device: dict[str, Any]) -> dict[str, Any]:
    base = device.get("baseStatus") or {}
    return {"deviceSerial": base.get("deviceSerial"), "deviceName": base.get("deviceName"),
            "status": base.get("status"),
            "disk": (device.get("diskStatus") or {}).get("status"),
            "recording": (device.get("deviceRecordStatus") or {}).get("overallRecordStatus"),
            "area": (device.get("area") or {}).get("name")}
