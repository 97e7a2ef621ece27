"""Sales are business data: a backup and restore brings back every ticket, line, tip and
payment (an owed payment with the one that collected it), products and tax rates."""

from datetime import date

import pytest

from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.restore import restore_backup
from salonkeep.sales.models import ClosedDay, PaymentMethod
from salonkeep.sales.payments import Tender, collect_owed, refund, take_payment
from salonkeep.sales.tickets import add_product, set_tips
from tests.continuity.helpers import all_rows
from tests.continuity.test_restore import wipe
from tests.sales.helpers import colour_ticket, shampoo, vat

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_round_trips_checkout(salon, tmp_path):
    ticket = colour_ticket(salon)
    add_product(ticket, shampoo(salon, tax_rate=vat(salon)), 1)
    set_tips(ticket, 1001, [salon.stylist_member, salon.jo], "even", [])
    take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CASH, 5000))
    owed = take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 5201))
    collect_owed(owed, salon.front_desk, Tender(PaymentMethod.TELEPHONE, 0, "4242"))
    refund(ticket, salon.manager, PaymentMethod.CASH, 1200, {}, "Shampoo returned")
    ClosedDay.objects.create(
        business=salon.business, date=date(2026, 11, 23), closed_at=ticket.opened_at
    )
    before = all_rows("default", salon.business.pk)
    assert len(before["sales_payment"]) == 4 and len(before["sales_tip"]) == 2
    path = take_backup(salon.business, tmp_path).path
    wipe(salon.business.pk)
    assert not all_rows("default", salon.business.pk)["sales_payment"]
    restore_backup(path, safety_location=tmp_path)
    assert all_rows("default", salon.business.pk) == before
