"""The client's page behind a payment link: no login, the token in the address is the
only key. Never shows anything but this one payment: amount, salon, ticket number."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from salonkeep.accounts.access import BusinessRequest
from salonkeep.paylinks.card_checkout import (
    card_pause_text,
    confirm_card_payment,
    start_card_payment,
)
from salonkeep.paylinks.forms import PromiseForm
from salonkeep.paylinks.links import (
    expire_if_due,
    money,
    record_opened,
    record_promise,
    salon_phone,
    settings_for,
)
from salonkeep.paylinks.models import PaymentLink, Provider
from salonkeep.paylinks.providers import ProviderError
from salonkeep.sales.daylock import SaleError

TOKEN_MAX = 64


def _link(token: str) -> PaymentLink:
    if len(token) > TOKEN_MAX:
        raise Http404("No such payment link.")
    return get_object_or_404(PaymentLink.objects.select_related("business"), token=token)


def _page(
    request: BusinessRequest, link: PaymentLink, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "link": link,
        "amount": money(link),
        "salon": link.business,
        "phone": salon_phone(link.business),
        "instructions": settings_for(link.business).instructions,
        "problem": "",
        "pause": "",
    }
    return render(request, "paylinks/page.html", context | extra, status=status)


@require_http_methods(["GET", "POST"])
def page(request: BusinessRequest, token: str) -> HttpResponse:
    link = _link(token)
    now = timezone.now()
    expire_if_due(link, now)
    record_opened(link, now)
    problem = ""
    form = PromiseForm(request.POST or None)
    if request.method == "POST":
        if link.provider != Provider.BUILT_IN:
            return HttpResponse(status=405, headers={"Allow": "GET"})
        if form.is_valid():
            try:
                record_promise(link, form.cleaned_data["name"], form.cleaned_data["note"], now)
            except SaleError as refusal:
                problem = str(refusal)
            else:
                return redirect("pay:page", token=link.token)
    elif request.GET.get("paid") and link.provider == Provider.STRIPE:
        with suppress(ProviderError):  # the webhook brings it; the page says "confirming"
            confirm_card_payment(link, now)
        link.refresh_from_db()
    return _page(
        request,
        link,
        form=form,
        problem=problem,
        returned=bool(request.GET.get("paid")),
        pause=card_pause_text(link, now) if link.provider == Provider.STRIPE else "",
    )


@require_POST
def pay_by_card(request: BusinessRequest, token: str) -> HttpResponse:
    link = _link(token)
    now = timezone.now()
    expire_if_due(link, now)
    if link.provider != Provider.STRIPE:
        return redirect("pay:page", token=link.token)
    try:
        address = start_card_payment(link, now)
    except SaleError as refusal:
        return _page(request, link, status=503, problem=str(refusal))
    return redirect(address)
