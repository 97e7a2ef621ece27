"""Money and tax on checkout pages, and the payments-owed badge on the book."""

from __future__ import annotations

from typing import Any

from django import template

from salonkeep.accounts.models import Business, User
from salonkeep.lib.money import format_money
from salonkeep.sales.forms import percent_text

register = template.Library()


@register.filter
def money(minor: int | None, business: Business) -> str:
    return "" if minor is None else format_money(minor, business.currency)


@register.filter
def percent(points: int) -> str:
    return f"{percent_text(points)} %"


@register.inclusion_tag("sales/_owed_badge.html", takes_context=True)
def owed_badge(context: dict[str, Any]) -> dict[str, Any]:
    """A link to the payments owed, for those who check out, when any are waiting."""
    from salonkeep.sales.payments import owed_payments

    user, business = context.get("user"), context.get("business")
    if not isinstance(user, User) or not isinstance(business, Business) or not user.can_book:
        return {"count": 0}
    return {"count": owed_payments(business).count()}
