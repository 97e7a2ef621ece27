"""The team list, adding a team member and editing one."""

import pytest
from django.urls import reverse

from salonkeep.accounts.models import User
from salonkeep.catalog.models import ServicePerformer
from salonkeep.team.models import TeamMember
from tests.conftest import logged_in

LIST = reverse("team:members")
CREATE = reverse("team:member_create")


def form_data(**changes):
    data = {
        "name": "Kim Newcomer",
        "title": "Junior stylist",
        "colour": "#A1B2C3",
        "is_active": "on",
        "position": "4",
        "user": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_url(member):
    return reverse("team:member_edit", args=[member.pk])


# The list


def test_it_lists_the_team(as_stylist, salon):
    response = as_stylist.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Olivia Owner") < text.index("Sam Stylist") < text.index("Jo Junior")
    assert "Add a team member" not in text and "Login:" not in text


def test_it_shows_managers_the_logins_and_inactive_members(as_manager, salon):
    salon.jo.is_active = False
    salon.jo.save()
    text = as_manager.get(LIST).content.decode()
    assert "Login: stylist" in text and "No login" in text
    assert text.index("Inactive") < text.index("Jo Junior")


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_is_open_to_every_role(salon, role):
    assert logged_in(salon.user(role)).get(LIST).status_code == 200


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(LIST).status_code == 302


def test_it_never_lists_another_business_team(as_owner, salon, other):
    TeamMember.objects.create(business=other.business, name="Somebody Elsewhere")
    assert "Somebody Elsewhere" not in as_owner.get(LIST).content.decode()


def test_it_refuses_post_on_the_list(as_owner):
    assert as_owner.post(LIST).status_code == 405


# Adding


def test_it_adds_a_team_member_with_a_login_and_services(as_owner, salon):
    response = as_owner.post(
        CREATE, form_data(user=str(salon.front_desk.pk), services=[str(salon.cut.pk)])
    )
    member = TeamMember.objects.get(business=salon.business, name="Kim Newcomer")
    assert response.status_code == 302
    assert response["Location"] == reverse("team:hours", args=[member.pk])
    assert member.colour == "#a1b2c3" and member.title == "Junior stylist"
    assert member.user == salon.front_desk and member.position == 4
    assert list(
        ServicePerformer.objects.filter(team_member=member).values_list("service__name", flat=True)
    ) == ["Cut and finish"]


def test_it_suggests_the_next_position(as_manager, salon):
    assert 'name="position" value="3"' in as_manager.get(CREATE).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "Enter a colour as # and six hex digits"),
        ({"colour": "#12345g"}, "Enter a colour as # and six hex digits"),
        ({"colour": "#1234567"}, "at most 7 characters"),
        ({"name": "k" * 81}, "at most 80 characters"),
        ({"name": ""}, "This field is required."),
        ({"title": "t" * 81}, "at most 80 characters"),
        ({"position": "-1"}, "greater than or equal to 0"),
        ({"position": "40000"}, "less than or equal to 32767"),
        ({"user": "abc"}, "Choose one of this salon&#x27;s logins."),
        ({"services": ["999999"]}, "Select a valid choice"),
        ({"services": ["9" * 30]}, "Select a valid choice"),
        ({"user": "9" * 30}, "Choose one of this salon&#x27;s logins."),
    ],
)
def test_it_refuses_bad_input(as_owner, salon, changes, message):
    before = TeamMember.objects.count()
    response = as_owner.post(CREATE, form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TeamMember.objects.count() == before


def test_it_refuses_a_login_already_linked(as_owner, salon):
    response = as_owner.post(CREATE, form_data(user=str(salon.stylist.pk)))
    assert "The login stylist is already linked to Sam Stylist." in response.content.decode()
    assert not TeamMember.objects.filter(name="Kim Newcomer").exists()


def test_it_refuses_another_business_login(as_owner, salon, other):
    loner = User.objects.create_user(username="other_loner", business=other.business)
    response = as_owner.post(CREATE, form_data(user=str(loner.pk)))
    assert "Choose one of this salon&#x27;s logins." in response.content.decode()
    assert not TeamMember.objects.filter(name="Kim Newcomer").exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_add(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(CREATE).status_code == 403
    assert http.post(CREATE, form_data()).status_code == 403
    assert not TeamMember.objects.filter(name="Kim Newcomer").exists()


def test_it_refuses_other_methods_for_adding(as_owner):
    assert as_owner.put(CREATE).status_code == 405


# Editing


def test_it_edits_a_team_member(as_manager, salon):
    url = edit_url(salon.stylist_member)
    assert 'value="Sam Stylist"' in as_manager.get(url).content.decode()
    response = as_manager.post(
        url, form_data(name="Sam Senior", colour="#00ff00", user=str(salon.stylist.pk))
    )
    assert response.status_code == 302
    salon.stylist_member.refresh_from_db()
    assert salon.stylist_member.name == "Sam Senior"
    assert salon.stylist_member.user == salon.stylist  # its own login is not "taken"


def test_it_unlinks_a_login_and_deactivates(as_owner, salon):
    as_owner.post(
        edit_url(salon.stylist_member), form_data(name="Sam Stylist", user="", is_active=None)
    )
    salon.stylist_member.refresh_from_db()
    assert salon.stylist_member.user is None and not salon.stylist_member.is_active


def test_it_refuses_bad_edits(as_owner, salon):
    response = as_owner.post(edit_url(salon.jo), form_data(name="Jo", colour="blue"))
    assert "Enter a colour as # and six hex digits" in response.content.decode()
    salon.jo.refresh_from_db()
    assert salon.jo.name == "Jo Junior"


def test_it_does_not_edit_another_business_member(as_owner, other):
    assert as_owner.get(edit_url(other.jo)).status_code == 404
    assert as_owner.post(edit_url(other.jo), form_data()).status_code == 404
    other.jo.refresh_from_db()
    assert other.jo.name == "Jo Junior"


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_edit(salon, role):
    response = logged_in(salon.user(role)).post(edit_url(salon.jo), form_data())
    assert response.status_code == 403
    salon.jo.refresh_from_db()
    assert salon.jo.name == "Jo Junior"


def test_it_refuses_other_methods_for_editing(as_owner, salon):
    assert as_owner.delete(edit_url(salon.jo)).status_code == 405
