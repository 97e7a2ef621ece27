"""Staff logins: listing and adding."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.accounts.models import Role, User
from salonkeep.activity.models import ActivityEntry

LIST = reverse("accounts:logins")
NEW = reverse("accounts:login_new")
NEW_PASSWORD = "plum-velvet-scissors-9"


def new_login(**overrides):
    return {
        "username": "kim",
        "name": "Kim Lee Park",
        "role": Role.STYLIST,
        "email": "kim@example.com",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        **overrides,
    }


def edit_url(login):
    return reverse("accounts:login_edit", args=[login.pk])


def test_it_lists_the_businesss_logins_only(as_owner, salon, other):
    response = as_owner.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    for login in (salon.owner, salon.manager, salon.front_desk, salon.stylist):
        assert edit_url(login) in text
    assert "other_owner" not in text
    assert edit_url(other.stylist) not in text


def test_it_shows_a_manager_edit_links_for_front_desk_and_stylists_only(as_manager, salon):
    text = as_manager.get(LIST).content.decode()
    assert edit_url(salon.stylist) in text
    assert edit_url(salon.front_desk) in text
    assert edit_url(salon.owner) not in text
    assert edit_url(salon.manager) not in text


def test_it_marks_inactive_logins(as_owner, salon):
    salon.stylist.is_active = False
    salon.stylist.save()
    assert "inactive" in as_owner.get(LIST).content.decode()


def test_it_adds_a_login(as_owner, salon):
    response = as_owner.post(NEW, new_login(role=Role.MANAGER))
    assert response.status_code == 302
    assert response.url == LIST
    kim = User.objects.get(username="kim")
    assert kim.business == salon.business
    assert kim.role == Role.MANAGER
    assert (kim.first_name, kim.last_name, kim.email) == ("Kim", "Lee Park", "kim@example.com")
    assert kim.is_active and kim.check_password(NEW_PASSWORD)
    assert not kim.is_staff and not kim.is_superuser
    entry = ActivityEntry.objects.get(model="accounts.user", object_id=str(kim.pk))
    assert entry.actor == salon.owner and entry.action == "created"
    assert entry.changes["password"] == [None, "(set)"]
    assert NEW_PASSWORD not in str(entry.changes)


def test_the_new_login_can_log_in(as_owner):
    as_owner.post(NEW, new_login())
    http = HttpClient()
    response = http.post(reverse("login"), {"username": "kim", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_manager_adds_front_desk_and_stylist_logins(as_manager, salon):
    assert as_manager.post(NEW, new_login(role=Role.FRONT_DESK)).status_code == 302
    assert User.objects.get(username="kim").role == Role.FRONT_DESK


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER])
def test_a_manager_cannot_add_owners_or_managers(as_manager, role):
    response = as_manager.post(NEW, new_login(role=role))
    assert response.status_code == 200
    assert "valid choice" in " ".join(response.context["form"].errors["role"])
    assert not User.objects.filter(username="kim").exists()


def test_it_suggests_the_stylist_role(as_owner):
    assert as_owner.get(NEW).context["form"]["role"].value() == Role.STYLIST


def test_it_offers_a_manager_only_the_roles_they_may_give(as_manager):
    choices = [value for value, _ in as_manager.get(NEW).context["form"].fields["role"].choices]
    assert choices == [Role.FRONT_DESK, Role.STYLIST]


@pytest.mark.parametrize("taken", ["stylist", "STYLIST", "Other_Owner", " stylist "])
def test_it_refuses_a_username_taken_anywhere_ignoring_case(as_owner, other, taken):
    response = as_owner.post(NEW, new_login(username=taken))
    assert response.status_code == 200
    assert "taken" in " ".join(response.context["form"].errors["username"])
    assert User.objects.filter(username__iexact=taken.strip()).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password_again": "different-thing-42"}, "password_again", "differ"),
        ({"password": "abc", "password_again": "abc"}, "password", "too short"),
        ({"password": "password1", "password_again": "password1"}, "password", "too common"),
        ({"password": "58203948571", "password_again": "58203948571"}, "password", "numeric"),
        (
            {
                "username": "kimberley2000",
                "password": "kimberley2000",
                "password_again": "kimberley2000",
            },
            "password",
            "similar",
        ),
        ({"username": "kim lee"}, "username", "valid username"),
        ({"username": "k" * 151}, "username", "at most 150"),
        ({"name": ""}, "name", "required"),
        ({"name": "n" * 151}, "name", "at most 150"),
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"role": "superuser"}, "role", "valid choice"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_owner, overrides, field, message):
    count = User.objects.count()
    response = as_owner.post(NEW, new_login(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == count


def test_it_shows_password_rules_as_plain_text(as_owner):
    text = as_owner.get(NEW).content.decode()
    assert "at least 8 characters" in text
    assert "&lt;li&gt;" not in text


@pytest.mark.parametrize("url", [LIST, NEW])
def test_it_refuses_front_desk_and_stylists(as_front_desk, as_stylist, url):
    assert as_front_desk.get(url).status_code == 403
    assert as_stylist.get(url).status_code == 403


def test_a_stylist_cannot_add_a_login(as_stylist):
    assert as_stylist.post(NEW, new_login()).status_code == 403
    assert not User.objects.filter(username="kim").exists()


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().post(NEW, new_login())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not User.objects.filter(username="kim").exists()


def test_it_refuses_other_methods(as_owner):
    assert as_owner.post(LIST).status_code == 405
    assert as_owner.delete(NEW).status_code == 405
