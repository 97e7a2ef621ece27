"""The strict parsers and the order of precedence in salonkeep.config."""

import os
import stat

import pytest

from salonkeep import config
from salonkeep.config import ConfigError, Resolved, load


def test_it_reads_a_sqlite_url():
    assert config.parse_database_url("sqlite:////var/lib/salonkeep/db.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/var/lib/salonkeep/db.sqlite3",
    }


def test_it_reads_a_sqlite_path_with_escaped_characters():
    parsed = config.parse_database_url("sqlite:////srv/my%20salon/db.sqlite3")
    assert parsed["NAME"] == "/srv/my salon/db.sqlite3"


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///", "sqlite:////", "sqlite://host/path.db", "sqlite:///rel.db"]
)
def test_it_refuses_a_sqlite_url_without_an_absolute_path(url):
    with pytest.raises(ValueError, match="sqlite:////absolute/path"):
        config.parse_database_url(url)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_it_reads_a_postgresql_url(scheme):
    parsed = config.parse_database_url(f"{scheme}://salon:p%40ss%3Aword@db.example:6543/salonkeep")
    assert parsed == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "salonkeep",
        "USER": "salon",
        "PASSWORD": "p@ss:word",
        "HOST": "db.example",
        "PORT": "6543",
    }


def test_it_reads_a_postgresql_url_without_credentials_or_port():
    parsed = config.parse_database_url("postgresql:///salonkeep")
    assert parsed["NAME"] == "salonkeep"
    assert (parsed["USER"], parsed["PASSWORD"], parsed["HOST"], parsed["PORT"]) == ("", "", "", "")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://u:p@host:5432/", "names no database"),
        ("postgresql://u:p@host:port/db", "port that is not a number"),
        ("mysql://u:p@host/db", "must start with sqlite:/// or postgresql://"),
        ("", "must start with"),
        ("just words", "must start with"),
    ],
)
def test_it_refuses_a_bad_database_url(url, message):
    with pytest.raises(ValueError, match=message):
        config.parse_database_url(url)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("Off", False),
    ],
)
def test_it_reads_yes_and_no(text, value):
    assert config.parse_bool(text) is value


@pytest.mark.parametrize("text", ["", "maybe", "2", "y"])
def test_it_refuses_anything_else_as_yes_or_no(text):
    with pytest.raises(ValueError, match="true/false"):
        config.parse_bool(text)


def test_it_reads_a_number_in_range():
    parse = config.int_between(1, 64)
    assert parse(" 8 ") == 8
    assert parse("1") == 1 and parse("64") == 64


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "between 1 and 64"),
        ("65", "between 1 and 64"),
        ("eight", "whole number"),
        ("4.5", "whole number"),
    ],
)
def test_it_refuses_a_number_out_of_range(text, message):
    with pytest.raises(ValueError, match=message):
        config.int_between(1, 64)(text)


def test_it_reads_host_lists_and_log_levels():
    assert config.parse_host_list(" salon.local, 192.168.1.5 ,") == ["salon.local", "192.168.1.5"]
    assert config.parse_log_level("warning") == "WARNING"
    with pytest.raises(ValueError, match="names no host"):
        config.parse_host_list(" , ")
    with pytest.raises(ValueError, match="DEBUG, INFO"):
        config.parse_log_level("loud")


def test_it_refuses_a_short_secret_key():
    assert config.parse_secret_key("x" * 32) == "x" * 32
    with pytest.raises(ValueError, match="shorter than 32"):
        config.parse_secret_key("x" * 31)


@pytest.mark.parametrize(
    ("platform", "environ", "expected_end"),
    [
        ("linux", {"XDG_DATA_HOME": "/data"}, "/data/salonkeep"),
        ("linux", {}, ".local/share/salonkeep"),
        ("darwin", {}, "Library/Application Support/Salonkeep"),
        ("win32", {"LOCALAPPDATA": "C:/Users/amy/AppData/Local"}, "AppData/Local/Salonkeep"),
    ],
)
def test_it_picks_the_documented_data_folder(platform, environ, expected_end):
    assert config.default_home(environ, platform).as_posix().endswith(expected_end)


# load(): precedence, sources, errors


def test_it_prefers_environment_over_file_over_default(tmp_path):
    (tmp_path / "salonkeep.toml").write_text("port = 9000\nthreads = 3\n", encoding="utf-8")
    loaded = load({"SALONKEEP_HOME": str(tmp_path), "SALONKEEP_PORT": "9100"})
    assert loaded["port"] == 9100
    assert loaded.values["port"].source == "environment variable SALONKEEP_PORT"
    assert loaded["threads"] == 3
    assert loaded.values["threads"].source.startswith("config file")
    assert loaded["host"] == "127.0.0.1"
    assert loaded.values["host"].source == "default"


def test_an_empty_environment_variable_counts_as_unset(tmp_path):
    loaded = load({"SALONKEEP_HOME": str(tmp_path), "SALONKEEP_PORT": ""})
    assert loaded["port"] == 8000


def test_it_reads_booleans_and_lists_from_the_file(tmp_path):
    (tmp_path / "salonkeep.toml").write_text(
        'debug = true\nallowed_hosts = ["a.local", "b.local"]\n', encoding="utf-8"
    )
    loaded = load({"SALONKEEP_HOME": str(tmp_path)})
    assert loaded["debug"] is True
    assert loaded["allowed_hosts"] == ["a.local", "b.local"]


def test_it_puts_the_default_database_in_the_data_folder(tmp_path):
    loaded = load({"SALONKEEP_HOME": str(tmp_path)})
    database = loaded["database_url"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "salonkeep.sqlite3")


def test_it_generates_the_secret_key_once_and_keeps_it_private(tmp_path):
    first = load({"SALONKEEP_HOME": str(tmp_path)})["secret_key"]
    second = load({"SALONKEEP_HOME": str(tmp_path)})["secret_key"]
    assert first == second and len(first) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_it_names_the_setting_its_value_and_source_in_errors(tmp_path):
    (tmp_path / "salonkeep.toml").write_text('log_level = "chatty"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load({"SALONKEEP_HOME": str(tmp_path)})
    message = str(raised.value)
    assert "log_level" in message and "'chatty'" in message and "config file" in message


def test_it_refuses_a_data_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be created"):
        load({"SALONKEEP_HOME": str(blocker / "home")})


def test_it_refuses_a_machine_section_that_is_not_a_table(tmp_path):
    (tmp_path / "salonkeep.toml").write_text('machine = "front desk"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[machine\] must be a table"):
        load({"SALONKEEP_HOME": str(tmp_path)})


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("postgresql://u:pw@h/db", "postgresql://u:********@h/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("sqlite:////x.db", "sqlite:////x.db"),
        ("anything-else", "********"),
    ],
)
def test_it_masks_secret_values(raw, shown):
    assert Resolved(None, raw, "default", secret=True).shown() == shown
    assert Resolved(None, raw, "default", secret=False).shown() == raw
