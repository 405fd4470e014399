#!/usr/bin/env python3
"""Capture benchmarks; one JSON object per line: {"name","value","target","unit","ok",
"details"}.

1. Decrypting a 4 MiB encrypted snapshot (a Pillow-made JPEG, encrypted by the simulator's
   own implementation in two blocks after leading bytes): the median time of --runs runs
   (target < 0.2 s) and the peak memory traced during the decryption divided by the file
   size (target < 3; the data is a bytearray, as the download path holds it).
2. `capture_pic.py --output` end to end (capture + download + Pillow check + atomic write)
   against a simulator on 127.0.0.1, divided by `list_devices.py` (median of --runs each,
   interleaved, warm token cache): target <= 1.5.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "lib")]
CAPTURE = ROOT / "modules/Hik-Connect_Team_Capture/scripts/capture_pic.py"
LIST_DEVICES = ROOT / "modules/Hik-Connect_Team_Resource/scripts/list_devices.py"
MIB = 1024 * 1024


def row(name: str, value: float, target: float, unit: str, *, inclusive: bool = False,
        **details: object) -> dict:
    """`ok` when value < target (value <= target with `inclusive`)."""
    ok = value <= target if inclusive else value < target
    return {"name": name, "value": round(value, 4), "target": target, "unit": unit, "ok": ok,
            "details": details}


def four_mib_jpeg() -> bytes:
    """A real JPEG of at least 4 MiB (noise compresses badly)."""
    from PIL import Image

    side = 1000
    while True:
        image = Image.effect_noise((side, side), 100).convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=95)
        if out.tell() >= 4 * MIB:
            return out.getvalue()
        side += 100


def bench_decrypt(runs: int) -> list[dict]:
    from hct import snapshot_crypto
    from hctsim.routes_capture import encrypt_picture

    plain = four_mib_jpeg()
    sealed = encrypt_picture(plain, "QKXWTB")
    timings = []
    for _ in range(runs):
        buffer = bytearray(sealed)
        started = time.perf_counter()
        snapshot_crypto.decrypt(buffer, "QKXWTB")
        timings.append(time.perf_counter() - started)
    buffer = bytearray(sealed)
    tracemalloc.start()
    try:
        opened = snapshot_crypto.decrypt(buffer, "QKXWTB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    if bytes(opened) != plain:
        raise RuntimeError("the decrypted picture differs from the original")
    return [row("capture.decrypt_4mib_seconds", statistics.median(timings), 0.2, "s",
                runs=runs, fileBytes=len(sealed), min=round(min(timings), 4),
                max=round(max(timings), 4)),
            row("capture.decrypt_peak_memory_ratio", peak / len(sealed), 3.0, "ratio",
                peakBytes=peak, fileBytes=len(sealed))]


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{Path(command[1]).name} exited {completed.returncode}: "
                           f"{completed.stdout[:300]}")
    return elapsed


def bench_end_to_end(runs: int) -> dict:
    import hctsim
    from hctsim.routes_capture import stop_storage

    with tempfile.TemporaryDirectory() as work, hctsim.start() as server:
        try:
            device = next(item for item in server.sim.world.devices if item["onlineStatus"]
                          and item["cameras"] and not item["streamEncrypt"])
            env = {key: value for key, value in os.environ.items()
                   if not key.startswith("HIK_")}
            env.update({"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": server.app_key,
                        "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": server.secret_key,
                        "HIK_CONNECT_TEAM_OPENAPI_BASE_URL": server.base_url,
                        "HIK_CONNECT_TEAM_CACHE_DIR": os.path.join(work, "cache")})
            picture = os.path.join(work, "snapshot.jpg")
            capture = [sys.executable, str(CAPTURE), device["serialNo"], "--output", picture]
            listing = [sys.executable, str(LIST_DEVICES)]
            _timed(capture, env), _timed(listing, env)  # warm-up: token cache, bytecode
            captures, listings = [], []
            for _ in range(runs):
                captures.append(_timed(capture, env))
                listings.append(_timed(listing, env))
            rejected = server.sim.stats()["rateLimited"]
            size = os.path.getsize(picture)
        finally:
            stop_storage()
    capture_median, list_median = statistics.median(captures), statistics.median(listings)
    return row("capture.capture_pic_output_vs_list_devices", capture_median / list_median,
               1.5, "ratio", inclusive=True, runs=runs,
               capturePicSeconds=round(capture_median, 4),
               listDevicesSeconds=round(list_median, 4), pictureBytes=size,
               rateLimited=rejected)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs per measurement (>= 10)")
    args = parser.parse_args()
    runs = max(10, args.runs)
    for result in [*bench_decrypt(runs), bench_end_to_end(runs)]:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
