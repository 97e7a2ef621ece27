"""A booked day with everything a day sheet shows: a colour client with an allergy, a
colour formula, a passed patch test and past visits; a second client with Jo; and a
cancelled appointment that the sheets leave out."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pypdf

from salonkeep.book.booking import change_status
from salonkeep.book.models import Appointment, Status
from salonkeep.clients.models import Client, ColourNote, PatchTest, PatchTestResult
from tests.book.helpers import DAY, NOW, at, book

__all__ = ["DAY", "NOW", "BookedDay", "at", "book", "book_day", "pdf_text"]


@dataclass
class BookedDay:
    colour: Appointment
    cut: Appointment
    cancelled: Appointment
    bella: Client


def book_day(salon) -> BookedDay:
    client = salon.client
    client.allergies = "Reacts to PPD"
    client.save()
    PatchTest.objects.create(
        business=salon.business,
        client=client,
        tested_on=date(2026, 11, 20),
        product="Majirel",
        result=PatchTestResult.PASSED,
    )
    ColourNote.objects.create(
        business=salon.business,
        client=client,
        formula="Majirel 7.3 + 7.0 with 20 vol, 35 min",
        created_at=datetime(2026, 10, 1, 10, tzinfo=UTC),
        created_by=salon.stylist,
    )
    # A past visit (done) and one that was cancelled, which is not a visit.
    book(
        salon,
        (salon.cut, salon.stylist_member, at(11, day=date(2026, 11, 3))),
        check_schedule=False,
    )
    skipped = book(salon, (salon.cut, salon.jo, at(11, day=date(2026, 11, 10))))
    change_status(skipped, Status.CANCELLED, salon.front_desk)

    bella = Client.objects.create(
        business=salon.business, first_name="Bella", last_name="Brown", phone="07700 900456"
    )
    colour = book(
        salon,
        (salon.colour, salon.stylist_member, at(10)),
        (salon.cut, salon.jo, at(10, 45)),
        notes="Wants to go lighter",
    )
    cut = book(salon, (salon.cut, salon.jo, at(14)), client=bella)
    dropped = Client.objects.create(business=salon.business, first_name="Dora", last_name="Dropped")
    cancelled = book(salon, (salon.cut, salon.stylist_member, at(15)), client=dropped)
    change_status(cancelled, Status.CANCELLED, salon.front_desk)
    return BookedDay(colour=colour, cut=cut, cancelled=cancelled, bella=bella)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    # Lines wrap wherever the layout puts them: compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
