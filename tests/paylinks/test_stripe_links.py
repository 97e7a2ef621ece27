"""Payment links through Stripe, against localstripe and the Stripe test front: the
client's page starts a Checkout Session, the signed webhook (or the client's return)
records the payment once, failures are reported to the notices, a card maintenance
window stops new payments, and a link collected another way is expired at Stripe."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from salonkeep.notices.models import Notice
from salonkeep.paylinks.models import LinkState, PaymentLink
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, collect_owed
from salonkeep.tasks.models import Task
from tests.paylinks.helpers import (
    detail_url,
    link_for_owed,
    messages_of,
    on_the_day,
    owed_for,
    page_url,
)
from tests.paylinks.stripe_parts import event_payload, signature_header
from tests.sales.helpers import maintenance_window

pytestmark = pytest.mark.usefixtures("on_the_day", "stripe_settings")
__all__ = ["on_the_day"]
WEBHOOK = "/pay/stripe/webhook/"


@pytest.fixture
def link(salon):
    return link_for_owed(owed_for(salon), salon.front_desk)


def start(client, link):
    response = client.post(reverse("pay:card", args=[link.token]))
    link.refresh_from_db()
    return response


def two_checkouts(client, link):
    """The client starts a checkout, it is forgotten (as after its expiry event), and they
    start another while the first page is still open; returns the first one's id."""
    start(client, link)
    first = link.checkout_id
    PaymentLink.objects.filter(pk=link.pk).update(checkout_id="")
    start(client, link)
    return first


def session_of(stripe_front, link):
    return stripe_front.sessions[link.checkout_id]


def deliver(client, stripe_front, kind, session, secret=None, payload=None):
    body = payload if payload is not None else event_payload(kind, session)
    header = signature_header(body, secret or stripe_front.webhook_secret)
    return client.post(
        WEBHOOK, body, content_type="application/json", headers={"stripe-signature": header}
    )


def test_a_stripe_link_is_paid_through_checkout_and_recorded_on_return(
    client, salon, link, stripe_front
):
    assert link.provider == "stripe"
    text = client.get(page_url(link)).content.decode()
    assert "Pay £85.00 by card" in text
    response = start(client, link)
    assert response.status_code == 302
    session = session_of(stripe_front, link)
    assert response["Location"] == session["url"] == link.checkout_url
    assert (session["amount_total"], session["currency"]) == (8500, "gbp")
    assert session["client_reference_id"] == link.token
    assert session["success_url"].endswith(page_url(link) + "?paid=1")
    before = len(stripe_front.sessions)
    again = start(client, link)  # an open checkout is reused, not a second one
    assert again["Location"] == session["url"] and len(stripe_front.sessions) == before

    back = stripe_front.pay(link.checkout_id)
    page = client.get(urlsplit(back).path + "?" + urlsplit(back).query).content.decode()
    assert "Paid. Thank you!" in page
    collected = Payment.objects.get(collects=link.owed)
    assert (collected.method, collected.amount) == (PaymentMethod.PAYMENT_LINK, 8500)
    assert collected.reference.startswith("pi_") and collected.created_by is None
    link.refresh_from_db()
    assert link.state == LinkState.PAID and link.payment == collected


def test_the_signed_webhook_records_the_payment_once(client, salon, link, stripe_front):
    start(client, link)
    stripe_front.pay(link.checkout_id)  # no webhook address: nothing delivered yet
    session = session_of(stripe_front, link)
    first = deliver(client, stripe_front, "checkout.session.completed", session)
    second = deliver(client, stripe_front, "checkout.session.completed", session)
    assert (first.status_code, second.status_code) == (200, 200)
    assert Payment.objects.filter(collects=link.owed).count() == 1
    link.refresh_from_db()
    assert link.state == LinkState.PAID


