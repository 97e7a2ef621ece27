"""What a maintenance window (salonkeep.notices) pauses at checkout.

Card payments: during a window naming card payments, a card payment (on the terminal
or by telephone) is refused with the pause message; "pay later" stays allowed, so the
salon records what the client owes and collects it when cards work again. Nothing is
lost: the payment owed is on the payments owed list.

Messaging: during a window naming messaging, a receipt e-mail is not sent at once but
put in the notices outbox, held until the window ends (notices/sender.py) and then
sent, with the same retries as every other e-mail of the installation. The outbox
holds plain text, so a held receipt goes out without its HTML part.
"""

from __future__ import annotations

from datetime import datetime

from django.core.mail.message import make_msgid

from salonkeep.accounts.models import Business
from salonkeep.notices.enforcement import pause_message, paused
from salonkeep.notices.mail import mail_domain
from salonkeep.notices.models import OutgoingMail, Service
from salonkeep.sales.daylock import SaleError
from salonkeep.sales.models import PaymentMethod

CARD_METHODS = (PaymentMethod.CARD, PaymentMethod.TELEPHONE)


def refuse_card_if_paused(business: Business, method: str, now: datetime, *, owed: bool) -> None:
    """Raise SaleError when ``method`` is a card and card payments are paused.
    ``owed``: the money is already owed (collecting), so it simply stays owed."""
    if method not in CARD_METHODS:
        return
    notice = paused(business, Service.CARD_PAYMENTS, now)
    if notice is None:
        return
    message = pause_message(notice, Service.CARD_PAYMENTS, business, now)
    if owed:
        advice = "Take it in cash, or leave it owed and collect it by card afterwards."
    else:
        advice = "Take it as a payment owed (Pay later) and collect it by card afterwards."
    raise SaleError(f"{message} {advice}")


def hold_if_messaging_paused(
    business: Business, to: str, subject: str, body: str, now: datetime
) -> str | None:
    """When messaging is paused, queue the e-mail in the outbox for the end of the
    window and return what to tell the person who sent it; None (nothing queued) when
    it may be sent now."""
    notice = paused(business, Service.MESSAGING, now)
    if notice is None or notice.ends_at is None:
        return None
    OutgoingMail.objects.create(
        business=business,
        to=to,
        subject=subject,
        body=body,
        message_id=make_msgid("receipt", domain=mail_domain()),
        created_at=now,
        next_attempt_at=notice.ends_at,
    )
    message = pause_message(notice, Service.MESSAGING, business, now)
    return f"{message} The e-mail to {to} is held and will be sent when it ends."
