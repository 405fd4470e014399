"""The simulator's demo world: areas, devices and their channels, deterministic from a seed.

Read this before writing a route module: everything here is plain dicts and lists, owned by
`sim.world`; take `sim.lock` when you change it.

Areas (`world.areas`: list, `world.area_by_id`): one site root ("Head Office", parentAreaID
"-1", the guide's root marker) with sub-areas. Internal keys: `id`, `name`, `parentAreaID`,
`type` (1 normal). `world.brief_area(area)` is the guide's BriefArea (A.3.44).

Devices (`world.devices`: list in insertion order, `world.device_by_id`,
`world.device_by_serial(serial)`): each is a dict with the guide's Device fields (A.3.65:
`id`, `name`, `category`, `type`, `serialNo`, `version`, `timeZone`, `onlineStatus`,
`addTime`) plus internal keys that `world.device_public(device)` strips:
- `areaId`: the area the device (and, for demo devices, all its channels) belongs to;
- `streamEncrypt` (bool) and `verifyCode` (6 uppercase letters, e.g. "QKXWTB"): the device's
  stream-encryption state and its verification code (the key its pictures and streams are
  encrypted with when `streamEncrypt` is on). `streamSecretKey` is what the platform knows of
  it: "" for demo devices, the value given to devices/add otherwise;
- `cameras`, `alarmInputs`, `alarmOutputs`, `doors`: channel dicts (see below);
- `offlineHistory`: the device's outages, oldest first, as [start, end] epoch seconds (end
  None while it is offline); `world.offline_within(device, start_ms, end_ms, now)` gives the
  outages and milliseconds inside a period (maintain/v1/offline/info/list). Demo devices get
  a history ending when the world was made (`world.created`): an offline device went offline
  within the last 24 hours after 0-4 earlier outages 1-48 hours apart; about 1 online device
  in 6 recovered from an outage within the last 20 hours after 0-2 earlier ones. Devices added
  later start with none; `world.set_online` adds to it. Kept in step with the history:
  `offlineCount` (outages), `offlineDuration` (ms of ended outages), `offlineSince` (start of
  the current outage or None).
Kinds (`device["kind"]`, table KINDS): NVRs ("nvr", `encodingDevice`, 4-8 camera channels,
4 alarm inputs, 2 outputs), IP cameras ("ipc", `encodingDevice`, 1 channel, 1 input,
1 output) and access controllers ("acs", `accessControllerDevice`, 1-4 doors, 2 alarm
inputs), drawn at random: about 1 in 8 is offline and about 1 in 4 encoding devices has
stream encryption on. Worlds of at least FLEET_MIN_DEVICES (20; `hct_sim.py`'s default, the
library's default is 12) devices end with a fixed fleet of 8 devices of the other
categories, made after everything else so that the devices before it are the same as in a
world of that seed without it: "Mobile DVR 01-04"
("mobile", `mobileDevice`, in Parking, serials "M" + 8 digits; 04 is offline; the vehicle
module links its demo vehicles to them), "Alarm Panel 01-02" ("alarm", `alarmDevice`, in
Warehouse) and "Door Station 01-02" ("intercom", `videoIntercomDevice`, in Lobby). Their
channels are not modelled (an on-board device's resource is its vehicle); one more
on-board device waits in the field for devices/add. `--devices N`
counts the fleet: N >= 20 gives N - 8 random devices and the fleet, smaller N no fleet
(and the vehicle module then makes on-board devices of its own).
Serial numbers look like the guide's ("J88106219": one letter, eight digits); ids are 32
lowercase hex digits.

Channels: dicts with `id` (the resource id: a camera's cameraId/resourceId, a door's doorId),
`channelId` (the device channel id of devicedetail/get and areas/resources/add), `no`
(String, 1-based), `name`, `kind` ("camera", "alarmInput", "alarmOutput", "door"),
`deviceId`, `areaId` ("" when in no area), `enabled` (bool: the channel's own online state)
and per kind: cameras `abilitySet`; alarm inputs `status` (1 activated, 2 not activated);
alarm outputs `status` (0 off, 1 on). `world.channel_by_id` indexes resource ids and channel
ids; `world.channels(kind)` lists every channel of a kind. `world.resource_info(channel)` is
the guide's CameraInfo / AlarmInfo / door object (`id`, `name`, [`abilitySet`], `online`,
`area{id,name}`, `device{devInfo{id,category,serialNo,streamSecretKey},channelInfo{id,no}}`).

Devices in the field (`world.field_devices`: serial -> {"kind", "verifyCode", "online",
"streamEncrypt", "otherAccount"}): devices not yet added to the account, which devices/add
accepts with their verification code (EVZ20010 otherwise; EVZ20013 when `otherAccount`;
EVZ20002 for serials not in the field). Five are built from the seed;
`world.add_field_device(...)` (admin: POST /__sim__/field-device) adds more.

Time zones: `world.time_zones` (TimeZoneInfo list), `SYSTEM_TIME_ZONE_ID`.
Users: `world.users` ({"id", "name"}).
"""

