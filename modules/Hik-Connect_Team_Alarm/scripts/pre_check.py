#!/usr/bin/env python3
"""Check that OpenClaw's hooks endpoint can receive alarms (the `openclaw` sink).

Reads ~/.openclaw/openclaw.json (`gateway.port`, `hooks.enabled`, `hooks.token`) and the
OPENCLAW_HOOKS_TOKEN / OPENCLAW_HOOKS_CHANNEL / OPENCLAW_HOOKS_TO variables; a missing or
broken file is reported, never a crash. `data.ready` says whether `--sink openclaw` will
work; `data.missing` lists what to set. The token is never printed. No request is sent.

Example:
  pre_check.py
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import cli


def handle(args, client) -> "cli.Result":
    from hct.sinks import openclaw_check

    report = openclaw_check()
    if report["ready"]:
        return cli.Result(f"OpenClaw hooks are ready at {report['hooksUrl']}.", report)
    return cli.Result("OpenClaw hooks are not ready; missing: " + "; ".join(report["missing"])
                      + ".", report)


def main() -> None:
    cli.run(cli.parser(__doc__), handle)


if __name__ == "__main__":
    main()
