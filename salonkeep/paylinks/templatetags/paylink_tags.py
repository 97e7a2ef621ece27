"""Payment links on other pages: the "send a payment link" form on a ticket, and a
link's state on the payments owed list."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from salonkeep.paylinks.forms import SendLinkForm
from salonkeep.paylinks.links import live_link
from salonkeep.paylinks.models import PaymentLink
from salonkeep.sales.models import Payment, Ticket

register = template.Library()


@register.inclusion_tag("paylinks/_ticket_form.html", takes_context=True)
def payment_link_form(context: dict[str, Any]) -> dict[str, Any]:
    ticket = context.get("ticket")
    if not isinstance(ticket, Ticket):
        return {}
    email = ticket.client.email if ticket.client else ""
    return {
        "ticket": ticket,
        "business": ticket.business,
        "csrf_token": context.get("csrf_token"),
        "show": context.get("is_open") and context.get("rows") and context.get("left"),
        "left": context.get("left"),
        "form": SendLinkForm(initial={"email": email}, auto_id="link-%s"),
        "email_ready": bool(settings.EMAIL_HOST),
    }


@register.inclusion_tag("paylinks/_owed_link.html")
def owed_link(owed: Payment) -> dict[str, Any]:
    """The owed payment's newest link, for its state: a live one if there is one, since a
    new link is only made once the previous one has ended."""
    link = PaymentLink.objects.filter(owed=owed).first()
    return {"owed": owed, "link": link}


@register.inclusion_tag("paylinks/_collect_section.html", takes_context=True)
def collect_link_section(context: dict[str, Any], owed: Payment) -> dict[str, Any]:
    """On a payment owed's page: its live link, or the form to send one."""
    client = owed.ticket.client
    return {
        "owed": owed,
        "business": owed.business,
        "csrf_token": context.get("csrf_token"),
        "link": live_link(owed),
        "form": SendLinkForm(initial={"email": client.email if client else ""}, auto_id="link-%s"),
        "email_ready": bool(settings.EMAIL_HOST),
    }
