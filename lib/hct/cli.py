"""The command-line layer every script shares: parsing, validation, the envelope, exit codes.

A script builds a parser, then hands it and one handler to `run`:

    parser = cli.parser(__doc__)
    parser.add_argument("--serial", type=cli.serial_number, required=True)
    cli.run(parser, lambda args, client: cli.Result("Done.", client.post(PATH, {...})))

`run` prints exactly one JSON document on stdout (or a table with `--format table`), maps
every error onto the contract's exit codes, and never lets a traceback reach stdout.
"""

from __future__ import annotations

import os
import sys

from hct import helpcache

helpcache.answer_from_cache()  # a plain `--help` seen before needs no argparse at all

import argparse
import re

from hct.errors import EXIT_INTERNAL, EXIT_OK, HCTError, InvalidArgument
from hct.redact import redact

TYPE_CHECKING = False  # typing costs milliseconds that `--help` must not pay

if TYPE_CHECKING:  # annotations only: keep `--help` free of these imports
    from collections.abc import Callable, Iterable
    from datetime import datetime
    from typing import Any, NoReturn

ENV_DEBUG = "HIK_CONNECT_TEAM_DEBUG"


class Result:
    """What a handler returns: the envelope's message and data, and optional table rows."""

    def __init__(self, message: str, data: Any = None, rows: list[dict] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        self.message = message
        self.data = data
        self.rows = rows
        self.extra = extra or {}


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviated options (subcommands' parsers included): with names beside ids,
        # `--area X` must never quietly mean `--area-id X`.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise InvalidArgument(f"{self.prog}: {message}")

    def parse_args(self, args: Any = None, namespace: Any = None) -> argparse.Namespace:
        """argparse's parse_args, but an unknown option is named without the values after it:
        a mistyped `--secret` must not echo the secret."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            options = [word.split("=", 1)[0] for word in extras if word.startswith("-")]
            values = len(extras) - len(options)
            self.error("unrecognized arguments: " + " ".join(options)
                       + (f" (and {values} value(s), not shown)" if values else ""))
        return parsed

    def print_help(self, file: Any = None) -> None:
        text = self.format_help()
        (file or sys.stdout).write(text)
        helpcache.remember(text)


def parser(description: str | None, **kwargs: Any) -> argparse.ArgumentParser:
    """An argument parser whose errors become the JSON envelope (exit 2), with --format."""
    result = _Parser(description=(description or "").strip(),
                     formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)
    result.add_argument("--format", choices=("json", "table"), default="json",
                        help="json (default, one document on stdout) or a human table")
    result.add_argument("--account", metavar="NAME",
                        help="an account of the accounts file (list_accounts.py); default: "
                             "HIK_CONNECT_TEAM_ACCOUNT, else the credential variables")
    return result


def run(argument_parser: argparse.ArgumentParser,
        handler: Callable[[argparse.Namespace, Any], Result]) -> NoReturn:
    """Parse, call the handler with a lazily connecting client, print, and exit."""
    output_format = "table" if "table" in _format_flag(sys.argv[1:]) else "json"
    try:
        args = argument_parser.parse_args()
        output_format = args.format
        if args.account:  # hct.accounts reads it when the client first connects
            os.environ["HIK_CONNECT_TEAM_ACCOUNT"] = args.account
        from token_manager import HCTOpenClient

        result = handler(args, HCTOpenClient())
        _emit_success(result, output_format)
        sys.exit(EXIT_OK)
    except HCTError as error:
        _emit_failure(error, output_format)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _emit_failure(HCTError("Interrupted.", error_code="INTERRUPTED"), output_format)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # the last line of defence: still one envelope on stdout
        if os.environ.get(ENV_DEBUG) == "1":
            import traceback

            print(redact(traceback.format_exc()), file=sys.stderr)
        failure = HCTError(f"Unexpected internal error: {type(error).__name__}: {error}",
                           hint=f"Re-run with {ENV_DEBUG}=1 to see the traceback on stderr.")
        _emit_failure(failure, output_format)
        sys.exit(EXIT_INTERNAL)


def _format_flag(argv: list[str]) -> list[str]:
    """The --format value before parsing, so that argument errors honour it too."""
    for index, token in enumerate(argv):
        if token == "--format" and index + 1 < len(argv):
            return [argv[index + 1]]
        if token.startswith("--format="):
            return [token.split("=", 1)[1]]
    return []


def envelope_of(error: HCTError) -> dict[str, Any]:
    return {"success": False, "message": error.message, "errorCode": error.error_code,
            "data": error.data, "hint": error.hint}


def _emit_success(result: Result, output_format: str) -> None:
    names = sys.modules.get("hct.names")  # loaded only when a name was given
    if names and names.resolved() and isinstance(result.data, dict):
        result.data = {"resolved": names.resolved(), **result.data}
    document = {"success": True, "message": result.message, "data": result.data, **result.extra}
    if output_format == "table":
        _print_table(result.message, result.rows if result.rows is not None else result.data)
    else:
        print_json(document)


def _emit_failure(error: HCTError, output_format: str) -> None:
    if output_format == "table":
        lines = [f"Error {error.error_code}: {error.message}"]
        if error.hint:
            lines.append(f"Hint: {error.hint}")
        _write_text("\n".join(lines))
        if error.data is not None:
            _print_table("", error.data)
    else:
        print_json(envelope_of(error))


def print_json(document: Any) -> None:
    """Indented for a person at a terminal; compact for agents and pipes, whose budget is
    counted in bytes."""
    import json

    if _stdout_is_terminal():
        text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    else:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str)
    write_stdout(text)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def write_stdout(text: str) -> None:
    """Print redacted text; a reader that went away (`| head`) is not an error of ours."""
    try:
        sys.stdout.write(redact(text) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush stays quiet


def _print_table(title: str, data: Any) -> None:
    from tabulate import tabulate

    rows = table_rows(data)
    parts = [title] if title else []
    if rows:
        flat = [{key: _cell(value) for key, value in row.items()} for row in rows]
        parts.append(tabulate(flat, headers="keys", tablefmt="github"))
    elif data not in (None, [], {}):
        parts.append(_cell(data))
    _write_text("\n".join(parts))


def _write_text(text: str) -> None:
    """Human output holds platform text: its control characters are shown, not obeyed."""
    write_stdout(printable(text))


def table_rows(data: Any) -> list[dict]:
    """The rows a table shows: a list of objects, the longest such list inside an object,
    or an object's own fields as one row."""
    if isinstance(data, list):
        return [row if isinstance(row, dict) else {"value": row} for row in data]
    if isinstance(data, dict):
        lists = [value for value in data.values()
                 if isinstance(value, list) and value and isinstance(value[0], dict)]
        if lists:
            return max(lists, key=len)
        return [data]
    return []


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "" if value is None else str(value)


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text for a terminal with its control characters (an ESC that would clear the screen
    or move the cursor) shown as escapes instead of obeyed; line breaks stay."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def progress(message: str) -> None:
    """Progress and warnings: stderr only."""
    print(redact(message), file=sys.stderr, flush=True)


# ---- validators (argparse `type=` callables: a ValueError/ArgumentTypeError becomes exit 2) --

_ID = re.compile(r"[A-Za-z0-9_\-.:]{1,64}\Z")


def serial(max_length: int) -> Callable[[str], str]:
    """A device serial No.: letters and digits, at most `max_length` (16 for devicedetail/get,
    30 for devices/add, 32 elsewhere)."""
    pattern = re.compile(rf"[A-Za-z0-9]{{1,{max_length}}}\Z")

    def parse(text: str) -> str:
        value = text.strip()
        if not pattern.match(value):
            raise argparse.ArgumentTypeError(
                f"invalid serial number {text!r}: letters and digits only, at most {max_length}")
        return value

    parse.__name__ = "serial number"
    return parse


serial_number = serial(32)  # the guide's usual limit


def resource_id(text: str) -> str:
    """An id of the platform (device, area, camera, door, person...): at most 64 characters."""
    value = text.strip()
    if not _ID.match(value):
        raise argparse.ArgumentTypeError(
            f"invalid id {text!r}: letters, digits and - _ . : only, at most 64")
    return value


def limited_id(max_length: int, label: str) -> Callable[[str], str]:
    """A `resource_id` the guide limits further, e.g. an area or camera ID: at most 32."""
    def parse(text: str) -> str:
        value = resource_id(text)
        if len(value) > max_length:
            raise argparse.ArgumentTypeError(
                f"invalid {label} {value!r}: at most {max_length} characters")
        return value

    parse.__name__ = label
    return parse


PATH_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}\Z")


def path_id(text: str) -> str:
    """An id that goes into a URL path: letters, digits, - and _ only (no dots, no slashes)."""
    value = text.strip()
    if not PATH_ID.match(value):
        raise argparse.ArgumentTypeError(
            f"invalid id {value!r}: letters, digits, - and _ only, at most 64")
    return value


def ids(values: Iterable[str] | None, label: str, *,
        validator: Callable[[str], str] = resource_id, limit: int | None = None,
        required: bool = False) -> list[str]:
    """The values of a repeatable, comma-separated option (`action="append"`), each checked
    by `validator`, without duplicates. A bad one, none when `required`, or more than `limit`:
    InvalidArgument (exit 2) before any request."""
    found: list[str] = []
    for item in split_repeated(values):
        try:
            item = validator(item)
        except argparse.ArgumentTypeError as error:
            raise InvalidArgument(f"{label}: {error}") from None
        if item not in found:
            found.append(item)
    if required and not found:
        raise InvalidArgument(f"give at least one {label}.")
    if limit is not None and len(found) > limit:
        raise InvalidArgument(f"{label}: at most {limit} per call ({len(found)} given).")
    return found


def text(max_length: int, label: str = "value", *, empty: bool = False) -> Callable[[str], str]:
    """A string of at most `max_length` characters (the guide's length limits), stripped;
    empty only with `empty=True`."""
    def parse(value: str) -> str:
        value = value.strip()
        if not value and not empty:
            raise argparse.ArgumentTypeError(f"the {label} must not be empty")
        if len(value) > max_length:
            raise argparse.ArgumentTypeError(
                f"the {label} has {len(value)} characters; the guide allows at most {max_length}")
        return value

    parse.__name__ = label
    return parse


def bounded_int(low: int, high: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value} is out of range ({bounds})")
        return value

    parse.__name__ = "integer"
    return parse


def bounded_float(low: float, high: float, *, above_low: bool = False,
                  unit: str = "") -> Callable[[str], float]:
    """A number from `low` (excluded with `above_low`) to `high`, e.g. seconds."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number{unit}") from None
        if not (low < value if above_low else low <= value) or not value <= high:
            first = f"more than {low:g}" if above_low else f"from {low:g}"
            raise argparse.ArgumentTypeError(
                f"{value:g} is out of range ({first} to {high:g}{unit})")
        return value

    parse.__name__ = "number"
    return parse


def moment(text: str) -> datetime:
    """Any time of the one syntax every script takes (hct.times.FORMS), with its offset; a
    time without one is in HIK_CONNECT_TEAM_TIMEZONE, else the machine's zone."""
    from hct import times

    try:
        return times.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def moment_end(text: str) -> datetime:
    """`moment` for the end of a span: a date alone means the end of that day."""
    from hct import times

    try:
        return times.parse(text, end_of_day=True)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


moment.__name__ = moment_end.__name__ = "time"


def json_object(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not valid JSON: {error}") from None


def split_repeated(values: Iterable[str] | None) -> list[str]:
    """Flatten a repeatable option whose values may also be comma lists."""
    items: list[str] = []
    for value in values or []:
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return items


def check_order(start: Any, end: Any, start_flag: str = "--start",
                end_flag: str = "--end") -> None:
    """A time span's end after its start, or InvalidArgument (exit 2, no request)."""
    if start >= end:
        raise InvalidArgument(f"{start_flag} must be before {end_flag}.")


def add_confirmation(argument_parser: argparse.ArgumentParser) -> None:
    argument_parser.add_argument(
        "--yes", action="store_true",
        help="really do it; without it the script only shows what would be done (dry run)")


def add_ids_option(argument_parser: argparse.ArgumentParser, what: str, *,
                   flag: str = "--id", required: bool = True, note: str = "") -> None:
    """A repeatable option of ids (`what`: "alarm input ID") that also takes comma lists;
    read it with `ids`."""
    argument_parser.add_argument(flag, action="append", required=required, metavar="ID",
                                 help=f"{what} (repeatable or comma separated{note})")


def add_delete_arguments(argument_parser: argparse.ArgumentParser, what: str) -> None:
    """--id (repeatable, comma lists) and --yes of the batch-delete scripts."""
    add_ids_option(argument_parser, f"ID of a {what} to delete")
    add_confirmation(argument_parser)


def batch_delete(client: Any, args: argparse.Namespace, path: str, list_field: str, what: str,
                 *, note: str = "", verbs: tuple[str, str] = ("delete", "deleted")) -> Result:
    """The delete APIs that take one list of ids ({list_field: [--id...]}): a dry run
    without --yes, else one request; data.deleted lists the ids."""
    wanted = ids(args.id, "--id", required=True)
    body = {list_field: wanted}
    if not args.yes:
        return dry_run(f"would {verbs[0]} {len(wanted)} {what}(s){note}.", body)
    client.post(path, body)
    return Result(f"{len(wanted)} {what}(s) {verbs[1]}{note}.", {"deleted": wanted})


def dry_run(message: str, would_send: Any) -> Result:
    """The answer of a destructive script called without --yes: nothing was changed."""
    return Result(f"Dry run: {message} Nothing was changed; add --yes to do it.",
                  {"dryRun": True, "wouldSend": would_send})
