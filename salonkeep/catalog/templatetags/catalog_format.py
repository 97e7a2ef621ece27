"""Template filters for showing prices and durations the way a salon menu does."""

from __future__ import annotations

from django import template

from salonkeep.lib.money import format_money

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """90 -> "1 h 30 min"; 45 -> "45 min"; 120 -> "2 h"."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


@register.filter
def money(minor: int | None, currency: str) -> str:
    if minor is None:
        return ""
    return format_money(int(minor), currency)
