"""Today's cash drawer: open it with a float, record pay-ins and pay-outs, see the
expected cash; and the list of earlier days' drawers."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.accounts.models import Business
from salonkeep.drawer.cash import (
    DrawerError,
    add_entry,
    carried_float,
    cash_balance,
    is_closed,
    open_drawer,
    today,
)
from salonkeep.drawer.forms import EntryForm, OpenDrawerForm
from salonkeep.drawer.models import Drawer
from salonkeep.lib.money import format_money
from salonkeep.sales.models import Tip

TIP_DAYS = 7  # tips from the last week can still be handed over in cash
HISTORY = 30


def recent_tips(business: Business) -> QuerySet[Tip]:
    since = today(business) - timedelta(days=TIP_DAYS)
    return (
        Tip.objects.filter(business=business, ticket__opened_at__date__gte=since)
        .exclude(ticket__status="voided")
        .select_related("team_member", "ticket")
        .order_by("-pk")
    )


def _page(
    request: BusinessRequest,
    open_form: OpenDrawerForm | None = None,
    entry_form: EntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    business = request.business
    day = today(business)
    drawer = Drawer.objects.filter(business=business, date=day).first()
    context: dict[str, object] = {
        "day": day,
        "drawer": drawer,
        "closed": is_closed(business, day),
        "history": Drawer.objects.filter(business=business, date__lt=day).select_related(
            "close_out"
        )[:HISTORY],
    }
    if drawer is None:
        context["open_form"] = open_form or OpenDrawerForm(
            business=business, initial={"float_total": carried_float(business, day)}
        )
    else:
        context["balance"] = cash_balance(drawer)
        context["entries"] = drawer.entries.select_related("tip", "created_by")
        context["entry_form"] = entry_form or EntryForm(
            business=business, tips=recent_tips(business)
        )
    return render(request, "drawer/drawer.html", context, status=status)


@require_GET
@staff_required(*BOOKERS)
def drawer_today(request: BusinessRequest) -> HttpResponse:
    return _page(request)


@require_POST
@staff_required(*BOOKERS)
def drawer_open(request: BusinessRequest) -> HttpResponse:
    form = OpenDrawerForm(request.POST, business=request.business)
    if form.is_valid():
        try:
            drawer = open_drawer(
                request.business,
                form.cleaned_data["location"],
                request.user,
                form.cleaned_data["float_total"],
                form.counts(),
            )
        except DrawerError as refusal:
            messages.error(request, str(refusal))
        else:
            amount = format_money(drawer.opening_float, request.business.currency)
            messages.success(request, f"Drawer opened with a float of {amount}.")
        return redirect("drawer:today")
    return _page(request, open_form=form, status=400)


@require_POST
@staff_required(*BOOKERS)
def drawer_entry(request: BusinessRequest, pk: int) -> HttpResponse:
    drawer = get_for_business(Drawer, request.business, pk=pk)
    if drawer.date != today(request.business) or is_closed(request.business, drawer.date):
        # Corrections to an earlier or closed day are new entries on today's drawer.
        messages.error(request, "That drawer is closed: record the correction on today's drawer.")
        return redirect("drawer:today")
    form = EntryForm(request.POST, business=request.business, tips=recent_tips(request.business))
    if form.is_valid():
        try:
            entry = add_entry(
                drawer,
                request.user,
                form.cleaned_data["kind"],
                form.cleaned_data["amount"],
                form.cleaned_data["reason"],
                form.cleaned_data["tip"],
            )
        except DrawerError as refusal:
            form.add_error(None, str(refusal))
        else:
            amount = format_money(entry.amount, request.business.currency)
            messages.success(request, f"{entry.get_kind_display()} of {amount} recorded.")
            return redirect("drawer:today")
    return _page(request, entry_form=form, status=400)
