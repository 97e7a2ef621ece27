"""E-mailing a payment link to the client."""

from __future__ import annotations

import smtplib
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from salonkeep.paylinks.links import link_url, money, salon_phone
from salonkeep.paylinks.models import PaymentLink
from salonkeep.sales.daylock import SaleError
from salonkeep.sales.maintenance import hold_if_messaging_paused


def send_link(link: PaymentLink, to: str, now: datetime) -> str:
    """E-mail the link to ``to`` and return what to tell the person who sent it.
    Raises SaleError when it cannot be sent (the link itself stays valid: copy it)."""
    if not settings.EMAIL_HOST:
        raise SaleError(
            "E-mail is not set up on this server (no SMTP host in the configuration): "
            "copy the link and send it by text message instead."
        )
    business = link.business
    subject = f"Pay {money(link)} to {business.name}"
    body = render_to_string(
        "paylinks/link_email.txt",
        {
            "link": link,
            "url": link_url(link),
            "amount": money(link),
            "business": business,
            "until": link.expires_at.astimezone(business.tz),
            "phone": salon_phone(business),
        },
    )
    held = hold_if_messaging_paused(business, to, subject, body, now)
    if held is None:
        try:
            EmailMessage(subject=subject, body=body, to=[to]).send()
        except (OSError, smtplib.SMTPException) as error:
            raise SaleError(
                f"The e-mail could not be sent ({error}). The link still works: copy it "
                "and send it by text message, or try again."
            ) from None
    link.sent_to = to
    link.sent_at = now
    link.save(update_fields=["sent_to", "sent_at"])
    return held or f"Sent the payment link for {money(link)} to {to}."
