"""Notices by e-mail: signed links for double opt-in and one-click unsubscribe, and the
e-mails themselves, written to the outbox (OutgoingMail) in the same transaction as the
change they report.

Why not send from ``transaction.on_commit``: a process that dies between the commit and
the callback would lose the e-mail. A row written with the change is committed with it
(and rolled back with it, so nothing is sent for a change that did not happen); the
background job sends only committed rows, so every e-mail still goes out after the
commit, and again later if the mail server was down.

E-mails about one notice form one thread: the first has the notice's own Message-ID,
later ones refer to it (In-Reply-To, References).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse

from salonkeep.accounts.models import Business, User
from salonkeep.notices.models import Notice, OutgoingMail, Subscription
from salonkeep.notices.presenting import present

SALT = "salonkeep.notices.subscription"
CONFIRM_VALID_FOR = timedelta(days=7)


class BadLink(Exception):
    """A link that was changed, has expired, or is for a subscription that is gone."""


def _token(subscription: Subscription, action: str) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email, "a": action}, salt=SALT)


def read_token(token: str, action: str) -> Subscription:
    max_age = CONFIRM_VALID_FOR if action == "confirm" else None
    try:
        data: Any = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink("This link has expired: subscribe again to get a new one.") from None
    except signing.BadSignature:
        raise BadLink("This link is not valid: it may have been changed or cut short.") from None
    if not isinstance(data, dict) or data.get("a") != action or not isinstance(data.get("s"), int):
        raise BadLink("This link is not valid.")
    found = Subscription.objects.filter(pk=data["s"], email=data.get("e")).first()
    if found is None:
        raise BadLink("This subscription no longer exists.")
    return found


def absolute(path: str) -> str:
    return f"{settings.SALONKEEP_PUBLIC_URL}{path}"


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("notices:confirm", args=[_token(subscription, "confirm")]))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("notices:unsubscribe", args=[_token(subscription, "unsubscribe")]))


def mail_domain() -> str:
    return urlsplit(settings.SALONKEEP_PUBLIC_URL).hostname or "salonkeep.invalid"


def thread_id(notice: Notice) -> str:
    return f"<notice-{notice.uid}@{mail_domain()}>"


def queue_confirmation(subscription: Subscription, now: datetime) -> OutgoingMail:
    business = subscription.business
    body = (
        f"Someone (we hope you) asked to get {business.name}'s service notices "
        "(incidents, maintenance windows, closures) by e-mail at this address.\n\n"
        f"To confirm, open this link within 7 days:\n{confirm_url(subscription)}\n\n"
        "If that was not you, ignore this e-mail: nothing will be sent."
    )
    return OutgoingMail.objects.create(
        business=business,
        to=subscription.email,
        subject=f"[{business.name}] Confirm e-mail notices",
        body=body,
        message_id=f"<subscribe-{subscription.pk}-{int(now.timestamp())}@{mail_domain()}>",
        created_at=now,
        next_attempt_at=now,
    )


def recipients(notice: Notice) -> list[Subscription]:
    subscriptions = Subscription.objects.filter(confirmed_at__isnull=False).select_related(
        "business", "user"
    )
    if notice.business_id is not None:
        subscriptions = subscriptions.filter(business_id=notice.business_id)
    return [s for s in subscriptions if s.user.is_active and s.wants(notice)]


def _body(notice: Notice, business: Business, message: str, now: datetime) -> str:
    shown = present(notice, business.tz, now)
    lines = [f"{shown.kind} · {shown.stage}: {notice.title}", ""]
    if message:
        lines += [message, ""]
    if shown.when:
        lines += [f"{shown.when} (times in {shown.zone})", ""]
    if shown.services:
        lines += [f"Services: {', '.join(shown.services)}", ""]
    if notice.support_url or notice.support_phone:
        help_with = " or ".join(p for p in (notice.support_url, notice.support_phone) if p)
        lines += [f"Still affected? {help_with}", ""]
    lines.append(f"Details: {absolute(reverse('notices:detail', args=[notice.pk]))}")
    return "\n".join(lines)


def queue_notice_mail(notice: Notice, message: str, now: datetime, first: bool) -> int:
    """An e-mail to every confirmed subscriber who wants this notice. Call inside the
    transaction that changes the notice. Returns how many were queued."""
    root = thread_id(notice)
    own_id = root if first else f"<notice-{notice.uid}.{notice.revision}@{mail_domain()}>"
    queued = 0
    for subscription in recipients(notice):
        shown = present(notice, subscription.business.tz, now)
        OutgoingMail.objects.create(
            business=subscription.business,
            notice=notice,
            to=subscription.email,
            subject=(
                f"[{subscription.business.name}] {shown.kind} · {shown.stage}: {notice.title}"
            )[:300],
            body=_body(notice, subscription.business, message, now)
            + f"\n\nStop these e-mails: {unsubscribe_url(subscription)}",
            message_id=own_id,
            references="" if first else root,
            unsubscribe_url=unsubscribe_url(subscription),
            created_at=now,
            next_attempt_at=now,
        )
        queued += 1
    return queued


def subscriber_of(user: User) -> Subscription | None:
    return Subscription.objects.filter(user=user).first()
