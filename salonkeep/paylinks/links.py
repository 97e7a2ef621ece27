"""Making, sending, paying and ending payment links.

Every change locks the owed payment first (then the link), the same row that
``sales.payments.collect_owed`` locks: a link paid at the same moment as the salon
takes the money by telephone is collected once, never twice.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse

from salonkeep.accounts.models import Business, Location, User
from salonkeep.lib.money import format_money
from salonkeep.notices.mail import absolute
from salonkeep.paylinks.models import LIVE_STATES, LinkSettings, LinkState, PaymentLink
from salonkeep.paylinks.providers import current_provider
from salonkeep.sales.daylock import SaleError, business_date
from salonkeep.sales.models import ClosedDay, Payment, PaymentMethod, TicketStatus
from salonkeep.tasks.models import Task


def settings_for(business: Business) -> LinkSettings:
    found, _ = LinkSettings.objects.get_or_create(business=business)
    return found


def link_url(link: PaymentLink) -> str:
    return absolute(reverse("pay:page", args=[link.token]))


def salon_phone(business: Business) -> str:
    """The number a client can call about a link: the first location's."""
    location = Location.objects.filter(business=business).exclude(phone="").first()
    return location.phone if location else ""


def live_link(owed: Payment) -> PaymentLink | None:
    return PaymentLink.objects.filter(owed=owed, state__in=LIVE_STATES).first()


def money(link: PaymentLink, minor: int | None = None) -> str:
    return format_money(link.amount if minor is None else minor, link.currency)


def link_for(owed: Payment, user: User, now: datetime) -> tuple[PaymentLink, bool]:
    """The owed payment's live link, or a new one; True when it was just made."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=owed.pk)
        _ensure_collectable(locked)
        current = live_link(locked)
        # A client's "I have paid" is kept until the salon marks it paid, however old.
        if current is not None and (current.expires_at > now or current.state == "promised"):
            return current, False
        if current is not None:
            _end(current, LinkState.EXPIRED, "The link had expired.", now)
        ticket = locked.ticket
        days = settings_for(locked.business).valid_days
        link = PaymentLink.objects.create(
            business=locked.business,
            owed=locked,
            token=secrets.token_urlsafe(32),
            provider=current_provider(),
            amount=locked.amount,
            currency=locked.business.currency,
            description=f"{locked.business.name}, ticket {ticket.number}"[:200],
            created_at=now,
            created_by=user,
            expires_at=now + timedelta(days=days),
        )
        return link, True


def _ensure_collectable(owed: Payment) -> None:
    if owed.method != PaymentMethod.OWED:
        raise SaleError("A payment link is for a payment owed.")
    if Payment.objects.filter(collects=owed).exists():
        raise SaleError("This payment owed has already been collected.")
    if owed.ticket.status == TicketStatus.VOIDED:
        raise SaleError("The ticket was voided: nothing is owed.")


def record_opened(link: PaymentLink, now: datetime) -> None:
    if link.opened_at is None:
        link.opened_at = now
        link.save(update_fields=["opened_at"])


def expire_if_due(link: PaymentLink, now: datetime) -> None:
    """End a link past its date, unless the client has said they paid it (then it waits
    for the salon, who marks it paid or cancels it)."""
    if link.state == LinkState.ACTIVE and link.expires_at <= now:
        with transaction.atomic():
            locked = PaymentLink.objects.select_for_update().get(pk=link.pk)
            if locked.state == LinkState.ACTIVE:
                _end(locked, LinkState.EXPIRED, "The link had expired.", now)
        link.refresh_from_db()


def record_promise(link: PaymentLink, name: str, note: str, now: datetime) -> None:
    """The client says on the page that they have paid (built-in links)."""
    with transaction.atomic():
        locked = PaymentLink.objects.select_for_update().get(pk=link.pk)
        if locked.state != LinkState.ACTIVE:
            raise SaleError(_not_live_text(locked))
        locked.state = LinkState.PROMISED
        locked.promised_at = now
        locked.promise_name = name.strip()[:120]
        locked.promise_note = note.strip()[:300]
        locked.save(update_fields=["state", "promised_at", "promise_name", "promise_note"])


def collect_through_link(
    link: PaymentLink, reference: str, user: User | None, now: datetime
) -> Payment | None:
    """Record the money taken through the link as the collection of the owed payment.

    Called again with the same reference (a webhook delivered twice, the client's
    return after the webhook) it changes nothing and returns None. When the owed
    payment was already collected (by the salon, or through another checkout or link),
    the client has paid twice: nothing more is recorded on the ticket, a live link is
    ended with that reason, and a task says to refund them. Other live links of the
    same payment owed end as it is collected (salonkeep.paylinks.ending).
    """
    with transaction.atomic():
        owed = Payment.objects.select_for_update().get(pk=link.owed_id)
        locked = PaymentLink.objects.select_for_update().get(pk=link.pk)
        paid = locked.payment
        if user is None and paid is not None and paid.reference == reference[:80]:
            return None  # this very payment, recorded already
        if user is not None and not locked.is_live:
            raise SaleError(_not_live_text(locked))
        already = Payment.objects.filter(collects=owed).first()
        if already is not None:
            if user is not None:  # the salon pressing "mark paid": just say no
                raise SaleError("This payment owed has already been collected.")
            _paid_twice(locked, already, reference, now)
            return None
        day = open_day_from(owed.business, business_date(owed.business, now))
        # Paid before the payment is saved, so the other live links it ends are the
        # others only.
        locked.state = LinkState.PAID
        locked.ended_at = now
        locked.save(update_fields=["state", "ended_at"])
        payment = Payment.objects.create(
            business=owed.business,
            ticket_id=owed.ticket_id,
            method=PaymentMethod.PAYMENT_LINK,
            amount=owed.amount,
            collects=owed,
            reference=reference[:80],
            created_at=now,
            created_by=user,
            business_date=day,
        )
        locked.payment = payment
        locked.save(update_fields=["payment"])
        return payment


def open_day_from(business: Business, day: date) -> date:
    """``day``, or the first later day not yet closed out: money the client paid after
    the salon cashed up belongs to the next day's takings, never to a locked day."""
    closed = set(
        ClosedDay.objects.filter(business=business, date__gte=day).values_list("date", flat=True)
    )
    while day in closed:
        day += timedelta(days=1)
    return day


