"""The error types every script maps onto the contract's exit codes and envelope.

Each error carries the `errorCode` for the envelope, the process exit code, and a
`hint` (what to do next). Platform codes take their hint from the guide's Appendix A.4
table, kept in `data/error_codes.json`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds that `--help` must not pay

if TYPE_CHECKING:
    from typing import Any

EXIT_OK = 0
EXIT_PLATFORM = 1
EXIT_USAGE = 2
EXIT_CREDENTIALS = 3
EXIT_NETWORK = 4
EXIT_INTERNAL = 5

# Codes that mean the stored token is no good: drop it and retry once with a new one.
TOKEN_CODES = frozenset({"OPEN000006", "OPEN000007"})
# Codes that mean the credentials themselves are wrong (setup, exit 3), with what to do:
# the guide's Appendix A.4 codes, its section 3.3 example (OPEN300002) and what integrations
# meet on the live platform (OPEN300001, LAP300001; ../shared/notes/field-evidence.md).
_REGION_HINT = ("A correct key of another region gets this answer: set HIK_CONNECT_TEAM_REGION "
                "(us, eu, sgp, sa, ru) to your account's region, else check "
                "HIK_CONNECT_TEAM_OPENAPI_APP_KEY.")
_SECRET_HINT = ("The secretKey does not belong to the appKey: check "
                "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY (copy it again, without spaces).")
CREDENTIAL_HINTS = {
    "OPEN000001": "The appKey is not known at this address. " + _REGION_HINT,
    "LAP300001": "The keys are not valid in this region. " + _REGION_HINT,
    "OPEN000002": _SECRET_HINT,
    "OPEN300002": _SECRET_HINT,
    "OPEN300001": ("The appKey/secretKey pair is invalid or has no OpenAPI permission: check "
                   "both keys, and that OpenAPI access is enabled for the account."),
    "OPEN000003": "The account of these keys does not exist: check the appKey.",
    "OPEN000005": ("Linking the HCC account with the AK and SK failed: check both keys, or "
                   "try again later."),
}
CREDENTIAL_CODES = frozenset(CREDENTIAL_HINTS)
# Codes of a key the host does not know: what a correct key meets in the wrong region.
UNKNOWN_KEY_CODES = frozenset({"OPEN000001", "LAP300001"})


def _error_table() -> dict[str, dict[str, str]]:
    from hct.data_files import load

    return load("error_codes.json")


def describe_code(code: str) -> tuple[str, str]:
    """The guide's (description, suggestion) for a platform code; empty strings if unknown."""
    entry = _error_table().get(code)
    if not entry:
        return "", ""
    return entry["description"], entry["suggestion"]


def hint_for(code: str) -> str:
    """What to do next for a platform code, from Appendix A.4 (or a generic pointer)."""
    description, suggestion = describe_code(code)
    if suggestion:
        return suggestion
    if description:
        return f"{description} See Appendix A.4 of the developer guide."
    return "See the developer guide's Appendix A.4 (Status and Error Code) for this code."


class HCTError(Exception):
    """Base of every error a script reports through the envelope."""

    error_code = "INTERNAL_ERROR"
    exit_code = EXIT_INTERNAL
    default_hint = ""

    def __init__(self, message: str, *, error_code: str | None = None, hint: str | None = None,
                 data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if error_code:
            self.error_code = error_code
        self.hint = hint if hint is not None else self.default_hint
        self.data = data


class InvalidArgument(HCTError):
    error_code = "INVALID_ARGUMENT"
    exit_code = EXIT_USAGE
    default_hint = "Run the script with --help to see the accepted arguments."


class ConfigMissing(HCTError):
    error_code = "CONFIG_MISSING"
    exit_code = EXIT_CREDENTIALS
    default_hint = ("Set HIK_CONNECT_TEAM_OPENAPI_APP_KEY and HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY "
                    "(in OpenClaw: skills.entries.\"hik-connect-team-skills\".env in "
                    "~/.openclaw/openclaw.json).")


class AccountsFileInvalid(HCTError):
    """The accounts file (several accounts, hct.accounts) cannot be used as it is."""

    error_code = "ACCOUNTS_FILE_INVALID"
    exit_code = EXIT_CREDENTIALS
    default_hint = ('The accounts file is JSON: {"accounts": {"NAME": {"appKeyEnv": "VAR", '
                    '"secretKeyEnv": "VAR", "region": "eu"}}} (or appKey/secretKey), chmod 600; '
                    "see the System module's SKILL.md.")


class AuthFailed(HCTError):
    error_code = "AUTH_FAILED"
    exit_code = EXIT_CREDENTIALS
    default_hint = "Check the appKey and secretKey issued for your Hik-Connect for Teams account."


class UntrustedHost(HCTError):
    error_code = "UNTRUSTED_HOST"
    exit_code = EXIT_CREDENTIALS
    default_hint = ("The token is only sent to https://*.hikcentralconnect.com, "
                    "https://*.hikcentralconnectru.com or the configured base URL's host.")


class DirectoryRefused(HCTError):
    """The cache or runtime directory is unsafe (a symlink, another user's, writable by
    others) or unusable (a file, not writable): the token and the limiter state live there."""

    error_code = "UNSAFE_DIRECTORY"
    exit_code = EXIT_CREDENTIALS
    default_hint = ("Point HIK_CONNECT_TEAM_CACHE_DIR at a directory of your own that only you "
                    "can write (mode 0700), or remove the offending one so that it is created.")


class LockTimeout(HCTError):
    """A lock shared with other processes of the pack could not be had in time."""

    error_code = "LOCK_TIMEOUT"
    exit_code = EXIT_NETWORK
    default_hint = ("Other scripts of the pack held a shared lock for too long; try again "
                    "when they are done.")


class NetworkError(HCTError):
    error_code = "NETWORK_ERROR"
    exit_code = EXIT_NETWORK
    default_hint = "Check the network and HIK_CONNECT_TEAM_OPENAPI_BASE_URL, then try again."


class RateLimited(HCTError):
    error_code = "RATE_LIMITED"
    exit_code = EXIT_NETWORK
    default_hint = "The platform allows 5 requests per second per account; try again shortly."


class BadResponse(HCTError):
    error_code = "BAD_RESPONSE"
    exit_code = EXIT_NETWORK
    default_hint = "The platform's answer could not be read; try again later."


class PlatformError(HCTError):
    """The platform answered with a non-zero errorCode."""

    exit_code = EXIT_PLATFORM

    def __init__(self, code: str, message: str = "", *, data: Any = None) -> None:
        description, _ = describe_code(code)
        text = message or description or "The platform reported an error."
        super().__init__(f"{text} ({code})" if code not in text else text,
                         error_code=code, hint=hint_for(code), data=data)


def platform_error(code: str, message: str = "", *, data: Any = None) -> HCTError:
    """The error of a platform answer: AuthFailed (exit 3) for a credential code, with the
    platform's own code as errorCode; PlatformError (exit 1) for any other."""
    if code in CREDENTIAL_CODES:
        said = message.replace("{" + code + "}", "").strip()  # "SECRET_KEY_NOT_EQUALS{...}"
        detail = f"{said}, {code}" if said and said != code else code
        return AuthFailed(f"The platform rejected the credentials ({detail}).",
                          error_code=code, hint=CREDENTIAL_HINTS[code], data=data)
    return PlatformError(code, message, data=data)
