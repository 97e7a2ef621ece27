"""The client list with live search, and the search-results partial the booking form uses.

Without a query the list is paginated (the large demo salon has 50,000 clients; a page
never loads more than PAGE_SIZE of them). With a query it shows the best matches from
`search_clients`, which is capped, so typing stays fast whatever the size of the salon.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, for_business, staff_required
from salonkeep.clients.history import last_visits
from salonkeep.clients.models import Client
from salonkeep.clients.search import MAX_QUERY_LENGTH, search_clients

PAGE_SIZE = 50
SEARCH_LIMIT = 50
PICKER_LIMIT = 20


@require_GET
@staff_required()
def client_list(request: BusinessRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = None
    if query:
        clients = search_clients(request.business, query, limit=SEARCH_LIMIT)
    else:
        paginator = Paginator(
            for_business(Client, request.business).order_by("last_name", "first_name", "id"),
            PAGE_SIZE,
        )
        page = paginator.get_page(request.GET.get("page"))
        clients = list(page.object_list)
    visits = last_visits(request.business, [client.pk for client in clients])
    context = {
        "query": query,
        "rows": [(client, visits.get(client.pk)) for client in clients],
        "page": page,
        "capped": query and len(clients) == SEARCH_LIMIT,
        "search_limit": SEARCH_LIMIT,
    }
    # htmx live search swaps just the results table; a plain GET, or htmx restoring a
    # page from history, gets the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "clients/_client_table.html" if partial else "clients/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@staff_required()
def client_search(request: BusinessRequest) -> HttpResponse:
    """Compact matches for pickers (the booking form): each result carries
    ``data-client-id`` and ``data-client-name``."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    clients = search_clients(request.business, query, limit=PICKER_LIMIT) if query else []
    return render(request, "clients/_search_results.html", {"query": query, "clients": clients})
