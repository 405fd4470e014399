#!/usr/bin/env python3
"""Check that OpenClaw's hooks endpoint can receive alarms (the `openclaw` sink).

Reads ~/.openclaw/openclaw.json (`gateway.port`, `hooks.enabled`, `hooks.token`) and the
OPENCLAW_HOOKS_TOKEN / OPENCLAW_HOOKS_CHANNEL / OPENCLAW_HOOKS_TO variables; a missing or
broken file is reported, never a crash. Ready: success, exit 0. Not ready: errorCode
CONFIG_MISSING, exit 3, and `data.missing` lists what to set. The token is never printed.
No request is sent.

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
    from hct.alarm.sinks import openclaw_check
    from hct.errors import ConfigMissing

    report = openclaw_check()
    if report["ready"]:
        return cli.Result(f"OpenClaw hooks are ready at {report['hooksUrl']}.", report)
    raise ConfigMissing("OpenClaw hooks are not ready; missing: " + "; ".join(report["missing"])
                        + ".", data=report,
                        hint="Set gateway.port, hooks.enabled: true and hooks.token in "
                             "~/.openclaw/openclaw.json (or OPENCLAW_HOOKS_TOKEN).")


def main() -> None:
    cli.run(cli.parser(__doc__), handle)


if __name__ == "__main__":
    main()
