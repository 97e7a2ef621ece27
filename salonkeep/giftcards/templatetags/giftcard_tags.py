"""The gift card and certificate forms on a ticket: sell one while the ticket can change,
pay with one while something is left to pay."""

from __future__ import annotations

from typing import Any

from django import template

from salonkeep.giftcards.forms import (
    CertificateRedeemForm,
    CertificateSellForm,
    RedeemForm,
    SellForm,
)
from salonkeep.giftcards.ledger import rules_for
from salonkeep.sales.models import Ticket

register = template.Library()


@register.inclusion_tag("giftcards/_ticket_forms.html", takes_context=True)
def gift_card_forms(context: dict[str, Any]) -> dict[str, Any]:
    ticket = context["ticket"]
    if not isinstance(ticket, Ticket):
        return {}
    business = ticket.business
    expiry_allowed = rules_for(business).expiry_allowed
    return {
        "ticket": ticket,
        "business": business,
        "csrf_token": context.get("csrf_token"),
        "editable": context.get("editable"),
        "left": context.get("left"),
        "has_lines": bool(context.get("rows")),
        "is_open": context.get("is_open"),
        # Own ids: the ticket page has other forms with an amount field.
        "sell_form": SellForm(
            currency=business.currency,
            expiry_allowed=expiry_allowed,
            auto_id="gift-sell-%s",
        ),
        "redeem_form": RedeemForm(currency=business.currency, auto_id="gift-redeem-%s"),
        "certificate_sell_form": CertificateSellForm(
            business=business,
            expiry_allowed=expiry_allowed,
            auto_id="cert-sell-%s",
        ),
        "certificate_redeem_form": CertificateRedeemForm(auto_id="cert-redeem-%s"),
    }
