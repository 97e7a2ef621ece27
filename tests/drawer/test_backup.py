"""The drawer, its entries, close-outs with their lines, and tasks are business data: a
backup and restore brings every one of them back as it was."""

import pytest

from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.restore import restore_backup
from salonkeep.drawer.cash import add_entry
from salonkeep.drawer.closeout import CloseOutInput, close_day
from salonkeep.drawer.models import EntryKind
from salonkeep.sales.models import PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from tests.continuity.helpers import all_rows
from tests.continuity.test_restore import wipe
from tests.drawer.helpers import colour_at, drawer_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_round_trips_the_drawer_close_out_and_tasks(salon, tmp_path):
    drawer = drawer_for(salon, 5000)
    add_entry(drawer, salon.front_desk, EntryKind.PAY_OUT, 250, "Milk")
    owed = take_payment(colour_at(salon, 9), salon.front_desk, Tender(PaymentMethod.OWED, 8500))
    close_day(
        drawer, salon.owner, CloseOutInput({"n2000": 2}, 2000, "Short", carried_over={owed.pk})
    )
    before = all_rows("default", salon.business.pk)
    assert len(before["drawer_closeoutline"]) == 1 and len(before["tasks_task"]) == 2
    assert len(before["drawer_drawerentry"]) == 1 and len(before["drawer_closeout"]) == 1
    path = take_backup(salon.business, tmp_path).path
    wipe(salon.business.pk)
    assert not all_rows("default", salon.business.pk)["tasks_task"]
    restore_backup(path, safety_location=tmp_path)
    assert all_rows("default", salon.business.pk) == before
