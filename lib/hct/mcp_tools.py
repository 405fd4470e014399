"""The pack's scripts as MCP tools (scripts/mcp_server.py, issue 10 §4).

One source of truth: a tool is a script. It is named after the script, its input schema is
generated from the script's own argparse parser (property names are the long options with
underscores: `page_size`, `all_doors`; a script with subcommands gets a `command`), and a
call runs the script as a subprocess, exactly as from a shell, and answers its envelope.
The guards stay the scripts' own: a tool without `yes` / `all_doors` gets the dry run or the
refusal a shell would get. Read-only and destructive hints come from the endpoint catalog
(lib/hct/data/endpoints.json: which endpoints each script calls, and whether they are reads).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hct import cli, endpoints

PACK_ROOT = Path(__file__).resolve().parents[2]
MODULES_DIR = PACK_ROOT / "modules"
MODULE_PREFIX = "Hik-Connect_Team_"
# The everyday tools an agent gets by default (clients put the tool list in every prompt:
# it stays within about 25 tools and 60 KB). `--modules` adds whole modules.
COMPACT = (
    "Resource/find", "Resource/list_devices", "Resource/device_detail", "Resource/device_channels",
    "Resource/list_cameras", "Resource/list_doors", "Resource/list_areas",
    "Resource/list_alarm_inputs", "ACS/acs_control", "ACS/search_card_records",
    "Capture/capture_pic", "Capture/camera_thumbnail", "Video/get_video_url",
    "Video/search_recordings", "Alarm/alarm_logs", "Maintenance/offline_devices",
    "Maintenance/maintenance_status", "System/system_info", "System/service_package",
    "Person/list_persons", "Person/get_person", "Vehicle/list_vehicles",
    "Attendance/total_time_card",
)
# Services that run until stopped are started from a shell, not called as tools.
SERVICES = frozenset({"webhook_server", "alarm_poller", "video_player"})
# Actions that only create something (a picture, a record, a subscription) are not
# destructive in MCP's sense; every other action is.
ADDITIVE_ENDPOINTS = ("/add", "/capturePic", "/subscribe")
TOKEN_PATH = "/api/hccgw/platform/v1/token/get"
# Tools always answer JSON; the account is the server's own (its environment: the credential
# variables or HIK_CONNECT_TEAM_ACCOUNT), as for every script it starts.
HIDDEN_OPTIONS = frozenset({"help", "format", "account"})
DESCRIPTION_LIMIT = 900


@dataclass
class Option:
    """How one input property goes onto the script's command line."""

    flags: tuple[str, ...]  # option strings; () for a positional or the subcommand
    takes_value: bool
    repeat: bool  # an `append` option: the flag once per item
    commands: tuple[str, ...] = ()  # the subcommands it belongs to (() = top level)


@dataclass
class Tool:
    name: str
    script: Path
    description: str
    input_schema: dict
    read_only: bool
    destructive: bool
    options: dict[str, Option] = field(default_factory=dict)

    def command_line(self, arguments: dict) -> list[str]:
        """The script's arguments for a validated tool input."""
        top, command, sub, positionals = [], [], [], []
        for name, value in arguments.items():
            if name == "command":
                command = [str(value)]
                continue
            option = self.options[name]
            place = sub if option.commands else top
            if not option.flags:
                positionals += [str(item) for item in _as_list(value)]
            elif not option.takes_value:
                negative = option.flags[1:] if len(option.flags) > 1 else ()
                if value:
                    place.append(option.flags[0])
                elif negative:  # --check / --no-check
                    place.append(negative[0])
            elif option.repeat:
                place += [f"{option.flags[0]}={item}" for item in _as_list(value)]
            elif isinstance(value, list):
                place += [option.flags[0], *map(str, value)]
            else:
                place.append(f"{option.flags[0]}={value}")
        return [*top, *command, *sub, *positionals]


def module_names() -> list[str]:
    return sorted(path.name.removeprefix(MODULE_PREFIX) for path in MODULES_DIR.iterdir()
                  if (path / "scripts").is_dir())