from __future__ import annotations

import random
import time
from typing import Any

ROOT_PARENT_ID = "-1"
SYSTEM_TIME_ZONE_ID = "30"
DEFAULT_DEVICES = 12  # tests' default world: encoding and access devices only
FLEET_MIN_DEVICES = 20  # worlds of this many devices or more end with the FLEET
Outage = list[Any]  # [start, end]: epoch seconds; end None while the device is still offline
EPOCH_2024 = 1704067200  # 2024-01-01T00:00:00Z: demo devices were added from then on

NVR_MODELS = (("iDS-9664NXI-I8/X", "V4.60.110 build 220303"),
              ("DS-9664NI-I8", "V4.40.220 build 210125"),
              ("DS-7608NXI-K2", "V4.61.005 build 230215"))
IPC_MODELS = (("DS-2CD2143G2-I", "V5.7.3 build 220112"),
              ("DS-2CD2387G2-LU", "V5.7.11 build 230206"))
ACS_MODELS = (("DS-K1T671M", "V3.2.30 build 220328"), ("DS-K2604T", "V2.1.0 build 210607"))
MOBILE_MODELS = (("AE-MD5043-SD", "V1.3.2 build 211018"), ("DS-MP5604", "V2.3.1 build 220510"))
ALARM_MODELS = (("DS-PWA96-M-WE", "V1.2.9 build 230217"),)
INTERCOM_MODELS = (("DS-KV6113-WPE1", "V2.2.53 build 220408"),
                   ("DS-KD8003-IME1", "V2.2.45 build 211123"))
# kind -> (name label, category (A.1.3), models)
KINDS = {
    "nvr": ("NVR", "encodingDevice", NVR_MODELS),
    "ipc": ("IPC", "encodingDevice", IPC_MODELS),
    "acs": ("Door Controller", "accessControllerDevice", ACS_MODELS),
    "mobile": ("Mobile DVR", "mobileDevice", MOBILE_MODELS),
    "alarm": ("Alarm Panel", "alarmDevice", ALARM_MODELS),
    "intercom": ("Door Station", "videoIntercomDevice", INTERCOM_MODELS),
}
# The fleet of other categories (kind, how many, sub-area), last in worlds of at least
# FLEET_MIN_DEVICES devices; the last on-board device is offline.
FLEET = (("mobile", 4, "Parking"), ("alarm", 2, "Warehouse"), ("intercom", 2, "Lobby"))
FLEET_SIZE = sum(count for _, count, _ in FLEET)
CAMERA_ABILITIES = ("1,21,22,2002,2021,2022",
                    "1,21,22,2002,2015,2016,2021,2022,2023,2024,2027,2029,2030")
SUB_AREAS = ("Lobby", "Parking", "Warehouse", "Server Room", "Perimeter")

# (id, standardName, displayName, bias in minutes as the guide gives it: UTC = local + bias)
_TIME_ZONES = (
    ("1", "Afghanistan Standard Time", "(UTC+04:30) Kabul", -270, False),
    ("12", "Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)", 300, True),
    ("19", "Central Asia Standard Time", "(UTC+06:00) Astana", -360, False),
    ("26", "China Standard Time", "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", -480,
     False),
    ("30", "GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", 0, True),
    ("31", "W. Europe Standard Time",
     "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", -60, True),
    ("40", "Tokyo Standard Time", "(UTC+09:00) Osaka, Sapporo, Tokyo", -540, False),
    ("45", "Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)", 480, True),
)


