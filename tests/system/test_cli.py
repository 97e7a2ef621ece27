"""The `salonkeep` command: help, version, configuration errors, `salonkeep config`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from salonkeep import __version__
from salonkeep.cli import COMMANDS, main
from salonkeep.config import load


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private data folder; every SALONKEEP_* variable of the test run cleared, and
    whatever main() changes in os.environ put back afterwards."""
    for name in (
        "DATABASE_URL",
        "SALONKEEP_PORT",
        "SALONKEEP_DEBUG",
        "SALONKEEP_HOST",
        "SALONKEEP_SECRET_KEY",
        "SALONKEEP_LOG_LEVEL",
        "SALONKEEP_THREADS",
        "SALONKEEP_ALLOWED_HOSTS",
        "SALONKEEP_LOGIN_ATTEMPTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SALONKEEP_HOME", str(tmp_path))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tests.settings")
    return tmp_path


@pytest.mark.parametrize("flag", ["--help", "-h", "help"])
def test_it_prints_the_overview(capsys, flag):
    assert main([flag]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: salonkeep")
    for command, summary in COMMANDS.items():
        assert command in out and summary in out
    assert "--home FOLDER" in out


def test_it_prints_the_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == __version__


def test_it_refuses_a_bad_setting_before_starting(home, monkeypatch, capsys):
    monkeypatch.setenv("SALONKEEP_PORT", "abc")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err
    assert "port" in err and "'abc'" in err and "SALONKEEP_PORT" in err
    assert "whole number between 1 and 65535" in err


def test_it_refuses_a_bad_setting_for_the_default_command_too(home, monkeypatch, capsys):
    monkeypatch.setenv("SALONKEEP_DEBUG", "maybe")
    assert main([]) == 2  # would be `serve`; it never starts
    assert "true/false" in capsys.readouterr().err


def test_it_never_shows_a_bad_secret_value(home, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "mysql://root:hunter2@db/salon")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err
    assert "database_url" in err and "(hidden)" in err


def test_it_takes_the_data_folder_from_home(tmp_path, home, capsys):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "salonkeep.toml").write_text('port = "eighty"\n', encoding="utf-8")
    assert main(["--home", str(other), "config"]) == 2
    assert str(other / "salonkeep.toml") in capsys.readouterr().err


def test_it_needs_a_folder_after_home(capsys):
    assert main(["--home"]) == 2
    assert "--home needs a folder" in capsys.readouterr().err


def test_it_refuses_an_unknown_key_in_the_config_file(home, capsys):
    (home / "salonkeep.toml").write_text("prot = 8080\n", encoding="utf-8")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert "unknown setting(s): prot" in err
    assert "port" in err  # the known settings are listed


def test_it_refuses_an_unknown_machine_key(home, capsys):
    (home / "salonkeep.toml").write_text('[machine]\nprinter = "x"\n', encoding="utf-8")
    assert main(["config"]) == 2
    assert "unknown [machine] key(s): printer" in capsys.readouterr().err


def test_it_refuses_a_config_file_that_is_not_toml(home, capsys):
    (home / "salonkeep.toml").write_text("port = \n[[[", encoding="utf-8")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert "cannot be read" in err and "salonkeep.toml" in err


def test_it_runs_a_command_in_process(home, capsys):
    assert main(["config"]) == 0
    assert "database_url" in capsys.readouterr().out


# `salonkeep config`


def config_output(config, *args):
    out = StringIO()
    with override_settings(CONFIG=config):
        call_command("config", *args, stdout=out)
    return out.getvalue()


def line_for(output, name):
    return next(line for line in output.splitlines() if line.startswith(name + " "))


def test_config_says_where_each_setting_came_from(home):
    (home / "salonkeep.toml").write_text(
        'threads = 4\nlog_level = "warning"\n[machine]\nstation_name = "Front desk"\n',
        encoding="utf-8",
    )
    config = load({"SALONKEEP_HOME": str(home), "SALONKEEP_PORT": "8080", "SALONKEEP_THREADS": ""})
    output = config_output(config)
    assert "8080" in line_for(output, "port")
    assert "(environment variable SALONKEEP_PORT)" in line_for(output, "port")
    assert f"(config file {home / 'salonkeep.toml'})" in line_for(output, "threads")
    assert "  4  " in line_for(output, "threads")
    assert "(default)" in line_for(output, "host")
    assert "127.0.0.1" in line_for(output, "host")
    assert "(environment variable SALONKEEP_HOME)" in output.splitlines()[0]
    assert "Front desk" in line_for(output, "station_name")
    assert "(not set)" in line_for(output, "serial")


def test_config_masks_the_database_password_and_secret_key(home):
    config = load(
        {
            "SALONKEEP_HOME": str(home),
            "DATABASE_URL": "postgresql://salon:s3cr%40t@db.local:5432/salonkeep",
            "SALONKEEP_SECRET_KEY": "k" * 40,
        }
    )
    output = config_output(config)
    assert "postgresql://salon:********@db.local:5432/salonkeep" in line_for(output, "database_url")
    assert "s3cr" not in output
    assert "k" * 40 not in output
    assert "********" in line_for(output, "secret_key")


def test_config_explains_every_setting(home):
    from salonkeep.config import SETTINGS

    output = config_output(load({"SALONKEEP_HOME": str(home)}), "--explain")
    for setting in SETTINGS:
        assert f"{setting.env} / {setting.name}: {setting.help}" in output


def test_config_says_when_there_is_no_config_file(home):
    output = config_output(load({"SALONKEEP_HOME": str(home)}))
    assert "(not present; defaults apply)" in output
