"""Who may see and change which notice.

A salon sees the installation's notices and its own; another salon's notices do not
exist for it (404). A salon's owner and managers write its notices; the installation's
notices are written by its operator (a login marked as operator with
`salonkeep operator USERNAME`, stored as Django's superuser flag).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from salonkeep.accounts.models import Business, User
from salonkeep.notices.models import Notice
from salonkeep.notices.state import visible_to


def visible_notice(business: Business, pk: int) -> Notice:
    try:
        return visible_to(business).get(pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notice.") from None


def may_edit(user: User, notice: Notice) -> bool:
    if notice.business_id is None:
        return user.is_superuser and user.is_active
    return notice.business_id == user.business_id and user.can_manage


def editable_notice(user: User, business: Business, pk: int) -> Notice:
    """The notice if this login may change it: 404 when it cannot even see it, 403 when
    it may only read it (an installation notice, seen by a salon's manager)."""
    notice = visible_notice(business, pk)
    if not may_edit(user, notice):
        raise PermissionDenied("Only the installation's operator can change this notice.")
    return notice


def author_name(user: User) -> str:
    return (user.get_full_name() or user.username)[:150]
