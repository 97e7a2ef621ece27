"""The appointment page: the whole day at a location, as a page and as a PDF."""

from __future__ import annotations

import pytest
import time_machine

from salonkeep.accounts.models import Location
from tests.conftest import logged_in
from tests.printouts.helpers import DAY, NOW, book_day, pdf_text

URL = f"/print/appointments/?date={DAY:%Y-%m-%d}"
PDF_URL = f"/print/appointments.pdf?date={DAY:%Y-%m-%d}"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_shows_every_member_and_every_appointment_of_the_day(salon, as_front_desk):
    book_day(salon)
    response = as_front_desk.get(URL)
    assert response.status_code == 200
    page = response.context["page"]
    assert [section.member for section in page.sections] == [
        salon.owner_member,
        salon.stylist_member,
        salon.jo,
    ]
    by_member = {section.member: section.rows for section in page.sections}
    assert by_member[salon.owner_member] == []
    [colour] = by_member[salon.stylist_member]
    assert (colour.client, colour.line.service, colour.line.price) == (
        "Alice Archer",
        "Full head colour",
        "£85.00",
    )
    assert colour.others == ["Jo Junior"]
    assert f"{colour.line.starts_at:%H:%M}" == "10:00"
    assert [row.client for row in by_member[salon.jo]] == ["Alice Archer", "Bella Brown"]
    assert [row.client for row in page.cancelled] == ["Dora Dropped"]
    assert page.count == 2 and page.total == "£175.00"
    html = response.content.decode()
    for text in ("Wants to go lighter", "07700 900456", "Booked", "Tuesday 24 November 2026"):
        assert text in html
    assert "freshness" not in html  # only the standby says how fresh it is


def test_it_shows_the_freshness_line_when_served_by_the_standby(salon, as_front_desk, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "tests.printouts.standby_context.standby",
                ],
            },
        }
    ]
    html = as_front_desk.get(URL).content.decode()
    assert (
        '<p class="freshness freshness-amber">Book as of 09:14 (Europe/London), 37 min ago</p>'
        in html
    )
    text = pdf_text(as_front_desk.get(PDF_URL).content)
    assert "Book as of 09:14 (Europe/London), 37 min ago" in text


def test_it_is_a_clean_print_page(salon, as_stylist):
    html = as_stylist.get(URL).content.decode()
    assert "printouts/printouts.css" in html and "data-print" in html


@pytest.mark.parametrize(
    "client_fixture", ["as_owner", "as_manager", "as_front_desk", "as_stylist"]
)
def test_it_lets_every_role_see_the_page(salon, client_fixture, request):
    assert request.getfixturevalue(client_fixture).get(URL).status_code == 200


def test_it_sends_anonymous_visitors_to_log_in(salon, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_shows_another_location(salon, as_front_desk):
    second = Location.objects.create(business=salon.business, name="Station Road", position=1)
    response = as_front_desk.get(f"{URL}&location={second.pk}")
    assert response.status_code == 200
    assert response.context["page"].location == second
    assert "Station Road" in response.content.decode()


def test_it_hides_another_business_location(salon, other, as_front_desk):
    assert as_front_desk.get(f"{URL}&location={other.location.pk}").status_code == 404
    assert as_front_desk.get(f"{URL}&location=abc").status_code == 404


@pytest.mark.parametrize("bad", ["2026-13-45", "yesterday", "0001-01-01", "x" * 500])
def test_it_refuses_a_malformed_date_clearly(salon, as_front_desk, bad):
    for url in ("/print/appointments/", "/print/appointments.pdf"):
        response = as_front_desk.get(url, {"date": bad})
        assert response.status_code == 400
        assert "is not a date" in response.content.decode()


def test_it_shows_today_without_a_date(salon, as_front_desk):
    response = as_front_desk.get("/print/appointments/")
    assert response.context["page"].day == NOW.date()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_only_reads(salon, as_owner, method):
    assert getattr(as_owner, method)(URL).status_code == 405
    assert getattr(as_owner, method)(PDF_URL).status_code == 405


def test_it_downloads_the_page_as_a_pdf(salon, as_front_desk):
    book_day(salon)
    response = as_front_desk.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="rose-thorn-appointments-2026-11-24.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        "Appointments for Tuesday 24 November 2026",
        "Alice Archer",
        "Bella Brown",
        "Full head colour",
        "Sam Stylist",
        "Jo Junior",
        "£85.00",
        "Wants to go lighter",
    ):
        assert expected in text


def test_it_names_the_location_in_the_file_when_there_are_several(salon, as_front_desk):
    second = Location.objects.create(business=salon.business, name="Station Road", position=1)
    response = as_front_desk.get(f"{PDF_URL}&location={second.pk}")
    assert "rose-thorn-station-road-appointments-2026-11-24.pdf" in response["Content-Disposition"]


def test_it_uses_the_standby_page_around_the_printout_in_the_standby(
    salon, as_stylist, settings, tmp_path
):
    (tmp_path / "standby").mkdir()
    (tmp_path / "standby" / "base.html").write_text(
        "<p>Read-only backup book</p>{% block head %}{% endblock %}"
        "{% block content %}{% endblock %}"
    )
    settings.SALONKEEP_STANDBY = True
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    for url in (
        URL,
        f"/print/day-sheets/{salon.stylist_member.pk}/",
        "/print/appointments/?date=x",
    ):
        html = as_stylist.get(url).content.decode()
        assert html.startswith("<p>Read-only backup book</p>")
        assert "/logout/" not in html  # not the live system's navigation
    owner = logged_in(salon.owner)
    assert owner.get("/print/outage-pack/").status_code == 404
    assert "/print/outage-pack/" not in owner.get(URL).content.decode()
