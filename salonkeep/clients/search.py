"""Finding clients fast: by the start of a first or last name, "first last", or phone digits."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from salonkeep.accounts.models import Business
from salonkeep.clients.models import Client
from salonkeep.lib.phone import phone_digits, phone_key


def search_clients(business: Business, query: str, limit: int = 20) -> list[Client]:
    query = " ".join(query.split())[:100]
    if not query:
        return []
    clients = Client.objects.filter(business=business)
    digits = phone_digits(query)
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "")) - 1:
        matches = clients.filter(phone_key__contains=digits[-9:])
    elif " " in query:
        first, _, last = query.partition(" ")
        matches = clients.filter(
            Q(first_name__istartswith=first, last_name__istartswith=last)
            | Q(last_name__istartswith=query)
            | Q(first_name__istartswith=query)
        )
    else:
        matches = clients.filter(
            Q(first_name__istartswith=query) | Q(last_name__istartswith=query)
        )
    return list(matches.order_by("last_name", "first_name", "id")[:limit])


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
