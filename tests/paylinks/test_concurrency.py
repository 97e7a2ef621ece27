"""The salon marks a link paid while someone else takes the same payment owed by
telephone, at the same moment, each request on its own database connection: the
payment owed is collected exactly once (both paths lock the owed payment first)."""

from __future__ import annotations

import pytest

from salonkeep.paylinks.models import LinkState, PaymentLink
from salonkeep.sales.models import Payment
from tests.book.test_concurrency import session_of
from tests.paylinks.helpers import link_for_owed, owed_for
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