def select_scripts(modules: list[str]) -> list[Path]:
    """The compact set plus every script of `modules` (names as in module_names(), any
    case, or "all"), services left out."""
    known = {name.lower(): name for name in module_names()}
    asked = [item.lower() for item in modules]
    unknown = [item for item in modules if item.lower() not in {*known, "all"}]
    if unknown:
        raise ValueError(f"unknown module {unknown[0]!r}: one of {', '.join(known.values())}, all")
    wanted = list(known.values()) if "all" in asked else [known[item] for item in asked]
    scripts = [_scripts_dir(module) / f"{name}.py"
               for module, _, name in (entry.partition("/") for entry in COMPACT)]
    for module in wanted:
        scripts += sorted(_scripts_dir(module).glob("[!_]*.py"))
    unique = list(dict.fromkeys(scripts))
    return [script for script in unique if script.stem not in SERVICES]


def _scripts_dir(module: str) -> Path:
    return MODULES_DIR / f"{MODULE_PREFIX}{module}" / "scripts"


def build_tools(scripts: list[Path], *, strict: bool = True) -> list[Tool]:
    """One tool per script; a script name shared by two modules gets the module's prefix.
    Not `strict`: a script whose parser cannot be built is left out with a warning on stderr
    (the server still serves the others)."""
    stems = [script.stem for script in scripts]
    tools = []
    for script in scripts:
        name = script.stem
        if stems.count(name) > 1:
            name = f"{script.parents[1].name.removeprefix(MODULE_PREFIX).lower()}_{name}"
        try:
            tools.append(tool_for(script, name))
        except Exception as error:
            if strict:
                raise
            cli.progress(f"warning: {name} is left out: {type(error).__name__}: {error}")
    return tools


def tool_for(script: Path, name: str) -> Tool:
    parser = script_parser(script)
    read_only, destructive = _hints(script)
    tool = Tool(name=name, script=script, description=_summary(parser.description or ""),
                input_schema={}, read_only=read_only, destructive=destructive)
    properties: dict[str, dict] = {}
    required: list[str] = []
    _add_actions(tool, parser, (), properties, required)
    tool.input_schema = {"type": "object", "properties": properties,
                         "additionalProperties": False}
    if required:
        tool.input_schema["required"] = required
    return tool


class _ParserBuilt(Exception):
    def __init__(self, parser: argparse.ArgumentParser) -> None:
        super().__init__()
        self.parser = parser


def script_parser(script: Path) -> argparse.ArgumentParser:
    """The script's own parser: its main() runs until it hands the parser to cli.run, which
    stops it there (nothing is parsed, no request is sent)."""
    import runpy

    def stop(argument_parser: argparse.ArgumentParser, _handler: object) -> None:
        raise _ParserBuilt(argument_parser)

    run, argv, path = cli.run, sys.argv, list(sys.path)
    cli.run, sys.argv = stop, [str(script)]
    try:
        runpy.run_path(str(script), run_name="__main__")
    except _ParserBuilt as built:
        return built.parser
    finally:
        cli.run, sys.argv, sys.path[:] = run, argv, path
    raise ValueError(f"{script.name} does not hand its parser to cli.run")


def _add_actions(tool: Tool, parser: argparse.ArgumentParser, commands: tuple[str, ...],
                 properties: dict[str, dict], required: list[str]) -> None:
    option_metavars = {_metavar(action) for action in parser._actions if action.option_strings}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            _add_commands(tool, action, properties, required)
            continue
        name = _property_name(action)
        if name in HIDDEN_OPTIONS or (not action.option_strings and action.nargs == "?"
                                      and _metavar(action) in option_metavars):
            continue  # a positional shorthand of an option (`SERIAL` for `--serial SERIAL`)
        if name in properties:  # the same option in another subcommand
            tool.options[name].commands += commands
            properties[name]["description"] = _for_commands(
                _help(action), tool.options[name].commands)
            continue
        properties[name] = _schema(action)
        if commands:
            properties[name]["description"] = _for_commands(_help(action), commands)
        longs = tuple(flag for flag in action.option_strings if flag.startswith("--"))
        tool.options[name] = Option(
            flags=longs or tuple(action.option_strings),
            takes_value=action.nargs != 0, repeat=isinstance(action, argparse._AppendAction),
            commands=commands)
        if (action.required or (not action.option_strings and action.nargs is None)) \
                and not commands:
            required.append(name)


def _add_commands(tool: Tool, action: argparse._SubParsersAction,
                  properties: dict[str, dict], required: list[str]) -> None:
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    names = list(action.choices)
    properties["command"] = {
        "type": "string", "enum": names,
        "description": "; ".join(f"{name}: {helps.get(name) or ''}".rstrip(": ")
                                 for name in names)}
    required.append("command")
    for name, subparser in action.choices.items():
        _add_actions(tool, subparser, (name,), properties, required)


