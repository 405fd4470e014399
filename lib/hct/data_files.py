"""The JSON tables shipped in `lib/hct/data/` (error codes, endpoint catalog, alarm and
message types), read once per process. json is imported on first use, not at start-up."""

from __future__ import annotations

import os
from functools import cache

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@cache
def load(name: str) -> Any:
    """The parsed content of `data/<name>` (shared: do not modify it)."""
    import json

    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)
