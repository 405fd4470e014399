"""Maintenance (guide section 5.11): offline history and device health."""

from __future__ import annotations

import argparse
from datetime import timedelta

from hct import cli, names, paging, times
from hct.errors import InvalidArgument
from hct.resource import chosen_area

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from datetime import datetime
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
# The brief records (issue 9): what an agent needs to decide and act.
OFFLINE_BRIEF = ("id", "name", "deviceSerial", "areaName", "resourceTypeName", "offlineCount",
                 "offlineDuration")
OFFLINE_PAGES = paging.PageSpec(OFFLINE_LIST, "rows", index_field="page", total_field="total")
STATUS_BRIEF = ("baseStatus.deviceName", "baseStatus.deviceSerial", "baseStatus.status",
                "diskStatus.status", "deviceRecordStatus.overallRecordStatus",
                "deviceRecordStatus.channelName", "area.name")
STATUS_PAGES = paging.PageSpec(
    DEVICE_DETAIL, "devices", index_field="page", total_field="totalNum",
    name_of=lambda device: (device.get("baseStatus") or {}).get("deviceName"))


def time_range(args: argparse.Namespace) -> tuple[datetime, datetime]:
    """The window: --start/--end (cli.moment/moment_end), or the last --hours (default 24)
    before --end (default now)."""
    if args.hours is not None and args.start is not None:
        raise InvalidArgument("--hours and --start exclude each other.")
    end = args.end if args.end is not None else times.local_now()
    start = args.start if args.start is not None else (
        end - timedelta(hours=args.hours or DEFAULT_HOURS))
    cli.check_order(start, end)
    return start, end


def epoch_ms(moment: datetime) -> int:
    """The guide's "UTC in milliseconds" of offline/info/list."""
    return int(moment.timestamp() * 1000)


def offline_devices(client: Any, args: argparse.Namespace) -> cli.Result:
    start, end = time_range(args)
    body: dict[str, Any] = {"startTime": epoch_ms(start), "endTime": epoch_ms(end),
                            "queryType": QUERY_TYPES[args.kind],
                            "orderBy": ORDER_BY[args.order_by]}
    if chosen_area(client, args):
        body["areaId"] = args.area_id  # absent: the root node (the guide)
    pages = paging.fetch(client, OFFLINE_PAGES, body, args)
    pages.items = [{**row, "resourceTypeName": RESOURCE_TYPES.get(row.get("resourceType"))}
                   if isinstance(row, dict) and row.get("resourceType") in RESOURCE_TYPES
                   else row for row in pages.items]
    window = times.window(start, end)
    noun = "devices" if args.kind == "device" else "resources"
    result = paging.answer(pages, "rows", args, noun)
    result.message = (result.message.rstrip(".") + f" went offline between {window['start']} "
                      f"and {window['end']}.")
    result.data = {"window": window, "startTime": body["startTime"],
                   "endTime": body["endTime"], **result.data}
    return result


def maintenance_status(client: Any, args: argparse.Namespace) -> cli.Result:
    """list/device/detail of the area asked (--area-id / --area NAME) or of the whole site.
    --name sends its longest word as filterName (unless --search gives it), then keeps the
    devices whose name holds every word."""
    if args.include_sub_areas and not (args.area_id or args.area):
        raise InvalidArgument("--include-sub-areas needs --area-id or --area.")
    kinds = cli.split_repeated(args.exception)
    unknown = [kind for kind in kinds if kind not in EXCEPTIONS]
    if unknown:
        raise InvalidArgument(f"--exception: unknown {unknown[0]!r}; one of "
                              f"{', '.join(EXCEPTIONS)}.")
    exceptions = sorted({EXCEPTIONS[kind] for kind in kinds})
    body: dict[str, Any] = {"deviceCategory": DEVICE_CATEGORIES[args.device_category]}
    if exceptions:
        body["exceptions"] = exceptions
    search = args.search or (args.name_filter and names.search_word(args.name_filter))
    if search:
        body["filterName"] = search
    chosen_area(client, args)
    if args.area_id:
        areas = [{"id": args.area_id, "includeSubArea": "1" if args.include_sub_areas else "0"}]
        scope = f"area {args.area_id}" + (" and its sub-areas" if args.include_sub_areas else "")
    else:
        # The guide: an absent areaId is -1, "no device included". The whole site is the
        # root area with its sub-areas.
        areas = [{"id": root["id"], "name": root.get("name"), "includeSubArea": "1"}
                 for root in root_areas(client)]
        roots = " and ".join(repr(area["name"] or area["id"]) for area in areas)
        scope = f"{roots} with sub-areas" if areas else "no area on the account"
    parts = [paging.fetch(client, STATUS_PAGES, {**body, "areaId": area["id"],
                                                 "includeSubArea": area["includeSubArea"]},
                          args)
             for area in areas]
    result = paging.answer(paging.merge(parts, _serial_of), "devices", args, "devices")
    result.message = result.message.rstrip(".") + f" ({scope})."
    result.data["areas"] = areas
    return result


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
