"""The front desk finds a client, adds a new one past the duplicate warning, and writes a
colour note; the card reads well on a phone."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from salonkeep.clients.models import Client, ClientPhoto, ColourNote
from tests.browser.conftest import log_in


@pytest.mark.browser
def test_it_searches_creates_and_writes_a_colour_note(live_server, salon, page):
    Client.objects.create(business=salon.business, first_name="Bob", last_name="Baker")
    log_in(page, live_server, "front_desk")
    page.goto(f"{live_server.url}/clients/")
    results = page.locator("#client-results")
    assert "Baker, Bob" in results.inner_text()

    # Live search: typing narrows the list without submitting the form.
    page.fill("input[name=q]", "07700 900")
    page.wait_for_function(
        "() => !document.querySelector('#client-results').innerText.includes('Baker')"
    )
    assert "Archer, Alice" in results.inner_text()
    assert "q=07700" in page.url

    page.click("text=New client")
    page.fill("input[name=first_name]", "Amy")
    page.fill("input[name=last_name]", "Archer")
    page.fill("input[name=phone]", "+44 7700 900123")  # Alice Archer's phone, written differently
    page.fill("input[name=birthday]", "1992-08-14")
    page.fill("textarea[name=allergies]", "Nickel")
    page.click("button[type=submit].primary")
    warning = page.locator(".duplicate-warning")
    assert "Possible duplicate" in warning.inner_text()
    assert warning.locator("a", has_text="Alice Archer").count() == 1
    assert not Client.objects.filter(first_name="Amy").exists()

    page.click("button[type=submit].primary")
    page.wait_for_selector("h1:has-text('Amy Archer')")
    amy = Client.objects.get(first_name="Amy")
    assert page.url.endswith(f"/clients/{amy.pk}/")
    assert "Nickel" in page.locator(".allergy-alert").inner_text()

    page.fill("textarea[name=formula]", "6.0 + 7.1 1:1, 6% 20 min")
    page.click("text=Add colour note")
    page.wait_for_selector(".colour-note")
    assert "6.0 + 7.1 1:1, 6% 20 min" in page.locator(".colour-note").first.inner_text()
    assert "Colour note added." in page.locator(".messages").inner_text()
    assert ColourNote.objects.get(client=amy).created_by == salon.front_desk


@pytest.mark.browser
def test_it_fits_the_card_on_a_phone(live_server, salon, phone_page):
    salon.client.allergies = "Reacts to PPD; do a patch test every time"
    salon.client.email = "alice.archer.with.a.long.address@example.com"
    salon.client.save()
    ColourNote.objects.create(
        business=salon.business,
        client=salon.client,
        formula="7.1 + 6% 30g",
        created_by=salon.stylist,
    )
    log_in(phone_page, live_server, "stylist")
    phone_page.goto(f"{live_server.url}/clients/{salon.client.pk}/")
    assert phone_page.locator(".allergy-alert").is_visible()
    assert phone_page.locator("textarea[name=formula]").is_visible()
    assert phone_page.locator(".colour-note").is_visible()
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the card is {overflow}px wider than the phone"
    # A stylist sees the card but cannot change contact details.
    assert phone_page.locator("text=Edit details").count() == 0


@pytest.mark.browser
def test_it_adds_a_photo_from_a_phone_and_shows_it_on_the_card(
    live_server, salon, phone_page, settings, tmp_path
):
    settings.SALONKEEP_HOME = tmp_path
    picture = io.BytesIO()
    Image.new("RGB", (1200, 900), (120, 40, 160)).save(picture, format="JPEG")
    log_in(phone_page, live_server, "stylist")
    phone_page.goto(f"{live_server.url}/clients/{salon.client.pk}/#photos")
    photo_input = phone_page.locator("#photos input[type=file]")
    assert photo_input.get_attribute("accept") == "image/*"
    assert photo_input.get_attribute("capture") is not None
    photo_input.set_input_files(
        files=[{"name": "after.jpg", "mimeType": "image/jpeg", "buffer": picture.getvalue()}]
    )
    phone_page.fill("#photos input[name=caption]", "After: violet gloss")
    phone_page.click("#photos button:has-text('Add photo')")
    thumbnail = phone_page.locator(".client-photo img")
    thumbnail.wait_for()
    assert "Photo added." in phone_page.locator(".messages").inner_text()
    assert "After: violet gloss" in phone_page.locator(".client-photo").inner_text()
    # The thumbnail really loaded (a broken image has no natural width).
    phone_page.wait_for_function(
        "() => document.querySelector('.client-photo img').naturalWidth > 0"
    )
    assert ClientPhoto.objects.get(client=salon.client).created_by == salon.stylist
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the card is {overflow}px wider than the phone"
