"""The task list: adding, ticking off, who sees what, and close-out's tasks."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from salonkeep.tasks.models import Task
from tests.conftest import logged_in
from tests.sales.helpers import colour_ticket

LIST = reverse("tasks:list")
CREATE = reverse("tasks:create")


def task(salon, title="Ring Alice about her balance", **fields):
    return Task.objects.create(
        business=salon.business,
        title=title,
        due=date(2026, 11, 25),
        created_at="2026-11-24T11:00:00Z",
        **fields,
    )


def done_url(t):
    return reverse("tasks:done", args=[t.pk])


def test_it_adds_a_task_linked_to_a_ticket(as_front_desk, salon):
    ticket = colour_ticket(salon)
    response = as_front_desk.post(
        CREATE,
        {
            "title": "Reorder toner",
            "due": "2026-11-25",
            "assignee": salon.jo.pk,
            "ticket_number": ticket.number,
        },
        follow=True,
    )
    added = Task.objects.get()
    assert (added.title, added.due, added.assignee) == (
        "Reorder toner",
        date(2026, 11, 25),
        salon.jo,
    )
    assert added.ticket == ticket and added.client == salon.client
    assert added.created_by == salon.front_desk and not added.is_done
    text = response.content.decode()
    assert "Reorder toner" in text and reverse("sales:ticket", args=[ticket.pk]) in text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"due": "2026-13-45"}, "Enter a date such as 2026-11-25."),
        ({"ticket_number": "999"}, "There is no ticket number 999."),
        ({"ticket_number": "-1"}, "greater than or equal to 1"),
        ({"assignee": "abc"}, "Select a valid choice."),
    ],
)
def test_it_refuses_a_bad_task(as_front_desk, salon, fields, message):
    response = as_front_desk.post(CREATE, {"title": "Call", "due": "2026-11-25", **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Task.objects.exists()


def test_it_refuses_another_business_ticket_and_team_member(as_front_desk, salon, other):
    ticket = colour_ticket(other)
    for fields in ({"ticket_number": ticket.number + 1000}, {"assignee": other.jo.pk}):
        response = as_front_desk.post(CREATE, {"title": "Call", "due": "2026-11-25", **fields})
        assert response.status_code == 400
    assert not Task.objects.exists()


def test_it_ticks_a_task_off_and_reopens_it(as_stylist, salon):
    mine = task(salon, assignee=salon.stylist_member)
    as_stylist.post(done_url(mine))
    mine.refresh_from_db()
    assert mine.is_done and mine.done_by == salon.stylist
    as_stylist.post(done_url(mine), {"undo": "1"})
    mine.refresh_from_db()
    assert not mine.is_done and mine.done_by is None


def test_stylists_see_only_their_own_tasks(as_stylist, as_manager, salon):
    mine = task(salon, "Sweep station 2", assignee=salon.stylist_member)
    theirs = task(salon, "Chase £85 owed by Alice", assignee=salon.jo)
    text = as_stylist.get(LIST).content.decode()
    assert "Sweep station 2" in text and "Chase £85" not in text
    assert as_stylist.post(done_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_done
    assert "Add a task" not in text
    assert as_stylist.post(CREATE, {"title": "x", "due": "2026-11-25"}).status_code == 403
    manager_text = as_manager.get(LIST).content.decode()
    assert "Sweep station 2" in manager_text and "Chase £85" in manager_text
    assert mine.pk


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_everyone_has_a_task_list(salon, role):
    assert logged_in(salon.user(role)).get(LIST).status_code == 200


def test_a_new_task_is_due_today_unless_changed(salon):
    with time_machine.travel(datetime(2026, 11, 24, 23, 30, tzinfo=UTC), tick=False):
        text = logged_in(salon.front_desk).get(LIST).content.decode()
    assert 'name="due" value="2026-11-24"' in text


def test_another_business_tasks_are_invisible(as_owner, salon, other):
    theirs = task(other, "Other salon secret")
    assert "Other salon secret" not in as_owner.get(LIST).content.decode()
    assert as_owner.post(done_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_done


def test_anonymous_and_wrong_method(client, as_owner, salon):
    assert "/login/" in client.get(LIST)["Location"]
    assert as_owner.post(LIST).status_code == 405
    assert as_owner.get(CREATE).status_code == 405
    assert as_owner.get(done_url(task(salon))).status_code == 405
