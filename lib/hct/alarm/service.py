"""`--print-systemd-unit`: the alarm flow as a service that outlives the agent's turn.

The answer's `data.unit` is a systemd unit running the very command line the script was
given, without that flag, with Restart=on-failure; the secrets are not in it: they go to its
EnvironmentFile, written 0600 in the user's config directory with the pack's variables of
this environment (credentials, signing secret, sink URLs and secrets, MQTT_*/REDIS_*, and
the variables the accounts file names for the accounts used). A `--secret` on the command
line moves there as HIK_SIGN_SECRET. A sink URL that holds a key cannot go into a unit:
give it through its variable (`--sink dingtalk` with DINGTALK_BOT_URL).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import Any

FLAG = "--print-systemd-unit"
UNIT_NAMES = {"webhook_server.py": "hik-connect-webhook",
              "alarm_poller.py": "hik-connect-alarm-poller",
              "journal.py": "hik-connect-alarm-delivery"}
PREFIXES = ("HIK_CONNECT_TEAM_", "OPENCLAW_HOOKS_", "FEISHU_BOT_", "DINGTALK_BOT_", "MQTT_",
            "REDIS_")
NAMES = ("HIK_SIGN_SECRET", "WECOM_BOT_URL", "SLACK_WEBHOOK_URL", "ALARM_WEBHOOK_URL")
DESCRIPTIONS = {"webhook_server.py": "Hik-Connect webhook receiver",
                "alarm_poller.py": "Hik-Connect alarm poller",
                "journal.py": "Hik-Connect alarm delivery worker"}


def _unit_word(word: str) -> str:
    """One ExecStart argument: `%` and `$` escaped (systemd expands them), quoted when it
    holds white space, quotes, a backslash or a semicolon."""
    word = word.replace("%", "%%").replace("$", "$$")
    if word and not any(character in word for character in " \t\"'\\;"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _is_secret_flag(word: str) -> bool:
    """--secret or --secret=VALUE (the parsers take no abbreviations)."""
    return word.split("=", 1)[0] == "--secret"


def _command(argv: list[str]) -> tuple[list[str], str | None]:
    """The command line without FLAG, and the value of a --secret it held (moved out)."""
    words, secret, skip = [], None, False
    for number, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word == FLAG:
            continue
        if _is_secret_flag(word):
            if "=" in word:
                secret = word.split("=", 1)[1]
            elif number + 1 < len(argv):
                secret, skip = argv[number + 1], True
            continue
        words.append(word)
    return words, secret


def _variables(accounts_used: list[str]) -> dict[str, str]:
    """The pack's variables of this environment, and those the accounts file names for
    the accounts used."""
    from hct import accounts

    wanted = set(NAMES)
    for name in accounts_used:
        wanted.update(accounts.variables(name))
    return {name: value for name, value in sorted(os.environ.items())
            if name in wanted or name.startswith(PREFIXES)}


def _environment_line(name: str, value: str) -> str:
    from hct.errors import InvalidArgument

    if "\n" in value or "\r" in value:
        raise InvalidArgument(f"{name} holds a line break; an EnvironmentFile cannot carry it")
    return f'{name}="' + value.replace("\\", "\\\\").replace('"', '\\"') + '"\n'


def unit_result(argv: list[str], accounts_used: list[str]) -> Any:
    """The answer of --print-systemd-unit for `argv` (sys.argv of a script that has checked
    its arguments): the unit text, where its EnvironmentFile was written, how to install."""
    from platformdirs import user_config_dir

    from hct import cli, store
    from hct.errors import InvalidArgument
    from hct.redact import redact, register_secret

    script = os.path.abspath(argv[0])
    words, secret = _command(argv[1:])
    base = UNIT_NAMES.get(os.path.basename(script), "hik-connect-alarm")
    account = os.environ.get("HIK_CONNECT_TEAM_ACCOUNT", "").strip()
    name = f"{base}-{account}" if account and len(accounts_used) == 1 else base
    variables = _variables(accounts_used)
    if secret:
        register_secret(secret)
        variables["HIK_SIGN_SECRET"] = secret
    directory = store.private_directory(os.path.join(
        user_config_dir("hik-connect-team", appauthor=False), "systemd"),
        "XDG_CONFIG_HOME")
    environment_file = os.path.join(directory, f"{name}.env")
    command = " ".join(_unit_word(word) for word in [sys.executable, script, *words])
    unit = "\n".join([
        "[Unit]",
        f"Description={DESCRIPTIONS.get(os.path.basename(script), 'Hik-Connect alarms')} "
        "(hik-connect-team-skills)",
        "After=network-online.target", "Wants=network-online.target", "",
        "[Service]", "Type=simple",
        f"EnvironmentFile={environment_file}",
        f"WorkingDirectory={os.getcwd().replace('%', '%%')}",
        f"ExecStart={command}",
        "Restart=on-failure", "RestartSec=5", "KillSignal=SIGTERM", "TimeoutStopSec=30",
        "UMask=0077", "",
        "[Install]", "WantedBy=default.target", ""])
    if redact(unit) != unit:
        raise InvalidArgument(
            "the command line holds a key (a sink URL's): a unit file is no place for it. "
            "Give the URL through its variable (e.g. --sink dingtalk with DINGTALK_BOT_URL) "
            "and ask again.")
    with store.atomic_file(environment_file) as handle:
        handle.write("# Written by --print-systemd-unit; the service reads its secrets here.\n")
        for variable, value in variables.items():
            handle.write(_environment_line(variable, value))
    install = [f"mkdir -p ~/.config/systemd/user && save data.unit as "
               f"~/.config/systemd/user/{name}.service",
               "systemctl --user daemon-reload",
               f"systemctl --user enable --now {name}.service",
               "loginctl enable-linger \"$USER\"  # keeps it running when nobody is logged in",
               f"systemctl --user status {name}.service; journalctl --user -u {name} -f"]
    return cli.Result(
        f"Unit {name}.service (not installed); its secrets are in {environment_file}.",
        {"unitName": f"{name}.service", "unit": unit, "environmentFile": environment_file,
         "variables": sorted(variables), "command": [sys.executable, script, *words],
         "install": install})
