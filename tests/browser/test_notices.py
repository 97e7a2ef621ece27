"""In a real browser: the owner posts an incident, posts its updates, resolves it with
the measured window; a stylist sees it in the banner and closes it; the public status
page shows the resolved notice with its window. Also on a phone screen."""

from __future__ import annotations

import pytest

from salonkeep.notices.models import Notice
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def post_incident(page, live_server):
    page.goto(f"{live_server.url}/notices/")
    assert page.locator("nav.mainnav a:has-text('Notices')").count() == 1
    page.click("a.button:has-text('Incident')")
    page.fill("input[name=title]", "Card payments are failing")
    page.select_option("select[name=impact]", "major_outage")
    page.fill("textarea[name=body]", "Our card processor is having problems processing payments.")
    page.check("input[name=services][value=card_payments]")
    page.fill("input[name=support_phone]", "020 7946 0000")
    page.click("button:has-text('Post the notice')")
    page.wait_for_selector("text=Posted “Card payments are failing”.")


def test_it_posts_updates_and_resolves_an_incident(live_server, salon, page):
    log_in(page, live_server, "owner")
    post_incident(page, live_server)
    assert page.locator(".notice-banner:has-text('Incident · Investigating')").count() == 1

    page.select_option("select[name=progress]", "identified")
    page.fill("#post-update textarea[name=message]", "The processor found the fault.")
    page.click("button:has-text('Post the update')")
    page.wait_for_selector("text=Posted the update: Identified.")

    page.select_option("select[name=progress]", "resolved")
    page.fill("#post-update textarea[name=message]", "Card payments work again.")
    page.click("button:has-text('Post the update')")
    page.wait_for_selector("text=Say when the impact ended.")
    page.fill("#post-update input[name=window_start]", "2026-09-18T09:45")
    page.fill("#post-update input[name=window_end]", "2026-09-18T10:55")
    page.click("button:has-text('Post the update')")
    page.wait_for_selector("text=Posted the update: Resolved.")
    page.wait_for_selector("text=Services were affected between 9:45 and 10:55 on 18 September.")
    stages = page.locator(".notice-card .notice-updates strong").all_inner_texts()
    assert stages == ["Resolved", "Identified", "Investigating"]
    assert Notice.objects.get().resolved_at is not None

    page.goto(f"{live_server.url}/status/{salon.business.slug}/")
    page.wait_for_selector("text=All services are operational")
    assert page.locator("text=between 9:45 and 10:55 on 18 September").count() == 1


def test_a_stylist_sees_and_closes_the_banner_on_a_phone(live_server, salon, page, phone_page):
    log_in(page, live_server, "owner")
    post_incident(page, live_server)

    log_in(phone_page, live_server, "stylist")
    phone_page.goto(f"{live_server.url}/clients/")
    banner = phone_page.locator(".notice-banner:has-text('Card payments are failing')")
    assert banner.count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    banner.locator("button:has-text('Close')").click()
    banner.wait_for(state="detached")
    phone_page.reload()
    assert phone_page.locator(".notice-banner").count() == 0
    phone_page.goto(f"{live_server.url}/notices/")
    assert phone_page.locator("a.button:has-text('Incident')").count() == 0
    assert phone_page.locator("text=Major outage: Card payments").count() == 1


def test_a_stylist_subscribes_by_email_and_confirms(live_server, salon, phone_page):
    from salonkeep.notices.models import OutgoingMail, Subscription

    log_in(phone_page, live_server, "stylist")
    phone_page.goto(f"{live_server.url}/notices/")
    phone_page.click("text=Get notices by e-mail")
    phone_page.fill("input[name=email]", "sam@example.com")
    phone_page.uncheck("input[name=all_services]")
    phone_page.click("button:has-text('Subscribe')")
    phone_page.wait_for_selector("text=Tick “Every notice” or choose at least one service.")
    phone_page.check("input[name=services][value=card_payments]")
    phone_page.click("button:has-text('Subscribe')")
    phone_page.wait_for_selector("text=We sent a link to sam@example.com.")
    assert phone_page.locator("text=Waiting for you to open the link").count() == 1

    body = OutgoingMail.objects.get().body
    link = next(word for word in body.split() if "/notices/email/confirm/" in word)
    phone_page.goto(live_server.url + link[link.index("/notices/") :])
    phone_page.wait_for_selector(
        "text=sam@example.com will now get Rose & Thorn's notices by e-mail."
    )
    assert Subscription.objects.get().services == ["card_payments"]
    phone_page.goto(f"{live_server.url}/notices/email/")
    assert phone_page.locator("text=Notices go to").count() == 1