def _paid_twice(link: PaymentLink, already: Payment, reference: str, now: datetime) -> None:
    text = (
        f"{link.owed.ticket.client} paid {money(link)} by payment link ({reference}) after it "
        f"was already collected ({already.get_method_display()}): refund them at the payment "
        "provider"
    )
    if link.is_live:
        _end(link, LinkState.CANCELLED, text[:200], now)
    if Task.objects.filter(business=link.business, title=text[:200]).exists():
        return  # the same event delivered again
    Task.objects.create(
        business=link.business,
        title=text[:200],
        due=open_day_from(link.business, business_date(link.business, now)),
        ticket=link.owed.ticket,
        client=link.owed.ticket.client,
        payment_owed=link.owed,
        created_at=now,
    )


def cancel_links_of(owed: Payment, reason: str, now: datetime) -> list[PaymentLink]:
    """End the owed payment's live links (it was collected another way); returns them."""
    ended = []
    for link in PaymentLink.objects.select_for_update().filter(owed=owed, state__in=LIVE_STATES):
        _end(link, LinkState.CANCELLED, reason, now)
        ended.append(link)
    return ended


def _end(link: PaymentLink, state: str, reason: str, now: datetime) -> None:
    link.state = state
    link.ended_at = now
    link.end_reason = reason[:200]
    link.save(update_fields=["state", "ended_at", "end_reason"])


def _not_live_text(link: PaymentLink) -> str:
    if link.state == LinkState.PAID:
        return "This link has already been paid."
    if link.state == LinkState.PROMISED:
        return "Thank you: the salon has your message and will confirm the payment."
    return "This link is no longer valid. Please contact the salon."
