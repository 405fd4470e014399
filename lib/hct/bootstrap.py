"""Start-up of every script: the pack's packages must be importable (issue 10 §2, CONTRACT
"Layout").

`hct/__init__.py` calls `ensure()` as soon as a script's path search has put `lib/` on
sys.path. When the running Python lacks a package of requirements.txt (or is older than the
pack needs) and the pack has its own virtual environment, `<pack root>/.venv` (made by
`scripts/setup.py`), the process becomes that environment's Python with the same command line:
same arguments, same stdin and stdout, nothing printed. Otherwise it answers the contract's
envelope with `DEPENDENCY_MISSING`, exit 3, and the one command that installs the packages.

The check asks the import system's own finders (already loaded at start-up), so it costs a
fraction of a millisecond and imports nothing; this file keeps to syntax every Python 3 parses,
so that an old interpreter reaches the answer instead of a SyntaxError.
"""

import os
import sys

# The import names of requirements.txt's packages (tests/test_setup_bootstrap.py keeps the two
# lists in step). `mcp` is checked by scripts/mcp_server.py alone.
REQUIRED = ("requests", "tabulate", "Crypto", "PIL", "flask", "waitress", "platformdirs",
            "paho", "redis")
MINIMUM_PYTHON = (3, 10)
PACK_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(PACK_ROOT, ".venv")
EXIT_SETUP = 3


def ensure(modules=REQUIRED):
    """Return when `modules` can be imported; else re-execute with the pack's .venv, or
    answer DEPENDENCY_MISSING and exit 3."""
    missing = [name for name in modules if not _importable(name)]
    too_old = sys.version_info < MINIMUM_PYTHON
    if not missing and not too_old:
        return
    python = venv_python()
    if os.path.isfile(python) and not _running_in(VENV):
        _become(python)
    _answer_missing(missing, too_old)


def venv_python():
    """The interpreter of the pack's own virtual environment (it may not exist yet)."""
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def setup_command():
    """The one command that creates .venv and installs requirements.txt into it."""
    script = os.path.join(PACK_ROOT, "scripts", "setup.py")
    return "python3 " + (f'"{script}"' if " " in script else script)


def _importable(name):
    if name in sys.modules:
        return True
    return any(finder.find_spec(name, None) is not None
               for finder in sys.meta_path if hasattr(finder, "find_spec"))


def _running_in(environment):
    return os.path.realpath(sys.prefix) == os.path.realpath(environment)


def _become(python):
    """Run the same command line under `python`; on POSIX this process becomes it."""
    command = [python, *sys.orig_argv[1:]] if hasattr(sys, "orig_argv") else [python, *sys.argv]
    if os.name == "nt":  # no real exec on Windows: run it and pass its exit code on
        import subprocess

        sys.exit(subprocess.call(command))
    os.execv(python, command)


def _answer_missing(missing, too_old):
    """The contract's envelope, written here: cli and its help cache may need what is missing."""
    import json

    needs = f"Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer" if too_old else ""
    what = ", ".join(filter(None, [needs, ", ".join(missing)]))
    document = {
        "success": False,
        "message": f"The pack's Python packages are not installed for {sys.executable} "
                   f"(missing: {what}).",
        "errorCode": "DEPENDENCY_MISSING",
        "data": {"missing": missing, "python": sys.executable,
                 "pythonVersion": ".".join(map(str, sys.version_info[:3])),
                 "setupCommand": setup_command()},
        "hint": f"Run once: {setup_command()} (creates {VENV} and installs requirements.txt; "
                "every script then uses it by itself)."}
    terminal = sys.stdout.isatty()
    print(json.dumps(document, ensure_ascii=False, indent=2 if terminal else None,
                     separators=None if terminal else (",", ":")))
    sys.exit(EXIT_SETUP)
