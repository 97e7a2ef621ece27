"""The coupon box on a ticket."""

from __future__ import annotations

from typing import Any

from django import template

from salonkeep.coupons.forms import ApplyCouponForm
from salonkeep.coupons.rules import live_use_on
from salonkeep.sales.models import Ticket

register = template.Library()


@register.inclusion_tag("coupons/_ticket_coupon.html", takes_context=True)
def ticket_coupon(context: dict[str, Any]) -> dict[str, Any]:
    ticket = context["ticket"]
    if not isinstance(ticket, Ticket):
        return {}
    return {
        "ticket": ticket,
        "csrf_token": context.get("csrf_token"),
        "editable": context.get("editable"),
        "use": live_use_on(ticket),
        "form": ApplyCouponForm(auto_id="coupon-%s"),
    }
