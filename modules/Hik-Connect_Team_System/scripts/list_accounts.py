#!/usr/bin/env python3
"""List the accounts this machine can use: the accounts file's named accounts (for
--account NAME on every script) and the default account. Never shows a key.

Output: data.file (the accounts file: HIK_CONNECT_TEAM_ACCOUNTS_FILE, else accounts.json in
the user's config directory), data.fileExists, data.accounts[] (name, region, baseUrl,
regionSearch: true when the keys are looked for in every region, credentials: where the
keys come from, credentialsSet), data.default (the account without --account: credentials
"environment" or an OpenClaw file, or null; region, baseUrl, regionSearch), data.selected
(--account / HIK_CONNECT_TEAM_ACCOUNT, or null). Sends nothing to the platform. With no
account at all (no accounts file, no credentials): CONFIG_MISSING, exit 3, with this same
overview in data.

Examples:
  list_accounts.py
  list_accounts.py --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))
from hct import accounts, cli
from hct.errors import ConfigMissing


def show(args, client) -> cli.Result:
    overview = accounts.overview()
    named = overview["accounts"]
    default = overview["default"]["credentials"]
    if not named and not default:
        raise ConfigMissing(f"No account is configured: no accounts file ({overview['file']}) "
                            "and no credentials.", data=overview)
    message = (f"{len(named)} account(s) in {overview['file']}" if overview["fileExists"]
               else f"No accounts file ({overview['file']})")
    message += (f"; the default account's keys come from {default}." if default
                else "; no default account (the credential variables are not set).")
    return cli.Result(message, overview, rows=named)


def main() -> None:
    cli.run(cli.parser(__doc__), show)


if __name__ == "__main__":
    main()