class World:
    """The demo data of one simulator (see the module docstring)."""

    def __init__(self, devices: int | None = None, seed: int = 0,
                 now: float | None = None) -> None:
        """`now`: the epoch second the world is made at; the demo offline history ends then."""
        self.rng = random.Random(f"hct-sim-world-{seed}")
        self.seed = seed
        self.created = time.time() if now is None else now
        self.areas: list[dict[str, Any]] = []
        self.area_by_id: dict[str, dict[str, Any]] = {}
        self.devices: list[dict[str, Any]] = []
        self.device_by_id: dict[str, dict[str, Any]] = {}
        self._by_serial: dict[str, dict[str, Any]] = {}
        self.channel_by_id: dict[str, dict[str, Any]] = {}
        self._serials: set[str] = set()
        self.time_zones = [_time_zone(*row) for row in _TIME_ZONES]
        self.root = self.add_area("Head Office", ROOT_PARENT_ID)
        for name in SUB_AREAS:
            self.add_area(name, self.root["id"])
        self.users = [{"id": self.new_id(), "name": name}
                      for name in ("admin", "operator", "security", "installer", "viewer")]
        count = DEFAULT_DEVICES if devices is None else max(0, int(devices))
        fleet = count >= FLEET_MIN_DEVICES
        for index in range(count - FLEET_SIZE if fleet else count):
            self._build_demo_device(index)
        self.field_devices: dict[str, dict[str, Any]] = {}
        for kind in ("nvr", "ipc", "ipc", "acs"):
            self.add_field_device(kind=kind, streamEncrypt=kind == "ipc")
        self.add_field_device(kind="ipc", otherAccount=True)
        if fleet:  # made last, so the devices above stay those of the seed without a fleet
            self._build_fleet()

    # --- ids -------------------------------------------------------------------------------
    def new_id(self) -> str:
        """A fresh 32-hex-digit id (deterministic for a seed)."""
        return f"{self.rng.getrandbits(128):032x}"

    def new_serial(self, letter: str | None = None) -> str:
        while True:
            serial = f"{letter or self.rng.choice('DEFGJKLQ')}{self.rng.randrange(10**8):08d}"
            if serial not in self._serials:
                self._serials.add(serial)
                return serial

    def new_verify_code(self) -> str:
        return "".join(self.rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=6))

    def add_field_device(self, serial: str | None = None, verify_code: str | None = None,
                         kind: str = "ipc", **flags: Any) -> dict[str, Any]:
        """A device in the field that devices/add can claim (see the module docstring)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        serial = serial or self.new_serial()
        self._serials.add(serial)
        entry = {"serial": serial, "kind": kind, "verifyCode": verify_code or
                 self.new_verify_code(), "online": flags.get("online", True),
                 "streamEncrypt": bool(flags.get("streamEncrypt", False)),
                 "otherAccount": bool(flags.get("otherAccount", False))}
        self.field_devices[serial] = entry
        return entry

    # --- areas -----------------------------------------------------------------------------
    def add_area(self, name: str, parent_id: str) -> dict[str, Any]:
        area = {"id": self.new_id(), "name": name, "parentAreaID": parent_id, "type": 1}
        self.areas.append(area)
        self.area_by_id[area["id"]] = area
        return area

    def children(self, area_id: str) -> list[dict[str, Any]]:
        return [area for area in self.areas if area["parentAreaID"] == area_id]

    def subtree_ids(self, area_id: str) -> set[str]:
        """The area and all its descendants."""
        found = {area_id}
        pending = [area_id]
        while pending:
            current = pending.pop()
            for child in self.children(current):
                if child["id"] not in found:
                    found.add(child["id"])
                    pending.append(child["id"])
        return found

    def area_path(self, area: dict[str, Any]) -> str:
        names = [area["name"]]
        parent = self.area_by_id.get(area["parentAreaID"])
        while parent is not None and len(names) < 64:
            names.append(parent["name"])
            parent = self.area_by_id.get(parent["parentAreaID"])
        return "->".join(reversed(names))

    def brief_area(self, area: dict[str, Any]) -> dict[str, Any]:
        """BriefArea (A.3.44)."""
        return {"id": area["id"], "name": area["name"], "parentAreaID": area["parentAreaID"],
                "existSubArea": 1 if self.children(area["id"]) else 0,
                "areaPath": self.area_path(area), "type": area["type"]}

    def area_ref(self, area_id: str) -> dict[str, str]:
        """The guide's Area object {id, name}; empty strings for no area."""
        area = self.area_by_id.get(area_id)
        return {"id": area["id"], "name": area["name"]} if area else {"id": "", "name": ""}

    # --- devices ---------------------------------------------------------------------------
    def _build_demo_device(self, index: int) -> dict[str, Any]:
        rng = self.rng
        roll = rng.random()
        kind = "nvr" if roll < 0.45 else "ipc" if roll < 0.8 else "acs"
        sub_areas = self.areas[1:] or self.areas
        area = sub_areas[index % len(sub_areas)]
        added = EPOCH_2024 + index * 3600
        device = self.add_device(kind, name=None, area_id=area["id"], added=added,
                                 online=rng.random() >= 0.125,
                                 encrypted=kind != "acs" and rng.random() < 0.25)
        return device

    def _build_fleet(self) -> None:
        """The on-board, alarm and video intercom devices of FLEET (channels not modelled)."""
        for kind, count, area_name in FLEET:
            area = next((item for item in self.areas if item["name"] == area_name), self.root)
            for number in range(1, count + 1):
                offline = kind == "mobile" and number == count
                # On-board serials start with "M" like the vehicle module's own (routes_vehicle).
                serial = self.new_serial("M") if kind == "mobile" else None
                self.add_device(kind, name=f"{KINDS[kind][0]} {number:02d}",
                                area_id=area["id"], added=EPOCH_2024 + len(self.devices) * 3600,
                                online=not offline, serial=serial)
        self.add_field_device(self.new_serial("M"), kind="mobile")  # for devices/add

    def add_device(self, kind: str, *, name: str | None, area_id: str, added: float,
                   online: bool = True, encrypted: bool = False, serial: str | None = None,
                   verify_code: str | None = None, stream_secret_key: str = "",
                   time_zone: str = SYSTEM_TIME_ZONE_ID) -> dict[str, Any]:
        """Create a device of `kind` (a key of KINDS) with its channels in `area_id`."""
        rng = self.rng
        label, category, models = KINDS[kind]
        model, version = models[rng.randrange(len(models))]
        if serial is None:
            serial = self.new_serial()
        else:
            self._serials.add(serial)
        number = len(self.devices) + 1
        device: dict[str, Any] = {
            "id": self.new_id(), "name": name or f"{label} {number:03d}", "category": category,
            "type": model, "serialNo": serial, "version": version, "timeZone": time_zone,
            "onlineStatus": 1 if online else 0,
            "addTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(added)),
            "areaId": area_id, "streamEncrypt": encrypted,
            "verifyCode": verify_code or self.new_verify_code(),
            "streamSecretKey": stream_secret_key, "kind": kind,
            "cameras": [], "alarmInputs": [], "alarmOutputs": [], "doors": [],
        }
        # Drawn from the world's stream as before the history existed, so that a seed keeps
        # giving the same devices: outages so far and how long the current one has lasted.
        outages = 0 if online else 1 + rng.randrange(5)
        ongoing_ms = 0 if online else rng.randrange(60_000, 86_400_000)
        self._seed_history(device, added, outages, ongoing_ms)
        cameras = {"nvr": 4 + rng.randrange(5), "ipc": 1}.get(kind, 0)
        inputs, outputs = {"nvr": (4, 2), "ipc": (1, 1), "acs": (2, 0)}.get(kind, (0, 0))
        doors = 1 + rng.randrange(4) if kind == "acs" else 0
        for no in range(1, cameras + 1):
            self._add_channel(device, "camera", no,
                              f"Camera {no:02d}" if kind == "nvr" else f"{device['name']} Cam",
                              abilitySet=CAMERA_ABILITIES[rng.randrange(2)])
            if kind == "nvr" and rng.random() < 0.1:
                device["cameras"][-1]["enabled"] = False
        for no in range(1, inputs + 1):
            self._add_channel(device, "alarmInput", no, f"Alarm Input {no}",
                              status=1 if rng.random() < 0.2 else 2)
        for no in range(1, outputs + 1):
            self._add_channel(device, "alarmOutput", no, f"A {no}", status=0)
        for no in range(1, doors + 1):
            self._add_channel(device, "door", no, f"Door {no:02d}")
        self.devices.append(device)
        self.device_by_id[device["id"]] = device
        self._by_serial[serial] = device
        return device

    def _add_channel(self, device: dict[str, Any], kind: str, no: int, name: str,
                     **extra: Any) -> dict[str, Any]:
        channel = {"id": self.new_id(), "channelId": self.new_id(), "no": str(no),
                   "name": name, "kind": kind, "deviceId": device["id"],
                   "areaId": device["areaId"], "enabled": True, **extra}
        key = {"camera": "cameras", "alarmInput": "alarmInputs", "alarmOutput": "alarmOutputs",
               "door": "doors"}[kind]
        device[key].append(channel)
        self.channel_by_id[channel["id"]] = channel
        self.channel_by_id[channel["channelId"]] = channel
        return channel

    def _seed_history(self, device: dict[str, Any], added: float, outages: int,
                      ongoing_ms: int) -> None:
        """The device's offline history (see the module docstring). A device added after the
        world was made has none, or one outage from `added` when it comes offline."""
        history: list[Outage] = []
        if added >= self.created:
            if outages:
                history.append([added, None])
        else:
            history = _demo_history(random.Random(f"hct-sim-offline-{self.seed}-{device['id']}"),
                                    self.created, outages, ongoing_ms)
        device["offlineHistory"] = history
        _sync_offline_counters(device)

    def remove_device(self, device: dict[str, Any]) -> None:
        self.devices.remove(device)
        self.device_by_id.pop(device["id"], None)
        self._by_serial.pop(device["serialNo"], None)
        self._serials.discard(device["serialNo"])
        for channel in self.device_channels(device):
            self.channel_by_id.pop(channel["id"], None)
            self.channel_by_id.pop(channel["channelId"], None)

    def device_by_serial(self, serial: str) -> dict[str, Any] | None:
        return self._by_serial.get(serial)

    @staticmethod
    def device_channels(device: dict[str, Any]) -> list[dict[str, Any]]:
        return (device["cameras"] + device["alarmInputs"] + device["alarmOutputs"]
                + device["doors"])

    def channels(self, kind: str) -> list[dict[str, Any]]:
        key = {"camera": "cameras", "alarmInput": "alarmInputs", "alarmOutput": "alarmOutputs",
               "door": "doors"}[kind]
        return [channel for device in self.devices for channel in device[key]]

    def set_online(self, device: dict[str, Any], online: bool, now: float | None = None) -> None:
        """Switch a device on or offline, recording the outage in its offline history."""
        now = time.time() if now is None else now
        history = device["offlineHistory"]
        if online and history and history[-1][1] is None:
            history[-1][1] = max(now, history[-1][0])  # never before it began
        elif not online and device["onlineStatus"]:
            history.append([now, None])
        device["onlineStatus"] = 1 if online else 0
        _sync_offline_counters(device)

    @staticmethod
    def offline_within(device: dict[str, Any], start_ms: int, end_ms: int,
                       now: float) -> tuple[int, int]:
        """(outages, milliseconds offline) of the device within [start_ms, end_ms] (epoch
        milliseconds, as the maintenance APIs take them): the outages overlapping the period,
        their time clipped to it and to `now`. Outages are compared at whole milliseconds so
        that one starting in the millisecond a period ends is inside it."""
        now_ms = int(now * 1000)
        end_ms = min(end_ms, now_ms)
        count, total = 0, 0
        for began, ended in device["offlineHistory"]:
            began_ms = int(began * 1000)
            stop_ms = now_ms if ended is None else int(ended * 1000)
            if began_ms <= end_ms and stop_ms >= start_ms:
                count += 1
                total += max(0, min(stop_ms, end_ms) - max(began_ms, start_ms))
        return count, total

    def channel_online(self, channel: dict[str, Any]) -> bool:
        device = self.device_by_id.get(channel["deviceId"])
        return bool(device and device["onlineStatus"] and channel["enabled"])

    # --- the guide's objects ---------------------------------------------------------------
    @staticmethod
    def device_public(device: dict[str, Any]) -> dict[str, Any]:
        """Device (A.3.65), as devices/get lists it."""
        return {key: device[key] for key in ("id", "name", "category", "type", "serialNo",
                                             "version", "timeZone", "onlineStatus", "addTime")}

    def resource_info(self, channel: dict[str, Any]) -> dict[str, Any]:
        """CameraInfo (A.3.48) / AlarmInfo (A.3.15) / door object, as the guide's examples.

        devInfo.category is "0" as in every example of the guide (the table only says
        "Device main type")."""
        device = self.device_by_id[channel["deviceId"]]
        info: dict[str, Any] = {"id": channel["id"], "name": channel["name"]}
        if channel["kind"] == "camera":
            info["abilitySet"] = channel["abilitySet"]
        elif channel["kind"] != "door":
            info["abilitySet"] = ""
        info["online"] = "1" if self.channel_online(channel) else "0"
        info["area"] = self.area_ref(channel["areaId"])
        info["device"] = {
            "devInfo": {"id": device["id"], "category": "0", "serialNo": device["serialNo"],
                        "streamSecretKey": device["streamSecretKey"]},
            "channelInfo": {"id": channel["channelId"], "no": channel["no"]}}
        return info

    def channel_brief(self, channel: dict[str, Any]) -> dict[str, Any]:
        """CameraChannel / AlarmInputChannel / DoorChannel of devicedetail/get."""
        return {"id": channel["channelId"], "name": channel["name"], "no": channel["no"],
                "online": "1" if self.channel_online(channel) else "0",
                "area": self.area_ref(channel["areaId"])}


