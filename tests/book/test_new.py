"""Booking from the new-appointment form: existing or inline client, several services,
price overrides, refusals, bad input, roles."""

from __future__ import annotations

import pytest
import time_machine

from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.clients.models import Client
from tests.book.helpers import DAY, NOW, at, book
from tests.conftest import logged_in

URL = "/appointments/new/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def line(service, member, start="", price=""):
    return {"service": service.pk, "team_member": member.pk, "start": start, "price": price}


def form_data(salon, *lines, **extra):
    data = {
        "location": salon.location.pk,
        "date": f"{DAY:%Y-%m-%d}",
        "client": str(salon.client.pk),
        "notes": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "12",
    }
    for index, fields in enumerate(lines):
        for key, value in fields.items():
            data[f"lines-{index}-{key}"] = value
    data.update(extra)
    return data


def nothing_saved(clients_before=1):
    return (
        Appointment.objects.count() == 0
        and AppointmentService.objects.count() == 0
        and Client.objects.count() == clients_before
    )


def test_the_form_is_prefilled_from_the_book(salon, as_front_desk):
    response = as_front_desk.get(
        URL,
        {
            "date": "2026-11-24",
            "time": "10:15",
            "member": salon.jo.pk,
            "location": salon.location.pk,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-11-24"' in html
    assert 'name="lines-0-start" value="10:15"' in html
    assert f'<option value="{salon.jo.pk}" selected>Jo Junior</option>' in html
    assert "Full head colour · 1 h 45 min · £85.00" in html
    # The durations the page script uses to start each line after the previous one.
    assert f'"{salon.colour.pk}": {{"minutes": 105' in html


def test_a_malformed_time_or_date_in_the_link_is_left_out(salon, as_front_desk):
    response = as_front_desk.get(URL, {"date": "nope", "time": "25:99"})
    assert response.status_code == 200
    assert 'name="lines-0-start" value=' not in response.content.decode()


@pytest.mark.parametrize("param", ["member", "location"])
def test_another_business_ids_in_the_link_are_not_found(salon, other, as_front_desk, param):
    value = other.jo.pk if param == "member" else other.location.pk
    assert as_front_desk.get(URL, {param: value}).status_code == 404
    assert as_front_desk.get(URL, {param: "x1"}).status_code == 404


def test_it_books_an_existing_client(salon, as_front_desk):
    data = form_data(salon, line(salon.cut, salon.jo, "10:00"), notes="Fringe only")
    response = as_front_desk.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == f"/?date=2026-11-24&location={salon.location.pk}"
    appointment = Appointment.objects.get()
    assert appointment.client == salon.client and appointment.notes == "Fringe only"
    assert appointment.created_by == salon.front_desk
    assert appointment.starts_at == at(10)
    follow = as_front_desk.get(response["Location"])
    assert "Booked Alice Archer on Tuesday 24 November at 10:00." in follow.content.decode()


def test_it_books_a_new_client_with_a_blow_dry_during_the_colour(salon, as_front_desk):
    data = form_data(
        salon,
        line(salon.colour, salon.stylist_member, "10:00"),
        line(salon.cut, salon.jo, "10:30"),
        client="new",
        new_first_name=" Nina ",
        new_last_name="Newcombe",
        new_phone="07700 900555",
    )
    assert as_front_desk.post(URL, data).status_code == 302
    client = Client.objects.get(first_name="Nina")
    assert (client.last_name, client.phone) == ("Newcombe", "07700 900555")
    appointment = Appointment.objects.get(client=client)
    lines = list(appointment.lines.order_by("starts_at"))
    assert [(line.team_member, line.starts_at) for line in lines] == [
        (salon.stylist_member, at(10)),
        (salon.jo, at(10, 30)),
    ]


def test_typing_a_new_name_without_picking_new_creates_the_client(salon, as_front_desk):
    data = form_data(salon, line(salon.cut, salon.jo, "10:00"), client="", new_first_name="Zed")
    assert as_front_desk.post(URL, data).status_code == 302
    assert Appointment.objects.get().client.first_name == "Zed"


def test_a_line_without_a_start_follows_the_previous_one(salon, as_front_desk):
    data = form_data(
        salon, line(salon.colour, salon.jo, "10:00"), line(salon.cut, salon.owner_member)
    )
    assert as_front_desk.post(URL, data).status_code == 302
    starts = sorted(AppointmentService.objects.values_list("starts_at", flat=True))
    # The colour keeps the client for 1 h 45 min (Jo's clean-up is not the client's time).
    assert starts == [at(10), at(11, 45)]


def test_the_first_line_needs_a_start(salon, as_front_desk):
    response = as_front_desk.post(URL, form_data(salon, line(salon.cut, salon.jo)))
    assert response.status_code == 200
    assert "Give the first service a start time." in response.content.decode()
    assert nothing_saved()


def test_a_price_can_be_set_for_this_appointment(salon, as_front_desk):
    data = form_data(salon, line(salon.cut, salon.jo, "10:00", price="£39.50"))
    assert as_front_desk.post(URL, data).status_code == 302
    assert AppointmentService.objects.get().price == 3950


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("abc", "is not an amount such as 45.00"),
        ("-5", "A price cannot be negative."),
        ("99999999", "is not accepted"),
        ("1" * 30, "at most 20 characters"),
    ],
)
def test_a_bad_price_is_explained(salon, as_front_desk, price, message):
    data = form_data(salon, line(salon.cut, salon.jo, "10:00", price=price))
    response = as_front_desk.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_saved()