def _metavar(action: argparse.Action) -> str:
    return str(action.metavar or action.dest.upper())


def _property_name(action: argparse.Action) -> str:
    longs = [flag for flag in action.option_strings if flag.startswith("--")]
    return (longs[0][2:] if longs else action.dest).replace("-", "_")


def _schema(action: argparse.Action) -> dict:
    if action.nargs == 0:
        return {"type": "boolean", "description": _help(action)}
    item: dict = {"type": _json_type(action)}
    if action.choices is not None:
        item["enum"] = list(action.choices)
    many = isinstance(action, argparse._AppendAction) or action.nargs in ("*", "+")
    schema = {"type": "array", "items": item} if many else dict(item)
    schema["description"] = _help(action)
    if action.default not in (None, argparse.SUPPRESS) and not many \
            and isinstance(action.default, (str, int, float)):
        schema["default"] = action.default
    return schema


def _json_type(action: argparse.Action) -> str:
    kind = getattr(action.type, "__name__", "")
    if action.type is int or kind == "integer":
        return "integer"
    if action.type is float or kind == "number":
        return "number"
    return "string"


def _help(action: argparse.Action) -> str:
    return " ".join((action.help or "").split())


def _for_commands(text: str, commands: tuple[str, ...]) -> str:
    return f"[{', '.join(commands)}] {text}".strip()


def _summary(description: str) -> str:
    """The script's docstring up to its examples (what it does, the endpoint it calls, its
    rules), in at most DESCRIPTION_LIMIT characters, cut after a sentence."""
    text = " ".join(re.split(r"\n\s*Examples?:", description, maxsplit=1)[0].split())
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    cut = text.rfind(". ", 0, DESCRIPTION_LIMIT)
    return text[:cut + 1] if cut > 0 else text[:DESCRIPTION_LIMIT]


def _hints(script: Path) -> tuple[bool, bool]:
    """(read_only, destructive) from the endpoints the catalog says the script calls; a
    script the catalog does not know is treated as an action that may destroy."""
    relative = script.relative_to(PACK_ROOT).as_posix()
    calls = [entry for entry in endpoints.catalog()
             if relative in entry.get("scripts", ()) and entry["path"] != TOKEN_PATH]
    actions = [entry["path"] for entry in calls if not entry["read"]]
    if not calls:
        return False, True
    return not actions, any(not path.endswith(ADDITIVE_ENDPOINTS) for path in actions)


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def run(tool: Tool, arguments: dict, timeout: float) -> dict:
    """One tool call: the script's envelope, as a shell would have printed it. The script
    runs with the server's environment (credentials included) and no stdin (the server's
    stdin is the MCP stream); its stderr (progress, warnings) goes to the server's stderr."""
    import json
    import subprocess

    from hct.errors import EXIT_INTERNAL, HCTError, InvalidArgument

    problem = _invalid(tool, arguments)
    if problem:
        return cli.envelope_of(InvalidArgument(f"{tool.name}: {problem}"))
    command = [sys.executable, str(tool.script), *tool.command_line(arguments)]
    try:
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                   text=True, timeout=timeout, env=dict(os.environ))
    except subprocess.TimeoutExpired:
        return cli.envelope_of(HCTError(
            f"{tool.name} did not finish within {timeout:g} s and was stopped.",
            error_code="TIMEOUT", hint="Narrow the request (a shorter span, fewer pages), or "
                                       "start the server with a larger --timeout."))
    sys.stderr.write(completed.stderr)
    try:
        envelope = json.loads(completed.stdout)
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict):
        return cli.envelope_of(HCTError(
            f"{tool.name} exited {completed.returncode} without its JSON answer.",
            error_code="INTERNAL_ERROR" if completed.returncode in (0, EXIT_INTERNAL)
            else "SCRIPT_FAILED", hint="Its messages are on the server's stderr."))
    return envelope


def _invalid(tool: Tool, arguments: dict) -> str:
    """What is wrong with a tool input against its schema ("" when nothing)."""
    import jsonschema

    try:
        jsonschema.validate(arguments, tool.input_schema)
    except jsonschema.ValidationError as error:
        where = ".".join(map(str, error.absolute_path))
        return f"{where}: {error.message}" if where else error.message
    return ""
