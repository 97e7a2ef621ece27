"""Stripe test servers for the payment link tests (see stripe_servers.py).

``stripe_front``: localstripe and the Stripe test front, started once per test session
and reset after each test (not failing, no webhook URL). ``stripe_settings``: the
Stripe settings pointed at them. ``webhook_inbox``: a loopback endpoint that keeps the
events sent to it. Tests elsewhere (tests/browser) import these fixtures by name.
"""

import pytest

from tests.paylinks.stripe_parts import LocalStripe, WebhookInbox
from tests.paylinks.stripe_servers import StripeFront


@pytest.fixture(scope="session")
def localstripe():
    server = LocalStripe()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stripe_front_for_the_session(localstripe):
    front = StripeFront(localstripe)
    yield front
    front.stop()


@pytest.fixture
def stripe_front(stripe_front_for_the_session):
    yield stripe_front_for_the_session
    stripe_front_for_the_session.reset()


@pytest.fixture
def stripe_settings(settings, stripe_front):
    settings.SALONKEEP_STRIPE_SECRET_KEY = stripe_front.api_key
    settings.SALONKEEP_STRIPE_WEBHOOK_SECRET = stripe_front.webhook_secret
    settings.SALONKEEP_STRIPE_API_BASE = stripe_front.api_base
    return settings


@pytest.fixture
def webhook_inbox(stripe_front):
    inbox = WebhookInbox()
    stripe_front.set_webhook_url(inbox.url, localstripe_events=True)
    yield inbox
    inbox.stop()
