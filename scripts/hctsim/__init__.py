"""HCT OpenAPI simulator (see hctsim.core for the behaviour, hctsim.world for the demo data).

`hctsim.start(...)` runs one in a daemon thread for tests; `scripts/hct_sim.py` is the CLI.
"""

from __future__ import annotations

from typing import Any


def start(host: str = "127.0.0.1", port: int = 0, devices: int | None = None, seed: int = 0,
          **options: Any):
    """Start a simulator in a daemon thread and return its `SimServer` once it listens."""
    from hctsim.core import start as _start

    return _start(host=host, port=port, devices=devices, seed=seed, **options)
