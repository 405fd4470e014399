"""The pack in the real OpenClaw (issue 10 §3): npm's `openclaw` 2026.9.6 finds the pack in a
temporary HOME's skills directory, names it, keeps it away from the model until both
credentials are set (in the environment, or as `skills.entries."hik-connect-team-skills".env`
in openclaw.json), and then puts its description in the model's skill list.

OpenClaw lives where `.ci/run` installs it (`HCT_OPENCLAW_DIR`, default
~/.cache/hik-connect-team-ci/openclaw: npm's node and openclaw). Outside CI the tests skip when
it is not there. Every OpenClaw process runs in a network namespace of its own when the
machine allows one (`unshare -n`): nothing can reach a gateway, a model or any outside service.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_setup_bootstrap import copy_pack

from conftest import ROOT

SKILL_NAME = "hik-connect-team-skills"
CREDENTIALS = {"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": "demo-app-key",
               "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY": "demo-secret-key"}
OPENCLAW_DIR = Path(os.environ.get("HCT_OPENCLAW_DIR")
                    or Path.home() / ".cache/hik-connect-team-ci/openclaw")
NODE = OPENCLAW_DIR / "node_modules/.bin/node"
OPENCLAW = OPENCLAW_DIR / "node_modules/openclaw/openclaw.mjs"
# OpenClaw's own code builds the <available_skills> text the model reads (buildSkillSnapshot).
PROMPT_PROBE = """
import { readdirSync } from "node:fs";
import { join } from "node:path";
const [dist, workspace] = process.argv.slice(-2);
const file = readdirSync(dist).find((name) => /^workspace-skill-prompt-.*\\.mjs$/.test(name));
const chunk = await import(join(dist, file));
const build = Object.values(chunk).find((value) => value.name === "buildSkillSnapshot");
const snapshot = await build(workspace, {});
process.stdout.write(JSON.stringify({prompt: snapshot.prompt}));
"""

if not (NODE.exists() and OPENCLAW.exists()):
    if os.environ.get("CI"):
        raise RuntimeError(f"OpenClaw is missing in {OPENCLAW_DIR}: .ci/run installs it")
    pytest.skip(f"OpenClaw is not installed in {OPENCLAW_DIR} (.ci/run installs it)",
                allow_module_level=True)


def isolated() -> list[str]:
    """A private network namespace (loopback only) where the machine allows one."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.fixture
def home(tmp_path) -> Path:
    """A HOME whose OpenClaw skills directory holds the pack, as a user installs it."""
    home = tmp_path / "home"
    copy_pack(home / ".openclaw/skills" / SKILL_NAME)
    return home


def openclaw_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HIK_", "OPENCLAW_"))}
    env.update({"HOME": str(home), "PATH": f"{NODE.parent}{os.pathsep}{env['PATH']}",
                "NO_COLOR": "1", **(extra or {})})
    return env


def openclaw(home: Path, *args: str, env: dict[str, str] | None = None,
             json_output: bool = True) -> dict | str:
    completed = subprocess.run(
        [*isolated(), str(NODE), str(OPENCLAW), *args, *(["--json"] if json_output else [])],
        capture_output=True, text=True, timeout=180, cwd=home, env=openclaw_env(home, env))
    assert completed.returncode == 0, completed.stdout[-1000:] + completed.stderr[-2000:]
    return json.loads(completed.stdout) if json_output else completed.stdout


def model_prompt(home: Path, env: dict[str, str] | None = None) -> str:
    workspace = home / ".openclaw/workspace"  # OpenClaw's default agent workspace
    workspace.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [*isolated(), str(NODE), "--input-type=module", "-e", PROMPT_PROBE,
         str(OPENCLAW.parent / "dist"), str(workspace)],
        capture_output=True, text=True, timeout=180, cwd=home, env=openclaw_env(home, env))
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout)["prompt"]


def skill_description() -> str:
    from skills_ref.parser import parse_frontmatter

    fields, _ = parse_frontmatter((ROOT / "SKILL.md").read_text(encoding="utf-8"))
    return fields["description"]


