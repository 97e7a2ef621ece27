"""Recording patch tests and their results. Every role may do this: whoever does the test
at the chair records it.

A passed test is valid for six months (PATCH_TEST_VALID_DAYS) from the day it was done.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from salonkeep.accounts.access import BusinessRequest, get_for_business, staff_required
from salonkeep.clients.forms import PatchTestForm, PatchTestResultForm
from salonkeep.clients.models import Client, PatchTest


@require_http_methods(["GET", "POST"])
@staff_required()
def add_patch_test(request: BusinessRequest, client_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    today = timezone.localdate(timezone=request.business.tz)
    form = PatchTestForm(request.POST or None, today=today, initial={"tested_on": today})
    if request.method == "POST" and form.is_valid():
        test = form.save(commit=False)
        test.business = request.business
        test.client = client
        test.recorded_by = request.user
        test.save()
        messages.success(request, f"Patch test of {test.tested_on:%d %b %Y} recorded.")
        return redirect("clients:detail", client_id=client.pk)
    return render(request, "clients/patch_test_form.html", {"form": form, "client": client})


@require_POST
@staff_required()
def set_patch_test_result(request: BusinessRequest, client_id: int, test_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    test = get_for_business(PatchTest, request.business, pk=test_id, client=client)
    form = PatchTestResultForm(request.POST, instance=test)
    if form.is_valid():
        form.save()
        messages.success(
            request, f"Patch test of {test.tested_on:%d %b %Y}: {test.get_result_display()}."
        )
    else:
        messages.error(request, "The result was not changed: choose pending, passed or failed.")
    return redirect("clients:detail", client_id=client.pk)
