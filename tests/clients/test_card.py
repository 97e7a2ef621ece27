"""The client record card."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.clients.models import ColourNote, PatchTest, PatchTestResult
from tests.conftest import logged_in

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)  # British Summer Time: London is UTC+1


def card_url(client):
    return reverse("clients:detail", args=[client.pk])


def book(salon, starts_at, lines, status=Status.COMPLETED, client=None):
    appointment = Appointment.objects.create(
        business=salon.business,
        location=salon.location,
        client=client or salon.client,
        status=status,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    for position, (service, member, price) in enumerate(lines):
        AppointmentService.objects.create(
            business=salon.business,
            appointment=appointment,
            service=service,
            team_member=member,
            service_name=service.name,
            price=price,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            initial_minutes=60,
            processing_minutes=0,
            finish_minutes=0,
            blocked_minutes=0,
            position=position,
        )
    return appointment


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_shows_the_card_to_every_role(salon, role):
    salon.client.email = "alice@example.com"
    salon.client.birthday = date(1990, 4, 30)
    salon.client.notes = "Prefers mornings"
    salon.client.allergies = "Reacts to PPD"
    salon.client.marketing_consent = True
    salon.client.save()
    ColourNote.objects.create(
        business=salon.business,
        client=salon.client,
        formula="6.0 + 20 vol",
        created_by=salon.stylist,
    )
    response = logged_in(salon.user(role)).get(card_url(salon.client))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Alice Archer",
        "07700 900123",
        "alice@example.com",
        "30 April 1990",
        "Prefers mornings",
        "Agrees to marketing",
        "6.0 + 20 vol",
    ):
        assert text in body
    assert 'class="allergy-alert"' in body
    assert "Reacts to PPD" in body


def test_it_offers_editing_contact_details_only_to_bookers(salon, as_front_desk, as_stylist):
    edit = reverse("clients:edit", args=[salon.client.pk])
    assert edit in as_front_desk.get(card_url(salon.client)).content.decode()
    assert edit not in as_stylist.get(card_url(salon.client)).content.decode()


def test_it_has_no_allergy_alert_without_allergies(salon, as_owner):
    body = as_owner.get(card_url(salon.client)).content.decode()
    assert 'class="allergy-alert"' not in body
    assert "none recorded" in body


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().get(card_url(salon.client))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_hides_another_business_s_client(salon, other, as_owner):
    assert as_owner.get(card_url(other.client)).status_code == 404


def test_it_refuses_post(salon, as_owner):
    assert as_owner.post(card_url(salon.client)).status_code == 405


@time_machine.travel(NOW, tick=False)
def test_it_lists_past_and_upcoming_visits_in_the_business_time_zone(salon):
    book(
        salon,
        datetime(2026, 6, 1, 9, tzinfo=UTC),
        [(salon.colour, salon.stylist_member, 8500), (salon.cut, salon.jo, 4500)],
    )
    book(
        salon,
        datetime(2026, 5, 2, 13, tzinfo=UTC),
        [(salon.cut, salon.jo, 4500)],
        status=Status.CANCELLED,
    )
    book(
        salon,
        datetime(2026, 7, 1, 14, 30, tzinfo=UTC),
        [(salon.cut, salon.owner_member, 4000)],
        status=Status.BOOKED,
    )
    body = logged_in(salon.front_desk).get(card_url(salon.client)).content.decode()
    upcoming, past = body.split("<h3>History</h3>")
    assert "Wed 1 Jul 2026" in upcoming and "15:30" in upcoming
    assert "Cut and finish" in upcoming and "Olivia Owner" in upcoming and "£40.00" in upcoming
    assert "Mon 1 Jun 2026" in past and "10:00" in past
    assert "Full head colour" in past and "Sam Stylist" in past and "Jo Junior" in past
    assert "£130.00" in past
    assert "Completed" in past
    assert "Cancelled" in past
    assert past.index("1 Jun 2026") < past.index("2 May 2026")  # newest first


@time_machine.travel(NOW, tick=False)
def test_it_never_lists_another_client_s_visits(salon):
    from salonkeep.clients.models import Client

    bob = Client.objects.create(business=salon.business, first_name="Bob")
    book(salon, datetime(2026, 6, 1, 9, tzinfo=UTC), [(salon.cut, salon.jo, 4500)], client=bob)
    body = logged_in(salon.owner).get(card_url(salon.client)).content.decode()
    assert "Cut and finish" not in body
    assert "No past appointments." in body


@time_machine.travel(NOW, tick=False)
def test_it_limits_the_visit_history_and_offers_more(salon):
    for day in range(55):
        book(salon, NOW - timedelta(days=day + 1), [(salon.cut, salon.jo, 100 + day)])
    http = logged_in(salon.owner)
    first = http.get(card_url(salon.client)).content.decode()
    assert first.count("£1.49") == 1  # the 50th most recent visit
    assert "£1.50" not in first  # the 51st
    assert "?visits=100#visits" in first
    more = http.get(card_url(salon.client), {"visits": "100"}).content.decode()
    assert "£1.54" in more
    assert "Show older visits" not in more
    for bad in ("abc", "-5", "9" * 5000):
        response = http.get(card_url(salon.client), {"visits": bad})
        assert response.status_code == 200
        assert "£1.50" not in response.content.decode()


def passed_test(salon, tested_on, result=PatchTestResult.PASSED):
    return PatchTest.objects.create(
        business=salon.business,
        client=salon.client,
        tested_on=tested_on,
        result=result,
        product="Majirel",
    )


@pytest.mark.parametrize(
    ("moment", "valid"),
    [
        (datetime(2026, 1, 1, 9, tzinfo=UTC), True),  # the day of the test
        (datetime(2026, 7, 3, 22, 59, tzinfo=UTC), True),  # 23:59 London on the last day
        (datetime(2026, 7, 3, 23, 0, tzinfo=UTC), False),  # already 4 July in London
        (datetime(2026, 7, 10, 12, tzinfo=UTC), False),
    ],
)
def test_it_highlights_whether_a_valid_passed_patch_test_exists_today(salon, moment, valid):
    passed_test(salon, date(2026, 1, 1))  # valid until 3 July 2026
    with time_machine.travel(moment, tick=False):
        body = logged_in(salon.stylist).get(card_url(salon.client)).content.decode()
    assert ("Valid patch test today" in body) is valid
    assert ("No valid patch test today" in body) is not valid


@time_machine.travel(NOW, tick=False)
def test_it_does_not_count_pending_or_failed_tests_as_valid(salon):
    passed_test(salon, date(2026, 6, 10), PatchTestResult.PENDING)
    passed_test(salon, date(2026, 6, 11), PatchTestResult.FAILED)
    body = logged_in(salon.stylist).get(card_url(salon.client)).content.decode()
    assert "No valid patch test today" in body
    assert "Pending" in body and "Failed" in body


def test_it_lists_colour_notes_newest_first_with_author(salon, as_stylist):
    ColourNote.objects.create(
        business=salon.business,
        client=salon.client,
        formula="Old formula",
        created_at=datetime(2025, 1, 5, 10, tzinfo=UTC),
        created_by=salon.owner,
    )
    ColourNote.objects.create(
        business=salon.business,
        client=salon.client,
        formula="New formula",
        created_by=salon.stylist,
    )
    body = as_stylist.get(card_url(salon.client)).content.decode()
    assert body.index("New formula") < body.index("Old formula")
    assert "Sun 5 Jan 2025, 10:00" in body
    assert "by Olivia Owner" in body


def test_it_offers_correction_only_of_own_recent_notes(salon, as_stylist, as_manager):
    mine = ColourNote.objects.create(
        business=salon.business, client=salon.client, formula="Mine", created_by=salon.stylist
    )
    colleagues = ColourNote.objects.create(
        business=salon.business, client=salon.client, formula="Jo's", created_by=salon.front_desk
    )
    old = ColourNote.objects.create(
        business=salon.business,
        client=salon.client,
        formula="Old",
        created_by=salon.stylist,
        created_at=datetime(2025, 1, 5, 10, tzinfo=UTC),
    )

    def edit(note):
        return reverse("clients:edit_colour_note", args=[salon.client.pk, note.pk])

    body = as_stylist.get(card_url(salon.client)).content.decode()
    assert edit(mine) in body
    assert edit(colleagues) not in body
    assert edit(old) not in body
    body = as_manager.get(card_url(salon.client)).content.decode()
    assert edit(colleagues) in body
    assert edit(old) not in body