def test_found_and_named_but_not_ready_without_the_credentials(home):
    info = openclaw(home, "skills", "info", SKILL_NAME)
    listed = openclaw(home, "skills", "list")["skills"]

    assert info["name"] == SKILL_NAME and info["description"] == skill_description()
    assert Path(info["baseDir"]) == home / ".openclaw/skills" / SKILL_NAME
    assert info["primaryEnv"] == "HIK_CONNECT_TEAM_OPENAPI_APP_KEY"
    assert info["requirements"]["env"] == list(CREDENTIALS)
    assert info["missing"]["env"] == list(CREDENTIALS)
    assert info["eligible"] is False and info["modelVisible"] is False
    assert info["install"] == []  # no install entry OpenClaw would drop or misuse
    # one skill: the module SKILL.md files are its reference documents, not skills
    assert [skill["name"] for skill in listed if skill["name"].startswith("hik-")] == [SKILL_NAME]
    assert "<name>hik-connect-team-skills</name>" not in model_prompt(home)


def test_ready_with_the_two_variables_in_the_environment(home):
    info = openclaw(home, "skills", "info", SKILL_NAME, env=CREDENTIALS)
    prompt = model_prompt(home, CREDENTIALS)

    assert info["eligible"] is True and info["modelVisible"] is True
    assert info["missing"]["env"] == []
    entry = prompt[prompt.index(f"<name>{SKILL_NAME}</name>"):].split("</skill>", 1)[0]
    assert f"<description>{skill_description()}</description>" in entry
    assert f"<location>~/.openclaw/skills/{SKILL_NAME}/SKILL.md</location>" in entry


def test_one_variable_is_not_enough(home):
    only_key = {"HIK_CONNECT_TEAM_OPENAPI_APP_KEY": "demo-app-key"}

    info = openclaw(home, "skills", "info", SKILL_NAME, env=only_key)

    assert info["eligible"] is False
    assert info["missing"]["env"] == ["HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY"]


def test_openclaw_skills_install_takes_the_pack_folder(tmp_path):
    """The README's other way in: `openclaw skills install <pack dir>` (a local copy)."""
    source, home = copy_pack(tmp_path / "download"), tmp_path / "home"
    home.mkdir()

    openclaw(home, "skills", "install", str(source), json_output=False)
    info = openclaw(home, "skills", "info", SKILL_NAME, env=CREDENTIALS)

    installed = home / ".openclaw/workspace/skills" / SKILL_NAME
    assert Path(info["baseDir"]) == installed and info["eligible"] is True
    assert (installed / "modules/Hik-Connect_Team_ACS/scripts/acs_control.py").exists()


def test_ready_with_the_credentials_in_openclaw_json(home):
    """What the README tells users to write: skills.entries."hik-connect-team-skills".env."""
    config = {"skills": {"entries": {SKILL_NAME: {"env": CREDENTIALS}}}}
    (home / ".openclaw/openclaw.json").write_text(json.dumps(config))

    info = openclaw(home, "skills", "info", SKILL_NAME)
    checked = openclaw(home, "skills", "check")

    assert info["eligible"] is True and info["modelVisible"] is True
    assert info["missing"]["env"] == []
    assert SKILL_NAME in json.dumps(checked)


def test_openclaw_reaches_the_mcp_server_with_its_own_client(home):
    """README's OpenClaw MCP line: `openclaw mcp set` then OpenClaw's own probe lists the
    compact tools (the server starts, answers initialize and tools/list; no tool is called)."""
    from hct import mcp_tools

    server = {"command": sys.executable, "args": [str(ROOT / "scripts/mcp_server.py")],
              "env": CREDENTIALS}
    openclaw(home, "mcp", "set", "hik", json.dumps(server), json_output=False)

    probe = openclaw(home, "mcp", "probe", "hik")

    assert probe["servers"]["hik"]["tools"] == len(mcp_tools.COMPACT)
    assert sorted(probe["tools"]) == sorted(
        f"hik__{path.stem}" for path in mcp_tools.select_scripts([]))
