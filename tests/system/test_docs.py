"""The docs stay true: every command and setting is documented, every command's --help
works, and the README gives the two commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from salonkeep.cli import COMMANDS
from salonkeep.config import MACHINE_KEYS, SETTINGS

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
ADMIN_GUIDE = ROOT / "docs" / "admin-guide.md"


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_it_gives_the_two_commands_in_the_readme(command):
    assert f"`{command}`" in text(README) or f"\n{command}\n" in text(README)


def test_it_runs_the_readme_test_command_in_ci():
    lines = [line.strip() for line in text(ROOT / ".ci" / "run").splitlines()]
    assert "make test" in lines


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_it_documents_every_command(command):
    assert f"salonkeep {command}" in text(ADMIN_GUIDE), (
        f"`salonkeep {command}` is not described in docs/admin-guide.md"
    )


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_it_documents_every_setting(setting):
    guide = text(ADMIN_GUIDE)
    rows = [line for line in guide.splitlines() if line.startswith("|")]
    assert any(f"`{setting.env}`" in row and f"`{setting.name}`" in row for row in rows), (
        f"docs/admin-guide.md has no table row naming {setting.env} and {setting.name}"
    )


@pytest.mark.parametrize("key", sorted(MACHINE_KEYS))
def test_it_documents_every_machine_key(key):
    assert f"`{key}`" in text(ADMIN_GUIDE)


def test_it_has_no_broken_links_between_the_docs():
    for document in (README, ADMIN_GUIDE):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text(document)):
            assert (document.parent / target).exists(), f"{document.name} links to {target}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_it_gives_help_for_every_command(command):
    app = get_commands().get(command)
    assert app is not None, f"`salonkeep {command}` is in cli.COMMANDS but no such command exists"
    management_command = load_command_class(app, command)
    assert management_command.help, f"`salonkeep {command}` has no help text"
    help_text = management_command.create_parser("salonkeep", command).format_help()
    assert "--help" in help_text


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_it_prints_help_from_the_command_line(command, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "salonkeep", "--home", str(tmp_path), command, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"salonkeep {command}" in result.stdout


def test_it_lists_every_command_in_the_overview():
    result = subprocess.run(
        [sys.executable, "-m", "salonkeep", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in COMMANDS:
        assert f"  {command} " in result.stdout
