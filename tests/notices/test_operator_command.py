"""`salonkeep operator`: who may post for every salon."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from salonkeep.accounts.models import User


def run(*args):
    out = StringIO()
    call_command("operator", *args, stdout=out)
    return out.getvalue()


def test_it_makes_an_owner_the_operator_and_back(salon):
    assert "owner is now the installation's operator" in run("OWNER")
    assert User.objects.get(username="owner").is_superuser
    assert "owner (Rose & Thorn)" in run("--list")
    assert "is no longer" in run("owner", "--remove")
    assert not User.objects.get(username="owner").is_superuser
    assert "No operators yet." in run("--list")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stylist",), "only an owner or manager"),
        (("nobody",), "no login called"),
        ((), "Name a login"),
    ],
)
def test_it_refuses_what_it_cannot_do(salon, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not User.objects.filter(is_superuser=True).exists()
