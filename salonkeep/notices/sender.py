"""The background job that sends the outbox (registered as ``notices.send_mail``).

Each step claims a few due e-mails with one atomic UPDATE per row (so two workers never
send the same one), sends them, and marks each sent or schedules a retry with a growing
delay. With no mail server configured nothing is attempted: the e-mails wait. During a
maintenance window that names messaging, a salon's e-mails are held and go out at the
first step after the window.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q

from salonkeep.notices.enforcement import paused
from salonkeep.notices.models import OutgoingMail, Service

logger = logging.getLogger(__name__)

BATCH = 20
LEASE = timedelta(minutes=5)
MAX_DELAY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most an hour: a mail server that is down for a day
    gets the e-mails within the hour after it comes back."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST) or not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend")


def claim_due(now: datetime) -> list[OutgoingMail]:
    due = (
        OutgoingMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    claimed = []
    for pk in list(due):
        taken = (
            OutgoingMail.objects.filter(pk=pk, sent_at__isnull=True)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(claimed_until=now + LEASE)
        )
        if taken:
            claimed.append(OutgoingMail.objects.get(pk=pk))
    return claimed


def as_message(mail: OutgoingMail) -> EmailMessage:
    headers = {"Message-ID": mail.message_id}
    if mail.references:
        headers["In-Reply-To"] = mail.references
        headers["References"] = mail.references
    if mail.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=headers,
    )


def send_outbox(now: datetime) -> int:
    """One step: send what is due. Returns how many were sent."""
    if not mail_configured():
        return 0
    claimed = _hold_during_maintenance(claim_due(now), now)
    if not claimed:
        return 0
    sent = 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:  # the mail server is down: every claimed e-mail waits
        for mail in claimed:
            _failed(mail, now, error)
        return 0
    try:
        for mail in claimed:
            try:
                connection.send_messages([as_message(mail)])
            except Exception as error:
                _failed(mail, now, error)
            else:
                OutgoingMail.objects.filter(pk=mail.pk).update(sent_at=now, claimed_until=None)
                sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Closing the mail connection failed", exc_info=True)
    return sent


def _hold_during_maintenance(claimed: list[OutgoingMail], now: datetime) -> list[OutgoingMail]:
    """The claimed e-mails that may go now; the others wait for their window's end."""
    windows: dict[int, datetime | None] = {}
    ready = []
    for mail in claimed:
        if mail.business_id not in windows:
            window = paused(mail.business, Service.MESSAGING, now)
            windows[mail.business_id] = window.ends_at if window is not None else None
        held_until = windows[mail.business_id]
        if held_until is None:
            ready.append(mail)
        else:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                next_attempt_at=held_until, claimed_until=None
            )
    return ready


def _failed(mail: OutgoingMail, now: datetime, error: Exception) -> None:
    attempts = mail.attempts + 1
    logger.warning("E-mail %s to %s not sent (attempt %s): %s", mail.pk, mail.to, attempts, error)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        attempts=attempts,
        last_error=str(error)[:500],
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
    )
