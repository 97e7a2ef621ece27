"""`salonkeep createbusiness`."""

from datetime import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from salonkeep.accounts import command_line
from salonkeep.accounts.models import Business, Location, OpeningHours, Role, User
from salonkeep.activity.models import ActivityEntry
from salonkeep.team.models import TeamMember

SECRET = "fern-lantern-copper-8"


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return str(path)


def run(*args, **options):
    out = StringIO()
    call_command("createbusiness", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def full_options(password_file, **overrides):
    return {
        "name": "Cut Above",
        "owner_username": "niamh",
        "owner_name": "Niamh Byrne",
        "owner_password_file": password_file,
        "interactive": False,
        **overrides,
    }


def test_it_creates_a_salon_with_location_hours_owner_and_team_member(db, password_file):
    output = run(
        "--currency",
        "eur",
        **full_options(
            password_file, slug="cut", time_zone="Europe/Dublin", location="Grafton Street"
        ),
    )
    business = Business.objects.get(slug="cut")
    assert (business.name, business.currency, business.time_zone) == (
        "Cut Above",
        "EUR",
        "Europe/Dublin",
    )
    location = Location.objects.get(business=business)
    assert location.name == "Grafton Street"
    hours = OpeningHours.objects.filter(location=location)
    assert sorted(hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4, 5]
    assert {(h.opens, h.closes) for h in hours} == {(time(9), time(18))}
    owner = User.objects.get(username="niamh")
    assert (owner.business, owner.role) == (business, Role.OWNER)
    assert owner.check_password(SECRET)
    assert TeamMember.objects.get(user=owner).name == "Niamh Byrne"
    assert "Cut Above" in output and "slug cut" in output and "niamh" in output


def test_it_uses_the_documented_defaults(db, password_file):
    run(**full_options(password_file))
    business = Business.objects.get()
    assert (business.slug, business.currency, business.time_zone) == (
        "cut-above",
        "GBP",
        "Europe/London",
    )
    assert Location.objects.get(business=business).name == "Main salon"


def test_it_logs_the_changes_as_made_by_the_command_line(db, password_file):
    run(**full_options(password_file))
    names = set(ActivityEntry.objects.values_list("actor_name", flat=True))
    assert names == {"command line"}
    assert ActivityEntry.objects.filter(model="accounts.business", action="created").exists()


def test_it_adds_a_second_salon_next_to_the_first(salon, password_file):
    run(**full_options(password_file, name="Rose & Thorn"))
    assert Business.objects.filter(name="Rose & Thorn").count() == 2
    assert Business.objects.filter(slug="rose-thorn-2").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "--time-zone: “Mars/Olympus_Mons” is not a time zone"),
        ({"owner_username": "owner"}, "--owner-username: That username is taken."),
        ({"owner_username": "OWNER"}, "--owner-username: That username is taken."),
        ({"owner_username": "two words"}, "--owner-username: Enter a valid username"),
        ({"name": "???"}, "--name: The salon name needs at least one letter or digit."),
        ({"name": "x" * 121}, "--name: Ensure this value has at most 120 characters"),
        ({"slug": "rose-thorn"}, "--slug “rose-thorn” is taken"),
        ({"slug": "no spaces"}, "--slug “no spaces” may only hold letters, digits"),
        ({"slug": "s" * 61}, "--slug is longer than 60 characters"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(salon, password_file, overrides, message):
    before = (Business.objects.count(), User.objects.count())
    with pytest.raises(CommandError) as raised:
        run(**full_options(password_file, **overrides))
    assert message in str(raised.value)
    assert (Business.objects.count(), User.objects.count()) == before


def test_it_refuses_an_unknown_currency(db, password_file):
    with pytest.raises(CommandError, match="invalid choice: 'XYZ'"):
        run("--currency", "xyz", **full_options(password_file))
    assert not Business.objects.exists()


def test_it_refuses_a_weak_password(db, tmp_path):
    weak = tmp_path / "weak.txt"
    weak.write_text("niamh\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(**full_options(str(weak)))
    assert "password: This password is too short" in str(raised.value)
    assert not Business.objects.exists()


def test_it_keeps_spaces_inside_the_password_file_line(db, tmp_path):
    path = tmp_path / "spaced.txt"
    path.write_text(" leading and trailing spaces \r\n", encoding="utf-8")
    run(**full_options(str(path)))
    assert User.objects.get(username="niamh").check_password(" leading and trailing spaces ")


@pytest.mark.parametrize("content", ["", "\n"])
def test_it_refuses_an_empty_password_file(db, tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="is empty"):
        run(**full_options(str(path)))


def test_it_refuses_a_missing_password_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read the password file"):
        run(**full_options(str(tmp_path / "nope.txt")))


def test_it_needs_a_password_without_a_terminal(db):
    with pytest.raises(CommandError, match="--owner-password-file"):
        run(**full_options(None))
    assert not Business.objects.exists()


@pytest.mark.parametrize("missing", ["name", "owner_username", "owner_name"])
def test_it_names_a_missing_option_without_a_terminal(db, password_file, missing):
    options = full_options(password_file)
    del options[missing]
    with pytest.raises(CommandError, match=f"--{missing.replace('_', '-')} is required"):
        run(**options)


def test_it_checks_the_other_values_before_asking_for_the_password(salon, monkeypatch):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)

    def no_prompt(prompt=""):
        raise AssertionError("asked for a password although the username is taken")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    with pytest.raises(CommandError, match="taken"):
        run(name="Second", location="Annex", owner_username="owner", owner_name="Someone")


def test_it_asks_for_missing_values_and_the_password_at_a_terminal(db, monkeypatch):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)
    answers = iter(["Studio Nine", "", "nina", "Nina Novak"])  # "" takes the default location
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    typed = iter(["mismatch-one-1", "mismatch-two-2", SECRET, SECRET])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    run()
    owner = User.objects.get(username="nina")
    assert owner.check_password(SECRET)
    assert owner.business.name == "Studio Nine"
    assert Location.objects.get(business=owner.business).name == "Main salon"


def test_it_asks_again_for_a_password_that_breaks_the_rules(db, monkeypatch, capsys):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)
    typed = iter(["nina", "nina", SECRET, SECRET])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    run(name="Studio Nine", location="Main", owner_username="nina", owner_name="Nina Novak")
    assert "too short" in capsys.readouterr().err
    assert User.objects.get(username="nina").check_password(SECRET)


def test_it_gives_up_after_three_failed_tries(db, monkeypatch):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)
    typed = iter(["a-first-try-1", "b-other-1", "", "12345678", "12345678"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    with pytest.raises(CommandError, match="No password set after 3 tries"):
        run(name="Studio Nine", location="Main", owner_username="nina", owner_name="Nina Novak")
    assert not Business.objects.exists()


def test_it_never_asks_with_no_input_even_at_a_terminal(db, monkeypatch):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("asked"))
    with pytest.raises(CommandError, match="--name is required"):
        run(interactive=False)


def test_it_reads_the_password_from_standard_input(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO(SECRET + "\n"))
    run(**full_options("-"))
    assert User.objects.get(username="niamh").check_password(SECRET)


def test_its_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("createbusiness", "--help")
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for option in (
        "--name",
        "--slug",
        "--currency",
        "--time-zone",
        "--location",
        "--owner-username",
        "--owner-name",
        "--owner-password-file",
        "--no-input",
    ):
        assert option in text
    assert "examples:" in text
    assert "Monday to Saturday" in text
