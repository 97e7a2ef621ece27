"""The Stripe provider against localstripe and the Stripe test front (real HTTP)."""

import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from salonkeep.paylinks import stripe_provider
from salonkeep.paylinks.models import PaymentLink
from salonkeep.paylinks.providers import AlreadyPaid, BadSignature, ProviderError
from salonkeep.sales.models import PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from tests.paylinks.stripe_parts import event_payload, signature_header
from tests.paylinks.stripe_servers import StripeFront
from tests.sales.helpers import at, colour_ticket

SUCCESS = "http://127.0.0.1:9/pay/done/?session={CHECKOUT_SESSION_ID}"
CANCEL = "http://127.0.0.1:9/pay/back/"


@pytest.fixture
def link(salon, stripe_settings):
    """£65 of Alice's £85 colour owed, with a Stripe link for it."""
    with time_machine.travel(at(11), tick=True):
        ticket = colour_ticket(salon)
        take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CARD, 2000))
        owed = take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 6500))
    now = timezone.now()
    return PaymentLink.objects.create(
        business=salon.business,
        owed=owed,
        token=secrets.token_urlsafe(32),
        provider="stripe",
        amount=6500,
        currency="GBP",
        description="Colour at Rose & Thorn",
        created_at=now,
        expires_at=now + timedelta(days=14),
        sent_to="alice@example.com",
        checkouts=1,
    )


