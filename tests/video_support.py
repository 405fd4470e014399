"""Shared by the video tests: the `run` fixture with a leak check that allows the player's
stream appToken.

get_video_url.py must return the appToken of streamtoken/get (it is what the player needs
and what the user asked for), while `Sim.issued_tokens()` lists those appTokens beside the
access tokens. This `run` checks every output for the appKey, the secretKey and the access
tokens, exactly as the suite's own `run`, and leaves the appTokens out of that list.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import run_script, sim_secrets


def secrets_but_stream_tokens(sim: Any) -> list[str]:
    stream_tokens = set(sim.sim.store("system.streamTokens", dict))
    return [secret for secret in sim_secrets(sim) if secret not in stream_tokens]


@pytest.fixture(name="run")
def video_run(sim: Any, script_env: dict[str, str]) -> Any:
    """Import it into a test module (`from video_support import video_run`) to replace `run`."""
    def runner(script: str, *args: str, env: dict[str, str | None] | None = None,
               timeout: float = 60, input: str | None = None) -> Any:
        merged = dict(script_env)
        for key, value in (env or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return run_script(script, *args, env=merged, timeout=timeout, input=input,
                          secrets=lambda: secrets_but_stream_tokens(sim))

    return runner
