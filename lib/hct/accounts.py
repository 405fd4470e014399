"""Several HCT accounts on one machine: the accounts file.

    {"accounts": {
        "site-a": {"appKey": "...", "secretKey": "...", "region": "eu"},
        "site-b": {"appKeyEnv": "SITE_B_APP_KEY", "secretKeyEnv": "SITE_B_SECRET_KEY",
                   "region": "us"},
        "lab": {"appKeyEnv": "LAB_KEY", "secretKeyEnv": "LAB_SECRET",
                "baseUrl": "http://127.0.0.1:8765"}}}

An account may also name the signing secret of its webhook pushes: `signSecret`, or
`signSecretEnv` (the variable that holds it); see `sign_secret(name)`.

The file is HIK_CONNECT_TEAM_ACCOUNTS_FILE, else `accounts.json` in the user's config
directory (e.g. ~/.config/hik-connect-team/accounts.json). It must be the user's own and
readable by nobody else (chmod 600): it may hold keys. Each account has its keys (or the
names of the environment variables that hold them) and its `region` (the guide's us, eu,
sgp, sa, ru); without a region its keys are looked for in every region, as for the default
account. `baseUrl` is for simulators and tests: a loopback address or one of the guide's
hosts only. `--account NAME` (every script) or HIK_CONNECT_TEAM_ACCOUNT picks an account;
without either, the two credential variables (or the OpenClaw files) are the account.

    account = accounts.load("site-a")   # .name, .credentials, .endpoint, .region
    accounts.names()                     # ["lab", "site-a", "site-b"]
    accounts.selected()                  # the account this process uses
    accounts.overview()                  # names, regions, where keys come from: never a key
    HCTOpenClient(accounts.load("north"))  # a client of one account (several in one process)

Token cache and rate limiter follow the account's keys and host, so each account has its
own token and its own 5 requests per second.
"""

from __future__ import annotations

import os
import re

from hct import config
from hct.errors import AccountsFileInvalid, ConfigMissing, InvalidArgument

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ACCOUNT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}\Z")
FIELDS = frozenset({"appKey", "secretKey", "appKeyEnv", "secretKeyEnv", "region", "baseUrl",
                    "signSecret", "signSecretEnv"})


class Account:
    """A named account (`name` None: the default one) with its keys and token address."""

    __slots__ = ("credentials", "endpoint", "name")

    def __init__(self, name: str | None, credentials: config.Credentials,
                 endpoint: config.Endpoint) -> None:
        self.name = name
        self.credentials = credentials
        self.endpoint = endpoint

    @property
    def region(self) -> str | None:
        return self.endpoint.region


def path() -> str:
    configured = os.environ.get(config.ENV_ACCOUNTS_FILE, "").strip()
    if configured:
        return os.path.abspath(os.path.expanduser(configured))
    from platformdirs import user_config_dir

    return os.path.join(user_config_dir("hik-connect-team", appauthor=False), "accounts.json")


def names() -> list[str]:
    """The account names of the accounts file (none when there is no file)."""
    return sorted(_entries())


def load(name: str) -> Account:
    """The account `name` of the accounts file: InvalidArgument (exit 2) for a name it does
    not have, ConfigMissing / AccountsFileInvalid (exit 3) when its keys cannot be had."""
    entries = _entries()
    if name not in entries:
        known = sorted(entries)
        raise InvalidArgument(
            f"No account named {name!r} in {path()}" + (
                f"; its accounts: {', '.join(known)}." if known else " (it has none)."),
            hint="Run list_accounts.py (System module) to see the accounts.",
            data={"accounts": known})
    entry = entries[name]
    return Account(name, _credentials(name, entry), _endpoint(name, entry))


def selected() -> Account:
    """The account of this process: --account / HIK_CONNECT_TEAM_ACCOUNT, else the default
    (the credential variables, or the OpenClaw files)."""
    name = selected_name()
    if name:
        return load(name)
    return Account(None, config.default_credentials(), config.default_endpoint())


def sign_secret(name: str) -> str | None:
    """The webhook signing secret of account `name`: its `signSecret`, or the value of the
    variable its `signSecretEnv` names (ConfigMissing when that is unset); None when it
    names neither."""
    entries = _entries()
    if name not in entries:
        load(name)  # the usage error that lists the accounts
    entry = entries[name]
    if "signSecretEnv" in entry:
        value = os.environ.get(entry["signSecretEnv"], "").strip()
        if not value:
            raise ConfigMissing(f"Account {name!r} takes its signing secret from "
                                f"{entry['signSecretEnv']}, which is not set.",
                                hint=f"Set {entry['signSecretEnv']}, or remove signSecretEnv "
                                     f"from account {name!r} in {path()}.")
        return value
    return entry.get("signSecret", "").strip() or None


def variables(name: str) -> list[str]:
    """The environment variables account `name` reads (keys, signing secret): what a
    service running for it must be given."""
    entry = _entries().get(name) or {}
    return [entry[field] for field in ("appKeyEnv", "secretKeyEnv", "signSecretEnv")
            if field in entry]


def selected_name() -> str | None:
    return os.environ.get(config.ENV_ACCOUNT, "").strip() or None


def overview() -> dict[str, Any]:
    """What list_accounts.py shows: each account's name, region, address and where its keys
    come from (never a key), and which one this process would use."""
    accounts = []
    for name, entry in sorted(_entries().items()):
        if "appKeyEnv" in entry:
            variables = [entry["appKeyEnv"], entry["secretKeyEnv"]]
            source = "environment variables " + " and ".join(variables)
            ready = all(os.environ.get(variable, "").strip() for variable in variables)
        else:
            source, ready = "accounts file", True
        accounts.append({"name": name, "region": entry.get("region") or None,
                         "baseUrl": entry.get("baseUrl") or None,
                         "regionSearch": not (entry.get("region") or entry.get("baseUrl")),
                         "credentials": source, "credentialsSet": ready})
    return {"file": path(), "fileExists": os.path.exists(path()), "accounts": accounts,
            "default": _default_overview(), "selected": selected_name()}


