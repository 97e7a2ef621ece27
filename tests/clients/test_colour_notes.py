"""Colour notes: anyone adds them; corrections only within 24 hours; then append-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.clients.models import Client, ColourNote, ColourNoteLocked
from tests.conftest import logged_in

WRITTEN = datetime(2026, 3, 10, 9, tzinfo=UTC)


def add_url(client):
    return reverse("clients:add_colour_note", args=[client.pk])


def edit_url(note):
    return reverse("clients:edit_colour_note", args=[note.client_id, note.pk])


def write_note(salon, author=None, formula="7.1 + 6% 30g"):
    with time_machine.travel(WRITTEN, tick=False):
        return ColourNote.objects.create(
            business=salon.business,
            client=salon.client,
            formula=formula,
            created_by=author or salon.stylist,
        )


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_adds_a_note(salon, role):
    user = salon.user(role)
    with time_machine.travel(WRITTEN, tick=False):
        response = logged_in(user).post(add_url(salon.client), {"formula": "  8.3 + 9% 40g  "})
    assert response.status_code == 302
    note = ColourNote.objects.get(client=salon.client)
    assert note.formula == "8.3 + 9% 40g"
    assert note.created_by == user
    assert note.created_at == WRITTEN


@pytest.mark.parametrize(
    ("formula", "message"), [("   ", "Write the formula or note"), ("x" * 2001, "at most 2000")]
)
def test_it_refuses_an_empty_or_oversized_note(salon, as_stylist, formula, message):
    response = as_stylist.post(add_url(salon.client), {"formula": formula})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ColourNote.objects.exists()


def test_it_shows_the_add_form(salon, as_stylist):
    assert 'name="formula"' in as_stylist.get(add_url(salon.client)).content.decode()


def test_it_hides_another_business_s_client(salon, other, as_stylist):
    assert as_stylist.post(add_url(other.client), {"formula": "x"}).status_code == 404
    assert not ColourNote.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(salon):
    assert HttpClient().post(add_url(salon.client), {"formula": "x"}).status_code == 302
    assert not ColourNote.objects.exists()


def test_it_refuses_other_methods(salon, as_owner):
    note = write_note(salon)
    assert as_owner.put(add_url(salon.client)).status_code == 405
    assert as_owner.delete(edit_url(note)).status_code == 405
    assert ColourNote.objects.filter(pk=note.pk).exists()


def test_it_lets_the_author_correct_a_note_at_23_hours(salon):
    note = write_note(salon)
    with time_machine.travel(WRITTEN + timedelta(hours=23), tick=False):
        http = logged_in(salon.stylist)
        assert http.get(edit_url(note)).status_code == 200
        response = http.post(edit_url(note), {"formula": "7.1 + 6% 35g"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.formula == "7.1 + 6% 35g"
    assert note.created_at == WRITTEN
    assert note.was_corrected


def test_it_refuses_a_correction_at_25_hours(salon):
    note = write_note(salon)
    with time_machine.travel(WRITTEN + timedelta(hours=25), tick=False):
        response = logged_in(salon.stylist).post(edit_url(note), {"formula": "Rewritten"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "more than 24 hours ago" in body
    assert "Add a new note instead" in body
    assert "Rewritten" in body  # what was typed is offered as a new note, not lost
    note.refresh_from_db()
    assert note.formula == "7.1 + 6% 30g"
    assert ColourNote.objects.count() == 1


def test_it_shows_an_old_note_as_locked(salon):
    note = write_note(salon)
    with time_machine.travel(WRITTEN + timedelta(hours=25), tick=False):
        response = logged_in(salon.owner).get(edit_url(note))
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()


def test_it_refuses_a_colleague_s_correction(salon):
    note = write_note(salon, author=salon.front_desk)
    with time_machine.travel(WRITTEN + timedelta(hours=1), tick=False):
        response = logged_in(salon.stylist).post(edit_url(note), {"formula": "Mine now"})
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.formula == "7.1 + 6% 30g"


def test_it_lets_a_manager_correct_a_colleague_s_note(salon):
    note = write_note(salon)
    with time_machine.travel(WRITTEN + timedelta(hours=2), tick=False):
        response = logged_in(salon.manager).post(edit_url(note), {"formula": "Fixed"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.formula == "Fixed"


def test_it_refuses_a_bad_correction(salon):
    note = write_note(salon)
    with time_machine.travel(WRITTEN + timedelta(hours=1), tick=False):
        response = logged_in(salon.stylist).post(edit_url(note), {"formula": "x" * 2001})
    assert response.status_code == 200
    assert "at most 2000" in response.content.decode()
    note.refresh_from_db()
    assert note.formula == "7.1 + 6% 30g"


def test_it_hides_notes_of_another_business_or_client(salon, other, as_owner):
    foreign = ColourNote.objects.create(
        business=other.business, client=other.client, formula="Theirs", created_by=other.stylist
    )
    assert as_owner.get(edit_url(foreign)).status_code == 404
    bob = Client.objects.create(business=salon.business, first_name="Bob")
    bobs = ColourNote.objects.create(business=salon.business, client=bob, formula="Bob's")
    wrong = reverse("clients:edit_colour_note", args=[salon.client.pk, bobs.pk])
    assert as_owner.post(wrong, {"formula": "x"}).status_code == 404
    bobs.refresh_from_db()
    assert bobs.formula == "Bob's"


def test_it_sends_anonymous_corrections_to_log_in(salon):
    note = write_note(salon)
    assert HttpClient().post(edit_url(note), {"formula": "x"}).status_code == 302


def test_the_model_refuses_to_change_an_old_note(salon):
    note = write_note(salon)
    note.formula = "Sneaky"
    with (
        time_machine.travel(WRITTEN + timedelta(hours=24), tick=False),
        pytest.raises(ColourNoteLocked),
    ):
        note.save()
    note.refresh_from_db()
    assert note.formula == "7.1 + 6% 30g"


def test_the_edit_window_is_exactly_24_hours(salon):
    note = write_note(salon)
    assert note.is_editable(WRITTEN + timedelta(hours=23, minutes=59, seconds=59))
    assert not note.is_editable(WRITTEN + timedelta(hours=24))