def test_a_webhook_with_a_bad_signature_changes_nothing(client, salon, link, stripe_front):
    start(client, link)
    stripe_front.pay(link.checkout_id)
    session = session_of(stripe_front, link)
    wrong = deliver(client, stripe_front, "checkout.session.completed", session, "whsec_wrong")
    unsigned = client.post(
        WEBHOOK,
        event_payload("checkout.session.completed", session),
        content_type="application/json",
    )
    assert (wrong.status_code, unsigned.status_code) == (400, 400)
    tampered_body = event_payload("checkout.session.completed", session)
    header = signature_header(tampered_body, stripe_front.webhook_secret)
    tampered = client.post(
        WEBHOOK,
        tampered_body.replace(b"8500", b"9999"),
        content_type="application/json",
        headers={"stripe-signature": header},
    )
    assert tampered.status_code == 400
    assert not Payment.objects.filter(collects=link.owed).exists()
    assert client.get(WEBHOOK).status_code == 405


def test_a_completed_event_is_checked_with_stripe_before_anything_is_recorded(
    client, salon, link, stripe_front
):
    start(client, link)
    session = dict(session_of(stripe_front, link), status="complete", payment_status="paid")
    response = deliver(client, stripe_front, "checkout.session.completed", session)
    assert response.status_code == 200  # signed, but Stripe says it is not paid
    assert not Payment.objects.filter(collects=link.owed).exists()


def test_events_for_other_checkouts_are_ignored(client, salon, stripe_front):
    unknown = {"id": "cs_test_elsewhere", "object": "checkout.session"}
    response = deliver(client, stripe_front, "checkout.session.completed", unknown)
    assert response.status_code == 200
    other_kind = deliver(client, stripe_front, "customer.created", {"id": "cus_1"})
    assert other_kind.status_code == 200


def test_when_stripe_fails_the_webhook_asks_for_the_event_again(client, salon, link, stripe_front):
    start(client, link)
    stripe_front.pay(link.checkout_id)
    session = session_of(stripe_front, link)
    stripe_front.fail_next(10)
    failed = deliver(client, stripe_front, "checkout.session.completed", session)
    assert failed.status_code == 503
    assert not Payment.objects.filter(collects=link.owed).exists()
    stripe_front.reset()
    retried = deliver(client, stripe_front, "checkout.session.completed", session)
    assert retried.status_code == 200
    assert Payment.objects.filter(collects=link.owed).count() == 1


def test_an_expired_checkout_is_replaced_when_the_client_comes_back(
    client, salon, link, stripe_front
):
    start(client, link)
    first = link.checkout_id
    stripe_front.expire_session(first)
    assert (
        deliver(
            client, stripe_front, "checkout.session.expired", session_of(stripe_front, link)
        ).status_code
        == 200
    )
    link.refresh_from_db()
    assert link.checkout_id == "" and link.is_live
    start(client, link)
    assert link.checkout_id not in ("", first) and link.checkouts == 2


def test_stripe_failing_shows_a_clear_message_and_opens_an_incident(
    client, salon, link, stripe_front
):
    stripe_front.fail_next(100)
    for _ in range(3):
        response = start(client, link)
        assert response.status_code == 503
        assert "Stripe" in response.content.decode() and "Try again" in response.content.decode()
    assert link.checkout_id == "" and link.is_live
    incident = Notice.objects.get(business=salon.business, resolved_at__isnull=True)
    assert incident.services == ["card_payments"]
    stripe_front.reset()
    assert start(client, link).status_code == 302
    incident.refresh_from_db()
    assert incident.resolved_at is not None


def test_stripe_stopped_is_a_clear_message(client, salon, link, settings):
    from tests.processes import free_port

    settings.SALONKEEP_STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    response = start(client, link)
    assert response.status_code == 503 and "Stripe did not answer" in response.content.decode()


