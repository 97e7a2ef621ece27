"""One service: its parts, and who performs it on what terms."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, get_for_business, staff_required
from salonkeep.catalog.forms import PerformerTermsForm
from salonkeep.catalog.menu import performer_lines
from salonkeep.catalog.models import Service, ServicePerformer


def _render_service(
    request: BusinessRequest, service: Service, add_form: PerformerTermsForm | None = None
) -> HttpResponse:
    if add_form is None and request.user.can_manage:
        add_form = PerformerTermsForm(service=service)
    # Offered while someone is left to add, and always when it has errors to show.
    show_add_form = add_form is not None and (add_form.is_bound or add_form.has_candidates)
    return render(
        request,
        "catalog/service.html",
        {
            "service": service,
            "lines": performer_lines(service),
            "add_form": add_form if show_add_form else None,
            "currency": request.business.currency,
        },
    )


@require_GET
@staff_required()
def service_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    service = get_for_business(Service, request.business, pk=pk)
    return _render_service(request, service)


@require_POST
@staff_required(*MANAGERS)
def performer_add(request: BusinessRequest, pk: int) -> HttpResponse:
    service = get_for_business(Service, request.business, pk=pk)
    form = PerformerTermsForm(request.POST, service=service)
    if form.is_valid():
        try:
            with transaction.atomic():
                performer = form.save()
        except IntegrityError:
            form.add_error("team_member", "That team member already performs this service.")
        else:
            messages.success(request, f"{performer.team_member.name} now performs {service.name}.")
            return redirect("catalog:service", pk=service.pk)
    return _render_service(request, service, add_form=form)


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def performer_edit(request: BusinessRequest, pk: int, performer_pk: int) -> HttpResponse:
    service = get_for_business(Service, request.business, pk=pk)
    performer = get_for_business(
        ServicePerformer, request.business, pk=performer_pk, service=service
    )
    form = PerformerTermsForm(request.POST or None, service=service, performer=performer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {performer.team_member.name}'s terms for {service.name}.")
        return redirect("catalog:service", pk=service.pk)
    return render(
        request,
        "catalog/performer_form.html",
        {"form": form, "service": service, "performer": performer},
    )


@require_POST
@staff_required(*MANAGERS)
def performer_remove(request: BusinessRequest, pk: int, performer_pk: int) -> HttpResponse:
    """Booked appointments keep their own copy of the terms, so removing a performer
    only stops new bookings of this service with them."""
    service = get_for_business(Service, request.business, pk=pk)
    performer = get_for_business(
        ServicePerformer, request.business, pk=performer_pk, service=service
    )
    name = performer.team_member.name
    performer.delete()
    messages.success(request, f"{name} no longer performs {service.name}.")
    return redirect("catalog:service", pk=service.pk)