def test_a_refusal_is_shown_with_every_input_kept_and_nothing_saved(salon, as_front_desk):
    book(salon, (salon.cut, salon.jo, at(10)))
    data = form_data(
        salon,
        line(salon.cut, salon.jo, "10:30"),
        client="new",
        new_first_name="Nina",
        new_last_name="Newcombe",
        notes="Keep me",
    )
    response = as_front_desk.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jo Junior is already busy at 10:00 with Alice Archer" in html
    assert 'value="Nina"' in html and "Keep me" in html and 'value="10:30"' in html
    assert Appointment.objects.count() == 1
    assert not Client.objects.filter(first_name="Nina").exists()  # the new client too


def test_a_new_client_like_an_existing_one_needs_a_decision(salon, as_front_desk):
    data = form_data(
        salon,
        line(salon.cut, salon.jo, "10:00"),
        client="new",
        new_first_name="alice",
        new_last_name="ARCHER",
    )
    response = as_front_desk.post(URL, data)
    html = response.content.decode()
    assert "Similar clients are already on file" in html
    assert f'name="client" value="{salon.client.pk}"' in html  # offered as a choice
    assert nothing_saved()
    data["confirm_new_client"] = "on"
    assert as_front_desk.post(URL, data).status_code == 302
    assert Client.objects.filter(first_name="alice").count() == 1