def _demo_history(rng: random.Random, now: float, outages: int,
                  ongoing_ms: int) -> list[Outage]:
    """Outages of a demo device, oldest first. An offline device (`outages` > 0) went offline
    `ongoing_ms` before `now` (at most a day) after `outages` - 1 earlier outages, 1-48 hours
    apart and 1-120 minutes long. About 1 online device in 6 has recovered: its last outage
    ended within the last 20 hours, after 0-2 earlier ones. So every device with an outage
    has one in the last 24 hours, and older periods list fewer devices."""
    history: list[Outage]
    if outages:
        history = [[now - ongoing_ms / 1000, None]]
        earlier = outages - 1
    elif rng.random() < 1 / 6:
        ended = now - rng.uniform(600, 20 * 3600)
        history = [[ended - rng.uniform(60, 7200), ended]]
        earlier = rng.randrange(3)
    else:
        return []
    cursor = history[0][0]
    for _ in range(earlier):
        ended = cursor - rng.uniform(3600, 48 * 3600)
        cursor = ended - rng.uniform(60, 7200)
        history.append([cursor, ended])
    history.reverse()
    return history


def _sync_offline_counters(device: dict[str, Any]) -> None:
    """The totals kept next to the history: outages, closed-outage milliseconds and the start
    of the current outage."""
    history = device["offlineHistory"]
    device["offlineCount"] = len(history)
    device["offlineDuration"] = int(sum((ended - began) * 1000 for began, ended in history
                                        if ended is not None))
    current = history[-1] if history and history[-1][1] is None else None
    device["offlineSince"] = current[0] if current else None


def _time_zone(zone_id: str, standard: str, display: str, bias: int,
               dst: bool) -> dict[str, Any]:
    """TimeZoneInfo (A.3.162) with TimeZoneDst (A.3.163)."""
    return {"id": zone_id, "standardName": standard, "displayName": display, "bias": bias,
            "dst": {"daylightBias": "-60",
                    "daylightDate": "3:5:0:1:0" if dst else "0:0:0:0:0",
                    "standardDate": "10:5:0:2:0" if dst else "0:0:0:0:0",
                    "enable": 1 if dst else 0}}
