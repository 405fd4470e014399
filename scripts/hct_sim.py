#!/usr/bin/env python3
"""Run the HCT OpenAPI simulator (a local stand-in for the Hik-Connect for Teams cloud).

Prints its base URL and demo credentials (as `export` lines) and serves until SIGTERM/SIGINT.
The admin API for tests lives under /__sim__/ (see scripts/hctsim/admin.py).

Examples:
  hct_sim.py --port 8765
  hct_sim.py --devices 10000 --seed 7
  hct_sim.py --profile field        # the live platform's ways where they differ from the guide
  eval "$(hct_sim.py --port 8765 | grep ^export)"   # in another shell, while it runs
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # finds the hctsim package

from hctsim.profiles import DEFAULT_PROFILE, PROFILES

DEMO_DEVICES = 20  # hctsim.world.FLEET_MIN_DEVICES: the demo shows every device category


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="listen address (loopback only "
                        "unless --allow-remote)")
    parser.add_argument("--port", type=int, default=0, help="listen port (0: pick a free one)")
    parser.add_argument("--devices", type=int, default=DEMO_DEVICES,
                        help=f"number of demo devices (default {DEMO_DEVICES}: 12 encoding and "
                        "access devices, then 4 on-board, 2 alarm and 2 video intercom "
                        "devices; fewer than 20: encoding and access devices only)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the demo world")
    parser.add_argument("--no-rate-limit", action="store_true",
                        help="disable the 5 requests/second limit")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a non-loopback --host")
    parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                        help="guide (default): behave as the developer guide says; field: as "
                        "the live platform was seen to (string paging, tokens revoked early, "
                        "50-page record lists, long record windows, regional keys...; see "
                        "scripts/hctsim/profiles.py)")
    parser.add_argument("--region", help="this host's region (us, eu, sgp, sa, ru)")
    parser.add_argument("--account-region", help="the region of the demo account's keys: "
                        "with --profile field, a host of another --region answers OPEN000001")
    args = parser.parse_args(argv)
    if not _is_loopback(args.host) and not args.allow_remote:
        parser.error(f"{args.host} is not a loopback address; add --allow-remote to listen there")
    if args.devices is not None and args.devices < 0:
        parser.error("--devices must be >= 0")

    from hctsim.core import Sim, make_server

    sim = Sim(devices=args.devices, seed=args.seed, rate_limit=not args.no_rate_limit,
              profile=args.profile, region=args.region, account_region=args.account_region)
    server = make_server(sim, args.host, args.port)
    print(f"HCT simulator listening on {sim.base_url} (profile {sim.profile})", flush=True)
    print(f"export HIK_CONNECT_TEAM_OPENAPI_BASE_URL={sim.base_url}", flush=True)
    print(f"export HIK_CONNECT_TEAM_OPENAPI_APP_KEY={sim.app_key}", flush=True)
    print(f"export HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY={sim.secret_key}", flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
