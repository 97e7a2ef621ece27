"""Who takes the money behind a payment link.

- Built-in: no card processor. The client's page shows the salon's instructions and
  records the client's promise ("I have paid by transfer"); the salon marks it paid.
- Stripe (``stripe_provider``): the client's page sends them to a Stripe Checkout
  Session; Stripe's signed webhook (or the client's return to the page) marks it paid.

Stripe is used when this computer has a Stripe secret key (setting
``stripe_secret_key``); the key never goes into the database or a backup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from salonkeep.paylinks.models import Provider


class ProviderError(Exception):
    """The payment provider could not be reached or refused; the message says what to do."""


class AlreadyPaid(ProviderError):
    """The client completed the payment at the provider: it cannot be cancelled now."""


class BadSignature(ProviderError):
    """A webhook whose signature does not match the signing secret: never trusted."""


@dataclass(frozen=True)
class Checkout:
    """A payment page at the provider, started for one link."""

    id: str
    url: str


@dataclass(frozen=True)
class CheckoutResult:
    """What the provider says of a checkout: ``state`` is open, complete or expired."""

    state: str
    paid: bool
    amount: int
    currency: str
    # The provider's reference of the money taken (Stripe: the PaymentIntent id).
    payment_reference: str


@dataclass(frozen=True)
class WebhookEvent:
    """A verified provider event about a checkout."""

    id: str
    type: str
    checkout_id: str
    # The link's token, sent as the session's client_reference_id: finds the link
    # even when it has started a newer checkout since.
    link_token: str = ""


def current_provider() -> Provider:
    return Provider.STRIPE if settings.SALONKEEP_STRIPE_SECRET_KEY else Provider.BUILT_IN