def test_a_client_must_be_chosen(salon, as_front_desk):
    response = as_front_desk.post(
        URL, form_data(salon, line(salon.cut, salon.jo, "10:00"), client="")
    )
    assert "Find the client, or enter a new client&#x27;s name." in response.content.decode()
    response = as_front_desk.post(
        URL, form_data(salon, line(salon.cut, salon.jo, "10:00"), client="new")
    )
    assert "Enter the new client&#x27;s first name." in response.content.decode()
    assert nothing_saved()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "2026-02-30"}, "Enter a date such as"),
        ({"date": "0005-01-01"}, "Choose a date between 1970 and 2199"),
        ({"lines-0-start": "25:00"}, "Enter a time such as 14:30."),
        ({"lines-0-service": "999999"}, "Choose a service from the list."),
        ({"lines-0-team_member": "abc"}, "Choose a team member from the list."),
        ({"client": "999999"}, "Choose a client from the search results."),
        ({"client": "1 OR 1=1"}, "Choose a client from the search results."),
        ({"notes": "x" * 2001}, "at most 2000 characters"),
        ({"new_first_name": "x" * 81, "client": "new"}, "at most 80 characters"),
        ({"new_phone": "call me", "client": "new", "new_first_name": "N"}, "A phone number"),
        ({"location": "abc"}, "Choose one of the salon"),
        ({"lines-TOTAL_FORMS": "many"}, "ManagementForm data is missing"),
        ({"lines-TOTAL_FORMS": "13"}, "Please submit at most 12 forms."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(salon, as_front_desk, change, message):
    response = as_front_desk.post(
        URL, form_data(salon, line(salon.cut, salon.jo, "10:00"), **change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_saved()


def test_no_service_at_all_is_explained(salon, as_front_desk):
    data = form_data(salon)
    data["lines-INITIAL_FORMS"] = "0"
    response = as_front_desk.post(URL, data)
    assert "Choose at least one service." in response.content.decode()
    assert nothing_saved()


def test_another_business_records_are_refused(salon, other, as_front_desk):
    for change in (
        {"lines-0-service": other.cut.pk},
        {"lines-0-team_member": other.jo.pk},
        {"client": other.client.pk},
        {"location": other.location.pk},
    ):
        response = as_front_desk.post(
            URL, form_data(salon, line(salon.cut, salon.jo, "10:00"), **change)
        )
        assert response.status_code == 200
        assert "errors" in response.content.decode() or "field-error" in response.content.decode()
    assert nothing_saved(clients_before=2)


def test_add_another_service_works_without_javascript(salon, as_front_desk):
    data = form_data(salon, line(salon.colour, salon.jo, "10:00"), add_line="1")
    response = as_front_desk.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="lines-TOTAL_FORMS" value="2"' in html
    assert 'name="lines-1-service"' in html
    assert "Choose a service." not in html
    assert nothing_saved()


def test_find_client_works_without_javascript(salon, other, as_front_desk):
    data = form_data(
        salon, line(salon.cut, salon.jo, "10:00"), client="", client_query="arch", find_client="1"
    )
    html = as_front_desk.post(URL, data).content.decode()
    assert f'name="client" value="{salon.client.pk}"' in html
    assert f'name="client" value="{other.client.pk}"' not in html
    assert nothing_saved(clients_before=2)


def test_client_search_offers_this_business_clients(salon, other, as_front_desk):
    response = as_front_desk.get("/appointments/new/clients/", {"client_query": "Ali"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{salon.client.pk}"' in html and "07700 900123" in html
    assert f'value="{other.client.pk}"' not in html
    empty = as_front_desk.get("/appointments/new/clients/", {"client_query": "zzz"})
    assert "No client matches “zzz”" in empty.content.decode()


def test_client_search_keeps_the_chosen_client(salon, as_front_desk):
    bea = Client.objects.create(business=salon.business, first_name="Bea", last_name="Bell")
    response = as_front_desk.get(
        "/appointments/new/clients/", {"client_query": "Ali", "client": bea.pk}
    )
    html = response.content.decode()
    assert f'value="{bea.pk}" checked' in html.replace("\n", " ").replace("  ", " ")
    assert f'value="{salon.client.pk}"' in html


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk"])
def test_booking_staff_may_book(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(URL).status_code == 200
    assert http.post(URL, form_data(salon, line(salon.cut, salon.jo, "10:00"))).status_code == 302


def test_a_stylist_may_not_book(salon, as_stylist):
    assert as_stylist.get(URL).status_code == 403
    assert (
        as_stylist.post(URL, form_data(salon, line(salon.cut, salon.jo, "10:00"))).status_code
        == 403
    )
    assert as_stylist.get("/appointments/new/clients/?client_query=a").status_code == 403
    assert nothing_saved()


def test_anonymous_visitors_must_log_in(salon, client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, form_data(salon, line(salon.cut, salon.jo, "10:00"))).status_code == 302
    assert nothing_saved()


def test_it_refuses_other_methods(salon, as_front_desk):
    assert as_front_desk.put(URL).status_code == 405
    assert as_front_desk.post("/appointments/new/clients/").status_code == 405


@pytest.mark.parametrize("total", ["", "x", "99999999999999999999"])
def test_adding_a_line_to_a_broken_form_is_explained(salon, as_front_desk, total):
    data = form_data(salon, line(salon.cut, salon.jo, "10:00"), add_line="1")
    data["lines-TOTAL_FORMS"] = total
    response = as_front_desk.post(URL, data)
    assert response.status_code == 200
    assert nothing_saved()
