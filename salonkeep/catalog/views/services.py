"""The service menu, and creating, editing and retiring services."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, get_for_business, staff_required
from salonkeep.book.models import AppointmentService
from salonkeep.catalog.forms import ServiceForm
from salonkeep.catalog.menu import build_menu
from salonkeep.catalog.models import Service


@require_GET
@staff_required()
def service_menu(request: BusinessRequest) -> HttpResponse:
    sections, inactive = build_menu(request.business)
    return render(
        request,
        "catalog/services.html",
        {
            "sections": sections,
            "inactive": inactive if request.user.can_manage else [],
            "currency": request.business.currency,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def service_create(request: BusinessRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None, business=request.business)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            service = form.save()
        messages.success(request, f"Added {service.name}.")
        return redirect("catalog:service", pk=service.pk)
    return render(request, "catalog/service_form.html", {"form": form, "service": None})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def service_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    service = get_for_business(Service, request.business, pk=pk)
    form = ServiceForm(request.POST or None, instance=service, business=request.business)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            f"Saved {service.name}. Appointments already booked keep their price and times.",
        )
        return redirect("catalog:service", pk=service.pk)
    return render(request, "catalog/service_form.html", {"form": form, "service": service})


@require_POST
@staff_required(*MANAGERS)
def service_delete(request: BusinessRequest, pk: int) -> HttpResponse:
    """Delete a service nobody has booked; one that appointments name is deactivated
    instead, so it leaves booking but their history keeps it."""
    service = get_for_business(Service, request.business, pk=pk)
    name = service.name
    if not AppointmentService.objects.filter(service=service).exists():
        try:
            with transaction.atomic():
                service.delete()
        except ProtectedError:
            pass  # booked in the meantime: fall through to deactivating
        else:
            messages.success(request, f"Deleted {name}.")
            return redirect("catalog:services")
    if service.is_active:
        service.is_active = False
        service.save()
    messages.warning(
        request,
        f"{name} is part of booked appointments, so it was deactivated instead of deleted: "
        "it is hidden from booking and stays in those appointments' history.",
    )
    return redirect("catalog:service", pk=service.pk)
