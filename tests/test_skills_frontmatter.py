"""Every SKILL.md has the frontmatter the official Agent Skills validator and OpenClaw accept
(issue 10 §1): block YAML, a name, a short description, and `metadata.openclaw` whose
`requires.env` holds only the two credentials (every name there is mandatory for eligibility)
and no install entry OpenClaw cannot run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

ROOT_SKILL = ROOT / "SKILL.md"
SKILLS = [ROOT_SKILL, *sorted(ROOT.glob("modules/*/SKILL.md"))]
CREDENTIALS = ["HIK_CONNECT_TEAM_OPENAPI_APP_KEY", "HIK_CONNECT_TEAM_OPENAPI_SECRET_KEY"]
REFERENCE_NOTE = "Reference document of the root skill `hik-connect-team-skills`"


def frontmatter(skill: Path) -> tuple[dict, dict]:
    """The fields as the official validator reads them (strictyaml), and the nested
    `metadata.openclaw` mapping as OpenClaw reads it (nested block YAML)."""
    import strictyaml
    from skills_ref.parser import parse_frontmatter

    text = skill.read_text(encoding="utf-8")
    fields, _ = parse_frontmatter(text)
    nested = strictyaml.load(text.split("---\n", 2)[1]).data
    return fields, nested["metadata"]["openclaw"]


@pytest.mark.parametrize("skill", SKILLS, ids=lambda path: path.parent.name)
def test_frontmatter_is_block_yaml_with_only_the_credentials_required(skill):
    fields, openclaw = frontmatter(skill)

    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fields["name"])
    limit = 300 if skill == ROOT_SKILL else 400
    assert 0 < len(fields["description"]) <= limit
    assert "Use when" in fields["description"]  # what it does, and when to use it
    assert {"emoji", "primaryEnv", "requires"} <= set(openclaw)
    assert openclaw["primaryEnv"] == CREDENTIALS[0]
    assert openclaw["requires"]["env"] == CREDENTIALS
    assert "install" not in openclaw  # OpenClaw has no installer for Python libraries


@pytest.mark.parametrize("skill", SKILLS[1:], ids=lambda path: path.parent.name)
def test_module_skill_says_it_is_a_reference_document_of_the_root(skill):
    body = skill.read_text(encoding="utf-8").split("---\n", 2)[2]
    first_line = body.strip().splitlines()[0]

    assert REFERENCE_NOTE in first_line


@pytest.mark.parametrize("skill", SKILLS, ids=lambda path: path.parent.name)
def test_official_validator_accepts_the_skill_in_a_folder_named_after_it(skill, tmp_path):
    """`agentskills validate` (PyPI skills-ref) wants the folder to carry the skill's name:
    the pack is installed that way (skills/hik-connect-team-skills/)."""
    fields, _ = frontmatter(skill)
    folder = tmp_path / fields["name"]
    folder.mkdir()
    shutil.copy(skill, folder / "SKILL.md")
    validator = shutil.which("agentskills", path=str(Path(sys.executable).parent))
    assert validator, "agentskills (skills-ref) is in requirements-dev.txt"

    completed = subprocess.run([validator, "validate", str(folder)], capture_output=True,
                               text=True, timeout=60)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Valid skill" in completed.stdout


def test_validator_rejects_what_the_old_frontmatter_had(tmp_path):
    """The guard is real: a one-line JSON `metadata` (the old form) fails the validator."""
    folder = tmp_path / "hik-connect-team-skills"
    folder.mkdir()
    text = ROOT_SKILL.read_text(encoding="utf-8")
    old = re.sub(r"metadata:\n(  .*\n)+",
                 'metadata: {"openclaw": {"emoji": "x", "requires": {"env": ["A"]}}}\n', text)
    (folder / "SKILL.md").write_text(old, encoding="utf-8")
    validator = shutil.which("agentskills", path=str(Path(sys.executable).parent))

    completed = subprocess.run([validator, "validate", str(folder)], capture_output=True,
                               text=True, timeout=60)

    assert completed.returncode == 1
