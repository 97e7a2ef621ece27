from __future__ import annotations

from django import template
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.notices.models import Notice
from salonkeep.notices.presenting import ShownNotice, present

register = template.Library()


@register.simple_tag
def shown_notice(notice: Notice, business: Business | None = None) -> ShownNotice:
    """``{% shown_notice notice business as shown %}``: the notice in the reader's zone."""
    return present(notice, business.tz if business is not None else None, timezone.now())
