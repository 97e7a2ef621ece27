"""At the same moment, each request on its own database connection: the salon marks a
link paid, or Stripe's webhook arrives, while someone else takes the same payment owed
by telephone. The payment owed is collected exactly once (every path locks the owed
payment first); a client who paid twice leaves a task to refund them."""

from __future__ import annotations

import threading
import urllib.request

import pytest
from django.utils import timezone

from salonkeep.paylinks.card_checkout import start_card_payment
from salonkeep.paylinks.models import LinkState, PaymentLink
from salonkeep.sales.models import Payment
from salonkeep.tasks.models import Task
from tests.book.test_concurrency import post, session_of
from tests.paylinks.helpers import link_for_owed, owed_for
from tests.paylinks.stripe_parts import event_payload, signature_header
from tests.sales.test_concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 3


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_a_link_and_a_telephone_payment_collect_once(live_server, salon, round_number):
    owed = owed_for(salon)
    link = link_for_owed(owed, salon.front_desk)
    session = session_of(salon.front_desk)
    results = all_at_once(
        live_server,
        session,
        [
            (f"/payment-links/{link.pk}/paid/", {"reference": "BACS"}),
            (
                f"/checkout/owed/{owed.pk}/",
                {"method": "telephone", "card_last4": "4242", "reference": "AUTH"},
            ),
        ]
        * 2,
    )
    assert all(status in (200, 302) for status, _ in results), results
    collections = Payment.objects.filter(collects=owed)
    assert collections.count() == 1
    link.refresh_from_db()
    if collections.get().method == "payment_link":
        assert link.state == LinkState.PAID
    else:
        assert link.state == LinkState.CANCELLED
    assert PaymentLink.objects.filter(owed=owed).count() == 1


def signed_webhook(live_server, stripe_front, session):
    payload = event_payload("checkout.session.completed", session)
    request = urllib.request.Request(
        f"{live_server.url}/pay/stripe/webhook/",
        data=payload,
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": signature_header(payload, stripe_front.webhook_secret),
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_a_webhook_and_a_telephone_payment_at_once_collect_once(
    live_server, salon, stripe_settings, stripe_front, round_number
):
    owed = owed_for(salon)
    link = link_for_owed(owed, salon.front_desk)
    start_card_payment(link, timezone.now())
    stripe_front.pay(link.checkout_id)
    session = stripe_front.sessions[link.checkout_id]
    front_desk = session_of(salon.front_desk)
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # reported by the test, not lost in a thread
            results[index] = error

    calls = [
        lambda: signed_webhook(live_server, stripe_front, session),
        lambda: post(
            live_server,
            f"/checkout/owed/{owed.pk}/",
            {"method": "telephone", "card_last4": "4242", "reference": "AUTH"},
            front_desk,
        )[0],
    ]
    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results[0] == 200 and results[1] in (200, 302), results
    collection = Payment.objects.get(collects=owed)  # exactly one
    link.refresh_from_db()
    if collection.method == "payment_link":
        assert link.state == LinkState.PAID and not Task.objects.exists()
    else:  # the telephone payment won: the client paid twice, to be refunded
        assert link.state == LinkState.CANCELLED
        assert "refund them" in Task.objects.get().title
