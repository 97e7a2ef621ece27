"""Day sheets: everyone's for a day, or one team member's, as pages and PDFs."""

from __future__ import annotations

import io

import pypdf
import pytest
import time_machine

from salonkeep.catalog.models import ServicePerformer
from salonkeep.team.models import TeamMember
from tests.printouts.helpers import DAY, NOW, at, book, book_day, pdf_text

QUERY = f"?date={DAY:%Y-%m-%d}"
ALL = f"/print/day-sheets/{QUERY}"
ALL_PDF = f"/print/day-sheets.pdf{QUERY}"


def one(member):
    return f"/print/day-sheets/{member.pk}/{QUERY}"


def one_pdf(member):
    return f"/print/day-sheets/{member.pk}.pdf{QUERY}"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_gives_each_member_a_sheet_with_their_appointments(salon, as_front_desk):
    book_day(salon)
    response = as_front_desk.get(ALL)
    assert response.status_code == 200
    sheets = {sheet.member: sheet for sheet in response.context["sheets"]}
    assert list(sheets) == [salon.owner_member, salon.stylist_member, salon.jo]
    assert sheets[salon.owner_member].appointments == []
    # Cancelled appointments are not on anyone's sheet.
    assert [a.card.name for a in sheets[salon.stylist_member].appointments] == ["Alice Archer"]
    assert [a.card.name for a in sheets[salon.jo].appointments] == ["Alice Archer", "Bella Brown"]
    html = response.content.decode()
    assert html.count('class="printout day-sheet"') == 3


def test_it_shows_what_the_stylist_needs_to_know_about_the_client(salon, as_front_desk):
    book_day(salon)
    response = as_front_desk.get(one(salon.stylist_member))
    [visit] = response.context["sheets"][0].appointments
    card = visit.card
    assert card.phone == "07700 900123"
    assert card.allergies == "Reacts to PPD"
    assert card.patch_test.level == "ok"
    assert card.patch_test.text == "Passed on 20 Nov 2026 (Majirel), valid until 22 May 2027"
    assert [note.formula for note in card.colour_notes] == ["Majirel 7.3 + 7.0 with 20 vol, 35 min"]
    assert card.colour_notes[0].written_by == "stylist"
    # The cancelled visit of 10 November is not a visit.
    assert [(v.day.isoformat(), v.services) for v in card.visits] == [
        ("2026-11-03", ["Cut and finish (Sam Stylist)"])
    ]
    assert [(line.service, line.team_member) for line in visit.lines] == [
        ("Full head colour", "Sam Stylist"),
        ("Cut and finish", "Jo Junior"),
    ]


def test_it_puts_the_client_history_colour_notes_and_allergies_in_the_pdf(salon, as_front_desk):
    book_day(salon)
    response = as_front_desk.get(one_pdf(salon.stylist_member))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="rose-thorn-day-sheet-sam-stylist-2026-11-24.pdf"'
        in response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    for expected in (
        "Day sheet: Sam Stylist",
        "Alice Archer",
        "07700 900123",
        "Reacts to PPD",
        "Majirel 7.3 + 7.0 with 20 vol, 35 min",
        "Passed on 20 Nov 2026",
        "3 Nov 2026: Cut and finish (Sam Stylist)",
        "Wants to go lighter",
    ):
        assert expected in text
    assert "Bella Brown" not in text and "Dora Dropped" not in text


def test_it_puts_every_sheet_on_its_own_pages_in_the_all_sheets_pdf(salon, as_manager):
    book_day(salon)
    response = as_manager.get(ALL_PDF)
    assert 'filename="rose-thorn-day-sheets-2026-11-24.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert text.index("Day sheet: Olivia Owner") < text.index("Day sheet: Sam Stylist")
    assert "Bella Brown" in text and "No appointments on this day." in text
    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) >= 3


@pytest.mark.parametrize("client_fixture", ["as_owner", "as_manager", "as_front_desk"])
def test_it_shows_all_sheets_to_those_who_book(salon, client_fixture, request):
    http = request.getfixturevalue(client_fixture)
    assert http.get(ALL).status_code == 200
    assert http.get(one(salon.jo)).status_code == 200


def test_it_shows_a_stylist_only_their_own_sheet(salon, as_stylist):
    book_day(salon)
    assert as_stylist.get(ALL).status_code == 403
    assert as_stylist.get(ALL_PDF).status_code == 403
    assert as_stylist.get(one(salon.jo)).status_code == 403
    assert as_stylist.get(one_pdf(salon.jo)).status_code == 403
    response = as_stylist.get(one(salon.stylist_member))
    assert response.status_code == 200
    assert response.context["members"] == []  # no links to colleagues' sheets
    assert "Alice Archer" in pdf_text(as_stylist.get(one_pdf(salon.stylist_member)).content)


def test_it_sends_anonymous_visitors_to_log_in(salon, client):
    for url in (ALL, ALL_PDF, one(salon.jo), one_pdf(salon.jo)):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_hides_another_business_members(salon, other, as_owner):
    assert as_owner.get(one(other.jo)).status_code == 404
    assert as_owner.get(one_pdf(other.jo)).status_code == 404
    assert as_owner.get(f"/print/day-sheets/999999/{QUERY}").status_code == 404


def test_it_leaves_out_another_business_appointments(salon, other, as_owner):
    book_day(other)
    response = as_owner.get(ALL)
    assert all(sheet.appointments == [] for sheet in response.context["sheets"])
    assert "Alice Archer" not in response.content.decode()


def test_it_gives_a_sheet_to_someone_booked_outside_their_hours(salon, as_front_desk):
    helper = TeamMember.objects.create(business=salon.business, name="Hana Helper", position=5)
    ServicePerformer.objects.create(business=salon.business, service=salon.cut, team_member=helper)
    book(salon, (salon.cut, helper, at(12)), check_schedule=False)
    response = as_front_desk.get(ALL)
    assert helper in [sheet.member for sheet in response.context["sheets"]]


@pytest.mark.parametrize("bad", ["24/11/2026", "2026-02-30", ""])
def test_it_refuses_a_malformed_date_clearly(salon, as_front_desk, bad):
    if bad == "":
        assert as_front_desk.get("/print/day-sheets/?date=").status_code == 200
        return
    for url in ("/print/day-sheets/", "/print/day-sheets.pdf", f"/print/day-sheets/{salon.jo.pk}/"):
        response = as_front_desk.get(url, {"date": bad})
        assert response.status_code == 400
        assert "is not a date" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_only_reads(salon, as_owner, method):
    for url in (ALL, ALL_PDF, one(salon.jo), one_pdf(salon.jo)):
        assert getattr(as_owner, method)(url).status_code == 405