def test_a_card_maintenance_window_pauses_the_page(client, salon, link, stripe_front):
    maintenance_window(salon.business, ["card_payments"])
    text = client.get(page_url(link)).content.decode()
    assert "Card payments are paused for maintenance until 12:00." in text
    assert "Pay £85.00 by card" not in text
    response = start(client, link)
    assert response.status_code == 503 and link.checkout_id == ""
    assert not [
        session
        for session in stripe_front.sessions.values()
        if session["client_reference_id"] == link.token
    ]


def test_collecting_by_telephone_expires_the_stripe_checkout(
    client, salon, link, stripe_front, django_capture_on_commit_callbacks
):
    start(client, link)
    with django_capture_on_commit_callbacks(execute=True):
        collect_owed(link.owed, salon.front_desk, Tender(PaymentMethod.TELEPHONE, 0))
    assert session_of(stripe_front, link)["status"] == "expired"
    link.refresh_from_db()
    assert link.state == LinkState.CANCELLED


def test_a_client_who_pays_after_the_salon_collected_is_a_task_not_a_second_payment(
    client, salon, link, stripe_front
):
    start(client, link)
    collect_owed(link.owed, salon.front_desk, Tender(PaymentMethod.CASH, 8500))
    stripe_front.pay(link.checkout_id)  # the expiry never reached Stripe (no commit here)
    response = deliver(
        client, stripe_front, "checkout.session.completed", session_of(stripe_front, link)
    )
    assert response.status_code == 200
    assert Payment.objects.filter(collects=link.owed).count() == 1
    task = Task.objects.get()
    assert "refund them at the payment provider" in task.title and task.payment_owed == link.owed


def test_the_salon_cancels_a_stripe_link_and_its_checkout_expires(
    as_front_desk, client, salon, link, stripe_front
):
    start(client, link)
    as_front_desk.post(detail_url(link, "cancel"), {"reason": "Wrong amount"})
    assert session_of(stripe_front, link)["status"] == "expired"
    link.refresh_from_db()
    assert link.state == LinkState.CANCELLED


def test_cancelling_a_link_the_client_has_just_paid_records_the_payment(
    as_front_desk, client, salon, link, stripe_front
):
    start(client, link)
    stripe_front.pay(link.checkout_id)
    response = as_front_desk.post(detail_url(link, "cancel"), {"reason": "Too late"}, follow=True)
    assert "The client had just paid this link" in " ".join(messages_of(response))
    link.refresh_from_db()
    assert link.state == LinkState.PAID


def test_check_with_stripe_records_a_payment_whose_webhook_is_late(
    as_front_desk, client, salon, link, stripe_front
):
    start(client, link)
    nothing = as_front_desk.post(detail_url(link, "check_stripe"), follow=True)
    assert "no completed payment for this link yet" in " ".join(messages_of(nothing))
    stripe_front.pay(link.checkout_id)
    found = as_front_desk.post(detail_url(link, "check_stripe"), follow=True)
    assert "Stripe says it is paid" in " ".join(messages_of(found))
    assert PaymentLink.objects.get(pk=link.pk).state == LinkState.PAID


def test_a_stripe_link_cannot_be_marked_paid_by_hand(as_front_desk, salon, link):
    response = as_front_desk.post(detail_url(link, "mark_paid"), {"reference": "x"}, follow=True)
    assert "Stripe links are marked paid by Stripe" in " ".join(messages_of(response))
    assert not Payment.objects.filter(collects=link.owed).exists()


def test_a_payment_of_another_amount_is_a_task_not_a_collection(
    client, salon, link, stripe_front, localstripe
):
    start(client, link)
    intent = stripe_front._intents[link.checkout_id]
    localstripe.call("POST", f"/v1/payment_intents/{intent}", {"amount": "9000"})
    stripe_front.pay(link.checkout_id)
    session = session_of(stripe_front, link)
    for _ in range(2):  # delivered twice: still one task
        assert (
            deliver(client, stripe_front, "checkout.session.completed", session).status_code == 200
        )
    assert not Payment.objects.filter(collects=link.owed).exists()
    task = Task.objects.get()
    assert task.title.startswith("Stripe took £90.00 for a payment link of £85.00")
    link.refresh_from_db()
    assert link.is_live


