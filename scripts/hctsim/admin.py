"""The simulator's built-in admin API under /__sim__/ (JSON in, JSON out; not logged, not
rate limited, no token). Each endpoint is a thin wrapper over a `Sim` method, which in-process
tests call directly.

| endpoint | body | effect |
|---|---|---|
| POST expire-tokens | {} | every token expires now (`sim.expire_tokens()`) |
| POST fail | {"count", "code", "status", "path", "message"} | fail the next N matching calls |
| POST latency | {"seconds", "path", "count"} | delay matching calls (seconds 0: remove) |
| POST close-connections | {"count", "path"} | drop the next N connections unanswered |
| POST faults/clear | {} | remove every injected fault |
| POST device/offline, device/online | {"serial"} | switch a device |
| POST field-device | {"serial", "verifyCode", "kind", ...} | a device devices/add can claim |
| POST advance | {"seconds"} | move the simulated clock forward |
| GET requests?path=GLOB | | the request log (`sim.requests()`) |
| POST requests/clear | {} | empty the request log |
| GET stats | | request count, rate-limit rejections, token fetches, faults, profile |
| GET behaviour | | the profile and its switches (hctsim.profiles) |
| POST behaviour | {"switch": value, ...} | change switches (`sim.set_behaviour(...)`) |
"""

from __future__ import annotations

from typing import Any

from hctsim.core import AdminError, Sim, admin_route


def _int(body: dict[str, Any], name: str, default: int | None) -> int | None:
    value = body.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise AdminError(f"{name} must be an integer")
    return value


@admin_route("POST", "expire-tokens")
def expire_tokens(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return {"ok": True, "expired": sim.expire_tokens()}


@admin_route("POST", "fail")
def fail(sim: Sim, body: dict[str, Any], request: Any) -> None:
    sim.fail_next(count=_int(body, "count", 1) or 1, code=body.get("code"),
                  status=_int(body, "status", None), path=body.get("path"),
                  message=body.get("message"))


@admin_route("POST", "latency")
def latency(sim: Sim, body: dict[str, Any], request: Any) -> None:
    seconds = body.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise AdminError("seconds must be a number >= 0")
    sim.add_latency(float(seconds), path=body.get("path"), count=_int(body, "count", None))


@admin_route("POST", "close-connections")
def close_connections(sim: Sim, body: dict[str, Any], request: Any) -> None:
    sim.close_next(count=_int(body, "count", 1) or 1, path=body.get("path"))


@admin_route("POST", "faults/clear")
def clear_faults(sim: Sim, body: dict[str, Any], request: Any) -> None:
    sim.clear_faults()


def _serial(body: dict[str, Any]) -> str:
    serial = body.get("serial")
    if not isinstance(serial, str) or not serial:
        raise AdminError("serial is required")
    return serial


@admin_route("POST", "device/offline")
def device_offline(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return sim.set_device_online(_serial(body), False)


@admin_route("POST", "device/online")
def device_online(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return sim.set_device_online(_serial(body), True)


@admin_route("POST", "advance")
def advance(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    seconds = body.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise AdminError("seconds must be a number")
    sim.advance(float(seconds))
    return {"ok": True, "now": sim.now()}


@admin_route("GET", "requests")
def requests_log(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return {"requests": sim.requests(request.args.get("path"))}


@admin_route("POST", "requests/clear")
def clear_requests(sim: Sim, body: dict[str, Any], request: Any) -> None:
    sim.clear_requests()


@admin_route("GET", "stats")
def stats(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return sim.stats()


@admin_route("POST", "field-device")
def field_device(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    with sim.lock:
        return dict(sim.world.add_field_device(
            serial=body.get("serial"), verify_code=body.get("verifyCode"),
            kind=body.get("kind", "ipc"), online=bool(body.get("online", True)),
            streamEncrypt=bool(body.get("streamEncrypt", False)),
            otherAccount=bool(body.get("otherAccount", False))))


@admin_route("GET", "behaviour")
def behaviour(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return {"profile": sim.profile, "behaviour": sim.behaviour.describe()}


@admin_route("POST", "behaviour")
def set_behaviour(sim: Sim, body: dict[str, Any], request: Any) -> dict[str, Any]:
    return {"profile": sim.profile, "behaviour": sim.set_behaviour(**body)}
