"""In a real browser: the front desk books a colour with a blow-dry during processing for
a new client, drags it to another time and to another team member, and cancels it; on a
desktop screen and on a phone."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from salonkeep.book.booking import LineRequest, book_appointment
from salonkeep.book.models import Appointment, Status
from salonkeep.catalog.models import Service, ServicePerformer
from salonkeep.clients.models import Client
from salonkeep.lib.dates import local_instant
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

AXIS_START = 9 * 60  # the salon opens at 09:00 on weekdays


def next_tuesday(salon):
    today = timezone.localtime(timezone.now(), salon.business.tz).date()
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


def add_blow_dry(salon):
    blow_dry = Service.objects.create(
        business=salon.business, name="Blow-dry", price=3000, initial_minutes=30
    )
    for member in (salon.owner_member, salon.stylist_member, salon.jo):
        ServicePerformer.objects.create(
            business=salon.business, service=blow_dry, team_member=member
        )
    return blow_dry


def pixels_per_minute(page):
    column = page.locator(".book-column").first.bounding_box()
    hours = float(
        page.eval_on_selector("#book-grid", "g => getComputedStyle(g).getPropertyValue('--hours')")
    )
    return column["height"] / (hours * 60)


def column_box(page, member):
    return page.locator(f'.book-column[data-member="{member.pk}"]').bounding_box()


def block(page, appointment, member):
    return page.locator(
        f'.book-column[data-member="{member.pk}"] .appt[data-appointment="{appointment.pk}"]'
    ).first


def drag(page, locator, dx, dy):
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(12, box["height"] / 2)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 3, y + dy / 3, steps=4)
    page.mouse.move(x + dx, y + dy, steps=8)
    page.mouse.up()


def book_through_the_form(page, live_server, salon, blow_dry, day, first_name, screenshots):
    page.goto(f"{live_server.url}/?date={day:%Y-%m-%d}")
    # Click the empty 10:00 slot in Sam's column.
    sam = column_box(page, salon.stylist_member)
    per_minute = pixels_per_minute(page)
    page.mouse.click(
        sam["x"] + sam["width"] / 2, sam["y"] + (10 * 60 - AXIS_START) * per_minute + 4
    )
    page.wait_for_url("**/appointments/new/**")
    assert page.input_value("[name='lines-0-start']") == "10:00"
    assert page.input_value("[name='lines-0-team_member']") == str(salon.stylist_member.pk)

    page.fill("[name='new_first_name']", first_name)
    page.fill("[name='new_last_name']", "Newcombe")
    page.fill("[name='new_phone']", "07700 900555")
    assert page.is_checked("#client-new")
    page.select_option("[name='lines-0-service']", str(salon.colour.pk))
    page.click("#add-line")
    # The new line follows the colour (10:00 + 1 h 45 min) with the same person...
    assert page.input_value("[name='lines-1-start']") == "11:45"
    # ...and is changed to a blow-dry by Jo while the colour processes.
    page.select_option("[name='lines-1-service']", str(blow_dry.pk))
    page.select_option("[name='lines-1-team_member']", str(salon.jo.pk))
    page.fill("[name='lines-1-start']", "10:30")
    page.fill("[name='notes']", "Wants a warm blonde")
    page.screenshot(path=f"{screenshots}-new.png", full_page=True)
    page.click("button.primary:has-text('Book appointment')")
    page.wait_for_url(f"**/?date={day:%Y-%m-%d}**")
    assert f"Booked {first_name} Newcombe" in page.content()
    return Appointment.objects.get(client__first_name=first_name)


def run_book_flow(page, live_server, salon, first_name, screenshots):
    blow_dry = add_blow_dry(salon)
    day = next_tuesday(salon)
    tz = salon.business.tz
    log_in(page, live_server, "front_desk")
    appointment = book_through_the_form(
        page, live_server, salon, blow_dry, day, first_name, screenshots
    )
    lines = list(appointment.lines.order_by("starts_at"))
    assert [(line.service_name, line.team_member) for line in lines] == [
        ("Full head colour", salon.stylist_member),
        ("Blow-dry", salon.jo),
    ]
    assert lines[0].starts_at == local_instant(day, time(10), tz)
    assert Client.objects.filter(first_name=first_name, phone="07700 900555").count() == 1

    # Both lines are drawn: the colour in four parts in Sam's column, the blow-dry in Jo's.
    sam_column = f'.book-column[data-member="{salon.stylist_member.pk}"]'
    sam_parts = page.locator(f'{sam_column} .appt[data-appointment="{appointment.pk}"]')
    assert sam_parts.count() == 4
    assert page.locator(f"{sam_column} .appt.processing").count() == 1
    assert first_name in block(page, appointment, salon.jo).inner_text()
    page.screenshot(path=f"{screenshots}-day.png", full_page=True)

    # Drag down two hours: the whole appointment moves, keeping the gap between services.
    per_minute = pixels_per_minute(page)
    drag(page, block(page, appointment, salon.stylist_member), 0, 120 * per_minute)
    page.wait_for_selector("#book-message:not([hidden])")
    assert "Moved" in page.inner_text("#book-message")
    starts = sorted(appointment.lines.values_list("starts_at", flat=True))
    assert [timezone.localtime(s, tz).strftime("%H:%M") for s in starts] == ["12:00", "12:30"]

    # A drop onto someone's busy time is refused: the reason shows, the block snaps back.
    bea = Client.objects.create(business=salon.business, first_name="Bea", last_name="Bell")
    book_appointment(
        business=salon.business,
        location=salon.location,
        client=bea,
        lines=[LineRequest(salon.cut, salon.jo, local_instant(day, time(14, 30), tz))],
    )
    page.reload()
    drag(page, block(page, appointment, salon.stylist_member), 0, 120 * per_minute)
    page.wait_for_selector("#book-message:not([hidden])")
    assert "Jo Junior is already busy at 14:30 with Bea Bell" in page.inner_text("#book-message")
    assert block(page, appointment, salon.stylist_member).evaluate("e => e.style.transform") == ""
    assert sorted(appointment.lines.values_list("starts_at", flat=True)) == starts

    owner = column_box(page, salon.owner_member)
    sam = column_box(page, salon.stylist_member)
    # Drag Sam's colour sideways into the owner's column: the colour changes hands.
    drag(page, block(page, appointment, salon.stylist_member), owner["x"] - sam["x"], 0)
    page.wait_for_selector("#book-message:not([hidden])")
    assert "Moved" in page.inner_text("#book-message"), page.inner_text("#book-message")
    members = {line.service_name: line.team_member for line in appointment.lines.all()}
    assert members == {"Full head colour": salon.owner_member, "Blow-dry": salon.jo}
    assert block(page, appointment, salon.owner_member).is_visible()

    # A click without movement opens the appointment; cancelling asks first.
    block(page, appointment, salon.owner_member).click()
    page.wait_for_url(f"**/appointments/{appointment.pk}/")
    page.screenshot(path=f"{screenshots}-detail.png", full_page=True)
    page.click("button:has-text('Cancel appointment')")
    page.click("button:has-text('Yes, cancel it')")
    page.wait_for_url(f"**/appointments/{appointment.pk}/")
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert appointment.cancelled_by.username == "front_desk"
    page.goto(f"{live_server.url}/?date={day:%Y-%m-%d}")
    assert page.locator(f'.appt[data-appointment="{appointment.pk}"]').count() == 0
    assert f"{first_name} Newcombe" in page.inner_text(".book-cancelled")
    return appointment


def test_it_books_moves_and_cancels_on_a_desktop(live_server, salon, page):
    run_book_flow(page, live_server, salon, "Nina", "/tmp/book-desktop")


def test_it_books_moves_and_cancels_on_a_phone(live_server, salon, phone_page):
    run_book_flow(phone_page, live_server, salon, "Pia", "/tmp/book-phone")


def test_it_moves_an_appointment_to_another_day_in_the_week_view(live_server, salon, page):
    day = next_tuesday(salon)
    tz = salon.business.tz
    appointment = book_appointment(
        business=salon.business,
        location=salon.location,
        client=salon.client,
        lines=[LineRequest(salon.cut, salon.jo, local_instant(day, time(11), tz))],
    )
    log_in(page, live_server, "front_desk")
    page.goto(f"{live_server.url}/week/?member={salon.jo.pk}&date={day:%Y-%m-%d}")
    columns = page.locator(".book-column")
    assert columns.count() == 7
    tuesday, wednesday = columns.nth(1).bounding_box(), columns.nth(2).bounding_box()
    part = page.locator(f'.appt[data-appointment="{appointment.pk}"]').first
    drag(page, part, wednesday["x"] - tuesday["x"], 30 * pixels_per_minute(page))
    page.wait_for_selector("#book-message:not([hidden])")
    assert "Moved Alice Archer to Wednesday" in page.inner_text("#book-message")
    appointment.refresh_from_db()
    moved = timezone.localtime(appointment.starts_at, tz)
    assert (moved.date(), moved.time()) == (day + timedelta(days=1), time(11, 30))
    assert appointment.lines.get().team_member == salon.jo
    assert page.locator(".book-column").nth(2).locator(".appt").count() == 1


def test_it_finds_an_existing_client_as_you_type(live_server, salon, page):
    day = next_tuesday(salon)
    log_in(page, live_server, "front_desk")
    page.goto(f"{live_server.url}/appointments/new/?date={day:%Y-%m-%d}&time=14:00")
    assert page.is_hidden("button[name='find_client']")  # htmx searches as you type
    page.fill("[name='client_query']", "arch")
    page.check(f"#client-results input[value='{salon.client.pk}']")
    page.select_option("[name='lines-0-service']", str(salon.cut.pk))
    page.select_option("[name='lines-0-team_member']", str(salon.jo.pk))
    # A second line added by mistake can be removed again.
    page.click("#add-line")
    assert page.locator("[data-book-line]").count() == 2
    page.locator("[data-book-line]").nth(1).locator(".remove-line").click()
    assert page.locator("[data-book-line]").count() == 1
    assert page.input_value("[name='lines-TOTAL_FORMS']") == "1"
    page.click("button.primary:has-text('Book appointment')")
    page.wait_for_url(f"**/?date={day:%Y-%m-%d}**")
    appointment = Appointment.objects.get()
    assert appointment.client == salon.client
    assert timezone.localtime(appointment.starts_at, salon.business.tz).time() == time(14)
    assert Client.objects.count() == 1
