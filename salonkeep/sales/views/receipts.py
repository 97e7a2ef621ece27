"""Receipts: a printable page, and the same receipt by e-mail."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.sales.forms import ReceiptEmailForm
from salonkeep.sales.maintenance import hold_if_messaging_paused
from salonkeep.sales.models import Ticket, TicketStatus
from salonkeep.sales.views.tickets import form_problem, ticket_context


@require_GET
@staff_required(*BOOKERS)
def receipt(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    return render(request, "sales/receipt.html", ticket_context(request, ticket))


@require_POST
@staff_required(*BOOKERS)
def email_receipt(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    if not settings.EMAIL_HOST:
        messages.error(
            request, "E-mail is not set up on this server (no SMTP host in the configuration)."
        )
        return redirect("sales:ticket", pk=ticket.pk)
    if ticket.status != TicketStatus.PAID:
        messages.error(request, "A receipt is sent once the ticket is paid.")
        return redirect("sales:ticket", pk=ticket.pk)
    form = ReceiptEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("sales:ticket", pk=ticket.pk)
    context = ticket_context(request, ticket) | {"business": request.business}
    to = form.cleaned_data["email"]
    subject = f"Your receipt from {request.business.name} (ticket {ticket.number})"
    body = render_to_string("sales/receipt_email.txt", context)
    held = hold_if_messaging_paused(request.business, to, subject, body, timezone.now())
    if held is not None:
        messages.info(request, held)
        return redirect("sales:ticket", pk=ticket.pk)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    message.attach_alternative(render_to_string("sales/_receipt_body.html", context), "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        messages.error(request, f"The e-mail could not be sent: {error}.")
    else:
        messages.success(request, f"Sent the receipt to {form.cleaned_data['email']}.")
    return redirect("sales:ticket", pk=ticket.pk)
