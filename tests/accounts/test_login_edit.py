"""Changing a staff login: role, name, active; new password; deactivation."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.accounts.models import Role, User
from salonkeep.activity.models import ActivityEntry
from tests.conftest import PASSWORD, logged_in

NEW_PASSWORD = "plum-velvet-scissors-9"


def edit_url(login):
    return reverse("accounts:login_edit", args=[login.pk])


def password_url(login):
    return reverse("accounts:login_password", args=[login.pk])


def deactivate_url(login):
    return reverse("accounts:login_deactivate", args=[login.pk])


def fresh(login):
    return User.objects.get(pk=login.pk)


def edit_data(**overrides):
    return {
        "name": "Sam Stylist",
        "role": Role.STYLIST,
        "email": "",
        "is_active": "on",
        **overrides,
    }


def can_log_in(username, password=PASSWORD):
    response = HttpClient().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


# Editing


def test_it_shows_the_edit_form_filled_in(as_owner, salon):
    salon.stylist.first_name, salon.stylist.last_name = "Sam", "Stylist"
    salon.stylist.save()
    response = as_owner.get(edit_url(salon.stylist))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "name": "Sam Stylist",
        "role": Role.STYLIST,
        "email": "",
        "is_active": True,
    }


def test_it_changes_role_name_and_email(as_owner, salon):
    response = as_owner.post(
        edit_url(salon.stylist),
        edit_data(name="Sam de la Cruz", role=Role.FRONT_DESK, email="sam@example.com"),
    )
    assert response.status_code == 302
    stylist = fresh(salon.stylist)
    assert stylist.role == Role.FRONT_DESK
    assert (stylist.first_name, stylist.last_name) == ("Sam", "de la Cruz")
    assert stylist.email == "sam@example.com"
    entry = ActivityEntry.objects.get(
        model="accounts.user", object_id=str(stylist.pk), action="changed"
    )
    assert entry.actor == salon.owner
    assert entry.changes["role"] == ["stylist", "front_desk"]


def test_an_owner_makes_another_owner(as_owner, salon):
    as_owner.post(edit_url(salon.manager), edit_data(role=Role.OWNER))
    assert fresh(salon.manager).role == Role.OWNER


def test_a_manager_edits_a_stylist(as_manager, salon):
    response = as_manager.post(edit_url(salon.stylist), edit_data(role=Role.FRONT_DESK))
    assert response.status_code == 302
    assert fresh(salon.stylist).role == Role.FRONT_DESK


def test_a_manager_cannot_promote_to_manager(as_manager, salon):
    response = as_manager.post(edit_url(salon.stylist), edit_data(role=Role.MANAGER))
    assert response.status_code == 200
    assert "valid choice" in " ".join(response.context["form"].errors["role"])
    assert fresh(salon.stylist).role == Role.STYLIST


@pytest.mark.parametrize("target", ["owner", "manager"])
def test_a_manager_cannot_touch_owner_or_manager_logins(as_manager, salon, target):
    login = salon.user(target)
    assert as_manager.get(edit_url(login)).status_code == 403
    response = as_manager.post(edit_url(login), edit_data(role=Role.STYLIST, is_active=""))
    assert response.status_code == 403
    assert as_manager.post(password_url(login), {"password": NEW_PASSWORD}).status_code == 403
    assert as_manager.post(deactivate_url(login)).status_code == 403
    login = fresh(login)
    assert login.role == target and login.is_active and login.check_password(PASSWORD)


def test_front_desk_and_stylists_cannot_edit_logins(as_front_desk, as_stylist, salon):
    for http in (as_front_desk, as_stylist):
        assert http.get(edit_url(salon.stylist)).status_code == 403
        assert http.post(edit_url(salon.stylist), edit_data(role=Role.OWNER)).status_code == 403
        assert http.post(deactivate_url(salon.stylist)).status_code == 403
    assert fresh(salon.stylist).role == Role.STYLIST


def test_another_businesss_login_is_not_found(as_owner, other):
    assert as_owner.get(edit_url(other.stylist)).status_code == 404
    assert as_owner.post(edit_url(other.owner), edit_data(is_active="")).status_code == 404
    assert as_owner.post(password_url(other.owner), {}).status_code == 404
    assert as_owner.post(deactivate_url(other.owner)).status_code == 404
    assert fresh(other.owner).is_active


def test_an_unknown_login_is_not_found(as_owner):
    assert as_owner.get("/settings/logins/987654/").status_code == 404


def test_anonymous_visitors_must_log_in(salon):
    response = HttpClient().post(deactivate_url(salon.stylist))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert fresh(salon.stylist).is_active


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"email": "nope"}, "email"),
        ({"role": "boss"}, "role"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_owner, salon, overrides, field):
    response = as_owner.post(edit_url(salon.stylist), edit_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert fresh(salon.stylist).get_full_name() == ""


def test_it_reactivates_a_login(as_owner, salon):
    salon.stylist.is_active = False
    salon.stylist.save()
    as_owner.post(edit_url(salon.stylist), edit_data(is_active="on"))
    assert fresh(salon.stylist).is_active
    assert can_log_in("stylist")


# The last active owner


def test_the_only_owner_cannot_demote_themselves(as_owner, salon):
    response = as_owner.post(edit_url(salon.owner), edit_data(role=Role.MANAGER))
    assert response.status_code == 200
    assert "only active owner" in response.content.decode()
    assert fresh(salon.owner).role == Role.OWNER


def test_the_only_owner_cannot_deactivate_themselves(as_owner, salon):
    response = as_owner.post(edit_url(salon.owner), edit_data(role=Role.OWNER, is_active=""))
    assert response.status_code == 200
    assert fresh(salon.owner).is_active
    response = as_owner.post(deactivate_url(salon.owner), follow=True)
    assert "only active owner" in response.content.decode()
    assert fresh(salon.owner).is_active


def test_an_inactive_second_owner_does_not_count(as_owner, salon):
    salon.manager.role, salon.manager.is_active = Role.OWNER, False
    salon.manager.save()
    as_owner.post(deactivate_url(salon.owner))
    assert fresh(salon.owner).is_active


def test_an_owner_may_step_down_when_another_owner_remains(as_owner, salon):
    salon.manager.role = Role.OWNER
    salon.manager.save()
    response = as_owner.post(edit_url(salon.owner), edit_data(role=Role.MANAGER))
    assert response.status_code == 302
    assert fresh(salon.owner).role == Role.MANAGER


def test_an_owner_who_demotes_themselves_to_stylist_goes_to_the_book(as_owner, salon):
    salon.manager.role = Role.OWNER
    salon.manager.save()
    response = as_owner.post(edit_url(salon.owner), edit_data(role=Role.STYLIST))
    assert response.url == reverse("book:day")


def test_an_owner_may_deactivate_another_owner(as_owner, salon):
    salon.manager.role = Role.OWNER
    salon.manager.save()
    assert as_owner.post(deactivate_url(salon.manager)).status_code == 302
    assert not fresh(salon.manager).is_active


# Passwords


def test_it_sets_a_new_password(as_manager, salon):
    response = as_manager.post(
        password_url(salon.stylist), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert can_log_in("stylist", NEW_PASSWORD)
    assert not can_log_in("stylist", PASSWORD)
    entry = ActivityEntry.objects.get(model="accounts.user", action="changed")
    assert entry.changes == {"password": ["(hidden)", "(changed)"]}


def test_a_new_password_ends_the_logins_other_sessions(as_owner, salon):
    stylist_session = logged_in(salon.stylist)
    assert stylist_session.get("/settings/").status_code == 403  # logged in, not allowed
    as_owner.post(
        password_url(salon.stylist), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert stylist_session.get("/settings/").status_code == 302  # back to the login page


def test_an_owner_changing_their_own_password_stays_logged_in(as_owner, salon):
    as_owner.post(
        password_url(salon.owner), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert as_owner.get("/settings/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password": NEW_PASSWORD, "password_again": "other-words-here-1"}, "password_again"),
        ({"password": "qwerty", "password_again": "qwerty"}, "password"),
        ({"password": "", "password_again": ""}, "password"),
        ({"password": "p" * 129, "password_again": "p" * 129}, "password"),
    ],
)
def test_it_refuses_a_bad_new_password(as_owner, salon, data, field):
    response = as_owner.post(password_url(salon.stylist), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert fresh(salon.stylist).check_password(PASSWORD)


# Deactivating


def test_it_deactivates_a_login_and_never_deletes_it(as_owner, salon):
    stylist_session = logged_in(salon.stylist)
    response = as_owner.post(deactivate_url(salon.stylist))
    assert response.status_code == 302
    assert response.url == reverse("accounts:logins")
    assert not fresh(salon.stylist).is_active
    assert not can_log_in("stylist")
    # Already logged in elsewhere: that session stops working too.
    assert stylist_session.get("/settings/").status_code == 302  # 403 while logged in
    entry = ActivityEntry.objects.get(model="accounts.user", action="changed")
    assert entry.changes == {"is_active": [True, False]}


def test_a_manager_deactivates_a_front_desk_login(as_manager, salon):
    as_manager.post(deactivate_url(salon.front_desk))
    assert not fresh(salon.front_desk).is_active


def test_deactivating_needs_post(as_owner, salon):
    assert as_owner.get(deactivate_url(salon.stylist)).status_code == 405
    assert fresh(salon.stylist).is_active


def test_the_edit_pages_refuse_other_methods(as_owner, salon):
    assert as_owner.put(edit_url(salon.stylist)).status_code == 405
    assert as_owner.delete(password_url(salon.stylist)).status_code == 405
