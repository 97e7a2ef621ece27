"""`salonkeep createuser`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from salonkeep.accounts import command_line
from salonkeep.accounts.models import Role, User
from salonkeep.activity.models import ActivityEntry

SECRET = "fern-lantern-copper-8"


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return str(path)


def run(**options):
    out = StringIO()
    call_command("createuser", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def options(password_file, **overrides):
    return {
        "username": "dee",
        "role": "front_desk",
        "name": "Dee Desk",
        "password_file": password_file,
        "interactive": False,
        **overrides,
    }


def test_it_adds_a_login_to_the_only_salon(salon, password_file):
    output = run(**options(password_file, email="dee@example.com"))
    dee = User.objects.get(username="dee")
    assert (dee.business, dee.role) == (salon.business, Role.FRONT_DESK)
    assert (dee.first_name, dee.last_name, dee.email) == ("Dee", "Desk", "dee@example.com")
    assert dee.check_password(SECRET)
    assert "Added the login “dee” (Front desk) to Rose & Thorn." in output


def test_it_logs_the_new_login_as_made_by_the_command_line(salon, password_file):
    run(**options(password_file))
    entry = ActivityEntry.objects.get(
        model="accounts.user", action="created", actor_name="command line"
    )
    assert entry.business == salon.business
    assert entry.actor is None
    assert SECRET not in str(entry.changes)


def test_it_adds_to_the_salon_named_by_slug(salon, other, password_file):
    run(**options(password_file, business=other.business.slug, role="owner"))
    dee = User.objects.get(username="dee")
    assert (dee.business, dee.role) == (other.business, Role.OWNER)


def test_it_needs_business_when_there_are_several(salon, other, password_file):
    with pytest.raises(CommandError) as raised:
        run(**options(password_file))
    assert "--business" in str(raised.value)
    assert salon.business.slug in str(raised.value) and other.business.slug in str(raised.value)
    assert not User.objects.filter(username="dee").exists()


def test_it_refuses_an_unknown_slug(salon, password_file):
    with pytest.raises(CommandError, match="No salon has the slug “nowhere”"):
        run(**options(password_file, business="nowhere"))


def test_it_explains_there_is_no_salon_yet(db, password_file):
    with pytest.raises(CommandError, match="createbusiness"):
        run(**options(password_file))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "Stylist"}, "--username: The username “Stylist” is taken."),
        ({"username": "other_owner"}, "is taken"),
        ({"username": "has space"}, "--username: Enter a valid username"),
        ({"name": "n" * 151}, "--name: Ensure this value has at most 150 characters"),
        ({"email": "not-mail"}, "--email: Enter a valid email address."),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(salon, other, password_file, overrides, message):
    count = User.objects.count()
    with pytest.raises(CommandError) as raised:
        run(**options(password_file, business=salon.business.slug, **overrides))
    assert message in str(raised.value)
    assert User.objects.count() == count


def test_it_refuses_an_unknown_role(salon, password_file):
    values = options(password_file)
    del values["role"]
    with pytest.raises(CommandError, match="invalid choice: 'boss'"):
        call_command("createuser", "--role", "boss", stdout=StringIO(), **values)


def test_it_refuses_a_weak_password(salon, tmp_path):
    path = tmp_path / "weak.txt"
    path.write_text("123\n", encoding="utf-8")
    with pytest.raises(CommandError, match="password: This password is too short"):
        run(**options(str(path)))
    assert not User.objects.filter(username="dee").exists()


@pytest.mark.parametrize("missing", ["username", "role", "name"])
def test_it_names_a_missing_option_without_a_terminal(salon, password_file, missing):
    values = options(password_file)
    del values[missing]
    with pytest.raises(CommandError, match=f"--{missing} is required"):
        run(**values)


def test_it_needs_a_password_without_a_terminal(salon):
    with pytest.raises(CommandError, match="--password-file"):
        run(**options(None))


def test_it_asks_at_a_terminal(salon, monkeypatch):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)
    answers = iter(["sky", "Sky Blue", "stylist"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    typed = iter([SECRET, SECRET])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    run()
    sky = User.objects.get(username="sky")
    assert sky.role == Role.STYLIST and sky.check_password(SECRET)


def test_it_refuses_a_role_typed_wrongly_at_the_terminal(salon, monkeypatch, password_file):
    monkeypatch.setattr(command_line, "stdin_is_terminal", lambda: True)
    answers = iter(["sky", "Sky Blue", "boss"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="--role: Select a valid choice"):
        run(password_file=password_file)


def test_its_help_documents_every_option_and_role(capsys):
    with pytest.raises(SystemExit):
        call_command("createuser", "--help")
    text = capsys.readouterr().out
    for option in ("--business", "--username", "--role", "--name", "--email", "--password-file"):
        assert option in text
    for role in Role:
        assert role.value in text
    assert "examples:" in text