def _default_overview() -> dict[str, Any]:
    """The account used without --account: where its keys come from (if anywhere)."""
    try:
        source = config.default_credentials().source
    except ConfigMissing:
        source = None
    explicit = os.environ.get(config.ENV_BASE_URL, "").strip() or None
    region = os.environ.get(config.ENV_REGION, "").strip().lower() or None
    return {"credentials": source, "region": region, "baseUrl": explicit,
            "regionSearch": not (explicit or region)}


def _entries() -> dict[str, dict[str, Any]]:
    """The checked entries of the accounts file ({} when it does not exist)."""
    import json

    file = path()
    try:
        descriptor = os.open(file, os.O_RDONLY)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise AccountsFileInvalid(f"The accounts file {file} cannot be read "
                                  f"({error.strerror}).") from None
    with os.fdopen(descriptor, encoding="utf-8") as handle:
        _check_private(file, os.fstat(descriptor))
        try:
            document = json.load(handle)
        except ValueError as error:
            raise AccountsFileInvalid(f"The accounts file {file} is not JSON ({error}).") \
                from None
    accounts = document.get("accounts") if isinstance(document, dict) else None
    if not isinstance(accounts, dict):
        raise AccountsFileInvalid(f"The accounts file {file} has no \"accounts\" object.")
    for name, entry in accounts.items():
        _check_entry(name, entry)
    return accounts


def _check_private(file: str, info: os.stat_result) -> None:
    """Only the user may read the file: it may hold keys (and names where keys are)."""
    import stat

    if not stat.S_ISREG(info.st_mode):
        raise AccountsFileInvalid(f"The accounts file {file} is not a regular file.")
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        who = ("belongs to another user" if info.st_uid != os.getuid()
               else f"can be read or written by others (mode {stat.S_IMODE(info.st_mode):o})")
        raise AccountsFileInvalid(f"The accounts file {file} {who}; refusing to use it.",
                                  error_code="ACCOUNTS_FILE_UNSAFE",
                                  hint=f"Make it yours and private: chmod 600 {file}")


def _check_entry(name: Any, entry: Any) -> None:
    def invalid(problem: str) -> AccountsFileInvalid:
        return AccountsFileInvalid(f"Account {name!r} in {path()}: {problem}.")

    if not isinstance(name, str) or not ACCOUNT_NAME.match(name):
        raise invalid("an account name is letters, digits, '.', '_' and '-' (at most 64)")
    if not isinstance(entry, dict):
        raise invalid("it must be an object")
    unknown = set(entry) - FIELDS
    if unknown:
        raise invalid(f"unknown field(s) {', '.join(sorted(unknown))}; the fields are "
                      f"{', '.join(sorted(FIELDS))}")
    literal = {"appKey", "secretKey"} & set(entry)
    variables = {"appKeyEnv", "secretKeyEnv"} & set(entry)
    if not ((literal == {"appKey", "secretKey"} and not variables)
            or (variables == {"appKeyEnv", "secretKeyEnv"} and not literal)):
        raise invalid("give appKey and secretKey, or appKeyEnv and secretKeyEnv (the names "
                      "of the environment variables that hold them)")
    if "signSecret" in entry and "signSecretEnv" in entry:
        raise invalid("give signSecret or signSecretEnv, not both")
    for field in ("appKeyEnv", "secretKeyEnv", "signSecretEnv"):
        if field in entry and not (isinstance(entry[field], str)
                                   and VARIABLE_NAME.match(entry[field])):
            raise invalid(f"{field} must be the name of an environment variable")
    for field in ("appKey", "secretKey", "region", "baseUrl", "signSecret"):
        if field in entry and not isinstance(entry[field], str):
            raise invalid(f"{field} must be a string")
    if entry.get("region") and entry.get("baseUrl"):
        raise invalid("give a region or a baseUrl, not both")


def _credentials(name: str, entry: dict[str, Any]) -> config.Credentials:
    if "appKey" in entry:
        app_key, secret_key = entry["appKey"].strip(), entry["secretKey"].strip()
        source = f"{path()} (account {name})"
    else:
        app_key = os.environ.get(entry["appKeyEnv"], "").strip()
        secret_key = os.environ.get(entry["secretKeyEnv"], "").strip()
        source = f"{entry['appKeyEnv']} and {entry['secretKeyEnv']} (account {name})"
        missing = [variable for variable, value in ((entry["appKeyEnv"], app_key),
                                                    (entry["secretKeyEnv"], secret_key))
                   if not value]
        if missing:
            raise ConfigMissing(f"Account {name!r} takes its keys from {' and '.join(missing)}, "
                                "which is not set.",
                                hint=f"Set {' and '.join(missing)}, or put the keys in "
                                     f"{path()}.")
    if not app_key or not secret_key:
        raise AccountsFileInvalid(f"Account {name!r} in {path()} has an empty key.")
    return config.Credentials(app_key, secret_key, source)


def _endpoint(name: str, entry: dict[str, Any]) -> config.Endpoint:
    setting = f"account {name!r} in {path()}"
    base_url = entry.get("baseUrl", "").strip()
    if base_url:
        return config.Endpoint(config.checked_token_host(base_url, setting), None, False)
    return config.resolve_endpoint("", entry.get("region", ""), setting)
