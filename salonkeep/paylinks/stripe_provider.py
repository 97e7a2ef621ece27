"""Payment links through Stripe Checkout.

Each call builds its own ``StripeClient`` from the settings (the key lives on this
computer only) with a short timeout, so a page that talks to Stripe never hangs for
long. Every failure becomes a ``ProviderError`` whose message tells the salon what to
do; Stripe's own exceptions never leave this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import stripe
from django.conf import settings
from django.utils import timezone

from salonkeep.paylinks.models import PaymentLink
from salonkeep.paylinks.providers import (
    AlreadyPaid,
    BadSignature,
    Checkout,
    CheckoutResult,
    ProviderError,
    WebhookEvent,
)

TIMEOUT_SECONDS = 10
RETRIES = 2
# Stripe keeps a Checkout Session open between 30 minutes and 24 hours; a margin on
# both ends absorbs the clock difference between this computer and Stripe.
LONGEST_SESSION = timedelta(hours=23)
SHORTEST_SESSION = timedelta(minutes=35)
CHECKOUT_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.expired",
    }
)
TRY_AGAIN = "Try again in a minute, or take the payment by telephone."


def _client() -> stripe.StripeClient:
    key = settings.SALONKEEP_STRIPE_SECRET_KEY
    if not key:
        raise ProviderError("Stripe is not set up on this computer: set stripe_secret_key.")
    api_base = settings.SALONKEEP_STRIPE_API_BASE.rstrip("/")
    return stripe.StripeClient(
        key,
        base_addresses={"api": api_base} if api_base else None,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
        max_network_retries=RETRIES,
    )


@contextmanager
def _talking_to_stripe() -> Iterator[None]:
    """Turn Stripe's exceptions into messages a receptionist can act on."""
    try:
        yield
    except stripe.AuthenticationError as error:
        raise ProviderError(
            "Stripe refused the API key: check the stripe_secret_key setting."
        ) from error
    except stripe.PermissionError as error:
        raise ProviderError(
            "Stripe refused: the API key in stripe_secret_key may not take payments "
            "(a restricted key?)."
        ) from error
    except stripe.APIConnectionError as error:
        raise ProviderError(
            f"Stripe did not answer (no connection, or no answer within "
            f"{TIMEOUT_SECONDS} seconds). {TRY_AGAIN}"
        ) from error
    except stripe.RateLimitError as error:
        raise ProviderError(f"Stripe did not answer (too many requests). {TRY_AGAIN}") from error
    except (stripe.InvalidRequestError, stripe.IdempotencyError) as error:
        reason = error.user_message or error.code or "invalid request"
        raise ProviderError(f"Stripe refused the request ({reason}).") from error
    except stripe.StripeError as error:
        status = f"error {error.http_status}" if error.http_status else "unexpected answer"
        raise ProviderError(f"Stripe did not answer ({status}). {TRY_AGAIN}") from error


def _metadata(link: PaymentLink) -> dict[str, str]:
    return {"salonkeep_link": link.token, "salonkeep_business": str(link.business_id)}


def start_checkout(link: PaymentLink, success_url: str, cancel_url: str) -> Checkout:
    """Start a Checkout Session for the link. The idempotency key makes a retried or
    repeated call for the same ``link.checkouts`` return the same session, so a client
    who double-clicks never gets two sessions."""
    now = timezone.now()
    ends = min(link.expires_at, now + LONGEST_SESSION)
    if ends < now + SHORTEST_SESSION:
        raise ProviderError(
            "This payment link expires in less than 35 minutes, too soon for a Stripe "
            "payment page: send a new link."
        )
    with _talking_to_stripe():
        session = _client().v1.checkout.sessions.create(
            {
                "mode": "payment",
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": link.currency.lower(),
                            "unit_amount": link.amount,
                            "product_data": {"name": link.description},
                        },
                    }
                ],
                "client_reference_id": link.token,
                "metadata": _metadata(link),
                "payment_intent_data": {"metadata": _metadata(link)},
                **({"customer_email": link.sent_to} if link.sent_to else {}),
                "expires_at": int(ends.timestamp()),
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            {"idempotency_key": f"salonkeep-paylink-{link.token}-{link.checkouts}"},
        )
    if not session.url:
        raise ProviderError(f"Stripe did not answer (no payment page address). {TRY_AGAIN}")
    return Checkout(id=session.id, url=session.url)


def checkout_result(checkout_id: str) -> CheckoutResult:
    """What Stripe says of a session: paid only when its PaymentIntent succeeded."""
    with _talking_to_stripe():
        client = _client()
        session = client.v1.checkout.sessions.retrieve(checkout_id)
        currency = (session.currency or "").upper()
        unpaid = CheckoutResult(
            state=session.status or "open",
            paid=False,
            amount=session.amount_total or 0,
            currency=currency,
            payment_reference="",
        )
        intent_id = session.payment_intent
        if session.payment_status != "paid" or not intent_id:
            return unpaid
        if not isinstance(intent_id, str):
            intent_id = intent_id.id
        intent = client.v1.payment_intents.retrieve(intent_id)
    if intent.status != "succeeded":
        return unpaid
    # A succeeded intent with automatic capture received its whole amount; older API
    # shapes (and localstripe, the test server) have no amount_received field.
    # int(): compared with the link's amount; a test server may answer "9000".
    received = int(getattr(intent, "amount_received", intent.amount))
    return CheckoutResult(
        state=session.status or "complete",
        paid=True,
        amount=received,
        currency=intent.currency.upper(),
        payment_reference=intent.id,
    )


def cancel_checkout(checkout_id: str) -> None:
    """Close an open session so the client can no longer pay through it."""
    with _talking_to_stripe():
        client = _client()
        status = client.v1.checkout.sessions.retrieve(checkout_id).status
        if status == "open":
            try:
                client.v1.checkout.sessions.expire(checkout_id)
                return
            except stripe.InvalidRequestError:
                # The client finished paying between the two calls: look again.
                status = client.v1.checkout.sessions.retrieve(checkout_id).status
                if status == "open":
                    raise
    if status == "complete":
        raise AlreadyPaid(
            "The client has already paid at Stripe: this link cannot be cancelled. "
            "Refund the payment from the ticket instead."
        )


def read_webhook(payload: bytes, signature_header: str) -> WebhookEvent | None:
    """Verify a webhook's signature and read which checkout it is about (None: an
    event about something else, which the caller acknowledges and ignores)."""
    secret = settings.SALONKEEP_STRIPE_WEBHOOK_SECRET
    if not secret:
        raise BadSignature(
            "No Stripe webhook signing secret is set (stripe_webhook_secret): "
            "events cannot be verified, so none is trusted."
        )
    try:
        event = stripe.Webhook.construct_event(payload, signature_header, secret)
    except stripe.SignatureVerificationError as error:
        raise BadSignature(
            "The event's signature does not match the stripe_webhook_secret setting."
        ) from error
    except ValueError as error:
        raise BadSignature("The event is not valid JSON: it did not come from Stripe.") from error
    if event.type not in CHECKOUT_EVENTS:
        return None
    # A StripeObject at run time, whatever its type hint says: no dict methods.
    checkout_id = getattr(event.data.object, "id", None)
    if not isinstance(checkout_id, str) or not checkout_id:
        raise BadSignature("The event names no checkout session.")
    token = getattr(event.data.object, "client_reference_id", None)
    return WebhookEvent(
        id=event.id,
        type=event.type,
        checkout_id=checkout_id,
        link_token=token if isinstance(token, str) else "",
    )