def test_a_late_event_for_an_earlier_checkout_of_the_link_is_recorded(
    client, salon, link, stripe_front
):
    first = two_checkouts(client, link)
    assert link.checkout_id != first
    stripe_front.pay(first)  # the client paid the page they still had open
    response = deliver(
        client, stripe_front, "checkout.session.completed", stripe_front.sessions[first]
    )
    assert response.status_code == 200
    collected = Payment.objects.get(collects=link.owed)
    assert collected.method == PaymentMethod.PAYMENT_LINK


def test_an_expired_event_for_an_earlier_checkout_keeps_the_newer_one(
    client, salon, link, stripe_front
):
    first = two_checkouts(client, link)
    newer = link.checkout_id
    stripe_front.expire_session(first)
    deliver(client, stripe_front, "checkout.session.expired", stripe_front.sessions[first])
    link.refresh_from_db()
    assert link.checkout_id == newer


def test_paying_an_older_link_ends_the_newer_one(client, salon, link, stripe_front):
    start(client, link)
    PaymentLink.objects.filter(pk=link.pk).update(state="expired")  # as after its date
    newer = link_for_owed(link.owed, salon.front_desk)
    stripe_front.pay(link.checkout_id)
    deliver(client, stripe_front, "checkout.session.completed", session_of(stripe_front, link))
    assert Payment.objects.filter(collects=link.owed).count() == 1
    newer.refresh_from_db()
    assert (newer.state, newer.end_reason) == (
        LinkState.CANCELLED,
        "Paid through another payment link.",
    )
    assert "no longer valid" in client.get(page_url(newer)).content.decode()


def test_a_second_checkout_paid_as_well_is_a_task_not_a_second_collection(
    client, salon, link, stripe_front
):
    first = two_checkouts(client, link)
    for session_id in (first, link.checkout_id):
        stripe_front.pay(session_id)
        for _ in range(2):  # each event delivered twice
            deliver(
                client,
                stripe_front,
                "checkout.session.completed",
                stripe_front.sessions[session_id],
            )
    assert Payment.objects.filter(collects=link.owed).count() == 1
    task = Task.objects.get()
    assert "refund them at the payment provider" in task.title
    link.refresh_from_db()
    assert link.state == LinkState.PAID


def test_a_payment_stripe_is_still_processing_is_not_started_again(
    client, salon, link, stripe_front
):
    start(client, link)
    session_of(stripe_front, link).update(status="complete", payment_status="unpaid")
    before = len(stripe_front.sessions)
    response = start(client, link)
    assert response.status_code == 503
    assert "being processed by Stripe" in response.content.decode()
    assert len(stripe_front.sessions) == before


def test_check_with_stripe_says_when_stripe_does_not_answer(
    as_front_desk, client, salon, link, stripe_front
):
    start(client, link)
    stripe_front.pay(link.checkout_id)
    stripe_front.fail_next(10)
    response = as_front_desk.post(detail_url(link, "check_stripe"), follow=True)
    text = " ".join(messages_of(response))
    assert "Stripe did not answer" in text and "Do not take the payment again" in text
    assert not Payment.objects.filter(collects=link.owed).exists()


def test_cancelling_while_stripe_does_not_answer_still_cancels_here(
    as_front_desk, client, salon, link, stripe_front
):
    start(client, link)
    stripe_front.fail_next(10)
    response = as_front_desk.post(detail_url(link, "cancel"), {"reason": "Paid cash"}, follow=True)
    assert "The link is cancelled here, but Stripe did not confirm it" in " ".join(
        messages_of(response)
    )
    link.refresh_from_db()
    assert link.state == LinkState.CANCELLED
    assert start(client, link).status_code == 503  # no new checkout for a cancelled link