def fetch(url, data=None):
    """(status, text, Location) without following redirects: success_url is not served."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(url, data=data, timeout=10) as response:
            return response.status, response.read().decode(), None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Location")


def pay(checkout):
    return fetch(checkout.url, data=b"")


def signed(payload, secret, timestamp=None):
    return payload, signature_header(payload, secret, timestamp)


def test_it_starts_a_checkout_whose_page_shows_the_amount(link, stripe_front):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)

    assert checkout.id.startswith("cs_test_")
    status, page, _ = fetch(checkout.url)
    assert status == 200 and "65.00 GBP" in page and 'id="pay"' in page.replace("'", '"')
    assert f"href='{CANCEL}'" in page
    session = stripe_front.sessions[checkout.id]
    assert session["client_reference_id"] == link.token
    assert session["metadata"] == {
        "salonkeep_link": link.token,
        "salonkeep_business": str(link.business_id),
    }
    assert (session["amount_total"], session["currency"]) == (6500, "gbp")
    assert session["customer_email"] == "alice@example.com"
    assert session["success_url"] == SUCCESS and session["cancel_url"] == CANCEL
    assert 0 < session["expires_at"] - time.time() <= 23 * 3600


def test_it_never_sends_a_session_longer_than_the_link_lives(link, stripe_front):
    link.expires_at = timezone.now() + timedelta(hours=2)
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    assert stripe_front.sessions[checkout.id]["expires_at"] == int(link.expires_at.timestamp())

    link.expires_at = timezone.now() + timedelta(minutes=20)
    link.checkouts += 1
    with pytest.raises(ProviderError, match="expires in less than 35 minutes"):
        stripe_provider.start_checkout(link, SUCCESS, CANCEL)


def test_it_returns_the_same_session_for_the_same_attempt(link, stripe_front):
    # The same request again (as the stripe library's own retries send it): frozen
    # clock, so the session's end time is the same too.
    with time_machine.travel(timezone.now(), tick=False):
        first = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
        assert stripe_provider.start_checkout(link, SUCCESS, CANCEL) == first

    link.checkouts += 1
    second = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    assert second.id != first.id
    sessions = stripe_front.sessions.values()
    assert len([s for s in sessions if s["client_reference_id"] == link.token]) == 2


def test_it_explains_a_changed_request_under_the_same_key(link, stripe_front):
    stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    link.amount = 6000
    with pytest.raises(ProviderError, match="Keys for idempotent requests"):
        stripe_provider.start_checkout(link, SUCCESS, CANCEL)


def test_it_reports_a_checkout_open_then_paid_through_the_hosted_page(link, localstripe):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    before = stripe_provider.checkout_result(checkout.id)
    assert (before.state, before.paid, before.amount) == ("open", False, 6500)
    assert before.currency == "GBP"
    assert before.payment_reference == ""

    status, _, location = pay(checkout)

    assert status == 303 and location == SUCCESS.replace("{CHECKOUT_SESSION_ID}", checkout.id)
    after = stripe_provider.checkout_result(checkout.id)
    assert (after.state, after.paid, after.amount, after.currency) == (
        "complete",
        True,
        6500,
        "GBP",
    )
    intent = localstripe.call("GET", f"/v1/payment_intents/{after.payment_reference}")
    assert intent["status"] == "succeeded" and intent["amount"] == 6500
    assert intent["metadata"]["salonkeep_link"] == link.token
    assert fetch(checkout.url)[0] == 410


def test_it_takes_the_money_once_when_the_client_presses_pay_twice(link, localstripe):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    assert pay(checkout)[0] == 303

    status, page, _ = pay(checkout)

    assert status == 410 and "has been paid" in page
    result = stripe_provider.checkout_result(checkout.id)
    intent = localstripe.call("GET", f"/v1/payment_intents/{result.payment_reference}")
    assert len(intent["charges"]["data"]) == 1


def test_it_lets_a_session_expire_when_its_time_is_up(link, stripe_front):
    link.expires_at = timezone.now() + timedelta(minutes=40)
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)

    with time_machine.travel(link.expires_at + timedelta(seconds=1), tick=False):
        assert stripe_provider.checkout_result(checkout.id).state == "expired"
        status, _, _ = pay(checkout)

    assert status == 410 and not stripe_provider.checkout_result(checkout.id).paid


def test_it_sends_signed_events_that_read_webhook_accepts(link, stripe_front, webhook_inbox):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    pay(checkout)

    [(payload, header)] = webhook_inbox.of_type("checkout.session.completed")
    event = stripe_provider.read_webhook(payload, header)
    assert event is not None and event.id.startswith("evt_")
    assert (event.type, event.checkout_id) == ("checkout.session.completed", checkout.id)
    assert stripe_front.deliveries == [("checkout.session.completed", 200)]
    # localstripe's own event for the PaymentIntent comes a second later, signed too
    # (to whichever URL is set by then: an earlier test's events may arrive here too).
    intent_id = stripe_provider.checkout_result(checkout.id).payment_reference

    def intent_events():
        events = webhook_inbox.of_type("payment_intent.succeeded")
        return [e for e in events if json.loads(e[0])["data"]["object"]["id"] == intent_id]

    deadline = time.monotonic() + 10
    while not intent_events() and time.monotonic() < deadline:
        time.sleep(0.2)
    [(payload, header)] = intent_events()
    assert stripe_provider.read_webhook(payload, header) is None


def test_it_expires_an_open_checkout(link, stripe_front, webhook_inbox):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)

    stripe_provider.cancel_checkout(checkout.id)

    assert stripe_provider.checkout_result(checkout.id).state == "expired"
    assert fetch(checkout.url)[0] == 410
    [(payload, header)] = webhook_inbox.of_type("checkout.session.expired")
    event = stripe_provider.read_webhook(payload, header)
    assert event is not None and event.checkout_id == checkout.id
    stripe_provider.cancel_checkout(checkout.id)  # already expired: nothing to do


def test_it_refuses_to_cancel_a_paid_checkout(link):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    pay(checkout)

    with pytest.raises(AlreadyPaid, match="already paid"):
        stripe_provider.cancel_checkout(checkout.id)
    assert stripe_provider.checkout_result(checkout.id).paid


def completed_event(checkout_id="cs_test_123"):
    return event_payload("checkout.session.completed", {"id": checkout_id})


def test_it_reads_a_correctly_signed_event(stripe_settings):
    secret = stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    event = stripe_provider.read_webhook(*signed(completed_event(), secret))
    assert event is not None and event.checkout_id == "cs_test_123"


@pytest.mark.parametrize(
    "kind", ["checkout.session.async_payment_succeeded", "checkout.session.expired"]
)
def test_it_reads_the_other_checkout_events(stripe_settings, kind):
    payload = event_payload(kind, {"id": "cs_test_9"})
    secret = stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    event = stripe_provider.read_webhook(*signed(payload, secret))
    assert event is not None and (event.type, event.checkout_id) == (kind, "cs_test_9")


def test_it_ignores_an_unrelated_event(stripe_settings):
    payload = event_payload("customer.created", {"id": "cus_123"})
    secret = stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    assert stripe_provider.read_webhook(*signed(payload, secret)) is None


def test_it_refuses_a_tampered_event(stripe_settings):
    payload, header = signed(completed_event(), stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET)
    tampered = payload.replace(b"cs_test_123", b"cs_test_999")
    with pytest.raises(BadSignature, match="signature does not match"):
        stripe_provider.read_webhook(tampered, header)


def test_it_refuses_an_event_signed_with_another_secret(stripe_settings):
    with pytest.raises(BadSignature, match="signature does not match"):
        stripe_provider.read_webhook(*signed(completed_event(), "whsec_someone_else"))


def test_it_refuses_an_old_event(stripe_settings):
    secret = stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    ten_minutes_ago = int(time.time()) - 600
    with pytest.raises(BadSignature, match="signature does not match"):
        stripe_provider.read_webhook(*signed(completed_event(), secret, ten_minutes_ago))


@pytest.mark.parametrize("header", ["", "t=1,v0=abc", "garbage"])
def test_it_refuses_a_missing_or_malformed_signature(stripe_settings, header):
    with pytest.raises(BadSignature):
        stripe_provider.read_webhook(completed_event(), header)


def test_it_refuses_every_event_without_a_signing_secret(stripe_settings):
    secret = stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(BadSignature, match="No Stripe webhook signing secret"):
        stripe_provider.read_webhook(*signed(completed_event(), secret))


def test_it_refuses_signed_bytes_that_are_not_json(stripe_settings):
    secret = stripe_settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    with pytest.raises(BadSignature, match="not valid JSON"):
        stripe_provider.read_webhook(*signed(b"{not json", secret))


def test_it_says_so_when_stripe_fails(link, stripe_front):
    stripe_front.failing = True
    started = time.monotonic()
    with pytest.raises(ProviderError) as raised:
        stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    assert str(raised.value) == (
        "Stripe did not answer (error 500). "
        "Try again in a minute, or take the payment by telephone."
    )
    assert time.monotonic() - started < 15
    assert not stripe_front.sessions or all(
        s["client_reference_id"] != link.token for s in stripe_front.sessions.values()
    )


def test_it_retries_a_single_failure(link, stripe_front):
    checkout = stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    stripe_front.fail_next(1)
    assert stripe_provider.checkout_result(checkout.id).state == "open"


def test_it_says_so_quickly_when_stripe_cannot_be_reached(link, localstripe, settings):
    gone = StripeFront(localstripe)
    gone.stop()
    settings.SALONKEEP_STRIPE_API_BASE = gone.api_base
    started = time.monotonic()
    with pytest.raises(ProviderError, match=r"^Stripe did not answer \(no connection, or no an"):
        stripe_provider.checkout_result("cs_test_123")
    assert time.monotonic() - started < 15


def test_it_gives_up_on_a_stripe_that_does_not_answer(link, stripe_front, monkeypatch):
    monkeypatch.setattr(stripe_provider, "TIMEOUT_SECONDS", 0.5)
    stripe_front.stalling_seconds = 3
    started = time.monotonic()
    with pytest.raises(ProviderError, match=r"no answer within 0\.5 seconds"):
        stripe_provider.start_checkout(link, SUCCESS, CANCEL)
    assert time.monotonic() - started < 8


def test_it_says_so_when_stripe_refuses_the_key(link, stripe_settings):
    stripe_settings.SALONKEEP_STRIPE_SECRET_KEY = "sk_test_revoked"
    for call in (
        lambda: stripe_provider.start_checkout(link, SUCCESS, CANCEL),
        lambda: stripe_provider.checkout_result("cs_test_123"),
        lambda: stripe_provider.cancel_checkout("cs_test_123"),
    ):
        with pytest.raises(ProviderError) as raised:
            call()
        message = "Stripe refused the API key: check the stripe_secret_key setting."
        assert str(raised.value) == message


def test_it_says_so_when_no_key_is_set(link, stripe_settings):
    stripe_settings.SALONKEEP_STRIPE_SECRET_KEY = ""
    with pytest.raises(ProviderError, match="Stripe is not set up"):
        stripe_provider.start_checkout(link, SUCCESS, CANCEL)


def test_it_explains_an_unknown_checkout(stripe_settings):
    with pytest.raises(ProviderError, match=r"Stripe refused the request \(No such checkout"):
        stripe_provider.checkout_result("cs_test_unknown")


def test_the_front_speaks_stripes_error_shape(stripe_front):
    request = urllib.request.Request(
        stripe_front.api_base + "/v1/checkout/sessions/cs_test_1",
        headers={"Authorization": "Bearer sk_test_wrong_key_here"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 401
    error = json.loads(raised.value.read())["error"]
    assert error["type"] == "invalid_request_error" and "Invalid API Key" in error["message"]
