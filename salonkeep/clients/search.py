"""Finding clients fast: by the start of a first or last name, "first last", "last, first",
the start of an e-mail address, or phone digits in any formatting.

Phone numbers are compared by digits only, so "07700 900123", "+44 7700 900123" and
"07700-900-123" are the same number. A query of nine or more digits is first looked up by
the stored phone key (the last nine digits, indexed). Otherwise the digits, ignoring a
leading national "0", match anywhere inside the stored number ("900123", "7700 9", or a
number still being typed). A partial number typed with its country code ("+44 77") only
matches once it is complete.
"""

from __future__ import annotations

import re

from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Replace

from salonkeep.accounts.models import Business
from salonkeep.clients.models import Client
from salonkeep.lib.phone import phone_digits, phone_key

MAX_QUERY_LENGTH = 100
# Characters people put between the digits of a phone number.
PHONE_SEPARATORS = (" ", "-", "(", ")", ".", "+", "/")
_PHONE_LIKE = re.compile(r"^[\d\s+().\-/]+$")
# Fewer digits than this is too vague to be a phone search ("12" matches everybody).
MIN_PHONE_DIGITS = 3
# More clients than this sharing one phone number is not a real salon's data.
WHOLE_NUMBER_CAP = 500


def search_clients(business: Business, query: str, limit: int = 20) -> list[Client]:
    """This business's clients matching ``query``, by surname then first name."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    clients = Client.objects.filter(business=business)
    digits = phone_digits(query)
    if _PHONE_LIKE.match(query) and len(digits) >= MIN_PHONE_DIGITS:
        if len(digits) >= 9:
            # A whole number in any format: the indexed key answers at once. The few matches
            # are sorted here; asking the database to sort by name makes SQLite walk the
            # name index through every client instead of using the phone index.
            same_number = list(
                clients.filter(phone_key=phone_key(digits)).order_by()[:WHOLE_NUMBER_CAP]
            )
            if same_number:
                same_number.sort(
                    key=lambda client: (client.last_name, client.first_name, client.pk)
                )
                return same_number[:limit]
        # A fragment, or a number still being typed: look inside every stored number.
        matches = _by_phone_fragment(clients, digits)
    elif "@" in query:
        matches = clients.filter(email__istartswith=query.replace(" ", ""))
    else:
        matches = clients.filter(_name_condition(query))
    return list(matches.order_by("last_name", "first_name", "id")[:limit])


def _by_phone_fragment(clients: QuerySet[Client], digits: str) -> QuerySet[Client]:
    fragment = digits.lstrip("0") or digits
    return clients.annotate(phone_digits_only=_digits_of(F("phone"))).filter(
        phone_digits_only__contains=fragment
    )


def _digits_of(expression: Combinable) -> Replace:
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    assert isinstance(expression, Replace)
    return expression


def _name_condition(query: str) -> Q:
    """Each word boundary is tried as the split between first and last name, so
    "Mary Ann Smith" finds first name "Mary Ann" and "Anne Marie" finds "Anne Marie-Louise"."""
    if "," in query:
        last, _, first = query.partition(",")
        last, first = last.strip(), first.strip()
        if last and first:
            return Q(last_name__istartswith=last, first_name__istartswith=first)
        query = last or first
    condition = Q(first_name__istartswith=query) | Q(last_name__istartswith=query)
    words = query.split(" ")
    for split in range(1, len(words)):
        first, last = " ".join(words[:split]), " ".join(words[split:])
        condition |= Q(first_name__istartswith=first, last_name__istartswith=last)
    return condition


def find_duplicates(
    business: Business, first_name: str, last_name: str, phone: str, email: str = ""
) -> QuerySet[Client]:
    """Clients who are probably the same person: same phone, or same e-mail, or the same
    full name. (Same phone AND same name is a sure match; see `is_sure_match`.)"""
    condition = Q(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip())
    key = phone_key(phone)
    if len(key) >= 6:
        condition |= Q(phone_key=key)
    if email.strip():
        condition |= Q(email__iexact=email.strip())
    return Client.objects.filter(business=business).filter(condition).order_by("id")


def is_sure_match(client: Client, first_name: str, last_name: str, phone: str) -> bool:
    return (
        client.first_name.strip().lower() == first_name.strip().lower()
        and client.last_name.strip().lower() == last_name.strip().lower()
        and bool(phone_key(phone))
        and client.phone_key == phone_key(phone)
    )
