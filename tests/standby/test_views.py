"""The standby's read-only pages: the day book, client cards, services, status pages."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client as HttpClient
from django.utils import timezone

from salonkeep.clients.models import ColourNote, PatchTest
from salonkeep.standby.registry import Standby, install
from salonkeep.standby.sources import FolderSource
from tests.book.helpers import DAY, NOW, at, book
from tests.standby.conftest import publish, standby_login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def booked(salon):
    appointment = book(salon, (salon.colour, salon.jo, at(10)), notes="Wants it warmer")
    ColourNote.objects.create(business=salon.business, client=salon.client, formula="6/0 + 20 vol")
    PatchTest.objects.create(
        business=salon.business, client=salon.client, tested_on=DAY, product="Koleston"
    )
    salon.client.allergies = "PPD"
    salon.client.save()
    return appointment


@pytest.fixture
def served(booked, standby, salon, location):
    return standby


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_shows_the_day_book_to_every_role(served, salon, role):
    http = standby_login(salon.user(role).username)
    with time_machine.travel(NOW, tick=False):
        page = http.get("/", {"date": DAY.isoformat()})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alice Archer" in text
    assert "Full head colour" in text
    assert "£85.00" in text
    assert "Jo Junior" in text
    assert "Wants it warmer" in text
    assert "10:00" in text


def test_it_shows_any_day_and_an_empty_day(served, salon):
    http = standby_login("owner")
    page = http.get("/", {"date": "2026-11-25"})
    assert page.status_code == 200
    assert "Alice Archer" not in page.content.decode()
    assert "No appointments." in page.content.decode()


def test_it_explains_a_malformed_day_and_shows_today(served, salon):
    http = standby_login("owner")
    page = http.get("/", {"date": "31-31-2026"})
    assert page.status_code == 200
    assert "is not a date such as" in page.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(served):
    for url in ("/", "/clients/", "/services/", "/clients/1/"):
        response = HttpClient().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_it_shows_the_client_card_with_history_and_colour_notes(served, salon):
    http = standby_login("stylist")
    page = http.get(f"/clients/{salon.client.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for expected in ("Alice Archer", "6/0 + 20 vol", "Koleston", "PPD", "Full head colour"):
        assert expected in text


def test_it_finds_clients(served, salon):
    http = standby_login("front_desk")
    page = http.get("/clients/", {"q": "arch"})
    assert f"/clients/{salon.client.pk}/" in page.content.decode()
    assert "No client matches" in http.get("/clients/", {"q": "zzz"}).content.decode()


@pytest.mark.parametrize("pk", ["999999", "abc", "1;drop"])
def test_it_gives_404_for_unknown_clients(served, pk):
    assert standby_login("owner").get(f"/clients/{pk}/").status_code == 404


def test_it_shows_service_prices(served, salon):
    text = standby_login("owner").get("/services/").content.decode()
    assert "Full head colour" in text and "£85.00" in text
    assert "Cut and finish" in text and "£45.00" in text


def test_it_serves_the_status_pages_written_into_the_location(served, salon, location):
    (location / "status").mkdir()
    (location / "status" / "index.html").write_text("<h1>All systems normal</h1>")
    page = HttpClient().get("/status/")
    assert page.status_code == 200
    assert "All systems normal" in page.content.decode()
    salon_status = location / salon.business.slug / "status"
    salon_status.mkdir(parents=True)
    (salon_status / "index.html").write_text("<h1>Rose status</h1>")
    assert "Rose status" in HttpClient().get(f"/status/{salon.business.slug}/").content.decode()


def test_it_says_clearly_when_there_is_no_status_page(served):
    page = HttpClient().get("/status/nowhere/")
    assert page.status_code == 404
    assert "No status page here" in page.content.decode()


def test_it_serves_no_file_outside_the_location(served, location):
    (location.parent / "secret.html").write_text("secret")
    for url in ("/status/..%2F..%2Fsecret.html/", "/status/../"):
        page = HttpClient().get(url)
        assert page.status_code == 404
        assert "secret" not in page.content.decode()


def test_it_shows_another_salons_staff_only_their_own_book(
    as_standby, booked, salon, other, location, tmp_path
):
    publish(salon, location)
    publish(other, location)
    served = Standby(FolderSource(location), tmp_path / "work")
    served.refresh(timezone.now())
    install(served)
    try:
        http = standby_login("other_owner")
        page = http.get("/", {"date": DAY.isoformat()})
        assert "Other Salon" in page.content.decode()
        assert "Alice Archer" not in page.content.decode()
        assert http.get(f"/clients/{salon.client.pk}/").status_code == 404
        assert "Wants it warmer" not in http.get("/clients/", {"q": "Alice"}).content.decode()
    finally:
        install(None)
        served.close()


def test_it_prints_the_appointment_page_with_the_books_age(served, salon):
    http = standby_login("front_desk")
    day_page = http.get("/", {"date": DAY.isoformat()}).content.decode()
    assert "/print/appointments/?date=2026-11-24" in day_page
    page = http.get("/print/appointments/", {"date": DAY.isoformat()})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alice Archer" in text and "Wants it warmer" in text
    assert "Book as of" in text


def test_it_prints_a_day_sheet_pdf_with_the_clients_colour_notes(served, salon):
    import io

    from pypdf import PdfReader

    http = standby_login("owner")
    response = http.get(f"/print/day-sheets/{salon.jo.pk}.pdf", {"date": DAY.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Alice Archer" in text
    assert "6/0 + 20 vol" in text
    assert "Book as of" in text


def test_a_stylist_gets_their_own_day_sheet_link(served, salon):
    text = standby_login("stylist").get("/").content.decode()
    assert f"/print/day-sheets/{salon.stylist_member.pk}/" in text
    assert "/print/day-sheets/?" not in text
